"""Formats with start and end dates instead of a month grid, a baseline, and targets written
as Colombians write numbers."""

import io
from decimal import Decimal

import openpyxl
import pytest

from followup.importing import import_plan
from formats.document import ImportFileError
from formats.readers.base import reader_for
from plans import selectors


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


def targets(cartago, header: str, *written) -> tuple[list, list[str], list[str]]:
    data = sheet(
        [
            ["OBJETIVO:", "Fortalecer la participación ciudadana"],
            [],
            ["N°", "ACTIVIDAD", header, "RESPONSABLE"],
            *([n, f"Actividad {n}", w, "Sec. de Hacienda"] for n, w in enumerate(written, 1)),
        ]
    )
    result = import_plan(reader_for("plan.xlsx").read(data, "plan.xlsx"), entity=cartago, year=2026)
    found = [a.indicator_target for a in result.plan.activities.order_by("number")]
    return found, result.warnings, result.resolutions


def test_colombian_thousands_currency_and_percentages_are_read_as_written(cartago):
    found, warnings, _ = targets(cartago, "META", "1.200", "1.200,5", "$ 1.200.000", "50 %")
    assert found == [1200, Decimal("1200.5"), 1200000, 50]
    assert not any("se leyó como" in w for w in warnings)


def test_thousands_beside_a_decimal_point_is_ambiguous_and_named_by_its_cell(cartago):
    found, warnings, _ = targets(cartago, "META", "1.200", "2.5")
    assert found == [1200, Decimal("2.5")], "read the Colombian way, never reinterpreted"
    assert (
        "Actividad 1 (hoja «Sheet», fila 4, columna 3 (META)): «1.200» se leyó como 1.200 (el "
        "punto separa los miles), pero la misma columna usa el punto como separador decimal "
        "(actividad 2: «2.5»). Revise cuál de los dos es."
    ) in warnings


def test_fractions_in_a_percentage_column_are_percentages(cartago):
    found, _, resolutions = targets(cartago, "META (%)", "0,5", "0,8", "1")
    assert found == [50, 80, 100]
    assert any("porcentajes escritos como fracción" in line for line in resolutions)


def test_a_fraction_among_whole_percentages_is_kept_with_a_warning(cartago):
    found, warnings, _ = targets(cartago, "META", "0,5", "80 %")
    assert found == [Decimal("0.5"), 80]
    assert (
        "Actividad 1 (hoja «Sheet», fila 4, columna 3 (META)): «0,5» se tomó como 0,5 % en una "
        "columna de porcentajes; si es una fracción (0,5 = 50 %), corríjalo."
    ) in warnings


def test_a_percentage_formatted_cell_reads_as_the_percentage_it_shows(cartago):
    book = openpyxl.Workbook()
    book.active.append(["N°", "ACTIVIDAD", "META", "RESPONSABLE"])
    book.active.append([1, "Encuesta", 0.75, "Sec. de Hacienda"])
    book.active.append([2, "Informe", 1.125, "Sec. de Hacienda"])
    book.active["C2"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    document = reader_for("plan.xlsx").read(buffer.getvalue(), "plan.xlsx")
    assert [row.indicator_target for row in document.rows] == ["75 %", "1,125"]
    result = import_plan(document, entity=cartago, year=2026)
    assert [a.indicator_target for a in result.plan.activities.order_by("number")] == [
        75,
        Decimal("1.13"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_open_data_numbers_keep_their_decimal_point(cartago, fmt):
    """Open data writes numbers with a decimal point: «2.500» and 1.125 are 2,5 and 1,125, not
    thousands as in a table typed by a person."""
    from formats.opendata import ACTIVITY_FIELD_NAMES, PLAN_FIELD_NAMES
    from formats.writers.opendata import to_csv, to_json
    from plans.models import PlanType

    plan = dict.fromkeys(PLAN_FIELD_NAMES) | {"entidad_nit": cartago.nit}
    activity = dict.fromkeys(ACTIVITY_FIELD_NAMES) | {
        "numero": 1,
        "actividad": "Convocar la mesa",
        "meses_programados": [3],
        "indicador_meta": "2.500" if fmt == "csv" else Decimal("1.125"),
        "indicador_linea_base": Decimal("1.125"),
    }
    text = to_csv(plan, [activity]) if fmt == "csv" else to_json(plan, [activity])
    document = reader_for(f"plan.{fmt}").read(text.encode(), f"plan.{fmt}")
    result = import_plan(document, entity=cartago, year=2026, plan_type=PlanType.objects.first())
    saved = result.plan.activities.get()
    assert saved.indicator_target == (Decimal("2.50") if fmt == "csv" else Decimal("1.13"))
    assert saved.indicator_baseline == Decimal("1.13")
    assert not any("miles" in warning for warning in result.warnings)
