"""CSV files: planaccion's own open data, or a plan table saved from a spreadsheet."""

from __future__ import annotations

import csv
import io

from formats.document import ImportFileError, Location, PlanDocument
from formats.readers.base import decode_text
from formats.readers.grid import GridCell, parse_grid
from formats.readers.opendata import document_from_records, read_csv_records


class CsvReader:
    name = "CSV"
    extensions = (".csv",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        text = decode_text(data, source)
        try:
            records = read_csv_records(text, source)
            if records is not None:
                return document_from_records(*records, source)
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            rows = list(csv.reader(io.StringIO(text), dialect))
        except csv.Error as exc:
            raise ImportFileError(f"no es un CSV legible ({exc}).", Location(source)) from exc
        return parse_grid([[GridCell(cell) for cell in row] for row in rows], source)
