"""A plan's metadata found where entities write it (issue 18): the NIT inside a title line, the
entity's name whatever its style, the vigencia and the type from titles, the sign-off block, and
nothing of a title, footer or signature in the entity's address or municipality. Files are
built here; they go through the command with no flags and through the browser's preview."""

import io
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from conftest import sign_in
from formats.readers.base import reader_for
from organization.models import Entity
from plans.models import Plan

CARTAGO_TITLE = "MUNICIPIO DE CARTAGO - VALLE DEL CAUCA - Nit: 891.900.493.2"
PALMIRA_TITLE = "ALCALDÍA DE PALMIRA - NIT 891.380.007-3"
TABLE = [
    ["N°", "ACTIVIDAD", "META", "RESPONSABLE"],
    [1, "Audiencia pública de rendición de cuentas", "1.200", "Secretaría de Planeación"],
    [2, "Encuesta de satisfacción", "$ 1.200.000", "Secretaría de Planeación"],
]


def workbook(rows, *, merges=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cartago_xlsx() -> bytes:
    """A merged, non-bold title cell with place and NIT; type and vigencia in title lines; the
    sign-off block as a row of roles with names and cargos in the rows under them."""
    rows = [
        [CARTAGO_TITLE],
        ["PLAN DE ACCIÓN INSTITUCIONAL"],
        ["VIGENCIA 2025"],
        [],
        *TABLE,
        [],
        ["Elaboró:", None, "Revisó:", None, "Aprobó:"],
        [],
        ["Ana Gómez", None, "Luis Pérez", None, "Carlos Ruiz"],
        ["Profesional Universitaria", None, "Secretario de Planeación", None, "Alcalde"],
        [],
        ["www.cartago.gov.co"],
    ]
    return workbook(rows, merges=["A1:E1", "A2:E2", "A3:E3"])


def palmira_xlsx() -> bytes:
    """NIT with a hyphen after the name; the Plan Anticorrupción by its title; the vigencia as
    «AÑO» and its value in the next cell; a signature by a unit and a web address in the
    footer, which must not become the address."""
    rows = [
        [PALMIRA_TITLE],
        ["Plan Anticorrupción y de Atención al Ciudadano"],
        ["AÑO", 2026],
        [],
        *TABLE,
        [],
        ["Elaboró: Coordinación de Salud Pública"],
        ["https://www.palmira.gov.co"],
    ]
    return workbook(rows, merges=["A1:D1", "A2:D2"])


def valle_docx() -> bytes:
    """A Word plan: the entity and its NIT in the page header's table (not bold), a title with
    the year and no type of the catalogue, signatures as paragraphs under the table."""
    document = docx.Document()
    header = document.sections[0].header.add_table(rows=1, cols=2, width=docx.shared.Cm(18))
    header.cell(0, 0).text = "GOBERNACIÓN DEL VALLE DEL CAUCA"
    header.cell(0, 1).text = "NIT 890.399.029-5"
    document.add_paragraph("PLAN DE ACCIÓN 2026")
    document.add_paragraph("OBJETIVO: Mejorar la atención en la sede")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = str(value)
    document.add_paragraph("")
    document.add_paragraph("Elaboró: Marta Ruiz - Profesional Especializada")
    document.add_paragraph("Aprobó: Jorge Díaz")
    document.add_paragraph("Cargo: Secretario de Planeación")
    document.add_paragraph("Carrera 6 No 9-60, Palacio de San Francisco")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_plan(*title_lines: str) -> bytes:
    lines = [*title_lines, "", "\t".join(TABLE[0])]
    lines += ["\t".join(str(value) for value in row) for row in TABLE[1:]]
    return "\n".join(lines).encode()


def run(path) -> str:
    out = StringIO()
    call_command("import_plan", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the command, with no flags -------------------------------------------------------------


def test_a_merged_title_cell_gives_entity_place_nit_vigencia_type_and_sign_off(
    plan_types, tmp_path
):
    output = run(write(tmp_path, "cartago.xlsx", cartago_xlsx()))
    plan = Plan.objects.get()
    entity = plan.entity
    assert (entity.name, entity.nit) == ("Municipio de Cartago", "891900493-2")
    assert (entity.municipality, entity.department) == ("Cartago", "Valle del Cauca")
    assert entity.website == "www.cartago.gov.co" and entity.address == ""
    assert (plan.year, plan.plan_type.code) == (2025, "plan-accion-institucional")
    assert plan.signoff == [
        {"role": "Elaboró", "name": "Ana Gómez", "position": "Profesional Universitaria"},
        {"role": "Revisó", "name": "Luis Pérez", "position": "Secretario de Planeación"},
        {"role": "Aprobó", "name": "Carlos Ruiz", "position": "Alcalde"},
    ]
    assert "Vigencia 2025 (como la dice el documento: «VIGENCIA 2025», hoja «Plan», fila 3)" in (
        output
    )
    assert "Se creó la entidad «Municipio de Cartago» (NIT 891.900.493-2)" in output
    assert [a.indicator_target for a in plan.activities.order_by("number")] == [1200, 1200000]


def test_a_nit_after_a_hyphen_and_a_type_named_in_the_title(plan_types, tmp_path):
    run(write(tmp_path, "palmira.xlsx", palmira_xlsx()))
    plan = Plan.objects.get()
    entity = plan.entity
    assert (entity.name, entity.nit, entity.municipality) == (
        "Alcaldía de Palmira",
        "891380007-3",
        "Palmira",
    )
    assert (plan.year, plan.plan_type.code) == (2026, "plan-anticorrupcion")
    assert entity.address == "", "a signature and a web address are not an address"
    assert entity.website == "https://www.palmira.gov.co"
    assert plan.signoff == [
        {"role": "Elaboró", "name": "Coordinación de Salud Pública", "position": ""}
    ]


def test_a_word_plan_with_the_nit_in_its_header_and_no_type_of_the_catalogue(plan_types, tmp_path):
    output = run(write(tmp_path, "valle.docx", valle_docx()))
    plan = Plan.objects.get()
    assert (plan.entity.name, plan.entity.nit) == (
        "Gobernación del Valle del Cauca",
        "890399029-5",
    )
    assert plan.entity.municipality == "" and plan.entity.department == ""
    assert plan.entity.address == "Carrera 6 No 9-60, Palacio de San Francisco"
    assert (plan.year, plan.plan_type.code) == (2026, "plan-accion")
    assert "se importa como «Plan de acción»" in output
    assert "Para otro tipo de plan: --type" in output
    assert plan.signoff == [
        {"role": "Elaboró", "name": "Marta Ruiz", "position": "Profesional Especializada"},
        {"role": "Aprobó", "name": "Jorge Díaz", "position": "Secretario de Planeación"},
    ]


def test_a_wrong_check_digit_in_a_title_is_refused_naming_its_line(plan_types, tmp_path):
    path = write(tmp_path, "malo.txt", text_plan("ALCALDÍA DE PALMIRA - NIT 891.380.007-4"))
    with pytest.raises(CommandError) as error:
        run(path)
    assert "malo.txt, línea 1" in str(error.value)
    assert "el dígito de verificación de 891380007 es 3, no 4" in str(error.value)
    assert not Entity.objects.exists()


def test_the_command_words_a_missing_vigencia_with_its_flag(plan_types, tmp_path):
    path = write(tmp_path, "sin-vigencia.txt", text_plan(PALMIRA_TITLE, "PLAN DE ACCIÓN"))
    with pytest.raises(CommandError) as error:
        run(path)
    assert str(error.value).endswith("Indique la vigencia con --year AAAA.")


# -- the reader alone -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "nit"),
    [
        ("Nit: 891.900.493.2", "891900493-2"),
        ("NIT 891900493-2", "891900493-2"),
        ("891.900.493-2", "891900493-2"),
        (CARTAGO_TITLE, "891900493-2"),
        (PALMIRA_TITLE, "891380007-3"),
    ],
)
def test_the_nit_is_found_with_or_without_its_label(line, nit):
    document = reader_for("plan.txt").read(text_plan("ALCALDÍA DE CARTAGO", line), "plan.txt")
    assert document.control.nit == nit
    assert document.control.entity_name == "Alcaldía de Cartago"
    assert "Nit" not in document.control.municipality


@pytest.mark.parametrize(
    ("lines", "year"),
    [
        (["VIGENCIA 2025"], 2025),
        (["Vigencia fiscal: 2024"], 2024),
        (["AÑO 2025"], 2025),
        (["PLAN DE ACCIÓN 2026"], 2026),
        (["PLAN DE ACCIÓN 2026", "VIGENCIA 2025"], 2025),
        (["FECHA DEL PLAN: 29 de octubre de 2024"], None),
    ],
)
def test_the_vigencia_a_document_states(lines, year):
    document = reader_for("plan.txt").read(text_plan(PALMIRA_TITLE, *lines), "plan.txt")
    assert document.header.year == year


def test_a_title_place_line_never_carries_the_nit_into_the_municipality():
    lines = ["ALCALDÍA MUNICIPAL", "CARTAGO - VALLE DEL CAUCA - Nit: 891.900.493.2"]
    control = reader_for("plan.txt").read(text_plan(*lines), "plan.txt").control
    assert control.entity_name == "Alcaldía Municipal"
    assert control.municipality == "" and control.nit == "891900493-2"


# -- the browser's preview --------------------------------------------------------------------


def preview(client, name: str, data: bytes, **fields):
    return client.post("/planes/importar/", {"file": SimpleUploadedFile(name, data), **fields})


def test_a_planner_imports_another_entitys_file_into_their_own_with_a_warning(
    client, planner, cartago, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    address = cartago.address
    sign_in(client, planner)
    response = preview(client, "palmira.xlsx", palmira_xlsx())
    page = response.content.decode()
    assert response.status_code == 200
    assert "El documento es de otra entidad (NIT 891.380.007-3, Alcaldía de Palmira)" in page
    client.post(f"/planes/importar/{response.context['token']}/", {"action": "confirmar"})
    plan = Plan.objects.get()
    assert plan.entity == cartago and not Entity.objects.filter(nit="891380007-3").exists()
    cartago.refresh_from_db()
    assert cartago.address == address and cartago.municipality == "Cartago"


def test_the_system_administrator_registers_the_entity_a_file_names(
    client, superuser, plan_types, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(client, superuser)
    response = preview(client, "cartago.xlsx", cartago_xlsx())
    assert response.status_code == 200
    assert not Entity.objects.exists(), "a preview saves nothing"
    page = response.content.decode()
    assert "Municipio de Cartago (NIT 891.900.493-2)" in page
    assert "Elaboró: Ana Gómez, Profesional Universitaria" in page
    client.post(f"/planes/importar/{response.context['token']}/", {"action": "confirmar"})
    plan = Plan.objects.get()
    assert (plan.entity.nit, plan.year) == ("891900493-2", 2025)


def test_the_preview_words_what_is_missing_with_its_own_fields_never_a_flag(
    client, superuser, plan_types
):
    sign_in(client, superuser)
    response = preview(client, "sin-vigencia.txt", text_plan(PALMIRA_TITLE, "PLAN DE ACCIÓN"))
    page = response.content.decode()
    assert response.status_code == 422
    assert (
        "Escriba la vigencia en el campo «Vigencia»." in response.context["form"].errors["year"][0]
    )
    assert "--" not in " ".join(response.context["form"].errors["year"])
    response = preview(client, "sin-nit.txt", text_plan("PLAN DE ACCIÓN 2026"))
    errors = " ".join(response.context["form"].errors["file"])
    assert "no trae el NIT" in errors and "--entity" not in errors
    response = preview(client, "sin-vigencia.txt", text_plan(PALMIRA_TITLE), year="2026")
    page = response.content.decode()
    assert response.status_code == 200 and "--type" not in page
    assert "eligiéndolo en el campo «Tipo de plan»" in page


# -- the sign-off block on the plan ---------------------------------------------------------

SIGNED = [
    {"role": "Elaboró", "name": "Ana Gómez", "position": "Profesional Universitaria"},
    {"role": "Aprobó", "name": "Carlos Ruiz", "position": "Alcalde"},
]


def test_the_sign_off_is_shown_on_the_plan_page_and_in_the_pdf(
    client, planner, seed_plan, tmp_path
):
    from plans.tests.test_pdf import downloaded_pages

    Plan.objects.filter(pk=seed_plan.pk).update(signoff=SIGNED)
    client.force_login(planner)
    page = client.get(f"/planes/{seed_plan.pk}/").content.decode()
    assert '<th scope="col">Elaboró</th><th scope="col">Aprobó</th>' in page
    assert 'Ana Gómez<br><span class="plan-signoff__position">Profesional Universitaria' in page
    text = " ".join(" ".join(downloaded_pages(client, planner, seed_plan, tmp_path)).split())
    assert "Elaboró" in text and "Carlos Ruiz" in text and "Alcalde" in text


def test_the_header_form_edits_the_sign_off(client, planner, seed_plan):
    Plan.objects.filter(pk=seed_plan.pk).update(signoff=SIGNED)
    client.force_login(planner)
    form = client.get(f"/planes/{seed_plan.pk}/encabezado/").context["form"]
    assert form["signoff_1_name"].value() == "Carlos Ruiz"
    assert form.fields["signoff_1_position"].label == "Aprobó: cargo"
    data = {
        "title": seed_plan.title,
        "plan_date": "2024-10-29",
        "signoff_0_name": "Ana María Gómez",
        "signoff_0_position": "Profesional Universitaria",
        "signoff_1_name": "",
        "signoff_1_position": "",
    }
    assert client.post(f"/planes/{seed_plan.pk}/encabezado/", data).status_code == 302
    seed_plan.refresh_from_db()
    assert seed_plan.signoff == [
        {"role": "Elaboró", "name": "Ana María Gómez", "position": "Profesional Universitaria"}
    ]


def test_a_new_plan_offers_elaboro_reviso_aprobo(client, planner):
    client.force_login(planner)
    fields = client.get("/planes/nuevo/").context["form"].fields
    assert [fields[f"signoff_{i}_name"].label for i in range(3)] == [
        "Elaboró: nombre",
        "Revisó: nombre",
        "Aprobó: nombre",
    ]


def test_one_refusal_is_worded_for_each_audience_from_its_code(
    client, superuser, plan_types, tmp_path
):
    """The importer says what is missing and gives a code; the command adds its flag, the
    preview its field. Neither reads the other's words, nor the importer's."""
    from followup.importing import IMPORT_REMEDIES, import_plan
    from followup.management.commands.import_plan import REMEDIES
    from formats.document import ImportFileError
    from plans.services.importing import YEAR

    data = text_plan(PALMIRA_TITLE, "PLAN DE ACCIÓN")
    with pytest.raises(ImportFileError) as refusal:
        import_plan(reader_for("sin-vigencia.txt").read(data, "sin-vigencia.txt"))
    assert refusal.value.code == YEAR
    said = str(refusal.value)
    with pytest.raises(CommandError) as command:
        run(write(tmp_path, "sin-vigencia.txt", data))
    assert str(command.value) == f"{said} {REMEDIES[YEAR]}"
    sign_in(client, superuser)
    page = preview(client, "sin-vigencia.txt", data)
    field, remedy = IMPORT_REMEDIES[YEAR]
    assert page.context["form"].errors[field] == [f"{said} {remedy}"]
    assert REMEDIES[YEAR] != remedy and "--" in REMEDIES[YEAR] and "--" not in remedy
