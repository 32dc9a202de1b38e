"""Word documents (.docx): the usual home of these formats. Paragraphs and tables are read in
order, the document-control block too when it sits in the page header.

The document is streamed with expat, not built as a tree: python-docx held every element of a
document (3.6 GB for half a megabyte of paragraphs) and looked up the origin of each vertically
merged cell row by row, which grows with the square of the rows. What this reads is what
python-docx gave: a paragraph's text is its runs' and hyperlinks' text (tabs, line breaks and
non-breaking hyphens as characters); a cell's is its paragraphs' text, one per line; a cell that
continues a horizontal merge is empty, one that continues a vertical merge is marked so the
grid repeats the value above; the header is the first section's default header, its tables
and then its paragraphs. A table that a page break split in two (the second part after
nothing but empty paragraphs, with as many columns, its header row repeated or not) is read
as one.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from formats.document import ImportFileError, Location, PlanDocument
from formats.limits import Budget
from formats.readers.container import (
    BATCH,
    OLE_SIGNATURE,
    XmlHandler,
    attribute,
    open_zip,
    read_member,
    read_xml,
)
from formats.readers.grid import (
    EMPTY,
    MERGED_ABOVE,
    GridCell,
    is_continuation,
    parse_grid,
    table_header,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships "
RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
NOT_A_DOCUMENT = (
    "no se pudo leer el documento de Word (está dañado, protegido con contraseña o no es .docx); "
    "ábralo y guárdelo de nuevo como .docx."
)
P, TABLE, ROW, CELL = W + "p", W + "tbl", W + "tr", W + "tc"
RUN, TEXT, BREAK, HYPERLINK = W + "r", W + "t", W + "br", W + "hyperlink"
RUN_PROPERTIES, BOLD = W + "rPr", W + "b"
ROW_PROPERTIES, GRID_BEFORE = W + "trPr", W + "gridBefore"
CELL_PROPERTIES, GRID_SPAN = W + "tcPr", W + "gridSpan"
VERTICAL_MERGE, SHADING = W + "vMerge", W + "shd"
SECTION, HEADER_REFERENCE = W + "sectPr", W + "headerReference"
VAL, TYPE, FILL, ID = W + "val", W + "type", W + "fill", R + "id"
# What a run's inner elements read as, besides <w:t>'s text (python-docx's CT_R.text).
RUN_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
# The elements whose start or end matters; the many others (fonts, sizes, spacing) only count.
STARTS = frozenset(
    {W + "document", W + "body", W + "hdr", P, TABLE, ROW, CELL, RUN, TEXT, BREAK, BOLD}
    | {GRID_BEFORE, GRID_SPAN, VERTICAL_MERGE, SHADING, SECTION, HEADER_REFERENCE}
    | set(RUN_CHARACTERS)
)
ENDS = frozenset({P, TABLE, ROW, CELL, RUN, TEXT, SECTION})
FALSE = frozenset({"0", "false", "off"})
UNFILLED = frozenset({"", "AUTO", "FFFFFF"})


@dataclass
class _Paragraph:
    at: int  # depth of <w:p>
    parts: list[str] = field(default_factory=list)
    runs: list[tuple[str, bool]] = field(default_factory=list)  # its own runs: (text, bold)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def bold_runs(self) -> list[bool]:
        """Whether each of its own runs with visible text is bold."""
        return [bold for text, bold in self.runs if text.strip()]


@dataclass
class _Run:
    at: int
    direct: bool  # a child of the paragraph, not of a hyperlink
    parts: list[str] = field(default_factory=list)
    bold: bool = False


@dataclass
class _Cell:
    span: int = 1
    merge: str | None = None  # <w:vMerge w:val>: "restart", "continue" or None
    fill: str = ""
    paragraphs: list[str] = field(default_factory=list)
    bold: bool = False


@dataclass
class _Row:
    before: int = 0  # grid columns left empty at the start (<w:gridBefore>)
    cells: list[_Cell] = field(default_factory=list)


class _Table:
    """A table's rows as grid rows, merged cells resolved as they arrive."""

    def __init__(self, budget: Budget, rows_before: int):
        self.budget = budget
        self.rows_before = rows_before  # rows of the document already read, for the limit
        self.rows: list[list[GridCell]] = []
        self.above: list[int] = []  # the origin of each cell of the previous row
        self.origins: dict[int, tuple[int, int, GridCell]] = {}  # by grid column, above
        self.serial = 0

    def add(self, row: _Row) -> None:
        origins: dict[int, tuple[int, int, GridCell]] = {}
        yielded: list[tuple[int, GridCell]] = []
        column = row.before
        resolved = []
        for cell in row.cells:
            origin = self.origins.get(column) if cell.merge == "continue" else None
            if origin is None:
                self.serial += 1
                text = "\n".join(cell.paragraphs).strip()
                look = GridCell(text, cell.bold, cell.fill.upper() not in UNFILLED)
                origin = (self.serial, cell.span, look)
            origins[column] = origin
            resolved.append(origin)
            column += cell.span
        self.budget.add_cells(sum(span for _serial, span, _look in resolved))
        for serial, span, look in resolved:
            yielded.extend([(serial, look)] * span)
        cells = []
        for index, (serial, look) in enumerate(yielded):
            if index and yielded[index - 1][0] == serial:
                cells.append(EMPTY)  # a horizontal merge keeps its columns, empty
            elif index < len(self.above) and self.above[index] == serial:
                cells.append(MERGED_ABOVE)
            else:
                cells.append(look)
        self.above = [serial for serial, _look in yielded]
        self.origins = origins
        self.rows.append(cells)
        self.budget.check_rows(self.rows_before + len(self.rows), what="párrafos y filas de tabla")


class _Part(XmlHandler):
    """The blocks of one part (the document's body or a header) as they stream by: its own
    paragraphs and tables, and, in the body, the first section's default header."""

    def __init__(
        self, budget: Budget, broken: ImportFileError, root: str, container: str, rows: int = 0
    ):
        super().__init__(budget)
        self.broken = broken
        self.root, self.container = root, container
        self.names: list[str] = []  # the open elements
        self.base: int | None = None  # depth of the container (<w:body>, <w:hdr>)
        self.blocks: list[tuple[str, list]] = []  # ("p", row) or ("tbl", rows)
        self.rows = rows  # grid rows so far, with those of the parts read before
        self.paragraph: _Paragraph | None = None
        self.run: _Run | None = None
        self.text_at: int | None = None  # depth of the <w:t> being read
        self.table: _Table | None = None
        self.row: _Row | None = None
        self.cell: _Cell | None = None
        self.section_at: int | None = None  # depth of the first <w:sectPr> while inside it
        self.sections = 0
        self.header_id = ""

    def start(self, name: str, attributes: list[str]) -> None:
        names = self.names
        depth = len(names)
        names.append(name)
        self.pending += 1
        if self.pending == BATCH:
            self.flush()
        if depth == 0 and name != self.root:
            raise self.broken
        if name not in STARTS:  # formatting, mostly
            return
        if name == P:
            self.budget.add_paragraphs()
        if self.base is None:
            if name == self.container:
                self.base = depth
            return
        level = depth - self.base
        if name == SECTION:
            self.sections += 1
            if self.sections == 1:
                self.section_at = depth
        elif name == HEADER_REFERENCE:
            if depth == (self.section_at or -2) + 1 and attribute(attributes, TYPE) == "default":
                self.header_id = attribute(attributes, ID, "")
        elif level == 1:
            if name == P:
                self.paragraph = _Paragraph(depth)
            elif name == TABLE:
                self.table = _Table(self.budget, self.rows)
        elif self.paragraph is not None:
            self._in_paragraph(name, attributes, depth)
        elif self.table is not None:
            self._in_table(name, attributes, level)

    def _in_table(self, name: str, attributes: list[str], level: int) -> None:
        row, cell = self.row, self.cell
        if level == 2 and name == ROW:
            self.row = _Row()
        elif row is None:
            return
        elif level == 3 and name == CELL:
            self.cell = _Cell()
        elif level == 4 and name == GRID_BEFORE and self.names[-2] == ROW_PROPERTIES:
            row.before = _integer(attribute(attributes, VAL), 0)
        elif cell is None:
            return
        elif level == 4 and name == P:
            self.paragraph = _Paragraph(self.base + level)
        elif level == 5 and self.names[-2] == CELL_PROPERTIES:
            if name == GRID_SPAN:
                cell.span = _integer(attribute(attributes, VAL), 1)
            elif name == VERTICAL_MERGE:
                cell.merge = attribute(attributes, VAL, "continue")
            elif name == SHADING:
                cell.fill = attribute(attributes, FILL, "")

    def _in_paragraph(self, name: str, attributes: list[str], depth: int) -> None:
        paragraph, run = self.paragraph, self.run
        if run is None:
            if name == RUN and depth == paragraph.at + 1:
                self.run = _Run(depth, direct=True)
            elif name == RUN and depth == paragraph.at + 2 and self.names[-2] == HYPERLINK:
                self.run = _Run(depth, direct=False)
        elif depth == run.at + 1:
            if name == TEXT:
                self.text_at = depth
            elif name in RUN_CHARACTERS:
                run.parts.append(RUN_CHARACTERS[name])
            elif name == BREAK and attribute(attributes, TYPE, "textWrapping") == "textWrapping":
                run.parts.append("\n")
        elif depth == run.at + 2 and name == BOLD and self.names[-2] == RUN_PROPERTIES:
            run.bold = attribute(attributes, VAL, "true") not in FALSE

    def end(self, name: str) -> None:
        self.names.pop()
        if name not in ENDS:
            return
        depth = len(self.names)
        if depth == self.text_at:
            self.text_at = None
        elif self.run is not None and depth == self.run.at:
            text = "".join(self.run.parts)
            self.paragraph.parts.append(text)
            if self.run.direct:
                self.paragraph.runs.append((text, self.run.bold))
            self.run = None
        elif self.paragraph is not None and depth == self.paragraph.at:
            self._end_paragraph()
        elif depth == self.section_at:
            self.section_at = None
        elif self.base is None:
            return
        elif self.cell is not None and name == CELL and depth == self.base + 3:
            self.row.cells.append(self.cell)
            self.cell = None
        elif self.row is not None and name == ROW and depth == self.base + 2:
            self.table.add(self.row)
            self.row = None
        elif self.table is not None and name == TABLE and depth == self.base + 1:
            self.blocks.append(("tbl", self.table.rows))
            self.rows += len(self.table.rows) + 1
            self.table = None

    def _end_paragraph(self) -> None:
        paragraph, self.paragraph = self.paragraph, None
        text = paragraph.text
        bold = paragraph.bold_runs()
        if self.cell is not None:
            self.cell.paragraphs.append(text)
            self.cell.bold = self.cell.bold or any(bold)
            return
        text = text.strip()
        self.blocks.append(("p", [GridCell(text, bool(bold) and all(bold))] if text else []))
        self.rows += 1
        self.budget.check_rows(self.rows, what="párrafos y filas de tabla")

    def text(self, data: str) -> None:
        if self.text_at is not None:
            self.budget.add_text(len(data))
            self.run.parts.append(data)


def _integer(value: str | None, default: int) -> int:
    try:
        return max(default, int(value or default))
    except ValueError:
        return default


class _Relationships(XmlHandler):
    """A part's relationships: id -> (type, target), external ones left out."""

    def __init__(self, budget: Budget):
        super().__init__(budget)
        self.found: dict[str, tuple[str, str]] = {}

    def start(self, name: str, attributes: list[str]) -> None:
        self.budget.add_elements()
        self.budget.add_structure()
        if name == RELATIONSHIP and attribute(attributes, "TargetMode") != "External":
            key = attribute(attributes, "Id", "")
            self.found[key] = (
                attribute(attributes, "Type", ""),
                attribute(attributes, "Target", ""),
            )


def _relationships(
    archive: zipfile.ZipFile, part: str, budget: Budget, broken: ImportFileError
) -> dict[str, tuple[str, str]]:
    """The relationships of ``part`` ("" for the package), targets as paths in the zip."""
    folder, base = posixpath.split(part)
    path = posixpath.join(folder, "_rels", f"{base}.rels")
    if path not in archive.namelist():
        return {}
    handler = _Relationships(budget)
    read_xml(read_member(archive, path), handler, broken)
    return {
        key: (
            kind,
            target[1:]
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target)),
        )
        for key, (kind, target) in handler.found.items()
    }


class DocxReader:
    name = "Word"
    extensions = (".docx",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        return parse_grid(grid(data, source), source)


def grid(data: bytes, source: str) -> list[list[GridCell]]:
    """The document as grid rows: the first section's header (its tables, then its paragraphs
    with text), then the body's paragraphs and tables in order, a blank row after each table."""
    budget = Budget(source, len(data))
    broken = ImportFileError(NOT_A_DOCUMENT, Location(source))
    if data.startswith(OLE_SIGNATURE):  # an old .doc, or a document with a password
        raise broken
    archive = open_zip(data, source, budget, damaged=NOT_A_DOCUMENT)
    names = set(archive.namelist())
    main = next(
        (
            target
            for kind, target in _relationships(archive, "", budget, broken).values()
            if kind == OFFICE_DOCUMENT and target in names
        ),
        None,
    )
    if main is None:
        raise broken
    body = _Part(budget, broken, W + "document", W + "body")
    read_xml(read_member(archive, main), body, broken)
    rows: list[list[GridCell]] = []
    header = _relationships(archive, main, budget, broken).get(body.header_id)
    if header and header[1] in names:
        part = _Part(budget, broken, W + "hdr", W + "hdr", rows=body.rows)
        read_xml(read_member(archive, header[1]), part, broken)
        rows.extend(row for kind, block in part.blocks if kind == "tbl" for row in block)
        rows.extend(block for kind, block in part.blocks if kind == "p" and block)
    header: int | None = None  # where the activities table's header is, once read
    table_end: int | None = None  # where the last table's rows end, while only blank follows
    for kind, block in body.blocks:
        if kind != "tbl":
            rows.append(block)
            table_end = table_end if not block else None
            continue
        joined = 0
        if table_end is not None and header is not None:
            joined = is_continuation(rows[header : min(header + 2, table_end)], block)
        if joined:
            del rows[table_end:]
            block = block[joined - 1 :]
        elif (found := table_header(block)) is not None:
            header = len(rows) + found
        else:
            header = None
        rows.extend(block)
        table_end = len(rows)
        rows.append([])
    return rows
