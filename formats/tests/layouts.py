"""Other entities' layouts of the activities table, built here as the files they come in.

Each builder returns the bytes of a file whose table departs from MESG-AS-F17 the way real
formats do; ``EXPECTED`` (by file name) says what an import must keep of it. The plan is dated
20 de enero de 2026, so its vigencia (2026) is only known from the header.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import PatternFill

PLAN_DATE = "20 de enero de 2026"
MONTH_NAMES = [
    "Enero",
    "Febrero",
    "Marzo",
    "Abril",
    "Mayo",
    "Junio",
    "Julio",
    "Agosto",
    "Septiembre",
    "Octubre",
    "Noviembre",
    "Diciembre",
]
GOVERNMENT = "Secretaría de Gobierno"


def _workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_without_number() -> bytes:
    """No N° column; months «1»…«12» with no MES above; «Meta» and «Meta 2026»; objective and
    responsible merged down; months marked only by fill; «Avance I trimestre»…; a horizontal
    merge inside the month grid."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["FORMATO PLAN DE ACCIÓN"])
    sheet.append(["FECHA DEL PLAN:", PLAN_DATE])
    sheet.append([])
    followup = [f"Avance {roman} trimestre" for roman in ("I", "II", "III", "IV")]
    # A..B, C..N months, O Meta, P Meta 2026, Q Responsable, R..U follow-up, V Presupuesto
    sheet.append(
        [
            "ACTIVIDAD",
            "Objetivo estratégico",
            *range(1, 13),
            "Meta",
            "Meta 2026",
            "Responsable",
            *followup,
            "Presupuesto",
        ]
    )
    blank = [None] * 12
    sheet.append(
        [
            "Rendir cuentas",
            "Fortalecer la participación",
            "X",
            *blank[1:],
            10,
            4,
            GOVERNMENT,
            "Realizada",
            None,
            None,
            None,
            1000000,
        ]
    )
    sheet.append(["Publicar informes", None, *blank, 5, 2, None, None, None, None, None, None])
    july = [None] * 5 + ["X"] + [None] * 6
    sheet.append(["Capacitar", "Otro objetivo", *july, None, 3, None, None, None, None, None, 7])
    for reference in ("B5:B6", "Q5:Q7", "H7:J7"):
        sheet.merge_cells(reference)
    yellow = PatternFill("solid", fgColor="FFFF00")
    white = PatternFill("solid", fgColor="FFFFFFFF")
    sheet["D5"].fill = yellow  # February, by colour alone
    sheet["E6"].fill = yellow  # March
    sheet["F6"].fill = white  # not a mark
    return _workbook_bytes(book)


XLSX_EXPECTED = {
    "numbers": [1, 2, 3],
    "months": [[1, 2], [3], [6]],
    "targets": ["4", "2", "3"],
    "responsible": [GOVERNMENT] * 3,
    "objective": ["Fortalecer la participación", "Fortalecer la participación", "Otro objetivo"],
    "followup": [{1: "Realizada"}, {}, {}],
}


# -- OpenDocument, hand-written ---------------------------------------------------------------

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.2"'
)


def _ods_cell(value: str = "", style: str = "", rows: int = 1, columns: int = 1) -> str:
    attributes = f' table:style-name="{style}"' if style else ""
    if rows > 1:
        attributes += f' table:number-rows-spanned="{rows}"'
    if columns > 1:
        attributes += f' table:number-columns-spanned="{columns}"'
    if not value:
        return f"<table:table-cell{attributes}/>"
    return (
        f'<table:table-cell{attributes} office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def ods_file(rows: list[str], styles: str = "") -> bytes:
    """An .ods of one sheet, rows given as <table:table-row> contents."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        '<office:body><office:spreadsheet><table:table table:name="Plan">'
        + "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


FILL_STYLES = (
    '<style:style style:name="ce1" style:family="table-cell">'
    '<style:table-cell-properties fo:background-color="#ffff00"/></style:style>'
    '<style:style style:name="ce2" style:family="table-cell">'
    '<style:table-cell-properties fo:background-color="#ffffff"/></style:style>'
)


def ods_number_third() -> bytes:
    """N° in the third column; «CRONOGRAMA» over «ENE»…«DIC»; «Seguimiento 1»… in one row;
    the responsible merged down (number-rows-spanned); months filled by an automatic style."""
    abbreviations = [
        "ENE",
        "FEB",
        "MAR",
        "ABR",
        "MAY",
        "JUN",
        "JUL",
        "AGO",
        "SEP",
        "OCT",
        "NOV",
        "DIC",
    ]
    followup = [_ods_cell(f"Seguimiento {n}") for n in range(1, 5)]
    top = (
        [_ods_cell("ACTIVIDAD"), _ods_cell("Responsable"), _ods_cell("N°")]
        + [_ods_cell("CRONOGRAMA", columns=12)]
        + ["<table:covered-table-cell/>"] * 11
        + followup
    )
    sub = [_ods_cell()] * 3 + [_ods_cell(name) for name in abbreviations] + [_ods_cell()] * 4
    first = (
        [_ods_cell("Rendir cuentas"), _ods_cell(GOVERNMENT, rows=2), _ods_cell("1")]
        + [_ods_cell("X"), _ods_cell(style="ce1"), _ods_cell(style="ce2")]
        + [_ods_cell()] * 9
        + [_ods_cell("Cumplida")]
        + [_ods_cell()] * 3
    )
    second = (
        [_ods_cell("Publicar informes"), "<table:covered-table-cell/>", _ods_cell("2")]
        + [_ods_cell()] * 11
        + [_ods_cell(style="ce1")]
        + [_ods_cell()] * 3
        + [_ods_cell("En curso")]
    )
    rows = [
        _ods_cell("FECHA DEL PLAN:") + _ods_cell(PLAN_DATE),
        "",
        "".join(top),
        "".join(sub),
        "".join(first),
        "".join(second),
    ]
    return ods_file(rows, FILL_STYLES)


ODS_EXPECTED = {
    "numbers": [1, 2],
    "months": [[1, 2], [12]],
    "responsible": [GOVERNMENT, GOVERNMENT],
    "followup": [{1: "Cumplida"}, {4: "En curso"}],
}


# -- Word: a table split by a page break ------------------------------------------------------


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "BDD7EE")
    cell._tc.get_or_add_tcPr().append(shading)


DOCX_HEADER = ["N°", "ACTIVIDAD", *MONTH_NAMES, "Meta", "Responsable", "Q1", "Q2", "Q3", "Q4"]


def _fill_rows(table, first: int, rows: list[list[str]]) -> None:
    for offset, values in enumerate(rows):
        for column, value in enumerate(values):
            table.cell(first + offset, column).text = value


def docx_split_table(*, repeat_header: bool) -> bytes:
    """The control block in the page header; «Enero»…«Diciembre» and «Q1»…«Q4» in one header
    row; the activities table split in two by a page break, its header repeated or not; the
    responsible merged down (vMerge); a month marked by shading alone."""
    document = docx.Document()
    control = document.sections[0].header.add_table(rows=2, cols=3, width=docx.shared.Cm(18))
    control.cell(0, 0).text = "ALCALDÍA DE TULUÁ"
    control.cell(0, 0).paragraphs[0].runs[0].bold = True
    control.cell(0, 1).text, control.cell(0, 2).text = "CÓDIGO", "PLA-F-09"
    control.cell(1, 1).text, control.cell(1, 2).text = "VERSIÓN", "4"
    document.add_paragraph("FORMATO PLAN DE ACCIÓN")
    document.add_paragraph(f"FECHA DEL PLAN: {PLAN_DATE}")
    empty = [""] * 12
    february = ["", "X", *[""] * 10]
    first = document.add_table(rows=3, cols=len(DOCX_HEADER))
    _fill_rows(
        first,
        0,
        [
            DOCX_HEADER,
            ["1", "Rendir cuentas", *february, "4", GOVERNMENT, "Hecho", "", "", ""],
            ["2", "Publicar informes", *empty, "2", "", "", "", "", ""],
        ],
    )
    first.cell(1, 15).merge(first.cell(2, 15)).text = GOVERNMENT
    _shade(first.cell(1, 2))  # January, by shading alone
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    rest = [
        ["3", "Capacitar", *empty[:6], "X", *empty[7:], "1", "Despacho", "", "", "", ""],
        ["4", "Evaluar", *empty[:11], "X", "3", "Despacho", "", "", "", "Evaluado"],
    ]
    second = document.add_table(rows=len(rest) + repeat_header, cols=len(DOCX_HEADER))
    _fill_rows(second, 0, [DOCX_HEADER, *rest] if repeat_header else rest)
    document.add_paragraph("www.tulua.gov.co")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_EXPECTED = {
    "numbers": [1, 2, 3, 4],
    "months": [[1, 2], [], [7], [12]],
    "targets": ["4", "2", "1", "3"],
    "responsible": [GOVERNMENT, GOVERNMENT, "Despacho", "Despacho"],
    "followup": [{1: "Hecho"}, {}, {}, {4: "Evaluado"}],
}
