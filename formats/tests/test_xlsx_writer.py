"""The official spreadsheet layout, written and read back with openpyxl."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from formats.writers import fit, xlsx


@pytest.fixture
def records():
    plan = {
        "entidad_nombre": "Alcaldía de Cartago",
        "entidad_nit": "891900493-2",
        "tipo": "Plan de Acción Institucional",
        "codigo_formato": "MESG-AS-F17",
        "version_formato": 2,
        "fecha_aprobacion_formato": datetime.date(2024, 3, 6),
        "proceso": "GESTION PLANEACION",
        "subproceso": "PLANEACION INSTITUCIONAL",
        "objetivo": "Fortalecer la participación",
        "alcance": "Todas las dependencias",
        "dependencia_responsable": "Secretaría de Planeación",
        "fecha_plan": datetime.date(2024, 10, 29),
        "dependencias_participantes": ["Secretaría de Planeación", "Secretaría de Hacienda"],
    }
    activity = {
        "numero": 1,
        "actividad": '=HYPERLINK("http://malo.example","clic")',
        "tareas": ["Convocar", "Realizar"],
        "meses_programados": [3, 6],
        "productos_entregables": "Informe",
        "indicador_formula": "Informes realizados",
        "indicador_meta": Decimal(2),
        "indicador_resultado": "",
        "responsables": ["Secretaría de Planeación"],
        "responsables_texto": "Sec. de Planeación",
        **{f"seguimiento_{p}": None for p in xlsx.PERIODS},
        **{f"semaforo_{p}": "no_programado" for p in xlsx.PERIODS},
    }
    activity["seguimiento_i"], activity["semaforo_i"] = "1", "verde"
    return plan, [activity]


def test_the_workbook_has_the_control_block_header_and_two_row_table_header(records):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.write(*records))).active
    assert sheet["A1"].value == "ALCALDÍA DE CARTAGO\nNIT: 891900493-2"
    assert sheet["D1"].value == "FORMATO PLAN DE ACCIÓN"
    assert [sheet.cell(2, 21).value, sheet.cell(2, 23).value] == ["CÓDIGO:", "MESG-AS-F17"]
    assert sheet.cell(4, 23).value == "06/03/2024"
    assert sheet["A7"].value == "PROCESO:" and sheet["D7"].value == "GESTION PLANEACION"
    assert sheet["D12"].value == "29 de octubre de 2024"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {
        "A1:C4",
        "D1:T4",
        "U4:V4",
        "W4:X4",
        "A15:A16",
        "D15:O15",
        "Q15:S15",
        "U15:X15",
    } <= merged
    assert [sheet.cell(16, c).value for c in range(4, 16)] == [str(m) for m in range(1, 13)]
    assert [sheet.cell(16, c).value for c in range(17, 20)] == ["FÓRMULA", "META", "RESULTADO"]


def test_months_are_marked_and_filled_and_follow_up_carries_its_light(records):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.write(*records))).active
    row = 17
    assert [sheet.cell(row, 3 + m).value for m in (3, 4, 6)] == ["X", None, "X"]
    assert sheet.cell(row, 6).fill.fgColor.rgb.endswith("B9CDEA")
    assert sheet.cell(row, 7).fill.fill_type is None, "an unscheduled month is not filled"
    assert sheet.cell(row, 6).style == "Plan · mes programado", "a named style, in Excel's gallery"
    assert all(sheet.cell(row, c).border.bottom.style == "thin" for c in range(1, 25))
    assert sheet.cell(row, 3).value == "Convocar\nRealizar"
    assert sheet.cell(row, 18).value == 2
    assert sheet.cell(row, 21).value == "1"
    assert sheet.cell(row, 21).fill.fgColor.rgb.endswith("B7E1C1")


def test_text_that_looks_like_a_formula_is_stored_as_text(records):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.write(*records))).active
    cell = sheet.cell(17, 2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_it_prints_landscape_fitted_to_width_with_the_table_header_on_every_page(records):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.write(*records))).active
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$15:$16"
    assert sheet.freeze_panes == "C17"
    assert "Página &P de &N" in sheet.oddFooter.center.text


def test_each_activity_row_is_as_tall_as_its_most_wrapped_cell(records):
    plan, (first,) = records
    long_text = "Fortalecer la participación ciudadana en la formulación de políticas públicas " * 3
    described = dict(first, numero=2, actividad=long_text, tareas=["Convocar"])
    tasked = dict(first, numero=3, actividad="Corta", tareas=[f"Tarea {n}" for n in range(1, 8)])
    short = dict(first, numero=4, actividad="Corta", tareas=["Convocar"], responsables_texto="")
    sheet = openpyxl.load_workbook(
        io.BytesIO(xlsx.write(plan, [first, described, tasked, short]))
    ).active
    heights = [sheet.row_dimensions[row].height for row in range(17, 21)]
    assert heights[0] == fit.height(2), "two tasks, and a description of two lines"
    assert heights[1] == fit.height(fit.text_lines(long_text, xlsx.WIDTHS[1])) > 6 * 14
    assert heights[2] == fit.height(7), "one line per task"
    assert heights[3] is None, "a row of one line keeps the sheet's default height"


def test_the_header_rows_hold_their_labels_and_a_long_objective(records):
    plan, activities = records
    objective = "Fortalecer la participación ciudadana en la gestión pública municipal. " * 6
    sheet = openpyxl.load_workbook(
        io.BytesIO(xlsx.write(dict(plan, objetivo=objective), activities))
    ).active
    value_width = sum(xlsx.WIDTHS[3:])
    assert sheet.row_dimensions[9].height == fit.height(fit.text_lines(objective, value_width))
    assert sheet.row_dimensions[9].height > fit.height(1)
    # «FECHA APROBACIÓN:» spans two columns, where it holds on one line.
    assert "U4:V4" in {str(r) for r in sheet.merged_cells.ranges}
    label_width = sum(xlsx.WIDTHS[20:22])
    assert fit.text_lines(sheet["U4"].value, label_width, bold=True) == 1
    # Every word of the table header fits its column whole, and the rows a label spans hold it.
    spans = {r.start_cell.coordinate: r for r in sheet.merged_cells.ranges}
    for row in (15, 16):
        for cell in sheet[row]:
            if not cell.value:
                continue
            span = spans.get(cell.coordinate)
            columns = range(span.min_col, span.max_col + 1) if span else [cell.column]
            rows = range(span.min_row, span.max_row + 1) if span else [row]
            width = sum(xlsx.WIDTHS[c - 1] for c in columns)
            for word in cell.value.split():
                assert len(word) <= fit.capacity(width, word, size=9, bold=True), word
            lines = fit.text_lines(cell.value, width, size=9, bold=True)
            held = sum(sheet.row_dimensions[r].height or fit.height(1) for r in rows)
            assert held >= fit.height(lines, size=9), cell.value
