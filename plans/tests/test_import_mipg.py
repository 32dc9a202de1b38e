"""A plan's spreadsheet with a «Política MIPG» column: its names matched accent-insensitively
against the catalogue; an unknown name stops the import, naming file, row and column."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan

pytestmark = pytest.mark.django_db


def workbook(policies: list[str], dimension: list[str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["FORMATO PLAN DE ACCIÓN"])
    sheet.append(["FECHA DEL PLAN:", "15/01/2026"])
    sheet.append([])
    header = ["N°", "ACTIVIDAD", "Meta", "Responsable", "Políticas de MIPG"]
    if dimension:
        header.append("Dimensión MIPG")
    sheet.append(header)
    for number, policy in enumerate(policies, start=1):
        row = [number, f"Actividad {number}", 1, "Secretaría de Planeación", policy]
        if dimension:
            row.append(dimension[number - 1])
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(tmp_path, data: bytes) -> str:
    path = tmp_path / "plan-mipg.xlsx"
    path.write_bytes(data)
    out = io.StringIO()
    call_command(
        "import_plan",
        str(path),
        "--entity",
        "891.900.493-2",
        "--type",
        "plan-accion-institucional",
        stdout=out,
    )
    return out.getvalue()


def test_policy_names_are_matched_without_accents_or_case(cartago, tmp_path):
    run_import(
        tmp_path,
        workbook(
            [
                "participacion ciudadana en la gestion publica",
                "CONTROL INTERNO; Gestión Documental",
                "",
            ],
            dimension=["3. Gestión con Valores para Resultados", "Control Interno", ""],
        ),
    )
    plan = Plan.objects.get()
    tags = {
        a.number: sorted(a.mipg_policies.values_list("code", flat=True))
        for a in plan.activities.all()
    }
    assert tags == {
        1: ["participacion-ciudadana"],
        2: ["control-interno", "gestion-documental"],
        3: [],  # empty: the plan's
    }


def test_an_unknown_policy_name_stops_the_import_naming_file_row_and_column(cartago, tmp_path):
    with pytest.raises(CommandError) as raised:
        run_import(tmp_path, workbook(["Control Interno", "Política de Felicidad"]))
    message = str(raised.value)
    assert "plan-mipg.xlsx" in message
    assert "fila 6" in message
    assert "columna 5 (Políticas de MIPG)" in message
    assert "«Política de Felicidad» no es una política de MIPG" in message
    assert not Plan.objects.exists()  # nothing half-done kept


def test_an_unknown_dimension_is_refused_too(cartago, tmp_path):
    with pytest.raises(CommandError, match="«Dimensión 9» no es una dimensión de MIPG"):
        run_import(tmp_path, workbook(["Control Interno"], dimension=["Dimensión 9"]))
