"""What reading one imported file may cost, and the counter that refuses a file as it passes.

Every reader counts while it streams: bytes inflated from a zip, XML elements, rows, cells,
paragraphs and characters of text. The first count to pass its limit refuses the file with a
Spanish message that names the file and the limit, before the rest is read. The limits are
chosen so that any file of up to 20 MB is accepted or refused within 10 s and 300 MB of memory
(bench/files.py measures it, docs/performance.md has the figures), and so that real plans fit
comfortably: a plan has tens to a few thousand activities, and the official XLSX of a plan of
5,000 activities uses half of the cells and less than a sixteenth of the inflated bytes allowed.
docs/adr/0019-bounded-cost-for-any-file.md says why each limit is what it is.
"""

from __future__ import annotations

from pathlib import PurePath

from formats.document import ImportFileError

MB = 2**20
# An uploaded or imported file. Uploads are also stopped at this size while they are received
# (core.uploads); the number is repeated there because settings cannot import formats.
MAX_FILE_BYTES = 20 * MB
# Everything a zip container (XLSX, DOCX, ODS) holds, inflated: the Word document of a plan of
# 5,000 activities inflates to about 46 MB, the official XLSX of one to 6 MB.
MAX_UNPACKED_BYTES = 100 * MB
# Parts of a zip container: a workbook or a document has tens.
MAX_MEMBERS = 10_000
# Rows of one sheet or table (or lines of a text file): what the importer has always allowed.
MAX_ROWS = 20_000
# Cells a file makes its reader hold, empty ones included where the reader keeps a dense grid
# (python-calamine does for XLS and ODS): 5,000 activities in the official layout take 120,000,
# and 445,000 as open data (CSV: 89 columns since the round trip of issue 18, ADR 26).
MAX_CELLS = 500_000
# openpyxl reads an XLSX cell several times slower than the other readers read theirs (50,000
# to 150,000 a second on this machine, depending on its load): its limit is lower, and a cell
# with its own text (not a shared one) counts twice. The official XLSX of 5,000 activities
# counted 155,000 before it carried the «Datos» sheet (ADR 26), about 176,000 since.
MAX_XLSX_CELLS = 300_000
# The largest plan whose official XLSX, as planaccion exports it, imports back: its activities
# take about 35 cells each (24 on the official sheet, the «Datos» sheet's record, and the shared
# texts the workbook keeps of both), so MAX_XLSX_CELLS is reached a little above 8,500; 8,000
# leaves room for longer texts. A plan of 20,000 activities (MAX_ROWS) exports but is refused
# on import with a message that says so: reading it would take openpyxl about 20 s
# (docs/adr/0026-datos-sheet.md).
OWN_XLSX_ACTIVITIES = 8_000
# Paragraphs of a Word document, in the body and in table cells.
MAX_PARAGRAPHS = 200_000
# XML elements read while streaming a file's parts: what bounds the time of a file whose
# inflated bytes are within their limit (expat and our handlers take one to three microseconds
# per element on this machine, depending on its load). A Word plan of 2,000 activities
# formatted as Word writes it has 750,000; one of 5,000, 1.9 million.
MAX_XML_ELEMENTS = 2_000_000
# Parts of a workbook that openpyxl builds whole in memory (styles, merged cells, validations,
# defined names...), counted in elements: the official XLSX has 485; a workbook bloated with
# Excel's maximum of 64,000 cell styles would have about 200,000.
MAX_STRUCTURE_ELEMENTS = 250_000
# Characters of text a file makes its reader hold (cells, paragraphs, shared strings, a
# repeated cell as many times as it is repeated): 5,000 activities take about 1.1 million.
MAX_TEXT_CHARS = 20_000_000
# Nesting of a JSON file: the open-data JSON nests four levels.
MAX_JSON_DEPTH = 20


class LimitExceeded(ImportFileError):
    """A file refused because it passes one of the limits above."""


def number(value: int) -> str:
    """An integer as Colombia writes it: 20.000."""
    return f"{value:,}".replace(",", ".")


class Budget:
    """What one file has cost so far. Each ``add_*`` method counts and refuses the file with
    ``ImportFileError`` as soon as a limit is passed; the message names the file, the limit and,
    where there is one, the sheet."""

    def __init__(self, source: str, size: int, *, max_cells: int = MAX_CELLS):
        self.name = PurePath(source).name
        self.max_cells = max_cells
        if size > MAX_FILE_BYTES:
            raise self.refuse(f"pesa más de {MAX_FILE_BYTES // MB} MB", MAX_FILE_BYTES // MB, "MB")
        self.unpacked = 0
        self.elements = 0
        self.structure = 0
        self.cells = 0
        self.paragraphs = 0
        self.text = 0

    def refuse(self, what: str, limit: int | str, unit: str = "", where: str = "") -> LimitExceeded:
        """The error for a file that passes a limit: «El archivo «x» tiene más de ...»."""
        shown = number(limit) if isinstance(limit, int) else limit
        return LimitExceeded(
            f"El archivo «{self.name}» {what}{where}; el máximo es {shown}{' ' if unit else ''}"
            f"{unit}."
        )

    def add_unpacked(self, count: int) -> None:
        self.unpacked += count
        if self.unpacked > MAX_UNPACKED_BYTES:
            limit = MAX_UNPACKED_BYTES // MB
            raise self.refuse(f"ocupa más de {limit} MB descomprimido", limit, "MB")

    def add_elements(self, count: int = 1) -> None:
        self.elements += count
        if self.elements > MAX_XML_ELEMENTS:
            raise self._too_many("elementos XML", MAX_XML_ELEMENTS)

    def add_structure(self, count: int = 1) -> None:
        """Elements of a part a library builds whole (see MAX_STRUCTURE_ELEMENTS)."""
        self.structure += count
        if self.structure > MAX_STRUCTURE_ELEMENTS:
            raise self._too_many(
                "elementos de estructura (estilos, celdas combinadas, validaciones, nombres)",
                MAX_STRUCTURE_ELEMENTS,
            )

    def add_cells(self, count: int, sheet: str = "", *, what: str = "celdas") -> None:
        self.cells += count
        if self.cells > self.max_cells:
            raise self._too_many(what, self.max_cells, sheet)

    def add_paragraphs(self, count: int = 1) -> None:
        self.paragraphs += count
        if self.paragraphs > MAX_PARAGRAPHS:
            raise self._too_many("párrafos", MAX_PARAGRAPHS)

    def add_text(self, count: int) -> None:
        self.text += count
        if self.text > MAX_TEXT_CHARS:
            raise self._too_many("caracteres de texto", MAX_TEXT_CHARS)

    def check_rows(self, count: int, sheet: str = "", *, what: str = "filas") -> None:
        """Refuse a sheet, table or text file that has reached more than MAX_ROWS rows."""
        if count > MAX_ROWS:
            raise self._too_many(what, MAX_ROWS, sheet)

    def _too_many(self, what: str, limit: int, sheet: str = "") -> LimitExceeded:
        where = f" en la hoja «{sheet}»" if sheet else ""
        return self.refuse(f"tiene más de {number(limit)} {what}", limit, where=where)
