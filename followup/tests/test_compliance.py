"""The compliance view over a synthetic department (followup.tests.compliance_world): who
published on time, late or never, whose reports are missing, who is in red; its filters,
sorting and scope; and its XLSX and CSV exports, against expectations counted by hand."""

import csv
import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from conftest import sign_in
from followup import compliance
from followup.tests import compliance_world
from followup.tests.compliance_world import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(plan_types, time_machine):
    time_machine.move_to("2025-07-20 10:00 -0500", tick=False)
    return compliance_world.build()


@pytest.fixture
def as_overseer(client, world):
    sign_in(client, world.overseer)
    return client


def rows_of(html: str) -> list[str]:
    """The entities' table, one line of text per row."""
    body = html.split('id="entidades"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in body.split("</tr>")
        if "<t" in row
    ]


# -- the rules, as pure functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-01-15 10:00", "Publicado a tiempo"),
        ("2025-01-31 23:59", "Publicado a tiempo"),
        ("2025-02-01 00:30", "Publicado tarde (01/02/2025)"),
        ("2025-03-10 11:00", "Publicado tarde (10/03/2025)"),
    ],
)
def test_31_january_counts_whole_in_colombia(published, expected):
    found = compliance.publication(at(published), 2025, datetime.date(2025, 7, 1), False)
    assert found.label == expected


def test_an_unpublished_plan_is_pending_until_31_january_and_then_a_failure():
    january = compliance.publication(None, 2025, datetime.date(2025, 1, 31), True)
    february = compliance.publication(None, 2025, datetime.date(2025, 2, 1), True)
    assert (january.label, january.is_failure) == ("Pendiente (vence el 31/01)", False)
    assert (february.label, february.is_failure) == ("Sin publicar (en formulación)", True)
    assert compliance.publication(None, 2025, datetime.date(2025, 2, 1), False).label == (
        "Sin publicar"
    )


# -- the page -----------------------------------------------------------------------------------


def test_the_overseer_sees_each_of_its_entities_state_by_hand(as_overseer, world):
    html = as_overseer.get(
        "/seguimiento/cumplimiento/?vigencia=2025&tipo_plan=plan-accion-institucional"
    ).content.decode()
    rows = {row.split(" Valle del Cauca")[0]: row for row in rows_of(html)}
    assert set(rows) == {
        "Alcaldía de Buga",
        "Alcaldía de Cali",
        "Alcaldía de Palmira",
        "Hospital de Tuluá E.S.E.",
    }, "only the entities it oversees"
    assert "Publicado a tiempo" in rows["Alcaldía de Cali"], "a June version does not make it late"
    assert "II: 20,0 % Rojo" in rows["Alcaldía de Cali"]
    assert "Publicado a tiempo" in rows["Alcaldía de Palmira"], "23:30 of 31 January"
    assert "2 (periodo I: 1; periodo II: 1)" in rows["Alcaldía de Palmira"]
    assert "Publicado tarde (01/02/2025)" in rows["Alcaldía de Buga"]
    assert "Publicado tarde (10/03/2025)" in rows["Hospital de Tuluá E.S.E."]
    assert "Ninguno" in rows["Alcaldía de Buga"]
    counts = html.split('class="summary-counts">', 1)[1].split("</ul>", 1)[0]
    assert " ".join(re.sub(r"<[^>]+>", " ", counts).split()) == (
        "2 planes publicados a tiempo 2 publicados tarde 0 sin publicar 0 pendientes (vencen "
        "el 31/01) 1 entidad con seguimientos faltantes 1 entidad en rojo"
    )
    assert "Alcaldía de Cartago" not in html and "Medellín" not in html
    assert f"?entidad={world.cali.pk}&amp;vigencia=2025" in html


def test_both_due_types_count_every_entity_and_type(as_overseer, world):
    html = as_overseer.get("/seguimiento/cumplimiento/?vigencia=2025").content.decode()
    footer = re.sub(r"<[^>]+>", " ", html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0])
    # 4 entities × 2 types: PAI 2 on time, 2 late; PAA Cali on time, 3 never.
    assert " ".join(footer.split()) == "Total 4 8 3 (37,5 %) 2 (25,0 %) 3 (37,5 %) 0 1 1"
    buga, cali = rows_of(html)[:2]
    assert "Plan Anual de Adquisiciones: Sin publicar" in buga
    assert "Plan Anual de Adquisiciones: Publicado a tiempo" in cali
    assert "<svg" in html and "Proporción de planes publicados a tiempo" in html


def test_the_administrator_sees_every_department_and_a_draft_is_in_formulation(
    client, world, superuser
):
    sign_in(client, superuser)
    html = client.get(
        "/seguimiento/cumplimiento/?vigencia=2025&tipo_plan=plan-accion-institucional"
    ).content.decode()
    lines = html.split("<tbody>", 2)[1].split("</tbody>", 1)[0]
    assert "Antioquia" in lines and "Valle del Cauca" in lines
    cartago, valle = (
        next(row for row in rows_of(html) if row.startswith(name))
        for name in ("Alcaldía de Cartago", "Gobernación del Valle")
    )
    assert "Sin publicar (en formulación)" in cartago
    assert "Sin publicar" in valle and "formulación" not in valle


def test_before_february_an_unpublished_plan_is_pending(client, world, superuser, time_machine):
    time_machine.move_to("2025-01-20 10:00 -0500", tick=False)
    sign_in(client, superuser)
    html = client.get(
        "/seguimiento/cumplimiento/?vigencia=2025&tipo_plan=plan-accion-institucional"
        "&departamento=05"
    ).content.decode()
    assert "Pendiente (vence el 31/01)" in html
    assert "Sin publicar" not in "".join(rows_of(html))


def test_filters_narrow_and_cannot_widen_the_overseer_s_scope(as_overseer, world):
    page = "/seguimiento/cumplimiento/?vigencia=2025&tipo_plan=plan-accion-institucional"
    only_ese = rows_of(as_overseer.get(page + "&tipo=ese").content.decode())
    assert [row.split(" Valle")[0] for row in only_ese] == ["Hospital de Tuluá E.S.E."]
    palmira = rows_of(as_overseer.get(page + "&departamento=76&municipio=76520").content.decode())
    assert [row.split(" Valle")[0] for row in palmira] == ["Alcaldía de Palmira"]
    wider = as_overseer.get(page + "&departamento=05").content.decode()
    assert len(rows_of(wider)) == 4 and "Medellín" not in wider
    # A municipality where none of its entities is: ignored, as any value not among the choices.
    elsewhere = as_overseer.get(page + "&municipio=05001").content.decode()
    assert len(rows_of(elsewhere)) == 4 and "Medellín" not in elsewhere
    for html in (wider, elsewhere):
        for other in (world.cartago, world.medellin, world.valle):
            assert f"entidad={other.pk}&" not in html


def test_sorting_by_a_column_says_so_to_assistive_technology(as_overseer, world):
    page = "/seguimiento/cumplimiento/?vigencia=2025&tipo_plan=plan-accion-institucional"
    html = as_overseer.get(page + "&orden=-faltantes").content.decode()
    assert rows_of(html)[0].startswith("Alcaldía de Palmira")
    assert 'aria-sort="descending"><a href="?vigencia=2025&amp;tipo_plan=plan-accion-' in html
    assert "orden=faltantes" in html, "the header's link turns the order around"
    worst = rows_of(as_overseer.get(page + "&orden=publicacion").content.decode())
    assert [row.split(" Valle")[0] for row in worst[:2]] == [
        "Alcaldía de Buga",
        "Hospital de Tuluá E.S.E.",
    ]
    by_compliance = rows_of(as_overseer.get(page + "&orden=cumplimiento").content.decode())
    assert by_compliance[0].startswith("Alcaldía de Cali")


def test_others_are_refused(client, world, planner):
    sign_in(client, planner)
    assert client.get("/seguimiento/cumplimiento/").status_code == 403


# -- exports ------------------------------------------------------------------------------------


def test_the_xlsx_has_the_filters_the_departments_and_the_entities(as_overseer, world):
    response = as_overseer.get(
        "/seguimiento/cumplimiento/xlsx/?vigencia=2025&tipo_plan=plan-accion-institucional"
    )
    assert response["Content-Disposition"] == 'attachment; filename="cumplimiento-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Departamentos", "Entidades"]
    departments, entities = book["Departamentos"], book["Entidades"]
    assert departments["A1"].value == (
        "Cumplimiento de publicación y seguimiento · Vigencia 2025 · Plan de Acción Institucional"
    )
    assert [c.value for c in departments[3]] == [
        "Valle del Cauca",
        4,
        4,
        2,
        50.0,
        2,
        50.0,
        0,
        0.0,
        0,
        1,
        1,
    ]
    header = [c.value for c in entities[2]]
    rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in entities.iter_rows(3, values_only=True)
    }
    assert set(rows) == {
        "Alcaldía de Buga",
        "Alcaldía de Cali",
        "Alcaldía de Palmira",
        "Hospital de Tuluá E.S.E.",
    }
    buga = rows["Alcaldía de Buga"]
    assert buga["Plan de Acción Institucional: estado"] == "Publicado tarde (01/02/2025)"
    assert buga["Plan de Acción Institucional: primera publicación"] == datetime.datetime(
        2025, 2, 1
    )
    assert rows["Alcaldía de Palmira"]["Seguimientos faltantes"] == 2
    assert rows["Alcaldía de Palmira"]["Faltantes por periodo"] == "I: 1, II: 1"
    assert rows["Alcaldía de Cali"]["Cumplimiento (%)"] == 20.0
    assert rows["Alcaldía de Cali"]["Semáforo"] == "Rojo"
    date_cell = next(c for c in entities["G"] if isinstance(c.value, datetime.datetime))
    assert date_cell.number_format == "DD/MM/YYYY"


def test_the_csv_is_utf8_with_a_bom_and_agrees_with_the_page(as_overseer, world):
    response = as_overseer.get(
        "/seguimiento/cumplimiento/csv/?vigencia=2025&tipo_plan=plan-accion-institucional"
        "&orden=-faltantes"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Entidad", "NIT", "Departamento", "Municipio", "Tipo de entidad"]
    assert rows[1][0] == "Alcaldía de Palmira"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Hospital de Tuluá E.S.E."][5:7] == [
        "Publicado tarde (10/03/2025)",
        "10/03/2025",
    ]
    assert by_name["Alcaldía de Cali"][-3:] == ["II", "20.0", "Rojo"]
    assert by_name["Alcaldía de Palmira"][7:9] == ["2", "I: 1, II: 1"]


# -- the plan-type catalogue says which types are due by 31 January ---------------------------


def test_the_administrator_marks_a_plan_type_due_by_31_january(client, plan_types, superuser):
    from plans.models import PlanType

    sign_in(client, superuser)
    vacancies = PlanType.objects.get(code="plan-anual-vacantes")
    page = client.get(f"/planes/tipos/?editar={vacancies.pk}").content.decode()
    assert "Se publica a más tardar el 31 de enero" in page
    assert 'name="due_january"' in page and "checked" in page.split('name="due_january"')[1][:80]
    data = {
        "name": vacancies.name,
        "code": vacancies.code,
        "legal_basis": vacancies.legal_basis,
        "keywords": vacancies.keywords,
        "followup_scheme": vacancies.followup_scheme,
        "position": vacancies.position,
        "is_active": "on",
    }
    response = client.post(f"/planes/tipos/?editar={vacancies.pk}", data)
    assert response.status_code == 302
    vacancies.refresh_from_db()
    assert vacancies.due_january is False, "an unchecked box takes it off the compliance view"
