"""Open-data export of a plan: JSON and CSV, by command and by URL, with the data dictionary."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS


def export(plan, fmt, tmp_path) -> bytes:
    path = tmp_path / f"plan.{fmt}"
    call_command("export_plan", plan.pk, "--format", fmt, "-o", str(path), stderr=io.StringIO())
    return path.read_bytes()


def test_the_json_export_has_the_plan_and_its_activities_under_the_dictionary_names(
    seed_plan, tmp_path
):
    data = json.loads(export(seed_plan, "json", tmp_path))
    assert list(data) == ["plan", "actividades"]
    assert list(data["plan"]) == [f.name for f in PLAN_FIELDS]
    assert data["plan"]["entidad_nit"] == "891900493-2"
    assert data["plan"]["vigencia"] == 2025
    assert data["plan"]["fecha_plan"] == "2024-10-29"
    assert data["plan"]["fecha_aprobacion_formato"] == "2024-03-06"
    assert data["plan"]["version_formato"] == 2
    assert data["plan"]["estado"] == "borrador"
    assert data["plan"]["dependencias_participantes"] == [
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico",
        "Secretaría de Servicios Administrativos",
    ]
    activities = data["actividades"]
    assert len(activities) == 9
    assert list(activities[0]) == [f.name for f in ACTIVITY_FIELDS]
    third = activities[2]
    assert third["numero"] == 3
    assert third["responsables_texto"] == "Sec. de Sevicios Administrativos"
    assert third["responsables"] == ["Secretaría de Servicios Administrativos"]
    assert third["meses_programados"] == []
    assert third["indicador_meta"] is None
    assert third["seguimiento_i"] is None
    assert third["tareas"] == [
        "Realizar capacitacion sobre caracterización de grupos de valor con los funcionarios de la "
        "entidad"
    ]


def test_the_csv_export_has_one_row_per_activity_with_the_plan_repeated(seed_plan, tmp_path):
    content = export(seed_plan, "csv", tmp_path)
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel shows accents"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 9
    assert list(rows[0]) == [f.name for f in PLAN_FIELDS + ACTIVITY_FIELDS]
    assert {row["entidad_nombre"] for row in rows} == {"Alcaldía de Cartago"}
    assert rows[0]["dependencias_participantes"] == (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico; "
        "Secretaría de Servicios Administrativos"
    )
    assert rows[6]["responsables"] == "Administración Municipal"
    assert rows[0]["fecha_plan"] == "2024-10-29"


def test_scheduled_months_and_targets_are_exported_as_typed_values(seed_plan, tmp_path):
    activity = seed_plan.activities.get(number=1)
    activity.months = [2, 3, 11]
    activity.indicator_target = 4
    activity.save()
    data = json.loads(export(seed_plan, "json", tmp_path))
    assert data["actividades"][0]["meses_programados"] == [2, 3, 11]
    assert data["actividades"][0]["indicador_meta"] == 4
    row = next(csv.DictReader(io.StringIO(export(seed_plan, "csv", tmp_path).decode("utf-8-sig"))))
    assert row["meses_programados"] == "2; 3; 11"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_plan_page_offers_the_same_export(client, planner, seed_plan, tmp_path, fmt):
    client.force_login(planner)
    response = client.get(f"/planes/{seed_plan.pk}/datos.{fmt}")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="plan-{seed_plan.pk}-2025.{fmt}"'
    )
    assert response.content == export(seed_plan, fmt, tmp_path)


def test_the_data_dictionary_document_lists_every_field_with_its_type():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "datos-abiertos.md").read_text()
    documented = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", doc, re.MULTILINE))
    expected = {f.name: f.type for f in PLAN_FIELDS + ACTIVITY_FIELDS}
    assert {name: kind.strip() for name, kind in documented.items()} == expected


def test_the_official_xlsx_is_offered_on_the_plan_page_and_by_command(
    client, planner, seed_plan, tmp_path
):
    import openpyxl

    client.force_login(planner)
    page = client.get(f"/planes/{seed_plan.pk}/").content.decode()
    assert f"/planes/{seed_plan.pk}/plan.xlsx" in page
    response = client.get(f"/planes/{seed_plan.pk}/plan.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(17, 2).value.startswith("Elaborar el diagnóstico")
    assert sheet.max_row == 16 + 9
    assert export(seed_plan, "xlsx", tmp_path)[:2] == b"PK"
