"""Excel workbooks (.xlsx, .xlsm): the first sheet that holds an activities table."""

from __future__ import annotations

import io

from core import collector
from formats.document import ImportFileError, Location, PlanDocument
from formats.limits import MAX_XLSX_CELLS, OWN_XLSX_ACTIVITIES, Budget, LimitExceeded, number
from formats.readers import xlsx_data
from formats.readers.container import (
    BATCH,
    OLE_SIGNATURE,
    XmlHandler,
    attribute,
    local,
    open_zip,
)
from formats.readers.grid import EMPTY, GridCell, cell_text, merge_down, parse_grid
from formats.readers.seed_text import NotAPlanError

NOT_A_WORKBOOK = "no es un libro de Excel válido (el archivo está dañado o no es .xlsx)."
# Excel's widest row. openpyxl holds a row's cells together before it hands the row over.
MAX_ROW_CELLS = 16_384
# Elements openpyxl streams (a sheet's rows, one at a time) or keeps as plain texts (shared
# strings); any other element it builds into objects that live with the workbook.
STREAMED = frozenset({"sheetData", "row", "c", "v", "f", "is", "t", "si"})
INLINE_CELLS = "celdas (una celda con su propio texto cuenta por dos)"
OWN_EXPORT_LIMIT = (
    "Es un Excel exportado por planaccion: uno así se vuelve a importar si el plan tiene hasta "
    f"unas {number(OWN_XLSX_ACTIVITIES)} actividades (cada una ocupa unas 35 celdas entre la "
    "hoja del formato y la hoja «Datos»). Divida el plan en planes más pequeños, por ejemplo "
    "por dependencia, e impórtelos por separado."
)


class _WorkbookPart(XmlHandler):
    """Counts one XML part of a workbook as it is inflated, before openpyxl opens the file:
    every element for time; each shared string as a cell, and its text; the cells of each row,
    and once more each cell with its own text; any other element (styles, merged cells,
    validations, names...) as structure, which openpyxl builds whole. A sheet's cells are
    counted again as openpyxl hands them over (``_grid``). Elements are told apart by name
    alone (none of these nests in itself), so the parser need not report where each ends."""

    end = None

    def __init__(self, budget: Budget, merges: list[str]):
        super().__init__(budget)
        self.strings = False  # the part is the shared strings
        self.row_cells = 0
        self.merges = merges  # the part's merged ranges ("A5:A9"): read-only openpyxl has none

    def start(self, name: str, attributes: list[str]) -> None:
        self.pending += 1
        if self.pending == BATCH:
            self.flush()
        tag = local(name)
        if tag == "c":
            self.row_cells += 1
            if self.row_cells > MAX_ROW_CELLS:
                raise self.budget.refuse(
                    f"tiene una fila con más de {number(MAX_ROW_CELLS)} celdas", MAX_ROW_CELLS
                )
        elif tag == "row":
            self.row_cells = 0
        elif tag == "si":
            self.budget.add_cells(1, what="textos compartidos")
        elif tag == "is":
            # openpyxl takes two or three times as long to read a cell holding its own text
            # (Excel never writes one, some exporters do) as one pointing to a shared text.
            self.budget.add_cells(1, what=INLINE_CELLS)
        elif tag == "sst":
            self.strings = True
        elif tag not in STREAMED:
            self.budget.add_structure()
            if tag == "mergeCell":
                self.merges.append(attribute(attributes, "ref", ""))

    def text(self, data: str) -> None:
        if self.strings:
            self.budget.add_text(len(data))


def _filled(cell) -> bool:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return False
    color = (fill.fgColor.rgb or "") if fill.fgColor.type == "rgb" else "indexed"
    return color not in {"FFFFFFFF", "00000000", "FFFFFF"}


class XlsxReader:
    name = "Excel"
    extensions = (".xlsx", ".xlsm")

    @collector.paused()
    def read(self, data: bytes, source: str) -> PlanDocument:
        book, budget, merges = _open(data, source)
        try:
            return _plan(book, source, budget, merges)
        except LimitExceeded as error:
            if xlsx_data.SHEET in book.sheetnames:
                raise LimitExceeded(f"{error.message} {OWN_EXPORT_LIMIT}", error.location) from None
            raise
        finally:
            book.close()


def _open(data: bytes, source: str):
    """The workbook opened read-only after its parts were counted against the limits, with its
    budget and the merged ranges of each sheet, by part name."""
    import openpyxl

    budget = Budget(source, len(data), max_cells=MAX_XLSX_CELLS)
    if data.startswith(OLE_SIGNATURE):
        raise ImportFileError(
            "está protegido con contraseña o es un libro de Excel 97-2003 guardado como .xlsx; "
            "quite la contraseña o guárdelo como «Libro de Excel (.xlsx)».",
            Location(source),
        )
    merges: dict[str, list[str]] = {}  # by part name
    open_zip(
        data,
        source,
        budget,
        damaged=NOT_A_WORKBOOK,
        handler_for=lambda name: _WorkbookPart(budget, merges.setdefault(name, [])),
    )
    try:
        # Read-only streams the sheets: 40 % faster for a plan of 5,000 activities. It trusts
        # the size a file declares, which some tools write wrong: hence reset_dimensions.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise _unreadable(exc, source) from exc
    return book, budget, merges


def _sheet_rows(sheet, source: str, budget: Budget, merges) -> list[list[GridCell]]:
    try:
        rows = _grid(sheet, budget)
        merge_down(rows, _ranges(merges.get(sheet._worksheet_path.lstrip("/"), [])))
    except ImportFileError:
        raise
    except Exception as exc:  # streamed: a broken sheet fails while it is read
        raise _unreadable(exc, source) from exc
    return rows


@collector.paused()
def sheet_grids(data: bytes, source: str) -> list[tuple[str, list[list[GridCell]]]]:
    """Every sheet's cells, by sheet name, within the same limits as a plan: for tables that
    are not a plan de acción (a Plan Indicativo, development.importing)."""
    book, budget, merges = _open(data, source)
    try:
        return [
            (sheet.title, _sheet_rows(sheet, source, budget, merges)) for sheet in book.worksheets
        ]
    finally:
        book.close()


def _plan(book, source: str, budget: Budget, merges: dict[str, list[str]]) -> PlanDocument:
    """The first sheet that holds a plan, reconciled with the «Datos» sheet when there is one;
    ``merges`` are the merged ranges of each sheet, by part name."""
    first_error: ImportFileError | None = None
    for sheet in book.worksheets:
        if sheet.title == xlsx_data.SHEET:
            continue
        rows = _sheet_rows(sheet, source, budget, merges)
        try:
            document = parse_grid(rows, source, sheet.title)
        except NotAPlanError as error:
            first_error = first_error or error
            continue
        if xlsx_data.SHEET not in book.sheetnames:
            return document
        try:
            stated = xlsx_data.read_data_sheet(book[xlsx_data.SHEET], source, budget)
        except ImportFileError:
            raise
        except Exception as exc:  # as for the official sheet, above
            raise _unreadable(exc, source) from exc
        return xlsx_data.reconcile(document, stated)
    raise first_error or ImportFileError("el libro no tiene hojas.", Location(source))


def _grid(sheet, budget: Budget) -> list[list[GridCell]]:
    """The sheet's cells, counted row by row as openpyxl streams them: the rows it makes up
    for the gaps of a sparse sheet and the empty cells it pads a row with count too."""
    sheet.reset_dimensions()
    # (bold, filled, percentage) by style, the workbook's style objects being looked up by
    # identity: the cells of a plan share a handful of styles, and hashing one for each cell
    # took a tenth of the reading.
    looks: dict[int, tuple[bool, bool, bool]] = {id(None): (False, False, False)}
    rows: list[list[GridCell]] = []
    for row in sheet.iter_rows():
        budget.check_rows(len(rows) + 1, sheet.title)
        budget.add_cells(len(row), sheet.title)
        cells = []
        for cell in row:
            style = getattr(cell, "style_array", None)  # None: a cell the file leaves out
            look = looks.get(id(style))
            if look is None:
                look = looks[id(style)] = (
                    bool(cell.font and cell.font.b),
                    _filled(cell),
                    "%" in (getattr(cell, "number_format", "") or ""),
                )
            text = cell_text(cell.value, percent=look[2])
            if text or look[0] or look[1]:
                budget.add_text(len(text))
                cells.append(GridCell(text, look[0], look[1]))
            else:
                cells.append(EMPTY)
        rows.append(cells)
    return rows


def _ranges(references: list[str]):
    """Merged ranges as (first row, last row, first column, last column), 0-based."""
    from openpyxl.utils.cell import range_boundaries

    for reference in references:
        try:
            first_column, first_row, last_column, last_row = range_boundaries(reference)
        except (TypeError, ValueError):
            continue  # a range that names no cells merges nothing
        if None not in (first_column, first_row, last_column, last_row):
            yield first_row - 1, last_row - 1, first_column - 1, last_column - 1


def _unreadable(exc: Exception, source: str) -> ImportFileError:
    return ImportFileError(
        f"no se pudo leer el libro de Excel ({type(exc).__name__}); ábralo y guárdelo de "
        "nuevo como .xlsx.",
        Location(source),
    )
