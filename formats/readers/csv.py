"""CSV files: planaccion's own open data, or a plan table saved from a spreadsheet."""

from __future__ import annotations

import csv

from formats.document import ImportFileError, Location, PlanDocument
from formats.limits import Budget
from formats.readers.base import decode_text, lines
from formats.readers.grid import EMPTY, GridCell, parse_grid
from formats.readers.opendata import document_from_records, read_csv_records


class CsvReader:
    name = "CSV"
    extensions = (".csv",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        budget = Budget(source, len(data))
        text = decode_text(data, source)
        try:
            records = read_csv_records(text, budget)
            if records is not None:
                return document_from_records(*records, source)
            rows = _rows(text, budget)
        except csv.Error as exc:
            raise ImportFileError(f"no es un CSV legible ({exc}).", Location(source)) from exc
        return parse_grid(rows, source)


def _rows(text: str, budget: Budget) -> list[list[GridCell]]:
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    rows: list[list[GridCell]] = []
    for row in csv.reader(lines(text), dialect):
        budget.check_rows(len(rows) + 1)
        budget.add_cells(len(row))
        rows.append([GridCell(cell) if cell else EMPTY for cell in row])
    return rows


def grid(data: bytes, source: str) -> list[list[GridCell]]:
    """The file's cells, within the same limits as a plan: for tables that are not a plan de
    acción (a Plan Indicativo, development.importing)."""
    budget = Budget(source, len(data))
    try:
        return _rows(decode_text(data, source), budget)
    except csv.Error as exc:
        raise ImportFileError(f"no es un CSV legible ({exc}).", Location(source)) from exc
