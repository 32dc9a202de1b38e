"""Open-data writers: JSON and CSV from the same plan and activity records."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
from typing import Any

from formats.opendata import ACTIVITY_FIELD_NAMES, PLAN_FIELD_NAMES
from formats.text import FORMULA_STARTS

CSV_LIST_SEPARATOR = "; "


def json_number(value: decimal.Decimal) -> int | float:
    """A decimal as a JSON number: whole numbers without a fraction, others as they read."""
    return float(value) if value != value.to_integral_value() else int(value)


def json_default(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return json_number(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serialisable")


def to_json(plan: dict[str, Any], activities: list[dict[str, Any]]) -> str:
    """``{"plan": {...}, "actividades": [...]}`` with ISO dates and lists as arrays."""
    document = {
        "plan": {name: plan[name] for name in PLAN_FIELD_NAMES},
        "actividades": [{name: row[name] for name in ACTIVITY_FIELD_NAMES} for row in activities],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=json_default) + "\n"


def _list_text(items: list[str]) -> str:
    """A list joined with «; », or as a JSON array when joining would not read back the same
    items: one holds a «;», is empty or has edge spaces, or the text would start with «[»."""
    joined = CSV_LIST_SEPARATOR.join(items)
    if joined.startswith("[") or any(";" in i or not i or i != i.strip() for i in items):
        return json.dumps(items, ensure_ascii=False)
    return joined


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return _list_text([_text(item) for item in value])
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=json_default) if value else ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv_cell(value: Any) -> str:
    """A cell's text; one that starts like a formula gets a ' so spreadsheets show it as text.
    A number is left alone: -2 is no formula, and '-2 would not be a number (Table Schema)."""
    text = _text(value)
    if isinstance(value, int | float | decimal.Decimal):
        return text
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def to_csv(plan: dict[str, Any], activities: list[dict[str, Any]]) -> str:
    """One row per activity with the plan's fields repeated; UTF-8, comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PLAN_FIELD_NAMES + ACTIVITY_FIELD_NAMES)
    plan_cells = [_csv_cell(plan[name]) for name in PLAN_FIELD_NAMES]
    for row in activities:
        writer.writerow(plan_cells + [_csv_cell(row[name]) for name in ACTIVITY_FIELD_NAMES])
    return buffer.getvalue()
