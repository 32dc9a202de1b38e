"""The PDF for publication: rendered, then its text extracted page by page (pdftotext) and its
tags and metadata read (pdfinfo). It fails, never skips, where poppler-utils is missing."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import acta
from followup.pdf import plan_document
from formats.writers import pdf
from plans.models import Activity
from plans.services import workflow

PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


def pages(content: bytes, tmp_path) -> list[str]:
    if PDFTOTEXT is None:
        pytest.fail("pdftotext is needed (apt-get install poppler-utils)")
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def downloaded_pages(client, user, plan, tmp_path) -> list[str]:
    client.force_login(user)
    response = client.get(f"/planes/{plan.pk}/plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    return pages(b"".join(response.streaming_content), tmp_path)


def test_every_page_has_the_control_block_and_its_number(
    client, planner, approver, ready_plan, tmp_path
):
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    for copy in (1, 2, 3):  # enough rows for several pages
        for activity in ready_plan.activities.filter(number__lt=100):
            activity.pk, activity.number = None, activity.number + 100 * copy
            activity.save()
    texts = downloaded_pages(client, planner, ready_plan, tmp_path)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert "MESG-AS-F17" in text and "ALCALDÍA DE CARTAGO" in text
        found = re.findall(rf"Página\s+{number} de {len(texts)}", text)
        assert len(found) == 2, "in the control block and at the foot of every page"
        assert "aprobado el" in text
    first = texts[0]
    assert "SEGUIMIENTO TRIMESTRAL" in first.upper()
    assert "Elaborar el" in first


def test_the_pdf_is_scoped_like_the_page(client, other_planner, seed_plan):
    client.force_login(other_planner)
    assert client.get(f"/planes/{seed_plan.pk}/plan.pdf").status_code == 404


def test_a_long_plan_is_one_document_numbered_with_its_total(
    client, planner, approver, ready_plan, tmp_path
):
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    for copy in (1, 2, 3):
        for activity in ready_plan.activities.filter(number__lt=100):
            activity.pk, activity.number = None, activity.number + 100 * copy
            activity.position += 100 * copy
            activity.save()
    for activity in ready_plan.activities.all():
        activity.description = f"Marca{activity.number:03d}"
        activity.save()
    numbers = sorted(ready_plan.activities.values_list("number", flat=True))
    texts = downloaded_pages(client, planner, ready_plan, tmp_path)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert len(re.findall(rf"Página\s+{number} de {len(texts)}\b", text)) == 2, number
    whole = "\n".join(texts)
    found = [int(n) for n in re.findall(r"Marca(\d{3})", whole)]
    assert found == numbers, "every activity once, in order"
    assert len(re.findall(r"SUBPROCESO", whole.upper())) == 1, "the plan's header only once"
    assert whole.count(f"Actividades del plan ({len(numbers)})") == 1
    assert whole.upper().count("SEGUIMIENTO TRIMESTRAL") == len(texts), "the header on each page"


def test_the_command_writes_the_pdf_to_a_file(seed_plan, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    path = tmp_path / "plan.pdf"
    call_command(
        "export_plan", seed_plan.pk, "--format", "pdf", "-o", str(path), stderr=io.StringIO()
    )
    assert "MESG-AS-F17" in pages(path.read_bytes(), tmp_path)[0]
    with pytest.raises(CommandError, match="indique el archivo de salida"):
        call_command("export_plan", seed_plan.pk, "--format", "pdf")


def pdfinfo(content: bytes, tmp_path, *options: str) -> str:
    if PDFINFO is None:
        pytest.fail("pdfinfo is needed (apt-get install poppler-utils)")
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    done = subprocess.run([PDFINFO, *options, str(path)], capture_output=True, check=True)
    return done.stdout.decode(errors="replace")  # -struct prints titles as raw UTF-16


def test_the_pdf_is_tagged_pdf_ua_in_the_plans_language_with_its_title(
    client, planner, seed_plan, tmp_path
):
    client.force_login(planner)
    content = b"".join(client.get(f"/planes/{seed_plan.pk}/plan.pdf").streaming_content)
    info = pdfinfo(content, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(rf"^Title:\s+{re.escape(seed_plan.title)}$", info, re.MULTILINE)
    assert "841.89 x 595.276 pts (A4)" in info, "A4 landscape"
    meta = pdfinfo(content, tmp_path, "-meta")
    assert "<dc:language><rdf:Bag><rdf:li>es-CO</rdf:li>" in meta
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
    structure = pdfinfo(content, tmp_path, "-struct")
    headings = re.findall(r"^\s*(H\d)\b", structure, re.MULTILINE)
    assert headings[:2] == ["H1", "H2"], "the plan's title, then its activities"
    assert "Table" in structure and "THead" in structure
    assert structure.count("/Scope /Column") >= 23, "each of the format's columns is headed"


def test_the_pdf_carries_no_hidden_text_for_screen_readers(client, planner, seed_plan, tmp_path):
    client.force_login(planner)
    response = client.get(f"/planes/{seed_plan.pk}/plan.pdf")
    text = " ".join(pages(b"".join(response.streaming_content), tmp_path))
    assert "programado en el mes" not in text and "Control del documento" not in text
    assert "\u200b" not in text


# -- user text is data, never markup ---------------------------------------------------------

# Markup of Typst (and of HTML, LaTeX), right-to-left words and a word longer than any column.
SPECIAL = ["#", "$", "*", "]", "[", "\\", "<", ">", "@", "_", "`", "=", "/", "{", "}", "~", '"']
RTL = ["שלום", "مرحبا", "עולם", "بالعالم"]


def drawn(character: str) -> bool:
    """A character the site's fonts draw (what the text layer can carry); emojis are another
    test's."""
    return character in pdf._drawn() and not unicodedata.category(character).startswith(("C", "Z"))


short_words = st.one_of(
    st.text(st.characters(codec="utf-8").filter(drawn), min_size=1, max_size=12),
    st.sampled_from(SPECIAL),
)
long_words = st.text(st.sampled_from("abcdefghijklmnñopqrstuvwxyz0123456789/.:"), min_size=40)
# Right-to-left words go with letters only: pdftotext writes the visual order, where a digit or
# a sign next to a Hebrew word moves to its other side, as the Unicode bidi rules have it. And a
# word longer than its column is split into boxes to break it (plan_pdf.typ), which have no
# direction of their own: next to right-to-left text they would be reordered too (ADR 34).
letters = st.text(st.characters(categories=["L"]).filter(drawn), min_size=1, max_size=12)
user_text = st.one_of(
    st.lists(st.one_of(short_words, long_words), min_size=1, max_size=8),
    st.lists(st.one_of(letters, st.sampled_from(RTL)), min_size=1, max_size=8),
).map(" ".join)


BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u200e\u200f"))


def flat(text: str) -> str:
    """Text compared without the spaces and line breaks a layout adds or moves, and without the
    bidi marks pdftotext adds around a right-to-left run."""
    return "".join(unicodedata.normalize("NFKC", text).translate(BIDI_MARKS).split())


def rendered_text(plan, text: str, tmp_path) -> str:
    plan.title = plan.objective = text
    Activity.objects.filter(plan=plan, number=1).update(description=text, deliverables=text)
    content = pdf.write(plan_document(plan))
    return " ".join(pages(content, tmp_path))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example("#set text(red) $x^2$ *negrita* ] \\ <etiqueta> @ref = Título //")
@example("#let x = 1\n= Encabezado\n#x")
@example("שלום עולם مرحبا بالعالم")
@example("a" * 300)
@given(text=user_text)
def test_any_user_text_is_printed_as_written(seed_plan, tmp_path, text):
    """Word by word: pdftotext writes a right-to-left run in its visual order, so a number
    written after a Hebrew word comes out before it."""
    printed = flat(rendered_text(seed_plan, text, tmp_path))
    for word in text.split():
        assert flat(word) in printed


EMOJI_TEXT = "Jornada 🎉 de la niñez 🇨🇴 feliz"


def test_a_text_with_an_emoji_is_still_printed_and_tagged(seed_plan, tmp_path):
    text = rendered_text(seed_plan, EMOJI_TEXT, tmp_path)
    assert "Jornada" in text and "de la niñez" in text and "feliz" in text
    info = pdfinfo(pdf.write(plan_document(seed_plan)), tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)


def test_an_emoji_is_printed_as_written(seed_plan, tmp_path):
    text = rendered_text(seed_plan, EMOJI_TEXT, tmp_path)
    assert "🎉" in text and "🇨🇴" in text
