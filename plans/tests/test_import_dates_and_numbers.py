"""Formats with start and end dates instead of a month grid, a baseline, and targets written
as Colombians write numbers."""

import io
from decimal import Decimal

import openpyxl
import pytest

from formats.document import ImportFileError
from formats.readers.base import reader_for
from plans import selectors
from plans.services import import_plan


def sheet(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_dates_give_the_months_and_numbers_are_read_the_colombian_way(cartago):
    data = sheet(
        [
            ["OBJETIVO:", "Fortalecer la participación ciudadana"],
            [],
            ["N°", "ACTIVIDAD", "FECHA INICIO", "FECHA FIN", "LÍNEA BASE", "META", "RESPONSABLE"],
            [
                1,
                "Audiencia pública",
                "15/03/2026",
                "20 de mayo de 2026",
                "0",
                "1.234,5",
                "Sec. de Hacienda",
            ],
            [2, "Encuesta", None, None, None, "50 %", "Sec. de Hacienda"],
            [3, "Informe", "01/02/2026", "01/01/2026", None, "no sé", "Sec. de Hacienda"],
        ]
    )
    document = reader_for("plan.xlsx").read(data, "plan.xlsx")
    result = import_plan(document, entity=cartago, year=2026)
    first, second, third = result.plan.activities.order_by("number")
    assert first.months == [3, 4, 5]
    assert (first.start_date.isoformat(), first.end_date.isoformat()) == (
        "2026-03-15",
        "2026-05-20",
    )
    assert (first.indicator_baseline, first.indicator_target) == (0, Decimal("1234.5"))
    assert second.indicator_target == 50 and second.months == []
    assert third.months == [] and third.indicator_target is None
    assert any("meses 3, 4, 5 deducidos de las fechas" in line for line in result.resolutions)
    assert any("Actividad 3 (hoja «Sheet», fila 6): La fecha de fin" in w for w in result.warnings)
    assert any("la meta «no sé» no es un número" in w for w in result.warnings)
    assert "No tiene meses programados en el cronograma: actividades 2, 3." in result.warnings


def test_an_impossible_date_names_its_cell():
    data = sheet([["N°", "ACTIVIDAD", "FECHA INICIO"], [1, "Audiencia", "31/02/2026"]])
    with pytest.raises(ImportFileError) as error:
        reader_for("plan.xlsx").read(data, "plan.xlsx")
    assert "fila 2, columna 3 (FECHA INICIO)" in str(error.value)


def test_an_activity_running_beyond_the_vigencia_is_a_blocking_problem_of_the_import(cartago):
    data = sheet(
        [
            ["OBJETIVO:", "Fortalecer la participación ciudadana"],
            [],
            ["N°", "ACTIVIDAD", "FECHA INICIO", "FECHA FIN", "META", "RESPONSABLE"],
            [1, "Audiencia pública", "01/03/2025", "28/02/2027", "2", "Sec. de Hacienda"],
        ]
    )
    document = reader_for("plan.xlsx").read(data, "plan.xlsx")
    result = import_plan(document, entity=cartago, year=2026)
    dates = (
        "La actividad va del 01/03/2025 al 28/02/2027: sus fechas deben estar dentro de la "
        "vigencia 2026"
    )
    assert f"{dates}: actividades 1." in result.warnings
    assert result.plan.activities.get().months == list(range(1, 13))
    blocking = [p.message for p in selectors.review_plan(result.plan) if p.blocking]
    assert f"{dates}." in blocking


def test_a_target_or_baseline_the_indicator_does_not_allow_is_reported_and_left_empty(cartago):
    data = sheet(
        [
            ["OBJETIVO:", "Fortalecer la participación ciudadana"],
            [],
            ["N°", "ACTIVIDAD", "LÍNEA BASE", "META", "RESPONSABLE"],
            [1, "Audiencia pública", "-5", "1E+20", "Sec. de Hacienda"],
            [2, "Encuesta", "0", "33,333", "Sec. de Hacienda"],
        ]
    )
    document = reader_for("plan.xlsx").read(data, "plan.xlsx")
    result = import_plan(document, entity=cartago, year=2026)
    first, second = result.plan.activities.order_by("number")
    assert (first.indicator_baseline, first.indicator_target) == (None, None)
    assert (second.indicator_baseline, second.indicator_target) == (0, Decimal("33.33"))
    assert (
        "Actividad 1 (hoja «Sheet», fila 4): «-5» no se tomó. Línea base: debe ser mayor o igual "
        "a 0 (el indicador no admite valores negativos). Se dejó vacía."
    ) in result.warnings
    assert (
        "Actividad 1 (hoja «Sheet», fila 4): «1E+20» no se tomó. Meta anual: es demasiado grande "
        "para guardarse (el máximo es 999.999.999.999,99 en valor absoluto). Se dejó vacía."
    ) in result.warnings
