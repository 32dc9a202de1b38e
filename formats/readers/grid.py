"""Plans held in a grid of cells (spreadsheets, CSV, tables in Word documents).

A grid is turned into the seed's text layout, whose reader already knows the document-control
block, the header fields, the two-row table header and the footer: label cells become
"LABEL: value" lines, table rows become tab-separated lines, bold cells keep their ``**`` marks
and a filled, empty cell under a month becomes an X. Every line remembers the row it came from,
so errors still name the sheet, row and column.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from formats.document import ImportFileError, Location, PlanDocument
from formats.mapping import map_columns
from formats.readers.seed_text import NOT_A_PLAN, _labelled, _Parser

# Inside a table cell a line break would end the line; it travels as this and comes back.
NEWLINE = "\u2028"


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str = ""
    bold: bool = False
    filled: bool = False


# Most cells of a sheet are empty: they share one object.
EMPTY = GridCell()


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
    for index, row in enumerate(rows):
        texts = [cell.text for cell in row]
        first = next((i for i, text in enumerate(texts) if text.strip()), None)
        # The first label alone says whether a row can be the header (the N° column): mapping
        # every row's every cell made a sheet of 20,000 rows without a table cost 10 s.
        if first is None or map_columns(texts[first : first + 1])[0].field != "number":
            continue
        columns = map_columns(texts[first:])
        if columns[0].field == "number" and any(c.field == "description" for c in columns):
            return index
    return None


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
        raise ImportFileError(NOT_A_PLAN, Location(source, sheet=sheet))
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
            if _is_label(text):
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
    columns = map_columns(header[:width], (second + [""] * width)[:width] if second else None)
    months = {c.index for c in columns if c.field.startswith("month:")}
    index = start
    for index in range(start, len(rows)):
        cells = (rows[index][offset:] + [EMPTY] * width)[:width]
        texts = [cell.text.replace("\n", NEWLINE).replace("\t", " ") for cell in cells]
        if index > start + 1 and not any(text.strip() for text in texts):
            break
        if index > start + 1:
            texts = [
                "X" if i in months and not text.strip() and cells[i].filled else text
                for i, text in enumerate(texts)
            ]
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
