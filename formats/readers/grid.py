"""Plans held in a grid of cells (spreadsheets, CSV, tables in Word documents).

A grid is turned into the seed's text layout, whose reader already knows the document-control
block, the header fields, the two-row table header and the footer: label cells become
"LABEL: value" lines, table rows become tab-separated lines, bold cells keep their ``**`` marks
and a filled, empty cell under a month becomes an X. In the activity rows a cell that continues
a vertical merge gets the value above (an OBJETIVO or RESPONSABLE merged over several
activities). Every line remembers the row it came from, so errors still name the sheet, row and
column.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from formats.document import Location, PlanDocument
from formats.mapping import has_sub_header, is_table_header, map_columns
from formats.readers.seed_text import ROLE, _labelled, _Parser, not_a_plan

# Inside a table cell a line break would end the line; it travels as this and comes back.
NEWLINE = "\u2028"


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str = ""
    bold: bool = False
    filled: bool = False
    # The cell continues a vertical merge from the row above: an activity's rows share the
    # merged value (OBJETIVO, RESPONSABLE), so it is filled in under the table's header.
    merged_above: bool = False


# Most cells of a sheet are empty: they share one object.
EMPTY = GridCell()
MERGED_ABOVE = GridCell(merged_above=True)


def merge_down(rows: list[list[GridCell]], ranges) -> None:
    """Mark the cells a vertical merge covers below its first row, for ranges given as
    (first row, last row, first column, last column), 0-based and inclusive. Cells right of the
    first column of a wider merge are left as they are: horizontal merges keep their columns
    and their covered cells empty."""
    width = max(map(len, rows), default=0)  # a streamed row ends at its last cell
    for first_row, last_row, first_column, _last_column in ranges:
        if first_column >= width:
            continue
        for index in range(first_row + 1, min(last_row, len(rows) - 1) + 1):
            row = rows[index]
            if first_column >= len(row):
                row.extend([EMPTY] * (first_column + 1 - len(row)))
            # A cell with text, or one already marked by an overlapping range, ends the run:
            # every cell is marked at most once, however many ranges a file declares.
            if row[first_column].text or row[first_column].merged_above:
                break
            row[first_column] = MERGED_ABOVE


def cell_text(value: object, *, percent: bool = False) -> str:
    """A spreadsheet value as a Colombian sees it: dates as dd/mm/aaaa, 4.0 as 4, 2.5 as 2,5
    (so a number cell never reads as «1.125», which formats.text.parse_number takes for a
    thousand), and a cell formatted as a percentage, 0.5, as 50 %."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if percent:
            return f"{cell_text(round(value * 100, 10))} %"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, float):
            return repr(value).replace(".", ",")
    return str(value).strip()


def _is_label(text: str) -> bool:
    """A cell that holds only a known label ("PROCESO", "CÓDIGO:", "Fecha Aprobación"); one
    with a number holds its value too ("VIGENCIA 2025")."""
    head, _colon, rest = text.partition(":")
    return not rest.strip() and not re.search(r"\d", head) and _labelled(f"{head}:") is not None


def _header_index(rows: list[list[GridCell]]) -> int | None:
    return next(
        (index for index, row in enumerate(rows) if is_table_header([c.text for c in row])),
        None,
    )


def table_header(table: list[list[GridCell]]) -> int | None:
    """The index of the activities table's header row among a table's rows."""
    return _header_index(table)


def is_continuation(header: list[list[GridCell]], table: list[list[GridCell]]) -> int:
    """Whether ``table`` goes on with the activities table whose header rows (the header and
    the row under it) are ``header``: a Word table that a page break split. 0 if not, else 1 +
    how many of its first rows repeat the header rows. It must have as many columns, and its
    first row must not be a sign-off block («Elaboró», «Revisó», «Aprobó» in a row of cells)."""
    if not table or max(len(row) for row in table) != len(header[0]):
        return 0
    repeated = 0
    for above, row in zip(header, table, strict=False):
        texts = [cell.text for cell in row]
        if not any(texts) or texts != [cell.text for cell in above]:
            break
        repeated += 1
    if repeated < len(table) and any(ROLE.match(cell.text.strip()) for cell in table[repeated]):
        return 0
    return 1 + repeated


class _GridParser(_Parser):
    def __init__(self, lines: list[str], origin: list[int], source: str, sheet: str):
        super().__init__(lines, source)
        self.origin, self.sheet = origin, sheet

    def at(self, line, column=None) -> Location:
        row = self.origin[line - 1] if 0 < line <= len(self.origin) else line
        if column is None:
            return Location(self.source, row, sheet=self.sheet)
        return Location(self.source, row, column.index + 1, column.label, sheet=self.sheet)

    def _cell(self, row, column, value, line) -> None:
        super()._cell(row, column, value.replace(NEWLINE, "\n"), line)


def parse_grid(rows: list[list[GridCell]], source: str, sheet: str = "") -> PlanDocument:
    """Read a plan from a grid; rows are 1-based in messages, as spreadsheets number them.
    Readers have counted the grid's rows and cells against formats.limits as they built it."""
    start = _header_index(rows)
    if start is None:
        raise not_a_plan(
            ((number, [cell.text for cell in row]) for number, row in enumerate(rows, 1)),
            lambda number: Location(source, number or None, sheet=sheet),
            "fila",
        )
    offset = next(i for i, cell in enumerate(rows[start]) if cell.text.strip())
    lines: list[str] = []
    origin: list[int] = []

    def emit(text: str, row_number: int) -> None:
        for part in text.split("\n"):
            lines.append(part)
            origin.append(row_number)

    for number, row in enumerate(rows[:start], start=1):
        current: list[str] = []
        for cell in row:
            text = cell.text.strip()
            if not text:
                continue
            # A label's value may itself read like a label («OBJETIVO:» | «año»): right after a
            # label still without its value, only a cell written with its colon starts another.
            awaiting = len(current) == 1
            if _is_label(text) and not (awaiting and not text.endswith(":")):
                if current:
                    emit(" ".join(current), number)
                current = [text if text.endswith(":") else f"{text}:"]
                continue
            shown = f"**{text}**" if cell.bold and not current else text
            if current:
                current.append(shown.replace("\n", " "))
            else:
                emit(shown, number)
        if current:
            emit(" ".join(current), number)
        emit("", number)

    header = [cell.text for cell in rows[start][offset:]]
    second = [cell.text for cell in rows[start + 1][offset:]] if start + 1 < len(rows) else []
    # The table ends at its last labelled column in either header row (merged groups leave the
    # top row empty over their sub-labels).
    width = max(
        (i + 1 for labels in (header, second) for i, text in enumerate(labels) if text.strip()),
        default=1,
    )
    header = (header + [""] * width)[:width]
    second = (second + [""] * width)[:width]
    two_rows = has_sub_header(header, second)
    columns = map_columns(header, second if two_rows else None)
    months = {c.index for c in columns if c.field.startswith("month:")}
    first_activity = start + (2 if two_rows else 1)
    index = start
    above: list[str] = []
    for index in range(start, len(rows)):
        cells = (rows[index][offset:] + [EMPTY] * width)[:width]
        texts = [cell.text.replace("\n", NEWLINE).replace("\t", " ") for cell in cells]
        if index >= first_activity:
            # A row with nothing of its own ends the table, even where a merge above reaches it.
            if not any(text.strip() for text in texts):
                break
            texts = [
                above[i]
                if cells[i].merged_above and i < len(above)
                else "X"
                if i in months and not text.strip() and cells[i].filled
                else text
                for i, text in enumerate(texts)
            ]
            above = texts
        lines.append("\t".join(texts))
        origin.append(index + 1)
    else:
        index = len(rows)
    # Below the table each row keeps its cells where they stand (tab-separated, line breaks
    # as NEWLINE): a sign-off block lays its roles, names and cargos out in columns.
    for number, row in enumerate(rows[index:], start=index + 1):
        texts = [cell.text.strip().replace("\n", NEWLINE).replace("\t", " ") for cell in row]
        while texts and not texts[-1]:
            texts.pop()
        lines.append("\t".join(texts))
        origin.append(number)
    return _GridParser(lines, origin, source, sheet).parse()
