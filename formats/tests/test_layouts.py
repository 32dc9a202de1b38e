"""Other entities' layouts of the activities table are read without losing data."""

import io

import openpyxl
import pytest
import xlwt

from formats.document import ImportFileError
from formats.mapping import is_table_header, map_columns
from formats.readers.base import reader_for
from formats.tests import layouts


def read(name: str, data: bytes):
    return reader_for(name).read(data, name)


def fields(top, sub=None):
    return [column.field for column in map_columns(top, sub)]


MONTHS = [f"month:{n}" for n in range(1, 13)]


@pytest.mark.parametrize(
    "labels",
    [
        [str(n) for n in range(1, 13)],
        ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"],
        layouts.MONTH_NAMES,
    ],
)
def test_months_named_in_one_header_row_are_the_schedule(labels):
    assert fields(["N°", "ACTIVIDAD", *labels, "RESPONSABLE"])[2:14] == MONTHS


@pytest.mark.parametrize("parent", ["", "MES", "CRONOGRAMA"])
def test_months_in_a_second_header_row_are_the_schedule_with_or_without_a_label_above(parent):
    top = ["ACTIVIDAD", "TAREAS", parent] + [""] * 11
    for labels in ([str(n) for n in range(1, 13)], layouts.MONTH_NAMES):
        assert fields(top, ["", "", *labels])[2:] == MONTHS


def test_a_lone_number_in_a_header_is_not_a_month():
    assert fields(["ACTIVIDAD", "1", "Presupuesto"])[1] == "extra:1"


@pytest.mark.parametrize(
    ("labels", "periods"),
    [
        (["Avance I trimestre", "Avance II trimestre", "Avance III trimestre"], [1, 2, 3]),
        (["Seguimiento 1", "Seguimiento 2", "Seguimiento 4"], [1, 2, 4]),
        (["Q1", "Q2", "Q3"], [1, 2, 3]),
        (["Avance trimestre 2", "Avance trimestre 3", "Avance trimestre 4"], [2, 3, 4]),
        (["Cuatrimestre 1", "Cuatrimestre 2", "Cuatrimestre 3"], [1, 2, 3]),
    ],
)
def test_follow_up_named_in_one_header_row_is_follow_up(labels, periods):
    assert fields(["ACTIVIDAD", *labels]) == ["description"] + [f"followup:{n}" for n in periods]


def test_a_target_of_a_year_is_kept_apart_from_the_plain_target():
    assert fields(["ACTIVIDAD", "Meta", "Meta 2026"]) == [
        "description",
        "indicator_target",
        "indicator_target:2026",
    ]


def test_a_target_of_a_year_under_indicador_is_kept_apart_too():
    top = ["ACTIVIDAD", "INDICADOR", "", ""]
    assert fields(top, ["", "Fórmula", "Meta", "Meta 2026"])[1:] == [
        "indicator_formula",
        "indicator_target",
        "indicator_target:2026",
    ]


def test_the_vigencia_target_comes_before_the_plain_one_and_the_other_is_kept():
    document = read("plan.xlsx", layouts.xlsx_without_number())
    assert [row.yearly_targets for row in document.rows][:2] == [{2026: "4"}, {2026: "2"}]
    notes = document.settle_targets(2026)
    assert [row.indicator_target for row in document.rows] == ["4", "2", "3"]
    assert [row.extra.get("Meta") for row in document.rows] == ["10", "5", None]
    assert ("Meta 2026", "indicator_target") in document.mapping
    assert ("Meta", "extra:Meta") in document.mapping
    assert notes[0] == "Meta de la vigencia 2026 tomada de la columna «Meta 2026»."


def test_a_target_of_another_year_stays_an_extra_field():
    document = read("plan.xlsx", layouts.xlsx_without_number())
    document.settle_targets(2027)
    assert [row.indicator_target for row in document.rows] == ["10", "5", ""]
    assert [row.extra.get("Meta 2026") for row in document.rows] == ["4", "2", "3"]


def assert_layout(document, expected):
    rows = document.rows
    assert [row.number for row in rows] == expected["numbers"]
    assert [row.months for row in rows] == expected["months"]
    assert [row.responsible_text for row in rows] == expected["responsible"]
    assert [row.followup for row in rows] == expected["followup"]


def test_an_excel_layout_without_number_with_merges_fills_and_one_row_labels():
    document = read("plan.xlsx", layouts.xlsx_without_number())
    assert_layout(document, layouts.XLSX_EXPECTED)
    objectives = [row.extra.get("Objetivo estratégico") for row in document.rows]
    assert objectives == layouts.XLSX_EXPECTED["objective"]
    assert [row.appropriation for row in document.rows] == ["1000000", "", "7"]
    assert any("no tiene columna N°" in note for note in document.notes)


def test_an_opendocument_layout_with_number_third_spans_and_automatic_style_fills():
    document = read("plan.ods", layouts.ods_number_third())
    assert_layout(document, layouts.ODS_EXPECTED)
    assert document.header.plan_date.year == 2026


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_word_table_split_by_a_page_break_is_read_as_one(repeat_header):
    document = read("plan.docx", layouts.docx_split_table(repeat_header=repeat_header))
    assert_layout(document, layouts.DOCX_EXPECTED)
    assert [row.indicator_target for row in document.rows] == layouts.DOCX_EXPECTED["targets"]
    assert document.footer.address == ""
    assert document.footer.website == "www.tulua.gov.co"
    assert document.control.code == "PLA-F-09"


def test_a_table_header_without_activities_says_what_was_looked_for_and_found():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["PLAN DE ACCIÓN 2026"])
    sheet.append([])
    sheet.append(["N°", "DESCRIPCIÓN", "RESPONSABLE"])
    sheet.append([1, "Rendir cuentas", "Despacho"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFileError) as error:
        read("plan.xlsx", buffer.getvalue())
    assert error.value.message.endswith(
        "se busca una fila con una columna ACTIVIDAD (o ACTIVIDADES) y otras columnas como N° "
        "(opcional), TAREAS, MES, META o RESPONSABLE; la fila 3 tiene «N°», «DESCRIPCIÓN», "
        "«RESPONSABLE»."
    )
    assert error.value.location.place == "hoja «Plan», fila 3"


@pytest.mark.parametrize(
    ("cells", "header"),
    [
        (["ACTIVIDADES DEL PLAN", "2026"], False),
        (["Actividades", ""], False),
        (["ACTIVIDAD", "CRONOGRAMA"], True),
        (["ACTIVIDAD", "Responsable"], True),
        (["Objetivo", "ACTIVIDADES", "N°"], True),
    ],
)
def test_a_header_row_has_activities_and_another_known_column(cells, header):
    assert is_table_header(cells) is header


def test_a_merge_reaching_past_the_last_activity_adds_no_activity():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["N°", "ACTIVIDAD", "RESPONSABLE"])
    sheet.append([1, "Rendir cuentas", "Despacho"])
    sheet.append([2, "Publicar informes", None])
    sheet.append([None, None, None])
    sheet.append([None, None, None])
    sheet.append(["www.tulua.gov.co"])
    sheet.merge_cells("C2:C5")
    buffer = io.BytesIO()
    book.save(buffer)
    document = read("plan.xlsx", buffer.getvalue())
    assert [row.responsible_text for row in document.rows] == ["Despacho", "Despacho"]
    assert document.footer.website == "www.tulua.gov.co"


def test_an_old_excel_file_repeats_merged_cells_down():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    for column, label in enumerate(["N°", "ACTIVIDAD", "RESPONSABLE"]):
        sheet.write(0, column, label)
    for row, description in enumerate(["Rendir cuentas", "Publicar", "Capacitar"], start=1):
        sheet.write(row, 0, row)
        sheet.write(row, 1, description)
    sheet.write_merge(1, 3, 2, 2, "Despacho")
    buffer = io.BytesIO()
    book.save(buffer)
    document = read("plan.xls", buffer.getvalue())
    assert [row.responsible_text for row in document.rows] == ["Despacho"] * 3


def test_a_header_value_that_reads_like_a_label_stays_the_value():
    """«OBJETIVO:» | «año» is an objective, not the vigencia's label; «PROCESO:» | «SUB PROCESO:»
    are still two labels (found by the round-trip property test)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["OBJETIVO:", "año"])
    sheet.append(["PROCESO:", "SUB PROCESO:", "Gestión"])
    sheet.append(["N°", "ACTIVIDAD", "RESPONSABLE"])
    sheet.append([1, "Convocar la mesa", "Planeación"])
    buffer = io.BytesIO()
    book.save(buffer)
    document = read("plan.xlsx", buffer.getvalue())
    assert document.header.objective == "año"
    assert (document.header.process, document.header.subprocess) == ("", "Gestión")
