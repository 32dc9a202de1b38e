"""Word documents (tables, header tables, merged and shaded cells) and old Excel files."""

import io

import docx
import pytest
import xlwt
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from formats.document import ImportFileError
from formats.readers.base import reader_for


def shade(cell) -> None:
    properties = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:fill"), "BDD7EE")
    properties.append(fill)


def word_plan() -> bytes:
    document = docx.Document()
    header = document.sections[0].header
    control = header.add_table(rows=2, cols=3, width=docx.shared.Cm(18))
    control.cell(0, 0).text = "ALCALDÍA DE TULUÁ"
    control.cell(0, 0).paragraphs[0].runs[0].bold = True
    control.cell(0, 1).text = "CÓDIGO"
    control.cell(0, 2).text = "PLA-F-09"
    control.cell(1, 1).text = "VERSIÓN"
    control.cell(1, 2).text = "4"
    document.add_paragraph("FORMATO PLAN DE ACCIÓN")
    document.add_paragraph("PROCESO: DIRECCIONAMIENTO ESTRATÉGICO")
    document.add_paragraph("FECHA DEL PLAN: 20 de enero de 2026")
    table = document.add_table(rows=3, cols=7)
    top = ["N°", "ACTIVIDADES", "TAREAS", "MES", "", "", "RESPONSABLES"]
    sub = ["", "", "", "1", "2", "3", ""]
    for column, (first, second) in enumerate(zip(top, sub, strict=True)):
        table.cell(0, column).text = first
        table.cell(1, column).text = second
    table.cell(0, 3).merge(table.cell(0, 5)).text = "MES"
    for column in (0, 1, 2, 6):
        table.cell(0, column).merge(table.cell(1, column))
    values = ["1", "Rendir cuentas", "Convocar\nRealizar la audiencia", "", "X", "", "Despacho"]
    for column, value in enumerate(values):
        table.cell(2, column).text = value
    shade(table.cell(2, 3))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_plan_with_merged_and_shaded_cells_and_a_header_table():
    document = reader_for("plan.docx").read(word_plan(), "plan.docx")
    assert document.control.entity_name == "Alcaldía de Tuluá"
    assert (document.control.code, document.control.version) == ("PLA-F-09", 4)
    assert document.header.process == "DIRECCIONAMIENTO ESTRATÉGICO"
    (row,) = document.rows
    assert row.tasks == ["Convocar", "Realizar la audiencia"]
    assert row.months == [1, 2], "the shaded January cell and the X in February"
    assert row.responsible_text == "Despacho"


def test_a_document_without_an_activities_table_is_not_a_plan():
    document = docx.Document()
    document.add_paragraph("Acta de reunión")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ImportFileError, match="no parece un plan de acción"):
        reader_for("acta.docx").read(buffer.getvalue(), "acta.docx")


def test_an_old_excel_file_is_read():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    rows = [
        ["PROCESO:", "GESTIÓN DOCUMENTAL"],
        [],
        ["N°", "ACTIVIDAD", "MES", "", "META"],
        ["", "", "1", "2", ""],
        [1, "Actualizar las TRD", "x", "", 4],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    document = reader_for("plan.xls").read(buffer.getvalue(), "plan.xls")
    assert document.header.process == "GESTIÓN DOCUMENTAL"
    (row,) = document.rows
    assert (row.number, row.months, row.indicator_target) == (1, [1], "4")


def test_a_damaged_old_excel_file_is_refused():
    with pytest.raises(ImportFileError, match="no se pudo leer la hoja de cálculo"):
        reader_for("plan.xls").read(b"\xd0\xcf\x11\xe0 roto", "plan.xls")
