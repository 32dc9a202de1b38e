"""The PDF for publication: rendered, then its text extracted page by page (pdftotext)."""

import re
import shutil
import subprocess

import pytest

from conftest import acta
from plans.services import workflow

PDFTOTEXT = shutil.which("pdftotext")


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


def test_a_long_plan_is_laid_out_in_parts_and_reads_as_one_document(
    client, planner, approver, ready_plan, tmp_path, monkeypatch
):
    from followup import pdf

    monkeypatch.setattr(pdf, "PDF_PART_ACTIVITIES", 3)
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    for activity in ready_plan.activities.all():
        activity.description = f"Marca{activity.number:02d}"
        activity.save()
    numbers = sorted(ready_plan.activities.values_list("number", flat=True))
    assert len(numbers) > 2 * 3, "enough activities for three parts"
    texts = downloaded_pages(client, planner, ready_plan, tmp_path)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert "MESG-AS-F17" in text and "aprobado el" in text, f"page {number}"
        assert len(re.findall(rf"Página\s+{number}\b", text)) == 2, "numbered on across parts"
        assert " de " + str(len(texts)) not in text.split("Página")[-1]
    whole = "\n".join(texts)
    found = [int(n) for n in re.findall(r"Marca(\d\d)", whole)]
    assert found == numbers, "every activity once, in order"
    assert len(re.findall(r"SUBPROCESO", whole.upper())) == 1, "the plan's header only once"
    assert whole.count(f"Actividades del plan ({len(numbers)})") == 1


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
