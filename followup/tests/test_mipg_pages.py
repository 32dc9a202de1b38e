"""The MIPG roll-up's page and its FURAG exports: who sees them, and that the XLSX and CSV read
back agree with the page."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from conftest import sign_in
from followup import mipg
from followup.tests.test_mipg_rollup import (  # noqa: F401 -- fixtures
    in_the_first_window,
    tagged,
)
from organization import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_july(tagged, time_machine):  # noqa: F811 -- the imported fixture
    """Plans A and B of test_mipg_rollup's ``tagged``, read on 3 July 2025; the entity."""
    time_machine.move_to("2025-07-03 10:00 -0500", tick=False)
    return tagged[0].entity


@pytest.fixture
def overseer(cartago):
    valle = services.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    user = services.create_member(valle, username="valle", password="x" * 12, role="planner")
    user.membership.oversees.set([cartago])
    return user


def test_control_interno_sees_the_rollup_by_dimension_and_policy(client, auditor, in_july):
    sign_in(client, auditor)
    page = client.get("/seguimiento/mipg/?vigencia=2025").content.decode()
    assert "Avance por política de MIPG 2025" in page
    assert "Participación Ciudadana en la Gestión Pública" in page
    assert "3. Gestión con Valores para Resultados" in page
    assert "Periodo I (último cerrado)" in page
    assert "12,5 %" in page  # Participación's compliance in period I, as Colombians write it
    assert "Cómo se calculan las cifras" in page
    assert "Sin política de MIPG" in page


def test_an_overseer_reads_an_overseen_entity_and_nobody_else_does(
    client, overseer, other_planner, in_july
):
    sign_in(client, overseer)
    url = f"/seguimiento/mipg/?entidad={in_july.pk}&vigencia=2025"
    page = client.get(url).content.decode()
    assert "Consulta de solo lectura de otra entidad" in page
    assert f'<option value="{in_july.pk}" selected>Alcaldía de Cartago</option>' in page
    assert "Participación Ciudadana en la Gestión Pública" in page
    assert client.get(f"/seguimiento/mipg/xlsx/?entidad={in_july.pk}").status_code == 200
    client.logout()
    sign_in(client, other_planner)
    assert client.get(url).status_code == 404
    assert client.get(f"/seguimiento/mipg/csv/?entidad={in_july.pk}").status_code == 404


def _expected(entity):
    headers, rows = mipg.export_rows(mipg.policy_progress(entity, 2025))
    return headers, rows


def test_the_xlsx_read_back_agrees_with_the_page(client, planner, in_july):
    sign_in(client, planner)
    response = client.get("/seguimiento/mipg/xlsx/?vigencia=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "mipg-891900493-2-2025.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers, rows = _expected(in_july)
    assert [c.value for c in sheet[2]] == headers
    read = {(r[0], r[1]): r for r in sheet.iter_rows(min_row=3, values_only=True)}
    participation = read[
        ("3. Gestión con Valores para Resultados", "Participación Ciudadana en la Gestión Pública")
    ]
    assert participation[2:8] == (8, 2, 50, 6.3, 12.5, "Rojo")
    assert len(read) == len(rows)


def test_the_csv_is_utf8_with_bom_and_spanish_headers_agreeing_with_the_page(
    client, planner, in_july
):
    sign_in(client, planner)
    response = client.get("/seguimiento/mipg/csv/?vigencia=2025")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    headers, rows = _expected(in_july)
    assert lines[0] == headers
    assert lines[0][:4] == ["Dimensión", "Política", "N° actividades", "N° planes"]
    by_policy = {line[1]: line for line in lines[1:]}
    transparency = by_policy[
        "Transparencia, Acceso a la Información Pública y Lucha contra la Corrupción"
    ]
    assert transparency[2:8] == ["2", "1", "50.0", "75.0", "150.0", "Verde"]
    assert Decimal(by_policy["Control Interno"][6]) == Decimal("200.0")
    assert len(lines) - 1 == len(rows)


def test_the_api_and_the_open_data_carry_the_tags(client, planner, in_july):
    plan = in_july.plans.get(title__startswith="Plan de Acción")
    read = client.get(f"/api/v1/planes/{plan.pk}").json()
    assert read["politicas_mipg_plan"] == ["Participación Ciudadana en la Gestión Pública"]
    items = client.get(f"/api/v1/planes/{plan.pk}/actividades").json()["items"]
    by_number = {item["numero"]: item["politicas_mipg"] for item in items}
    assert by_number[1] == [
        "Control Interno",
        "Transparencia, Acceso a la Información Pública y Lucha contra la Corrupción",
    ]
    assert by_number[3] == []  # the plan's
    sign_in(client, planner)
    data = client.get(f"/planes/{plan.pk}/datos.json").json()
    assert data["plan"]["politicas_mipg_plan"] == read["politicas_mipg_plan"]
    assert data["actividades"][1]["politicas_mipg"] == [
        "Gestión Documental",
        "Transparencia, Acceso a la Información Pública y Lucha contra la Corrupción",
    ]


def test_the_plan_page_shows_the_tags_in_its_header_and_under_each_activity(
    client, planner, in_july
):
    plan = in_july.plans.get(title__startswith="Plan de Acción")
    sign_in(client, planner)
    page = client.get(f"/planes/{plan.pk}/").content.decode()
    assert "Políticas de MIPG" in page
    assert "MIPG: Gestión Documental; Transparencia" in page
    public = client.get(f"/entidades/{in_july.nit}/planes/{plan.pk}/").content.decode()
    assert "MIPG: Control Interno; Transparencia" in public
