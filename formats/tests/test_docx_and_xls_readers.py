"""Word documents (tables, header tables, merged and shaded cells) and old Excel files."""

import io

import docx
import pytest
import xlwt
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from formats.document import ImportFileError
from formats.readers.base import reader_for
from formats.readers.docx import grid as docx_grid
from formats.readers.grid import GridCell


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


# -- the streaming Word reader reads what python-docx read ---------------------------------------


def _python_docx_rows(data: bytes) -> list[list[GridCell]]:
    """The grid the reader built with python-docx before it streamed the document."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def paragraph_row(paragraph):
        text = paragraph.text.strip()
        runs = [run for run in paragraph.runs if run.text.strip()]
        return [GridCell(text, bold=bool(runs) and all(run.bold for run in runs))] if text else []

    def filled(tc):
        properties = tc.tcPr
        shading = properties.find(qn("w:shd")) if properties is not None else None
        fill = shading.get(qn("w:fill")) if shading is not None else None
        return bool(fill) and fill.upper() not in {"AUTO", "FFFFFF"}

    def table_rows(table):
        rows, above = [], []
        for row in table.rows:
            cells, seen = [], []
            for index, cell in enumerate(row.cells):
                tc = cell._tc
                horizontal = bool(seen) and seen[-1] is tc
                vertical = index < len(above) and above[index] is tc
                seen.append(tc)
                if horizontal or vertical:
                    # A vertical merge is marked: the grid repeats its value in the rows below.
                    cells.append(GridCell(merged_above=not horizontal))
                    continue
                bold = any(run.bold for p in cell.paragraphs for run in p.runs if run.text.strip())
                cells.append(GridCell(cell.text.strip(), bold=bold, filled=filled(tc)))
            above = seen
            rows.append(cells)
        return rows

    document = docx.Document(io.BytesIO(data))
    rows = []
    for section in document.sections[:1]:
        for table in section.header.tables:
            rows.extend(table_rows(table))
        rows.extend(filter(None, (paragraph_row(p) for p in section.header.paragraphs)))
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            rows.extend(table_rows(Table(element, document)))
            rows.append([])
        elif element.tag.endswith("}p"):
            rows.append(paragraph_row(Paragraph(element, document)))
    return rows


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _wrapped_run(wrapper: OxmlElement, text: str) -> OxmlElement:
    run, content = _element("w:r"), _element("w:t")
    content.text = text
    run.append(content)
    wrapper.append(run)
    return wrapper


def rich_document() -> bytes:
    """Everything the reader must read as python-docx did: bold and not bold runs, tabs, line
    and page breaks, a hyperlink, tracked insertions (which python-docx leaves out), a header
    with a table and paragraphs, spans, vertical merges, a row that starts late, shading, a
    nested table, and a second section with another header."""
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "ALCALDÍA DE TULUÁ"
    header.paragraphs[0].runs[0].bold = True
    control = header.add_table(rows=2, cols=2, width=docx.shared.Cm(10))
    control.cell(0, 0).text, control.cell(0, 1).text = "CÓDIGO", "PLA-F-09"
    control.cell(1, 0).merge(control.cell(1, 1)).text = "VERSIÓN 4"
    header.add_paragraph("")
    header.add_paragraph("Página 1")

    paragraph = document.add_paragraph()
    paragraph.add_run("PROCESO:").bold = True
    paragraph.add_run("\tGESTIÓN")
    run = paragraph.add_run("Línea")
    run.add_break()
    run.add_text("siguiente")
    run.add_break(docx.enum.text.WD_BREAK.PAGE)
    not_bold = paragraph.add_run(" sin negrita")
    not_bold.bold = False
    paragraph._p.append(_wrapped_run(_element("w:hyperlink"), " enlace"))
    paragraph._p.append(_wrapped_run(_element("w:ins", id="1", author="x"), "insertado"))
    bold_only = document.add_paragraph()
    bold_only.add_run("TÍTULO EN NEGRITA").bold = True
    bold_only.add_run("   ")
    document.add_paragraph("")

    table = document.add_table(rows=5, cols=4)
    for r in range(5):
        for c in range(4):
            table.cell(r, c).text = f"{r}-{c}"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "combinada"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "vertical"
    table.cell(2, 2).merge(table.cell(3, 3)).text = "bloque"
    table.cell(4, 3).add_paragraph("segunda línea")
    table.cell(4, 3).paragraphs[0].runs[0].bold = True
    shade(table.cell(4, 1))
    nested = table.cell(4, 2).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "anidada"
    late = table.rows[4]._tr
    late.get_or_add_trPr().append(_element("w:gridBefore", val="1"))
    late.remove(late.tc_lst[0])

    document.add_section()
    document.sections[1].header.is_linked_to_previous = False
    document.sections[1].header.paragraphs[0].text = "Otro encabezado"
    document.add_paragraph("Después de la sección")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_word_reader_reads_what_python_docx_read():
    data = rich_document()
    assert docx_grid(data, "rico.docx") == _python_docx_rows(data)


def test_the_word_reader_reads_the_example_plan_as_python_docx_did():
    data = word_plan()
    assert docx_grid(data, "plan.docx") == _python_docx_rows(data)
