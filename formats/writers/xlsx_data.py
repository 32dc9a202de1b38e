"""The «Datos» sheet of the official XLSX: the plan's open-data records, machine-exact.

The official layout («Plan de acción») is made for people and shows what the paper format shows:
it has no room for the weight, the indicator's type and unit, the baseline, the dates, the
per-period targets, the follow-up state and values, or the source's other columns, and it writes
lists and dates as a person reads them. This sheet carries the same records the CSV and JSON
exports carry (formats.opendata), one JSON object per row, so that planaccion reads its own
workbook back as the same plan (formats.readers.xlsx_data). It is hidden, not locked: Excel's
«Mostrar» shows it. docs/adr/0026-datos-sheet.md says why it is shaped so.
"""

from __future__ import annotations

import json
from typing import Any

from openpyxl import Workbook

from formats.opendata import ACTIVITY_FIELD_NAMES, PLAN_FIELD_NAMES
from formats.writers.opendata import json_default

SHEET = "Datos"
HEADER = ("registro", "datos (JSON, formats.opendata)")
PLAN, ACTIVITY = "plan", "actividad"
# Excel keeps at most 32,767 characters in a cell; a longer record goes on in the next cells.
CELL_CHARS = 32_000
EMPTY = (None, "", [], {})


def chunks(text: str) -> list[str]:
    return [text[at : at + CELL_CHARS] for at in range(0, len(text), CELL_CHARS)] or [""]


def _record(values: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    """The record as JSON, without its empty fields (the reader takes a missing field as
    empty): what a cell holds counts against the reader's limits (formats.limits)."""
    return chunks(
        json.dumps(
            {name: values[name] for name in names if values.get(name) not in EMPTY},
            ensure_ascii=False,
            separators=(",", ":"),
            default=json_default,
        )
    )


def add_data_sheet(book: Workbook, plan: dict[str, Any], activities: list[dict[str, Any]]) -> None:
    """Append the hidden «Datos» sheet: a header row, the plan's record, then one row per
    activity. Every cell is text (a record is a JSON object and starts with «{»)."""
    sheet = book.create_sheet(SHEET)
    sheet.sheet_state = "hidden"
    sheet.append(HEADER)
    sheet.append([PLAN, *_record(plan, PLAN_FIELD_NAMES)])
    for activity in activities:
        sheet.append([ACTIVITY, *_record(activity, ACTIVITY_FIELD_NAMES)])
