"""Old Excel (.xls) and OpenDocument (.ods) spreadsheets, read with python-calamine.

python-calamine reads every sheet when it opens a workbook and keeps each one as a dense
rectangle from A1 to its last cell with a value, a repeated ODS row or cell copied as many
times as it is repeated: a few hundred bytes can ask it for billions of cells. So the file is
first read here, without keeping anything, to count what calamine would build; it gets the file
only if that is within the limits.
"""

from __future__ import annotations

import io
import struct

from formats.document import ImportFileError, Location, PlanDocument
from formats.limits import Budget
from formats.readers.container import BATCH, OLE_SIGNATURE, XmlHandler, attribute, open_zip
from formats.readers.grid import EMPTY, GridCell, cell_text, merge_down, parse_grid
from formats.readers.seed_text import NotAPlanError

UNREADABLE = (
    "no se pudo leer la hoja de cálculo (está dañada, protegida con contraseña o no es .xls/.ods)."
)
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0 "
STYLE, CELL_STYLE = STYLE_NS + "style", STYLE_NS + "table-cell-properties"
STYLE_NAME, CELL_STYLE_NAME = STYLE_NS + "name", TABLE + "style-name"
BACKGROUND = FO + "background-color"
ROWS_SPANNED, COLUMNS_SPANNED = TABLE + "number-rows-spanned", TABLE + "number-columns-spanned"
UNFILLED = frozenset({"", "transparent", "#ffffff", "#fff"})
SHEET, ROW, SPACES = TABLE + "table", TABLE + "table-row", TEXT + "s"
CELLS = frozenset({TABLE + "table-cell", TABLE + "covered-table-cell"})
NAME, VALUE_TYPE, COUNT = TABLE + "name", OFFICE + "value-type", TEXT + "c"
ROWS_REPEATED, COLUMNS_REPEATED = TABLE + "number-rows-repeated", TABLE + "number-columns-repeated"


class CalamineReader:
    name = "Excel 97-2003 / OpenDocument"
    extensions = (".xls", ".ods")

    def read(self, data: bytes, source: str) -> PlanDocument:
        from python_calamine import CalamineWorkbook

        budget = Budget(source, len(data))
        content = _OdsContent(budget)  # for .ods: fills and merges calamine does not give
        if data.startswith(OLE_SIGNATURE):
            _count_xls(data, source, budget)
        else:
            archive = open_zip(
                data,
                source,
                budget,
                damaged=UNREADABLE,
                handler_for=lambda name: content if name == "content.xml" else None,
            )
            names = archive.namelist()
            # calamine would read a zip with a workbook part as XLSX, uncounted.
            if "content.xml" not in names or any(n.lower().startswith("xl/") for n in names):
                raise ImportFileError(UNREADABLE, Location(source))
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine's errors name the format's internals
            raise ImportFileError(UNREADABLE, Location(source)) from exc
        first_error: ImportFileError | None = None
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            values = sheet.to_python(skip_empty_area=False)
            grid = [[_cell(value) for value in row] for row in values]
            _fill(grid, content.fills.get(name, ()))
            # calamine knows the merged ranges of an .xls, not those of an .ods (read above).
            xls_merges = ((r0, r1, c0, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ())
            merge_down(grid, content.merges.get(name) or xls_merges)
            try:
                return parse_grid(grid, source, name)
            except NotAPlanError as error:
                first_error = first_error or error
        raise first_error or ImportFileError("el libro no tiene hojas.", Location(source))


def _cell(value: object) -> GridCell:
    text = cell_text(value)
    return GridCell(text) if text else EMPTY


def _fill(grid: list[list[GridCell]], fills) -> None:
    """Mark the cells an ODS style fills with a colour (first row, rows, first column,
    columns), within the grid calamine built: a month marked by colour alone."""
    for first_row, rows, first_column, columns in fills:
        for row in grid[first_row : first_row + rows]:
            for index in range(first_column, min(first_column + columns, len(row))):
                row[index] = GridCell(row[index].text, row[index].bold, filled=True)


# -- OpenDocument -------------------------------------------------------------------------------


def _filled(colour: str) -> bool:
    return colour.lower() not in UNFILLED


def _repeated(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


class _OdsContent(XmlHandler):
    """Counts content.xml as calamine will expand it. Each sheet is a rectangle from A1 to the
    last row and column with a cell that has a value (calamine drops the empty rows and cells
    LibreOffice writes to the end of a sheet); the text of a cell counts as many times as the
    cell is repeated."""

    def __init__(self, budget: Budget):
        super().__init__(budget)
        self.depth = 0
        self.table_at: int | None = None  # depth of the sheet being read
        self.cell_at: int | None = None  # depth of the cell being read
        self.sheet = ""
        self.next_row = 0  # rows of the sheet so far, repetitions included
        self.rows = self.columns = 0  # the rectangle with values so far
        self.counted = 0  # its cells already counted
        self.row_repeat = 1
        self.next_column = 0
        self.row_columns = 0  # columns up to this row's last cell with a value
        self.row_text = 0
        self.cell_repeat = 1
        self.cell_has_value = False
        self.cell_text = 0
        self.style = ""  # the automatic style being read
        self.filled_styles: set[str] = set()
        # By sheet: cells with a filled style, and cells merged over several rows.
        self.fills: dict[str, list[tuple[int, int, int, int]]] = {}
        self.merges: dict[str, list[tuple[int, int, int, int]]] = {}

    def start(self, name: str, attributes: list[str]) -> None:
        self.pending += 1
        if self.pending == BATCH:
            self.flush()
        if self.cell_at is not None:  # inside a cell anything is content: text, a note
            self.cell_has_value = True
            if name == SPACES:  # a run of spaces, as many as it says
                self.cell_text += _repeated(attribute(attributes, COUNT))
        elif self.table_at is None:
            if name == SHEET:
                self.table_at = self.depth
                self.sheet = attribute(attributes, NAME, "")
                self.next_row = self.rows = self.columns = self.counted = 0
            elif name == STYLE:
                self.style = attribute(attributes, STYLE_NAME, "")
            elif name == CELL_STYLE and _filled(attribute(attributes, BACKGROUND, "")):
                self.filled_styles.add(self.style)
        elif name == ROW:
            self.row_repeat = _repeated(attribute(attributes, ROWS_REPEATED))
            self.next_column = self.row_columns = self.row_text = 0
        elif name in CELLS:
            self.cell_at = self.depth
            self.cell_repeat = _repeated(attribute(attributes, COLUMNS_REPEATED))
            self.cell_has_value = attribute(attributes, VALUE_TYPE) is not None
            self.cell_text = 0
            self._look(attributes)
        self.depth += 1

    def _look(self, attributes: list[str]) -> None:
        """Record the cell's fill and its merge down, where it sits."""
        row, column = self.next_row, self.next_column
        if attribute(attributes, CELL_STYLE_NAME) in self.filled_styles:
            place = (row, self.row_repeat, column, self.cell_repeat)
            self.fills.setdefault(self.sheet, []).append(place)
        spanned = _repeated(attribute(attributes, ROWS_SPANNED))
        if spanned > 1:
            width = _repeated(attribute(attributes, COLUMNS_SPANNED))
            place = (row, row + spanned - 1, column, column + width - 1)
            self.merges.setdefault(self.sheet, []).append(place)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.depth == self.cell_at:
            if self.cell_has_value:
                self.row_columns = self.next_column + self.cell_repeat
                self.row_text += self.cell_text * self.cell_repeat
            self.next_column += self.cell_repeat
            self.cell_at = None
        elif self.cell_at is None and self.table_at is not None and name == ROW:
            if self.row_columns:
                self.rows = self.next_row + self.row_repeat
                self.columns = max(self.columns, self.row_columns)
                self.budget.check_rows(self.rows, self.sheet)
                self.budget.add_cells(self.rows * self.columns - self.counted, self.sheet)
                self.counted = self.rows * self.columns
                self.budget.add_text(self.row_text * self.row_repeat)
            self.next_row += self.row_repeat
        elif self.depth == self.table_at:
            self.table_at = None

    def text(self, data: str) -> None:
        if self.cell_at is not None:
            self.cell_text += len(data)


# -- Excel 97-2003 ------------------------------------------------------------------------------

# BIFF records of a cell with a value (the blank ones, BLANK and MULBLANK, calamine skips).
# Each starts with the cell's row and column; MULRK holds several cells and ends with the last
# one's column.
VALUE_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
MULRK, BOF, EOF, BOUNDSHEET = 0x00BD, 0x0809, 0x000A, 0x0085
FREE, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def _count_xls(data: bytes, source: str, budget: Budget) -> None:
    """Count the cells calamine will hold for each sheet: the rectangle from A1 to the sheet's
    last cell with a value."""
    stream = _workbook_stream(data, ImportFileError(UNREADABLE, Location(source)))
    names: dict[int, str] = {}  # where a sheet's records begin -> its name
    sheet, depth, rows, columns = "", 0, 0, 0
    position, end = 0, len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if kind == BOUNDSHEET and length >= 8:
            start = struct.unpack_from("<I", stream, body)[0]
            names[start] = _sheet_name(stream[body + 6 : body + length])
        elif kind == BOF:
            if depth == 0:
                sheet, rows, columns = names.get(position, ""), 0, 0
            depth += 1
        elif kind == EOF:
            depth = max(0, depth - 1)
        elif (kind in VALUE_CELLS and length >= 4) or (kind == MULRK and length >= 6):
            row, column = struct.unpack_from("<HH", stream, body)
            if kind == MULRK:
                column = struct.unpack_from("<H", stream, body + length - 2)[0]
            if row >= rows or column >= columns:
                grown = max(rows, row + 1) * max(columns, column + 1) - rows * columns
                rows, columns = max(rows, row + 1), max(columns, column + 1)
                budget.check_rows(rows, sheet)
                budget.add_cells(grown, sheet)
        position = body + length


def _sheet_name(record: bytes) -> str:
    """A BOUNDSHEET's name: a length, then (BIFF8) a flag for 16-bit characters."""
    if len(record) < 2:
        return ""
    length, wide = record[0], record[1] & 1
    if wide:
        return record[2 : 2 + 2 * length].decode("utf-16-le", "replace")
    return record[2 : 2 + length].decode("latin-1")


def _workbook_stream(data: bytes, broken: ImportFileError) -> bytes:
    """The "Workbook" (or, in Excel 5, "Book") stream of an OLE compound file (MS-CFB)."""
    if len(data) < 512:
        raise broken
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    fat_count, first_directory, _, cutoff = struct.unpack_from("<4I", data, 0x2C)
    first_mini_fat, mini_fat_count, first_difat, difat_count = struct.unpack_from("<4I", data, 0x3C)
    if shift not in (9, 12) or mini_shift != 6:
        raise broken
    size = 1 << shift
    sectors = -(-(len(data) - size) // size)  # the last one may be cut short

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise broken
        return data[(number + 1) * size : (number + 2) * size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    number = first_difat
    for _ in range(min(difat_count, sectors)):
        if number >= END_OF_CHAIN - 3:
            break
        entries = struct.unpack(f"<{size // 4}I", sector(number))
        difat.extend(entries[:-1])
        number = entries[-1]
    fat_sectors = [number for number in difat[:fat_count] if number < END_OF_CHAIN - 3]
    fat = struct.unpack(f"<{len(fat_sectors) * size // 4}I", b"".join(map(sector, fat_sectors)))

    def chain(first: int, table=fat) -> list[int]:
        numbers = []
        while first not in (FREE, END_OF_CHAIN):
            if first >= len(table) or len(numbers) > len(table):
                raise broken  # outside the table, or a loop
            numbers.append(first)
            first = table[first]
        return numbers

    directory = b"".join(sector(number) for number in chain(first_directory))
    entries = {}
    for offset in range(0, len(directory) - 127, 128):
        length = min(struct.unpack_from("<H", directory, offset + 0x40)[0], 64)
        name = directory[offset : offset + max(0, length - 2)].decode("utf-16-le", "replace")
        kind = directory[offset + 0x42]
        start, stream_size = struct.unpack_from("<IQ", directory, offset + 0x74)
        if shift == 9:
            stream_size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
        entries.setdefault(name.lower(), (kind, start, stream_size))
    root = next(iter(entries.values()), None)
    workbook = entries.get("workbook") or entries.get("book")
    if root is None or workbook is None or workbook[0] != 2 or workbook[2] > len(data):
        raise broken
    _kind, start, stream_size = workbook
    if stream_size >= cutoff:
        stream = b"".join(sector(number) for number in chain(start))
    else:  # a small stream lives in 64-byte sectors of the mini stream
        mini_fat_bytes = b"".join(sector(n) for n in chain(first_mini_fat)[:mini_fat_count])
        mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
        mini_stream = b"".join(sector(number) for number in chain(root[1]))
        stream = b"".join(
            mini_stream[number * 64 : number * 64 + 64] for number in chain(start, mini_fat)
        )
    if len(stream) < stream_size:
        raise broken
    return stream[:stream_size]
