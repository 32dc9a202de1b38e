"""Files built to cost as much as possible to read, and real plans to compare them with.

Each builder returns a file's bytes; none needs a database. ``bench/files.py`` measures reading
each one, and ``formats/tests/test_bounded_cost.py`` checks that the hostile ones are refused
with a message that names the limit. The sizes by default are those of the probe in issue 17
(an 800-byte ODS that inflated to more than 14 GB, a 1.5 MB ODS of compressed whitespace, a
0.5 MB DOCX of paragraphs...); the tests pass smaller ones that still cross every limit.
"""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
ODS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b"<office:body><office:spreadsheet>"
)
ODS_TAIL = b"</office:spreadsheet></office:body></office:document-content>"

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
DOCX_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
DOCX_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD_NS}">'
    "<w:body>"
).encode()
DOCX_TAIL = b"<w:sectPr/></w:body></w:document>"

XLSX_CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
XLSX_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
XLSX_WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
XLSX_WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
</Relationships>"""
XLSX_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
EMPTY_SHARED_STRINGS = (
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"'
    b' uniqueCount="0"/>'
)
CHUNK = 1 << 20


# -- containers ----------------------------------------------------------------------------


def zip_file(members: dict[str, bytes | Iterable[bytes]], *, level: int = 9) -> bytes:
    """A zip whose members may be given as chunks, so a member of up to 2 GB is never whole in
    memory (larger ones would need zip64 headers). ``mimetype`` is stored, as OpenDocument
    asks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in members.items():
            if name == "mimetype":
                archive.writestr(zipfile.ZipInfo(name), content, zipfile.ZIP_STORED)
            elif isinstance(content, bytes):
                archive.writestr(name, content)
            else:
                with archive.open(name, "w") as member:
                    for chunk in content:
                        member.write(chunk)
    return buffer.getvalue()


def repeated(unit: bytes, count: int) -> Iterator[bytes]:
    """``unit`` × ``count`` in chunks of about a megabyte."""
    per_chunk = max(1, CHUNK // len(unit))
    block = unit * per_chunk
    for _ in range(count // per_chunk):
        yield block
    yield unit * (count % per_chunk)


def ods_file(content: bytes | Iterable[bytes]) -> bytes:
    return zip_file(
        {"mimetype": ODS_MIME, "META-INF/manifest.xml": ODS_MANIFEST, "content.xml": content}
    )


def docx_file(body: Iterable[bytes], *, level: int = 9) -> bytes:
    return zip_file(
        {
            "[Content_Types].xml": DOCX_CONTENT_TYPES,
            "_rels/.rels": DOCX_RELS,
            "word/document.xml": [DOCX_HEAD, *body, DOCX_TAIL],
        },
        level=level,
    )


def xlsx_file(sheet: Iterable[bytes], shared_strings: bytes | Iterable[bytes] = b"") -> bytes:
    return zip_file(
        {
            "[Content_Types].xml": XLSX_CONTENT_TYPES,
            "_rels/.rels": XLSX_RELS,
            "xl/workbook.xml": XLSX_WORKBOOK,
            "xl/_rels/workbook.xml.rels": XLSX_WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": sheet,
            "xl/sharedStrings.xml": shared_strings or EMPTY_SHARED_STRINGS,
        }
    )


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- hostile files --------------------------------------------------------------------------


def ods_repeated(rows: int = 100_000, columns: int = 1_000) -> bytes:
    """One row repeated ``rows`` times, its one cell repeated ``columns`` times: a few hundred
    bytes that a spreadsheet reader expands to rows × columns cells."""
    return ods_file(
        ODS_HEAD
        + b'<table:table table:name="Hoja1">'
        + f'<table:table-row table:number-rows-repeated="{rows}">'.encode()
        + f'<table:table-cell table:number-columns-repeated="{columns}"'.encode()
        + b' office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        + b"</table:table>"
        + ODS_TAIL
    )


def ods_far_cell(row: int = 100_000, column: int = 200) -> bytes:
    """Two cells, A1 and one far away; between them only repeated empty rows and cells, which a
    reader that keeps a dense grid fills in."""
    return ods_file(
        ODS_HEAD
        + b'<table:table table:name="Hoja1"><table:table-row><table:table-cell'
        + b' office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        + f'<table:table-row table:number-rows-repeated="{row - 2}">'.encode()
        + b"<table:table-cell/></table:table-row><table:table-row>"
        + f'<table:table-cell table:number-columns-repeated="{column - 1}"/>'.encode()
        + b'<table:table-cell office:value-type="string"><text:p>y</text:p></table:table-cell>'
        + b"</table:table-row></table:table>"
        + ODS_TAIL
    )


def ods_whitespace(megabytes: int = 1_500) -> bytes:
    """A valid spreadsheet whose content.xml carries ``megabytes`` of spaces: deflate packs
    them a thousand to one."""
    return ods_file(
        [
            ODS_HEAD,
            b'<table:table table:name="Hoja1">',
            *repeated(b" " * 1024, megabytes * 1024),
            b"</table:table>",
            ODS_TAIL,
        ]
    )


def lying_header(data: bytes, member: str, declared: bytes) -> bytes:
    """The zip ``data`` with ``member``'s headers declaring the size and CRC of ``declared``, a
    prefix of its real content: a reader that trusts the header stops there (and finds the CRC
    right), one that inflates the whole stream gets everything."""
    archive = bytearray(data)
    name = member.encode()
    size, crc = len(declared), zlib.crc32(declared)
    local = archive.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", archive, local + 26)[0]
        if archive[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", archive, local + 14, crc)
            struct.pack_into("<I", archive, local + 22, size)
            break
        local = archive.find(b"PK\x03\x04", local + 4)
    central = archive.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", archive, central + 28)[0]
        if archive[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", archive, central + 16, crc)
            struct.pack_into("<I", archive, central + 24, size)
            break
        central = archive.find(b"PK\x01\x02", central + 4)
    return bytes(archive)


def ods_lying_header(megabytes: int = 1_500) -> bytes:
    """An ODS whose content.xml says it holds a small valid sheet and really goes on with
    ``megabytes`` of spaces after it."""
    sheet = (
        ODS_HEAD
        + b'<table:table table:name="Hoja1"><table:table-row><table:table-cell'
        + b' office:value-type="string"><text:p>N\xc2\xb0</text:p></table:table-cell>'
        + b"</table:table-row></table:table>"
        + ODS_TAIL
    )
    honest = ods_file([sheet, *repeated(b" " * 1024, megabytes * 1024)])
    return lying_header(honest, "content.xml", sheet)


def docx_paragraphs(count: int = 500_000) -> bytes:
    """A Word document of ``count`` one-letter paragraphs."""
    return docx_file(repeated(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", count))


def docx_merged_column(rows: int = 2_000) -> bytes:
    """A table whose first column is one cell merged down ``rows`` rows: python-docx looks for
    each merged cell's origin row by row, so this cost grows with the square of the rows."""
    cell = b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
    first = b'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc>'
    merged = b"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    return docx_file(
        [
            b"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>",
            b"<w:tr>" + first + cell + b"</w:tr>",
            *repeated(b"<w:tr>" + merged + cell + b"</w:tr>", rows - 1),
            b"</w:tbl>",
        ]
    )


def docx_long_paragraph(megabytes: int = 60) -> bytes:
    """One paragraph of ``megabytes`` of text in runs of 1 KB."""
    run = b"<w:r><w:t>" + b"a" * 1024 + b"</w:t></w:r>"
    return docx_file([b"<w:p>", *repeated(run, megabytes * 1024), b"</w:p>"])


def docx_elements(count: int = 2_000_000) -> bytes:
    """One run whose properties are ``count`` elements that carry nothing (bold, again and
    again): the most elements a Word document can hold within the other limits."""
    run = [b"<w:p><w:r><w:rPr>", *repeated(b'<w:b w:val="1"/>', count), b"</w:rPr></w:r></w:p>"]
    return docx_file(run)


def xlsx_huge_sheet(rows: int = 300_000, columns: int = 20) -> bytes:
    """A sheet of ``rows`` × ``columns`` numbers. Rows and cells leave out their reference
    (``r``), which the format allows, so every row is the same bytes and deflate packs them."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return xlsx_file(
        [XLSX_SHEET_HEAD + b"<sheetData>", *repeated(row, rows), b"</sheetData></worksheet>"]
    )


def xlsx_huge_dimension() -> bytes:
    """A sheet that declares the whole grid (A1:XFD1048576) and holds its two corners."""
    return xlsx_file(
        [
            XLSX_SHEET_HEAD,
            b'<dimension ref="A1:XFD1048576"/><sheetData>',
            b'<row r="1"><c r="A1"><v>1</v></c></row>',
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            b"</sheetData></worksheet>",
        ]
    )


def xlsx_wide_rows(rows: int = 20_000) -> bytes:
    """Rows whose only cell is in the last column (XFD): a reader pads each to 16,384 cells."""
    return xlsx_file(
        [
            XLSX_SHEET_HEAD + b"<sheetData>",
            *(
                b"".join(
                    f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>'.encode()
                    for n in range(start, min(start + 1000, rows + 1))
                )
                for start in range(1, rows + 1, 1000)
            ),
            b"</sheetData></worksheet>",
        ]
    )


def xlsx_shared_strings(count: int = 6_000_000) -> bytes:
    """A workbook with one cell and ``count`` shared strings, all read before any sheet."""
    return xlsx_file(
        [
            XLSX_SHEET_HEAD,
            b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
        ],
        [
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
            *repeated(b"<si><t>a</t></si>", count),
            b"</sst>",
        ],
    )


def xlsx_merged_cells(count: int = 2_000_000) -> bytes:
    """A one-cell sheet followed by ``count`` merged ranges, which a reader builds in memory
    after the last row."""
    return xlsx_file(
        [
            XLSX_SHEET_HEAD,
            b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>',
            f'<mergeCells count="{count}">'.encode(),
            *repeated(b'<mergeCell ref="A2:B3"/>', count),
            b"</mergeCells></worksheet>",
        ]
    )


def xlsx_zip_bomb(megabytes: int = 2_000) -> bytes:
    """A workbook with a member of ``megabytes`` of zeros, named like a picture."""
    return zip_file(
        {
            "[Content_Types].xml": XLSX_CONTENT_TYPES,
            "_rels/.rels": XLSX_RELS,
            "xl/workbook.xml": XLSX_WORKBOOK,
            "xl/_rels/workbook.xml.rels": XLSX_WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": XLSX_SHEET_HEAD + b"<sheetData/></worksheet>",
            "xl/sharedStrings.xml": EMPTY_SHARED_STRINGS,
            "xl/media/image1.png": repeated(b"\0" * 1024, megabytes * 1024),
        }
    )


def xls_far_cells(sheets: int = 4) -> bytes:
    """An Excel 97-2003 workbook whose sheets each hold cells A1 and IV65536: a reader that
    keeps a dense grid fills in 65,536 × 256 cells per sheet."""
    import xlwt

    book = xlwt.Workbook()
    for number in range(1, sheets + 1):
        sheet = book.add_sheet(f"Hoja{number}")
        sheet.write(0, 0, "x")
        sheet.write(65_535, 255, "y")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_short_lines(megabytes: int = 20) -> bytes:
    """``megabytes`` of four-byte lines of two cells."""
    return b"1;2\n" * (megabytes * 2**18)


def text_short_lines(megabytes: int = 20) -> bytes:
    """``megabytes`` of three-byte lines for the seed's text reader."""
    return b"ab\n" * (megabytes * 2**20 // 3)


def json_deep(depth: int = 5_000_000) -> bytes:
    """A plan whose activities are a list nested ``depth`` levels deep."""
    return b'{"plan": {}, "actividades": ' + b"[" * depth + b"]" * depth + b"}"


def json_wide(megabytes: int = 19) -> bytes:
    """A plan with millions of empty activities (three bytes each)."""
    count = megabytes * 2**20 // 3
    return b'{"plan": {}, "actividades": [' + b"{}," * (count - 1) + b"{}]}"


# -- files at the limits: the most a file can cost and still be read to its end -------------------


def _text_row(columns: int, number: int) -> list[str]:
    return [f"texto {number}-{column}" for column in range(columns)]


def xlsx_at_limit(rows: int = 11_000, columns: int = 26, *, inline: bool = False) -> bytes:
    """A sheet of ``rows`` × ``columns`` short texts, shared or (``inline``) each in its cell,
    without an activities table: just under the limits, it is read whole before it is
    refused."""
    strings = [f"texto {column}" for column in range(columns)]

    def cell(number: int, column: int) -> str:
        if inline:
            return f'<c t="inlineStr"><is><t>{strings[column]} {number}</t></is></c>'
        return f'<c t="s"><v>{column}</v></c>'

    def sheet() -> Iterator[bytes]:
        yield XLSX_SHEET_HEAD + b"<sheetData>"
        for number in range(rows):
            cells = "".join(cell(number, column) for column in range(columns))
            yield f"<row>{cells}</row>".encode()
        yield b"</sheetData></worksheet>"

    shared = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return xlsx_file(
        sheet(),
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{shared}</sst>'.encode(),
    )


def xlsx_inline_at_limit() -> bytes:
    return xlsx_at_limit(5_500, 26, inline=True)


def ods_at_limit(rows: int = 19_000, columns: int = 26) -> bytes:
    def content() -> Iterator[bytes]:
        yield ODS_HEAD + b'<table:table table:name="Hoja1">'
        for number in range(rows):
            cells = "".join(
                f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                "</table:table-cell>"
                for text in _text_row(columns, number)
            )
            yield f"<table:table-row>{cells}</table:table-row>".encode()
        yield b"</table:table>" + ODS_TAIL

    return ods_file(content())


def csv_at_limit(rows: int = 19_000, columns: int = 26) -> bytes:
    return "\n".join(";".join(_text_row(columns, n)) for n in range(rows)).encode()


def text_at_limit(lines: int = 20_000, width: int = 1_000) -> bytes:
    """``lines`` tab-separated lines of ``width`` characters: 20 MB."""
    line = "\t".join(["texto " * 10] * (width // 61))[:width]
    return "\n".join([line] * lines).encode()


def json_at_limit(activities: int = 9_000) -> bytes:
    """Open data of ``activities`` activities: just under the values limit."""
    from formats.writers import render

    return render("json", *plan_records(activities))


# -- real plans -------------------------------------------------------------------------------


def _activity(number: int) -> dict:
    from formats.opendata import ACTIVITY_FIELD_NAMES

    activity = dict.fromkeys(ACTIVITY_FIELD_NAMES)
    activity |= {
        "numero": number,
        "actividad": f"Actividad {number}: fortalecer la participación ciudadana en el territorio",
        "tareas": ["Convocar a los grupos de valor", "Realizar la jornada", "Publicar el informe"],
        "meses_programados": [(number % 12) + 1, ((number + 5) % 12) + 1],
        "productos_entregables": "Informe de gestión con soportes",
        "indicador_formula": "Número de informes elaborados",
        "indicador_meta": 4,
        "indicador_resultado": "",
        "responsables": [f"Secretaría {number % 12 + 1}"],
        "responsables_texto": f"Secretaría {number % 12 + 1}",
    }
    return activity


def plan_records(activities: int = 5_000) -> tuple[dict, list[dict]]:
    """A plan's open-data records, as ``followup.document.open_data`` gives them."""
    from formats.opendata import PLAN_FIELD_NAMES

    plan = dict.fromkeys(PLAN_FIELD_NAMES)
    plan |= {
        "entidad_nombre": "Alcaldía de Prueba",
        "entidad_nit": "890399029-5",
        "vigencia": 2026,
        "tipo": "Plan de Acción Institucional",
        "periodicidad": "trimestral",
        "codigo_formato": "PLA-F-01",
        "version_formato": 1,
        "proceso": "Direccionamiento estratégico",
        "objetivo": "Medir la lectura de archivos",
        "dependencia_responsable": "Secretaría de Planeación",
        "dependencias_participantes": ["Secretaría de Planeación"],
        "fecha_plan": datetime.date(2025, 10, 29),
    }
    return plan, [_activity(number) for number in range(1, activities + 1)]


def plan_grid(activities: int) -> list[list[str]]:
    """The cells of a plan laid out as the format: header fields, the two-row table header and
    one row per activity."""
    header = ["N°", "ACTIVIDADES", "TAREAS", "MES"] + [""] * 11
    header += ["PRODUCTOS ENTREGABLES", "FÓRMULA", "META", "RESPONSABLES"]
    rows = [["PROCESO:", "DIRECCIONAMIENTO ESTRATÉGICO"], [], header]
    rows.append(["", "", ""] + [str(m) for m in range(1, 13)] + ["", "", "", ""])
    for number in range(1, activities + 1):
        activity = _activity(number)
        months = set(activity["meses_programados"])
        rows.append(
            [str(number), activity["actividad"], "\n".join(activity["tareas"])]
            + ["X" if m in months else "" for m in range(1, 13)]
            + [activity["productos_entregables"], activity["indicador_formula"], "4"]
            + [activity["responsables_texto"]]
        )
    return rows


def real_xlsx(activities: int = 5_000) -> bytes:
    """The official layout as planaccion exports it."""
    from formats.writers import render

    return render("xlsx", *plan_records(activities))


def real_csv(activities: int = 5_000) -> bytes:
    from formats.writers import render

    return render("csv", *plan_records(activities))


def real_json(activities: int = 5_000) -> bytes:
    from formats.writers import render

    return render("json", *plan_records(activities))


def real_text(activities: int = 5_000) -> bytes:
    """The seed's text layout with ``activities`` rows."""
    lines = ["PROCESO: DIRECCIONAMIENTO ESTRATÉGICO", ""]
    for row in plan_grid(activities)[2:]:
        lines.append("\t".join(cell.replace("\n", " | ") for cell in row))
    return "\n".join(lines).encode()


def real_ods(activities: int = 5_000) -> bytes:
    """The plan's grid in an OpenDocument spreadsheet, written as LibreOffice does (styles,
    trailing rows repeated to the end of the sheet)."""

    def content() -> Iterator[bytes]:
        yield ODS_HEAD + b'<table:table table:name="Plan">'
        yield b'<table:table-column table:number-columns-repeated="1024"/>'
        for row in plan_grid(activities):
            cells = []
            for text in row:
                if not text:
                    cells.append('<table:table-cell table:style-name="ce1"/>')
                    continue
                paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in text.split("\n"))
                cells.append(
                    '<table:table-cell table:style-name="ce1" office:value-type="string">'
                    f"{paragraphs}</table:table-cell>"
                )
            yield f"<table:table-row>{''.join(cells)}</table:table-row>".encode()
        yield (
            b'<table:table-row table:number-rows-repeated="1043000">'
            b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
            b"</table:table>" + ODS_TAIL
        )

    return zip_file(
        {"mimetype": ODS_MIME, "META-INF/manifest.xml": ODS_MANIFEST, "content.xml": content()},
        level=6,
    )


def real_xls(activities: int = 5_000) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    for r, row in enumerate(plan_grid(activities)):
        for c, text in enumerate(row):
            if text:
                sheet.write(r, c, text)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def real_docx(activities: int = 2_000) -> bytes:
    """The plan's grid as a Word table, each cell formatted as Word writes it (fonts, sizes,
    widths), the month group merged across its twelve columns."""
    run_properties = (
        '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
        '<w:sz w:val="16"/><w:szCs w:val="16"/><w:lang w:val="es-CO"/></w:rPr>'
    )

    def cell(text: str, span: int = 1) -> str:
        properties = '<w:tcW w:w="1200" w:type="dxa"/>'
        if span > 1:
            properties += f'<w:gridSpan w:val="{span}"/>'
        paragraphs = "".join(
            f'<w:p w:rsidR="00A1B2C3"><w:pPr><w:jc w:val="left"/>{run_properties}</w:pPr>'
            f'<w:r>{run_properties}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
            for line in text.split("\n")
        )
        return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>"

    def body() -> Iterator[bytes]:
        grid = plan_grid(activities)
        yield f"<w:p><w:r><w:t>{escape(grid[0][0])} {escape(grid[0][1])}</w:t></w:r></w:p>".encode()
        yield b"<w:tbl><w:tblGrid>" + b"<w:gridCol/>" * len(grid[2]) + b"</w:tblGrid>"
        top = grid[2]
        yield (
            "<w:tr>"
            + "".join(cell(text) for text in top[:3])
            + cell("MES", 12)
            + "".join(cell(text) for text in top[15:])
            + "</w:tr>"
        ).encode()
        for row in grid[3:]:
            yield ("<w:tr>" + "".join(cell(text) for text in row) + "</w:tr>").encode()
        yield b"</w:tbl>"

    return docx_file(body(), level=6)


# (label, file name, builder) of every file bench/files.py measures.
HOSTILE = [
    ("ODS: una fila repetida 100.000 veces × 1.000 celdas", "repetida.ods", ods_repeated),
    ("ODS: una celda en la fila 100.000, columna 200", "lejana.ods", ods_far_cell),
    ("ODS: 1,5 GB de espacios comprimidos", "espacios.ods", ods_whitespace),
    ("ODS: encabezado zip que miente (1,5 GB reales)", "miente.ods", ods_lying_header),
    ("DOCX: 500.000 párrafos", "parrafos.docx", docx_paragraphs),
    ("DOCX: columna combinada en 2.000 filas", "combinada.docx", docx_merged_column),
    ("DOCX: un párrafo de 60 MB", "largo.docx", docx_long_paragraph),
    ("DOCX: 2 millones de elementos vacíos", "elementos.docx", docx_elements),
    ("XLSX: 300.000 filas × 20 columnas", "enorme.xlsx", xlsx_huge_sheet),
    ("XLSX: dimensión A1:XFD1048576", "dimension.xlsx", xlsx_huge_dimension),
    ("XLSX: 20.000 filas con una celda en XFD", "ancha.xlsx", xlsx_wide_rows),
    ("XLSX: 6 millones de textos compartidos", "textos.xlsx", xlsx_shared_strings),
    ("XLSX: 2 millones de celdas combinadas", "combinadas.xlsx", xlsx_merged_cells),
    ("XLSX: bomba zip (2 GB de ceros)", "bomba.xlsx", xlsx_zip_bomb),
    ("XLS: 4 hojas con celdas en A1 e IV65536", "lejana.xls", xls_far_cells),
    ("CSV: 20 MB de líneas cortas", "lineas.csv", csv_short_lines),
    ("TXT: 20 MB de líneas cortas", "lineas.txt", text_short_lines),
    ("JSON: 5 millones de niveles", "profundo.json", json_deep),
    ("JSON: 6,6 millones de actividades vacías", "ancho.json", json_wide),
]
AT_LIMIT = [
    ("XLSX: 11.000 filas × 26 textos compartidos, sin tabla", "limite.xlsx", xlsx_at_limit),
    ("XLSX: 5.500 filas × 26 textos propios, sin tabla", "propios.xlsx", xlsx_inline_at_limit),
    ("ODS: 19.000 filas × 26 textos, sin tabla", "limite.ods", ods_at_limit),
    ("CSV: 19.000 filas × 26 textos, sin tabla", "limite.csv", csv_at_limit),
    ("TXT: 20.000 líneas de 1.000 caracteres", "limite.txt", text_at_limit),
    ("JSON de datos abiertos de 9.000 actividades", "limite.json", json_at_limit),
]
REAL = [
    ("XLSX oficial de 5.000 actividades", "plan.xlsx", real_xlsx),
    (
        "XLSX oficial de 20.000 actividades (se rechaza diciendo por qué)",
        "plan-20000.xlsx",
        lambda: real_xlsx(20_000),
    ),
    ("ODS de 5.000 actividades", "plan.ods", real_ods),
    ("XLS de 5.000 actividades", "plan.xls", real_xls),
    ("DOCX de 2.000 actividades", "plan.docx", real_docx),
    ("CSV de datos abiertos de 5.000 actividades", "plan.csv", real_csv),
    ("JSON de datos abiertos de 5.000 actividades", "plan.json", real_json),
    ("TXT del formato con 5.000 actividades", "plan.txt", real_text),
]
