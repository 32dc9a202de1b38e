"""Differences between two versions of a plan, field by field, for the side-by-side view.

Both sides are compared in their open-data form (followup.document.version_content), the same
names and values the public sees, plus what the plan's page
shows and the open data leaves out (the weight and the indicator's type, unit and baseline), so
a difference here is a difference anyone reading the plan could observe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

from audit.catalogue import field_label
from core.dates import month_name
from formats.opendata import ACTIVITY_FIELDS, LIGHT_LABELS, PLAN_FIELDS

# "Meta anual del indicador; vacío si no se ha fijado." → "Meta anual del indicador",
# "Semáforo del periodo I: rojo, amarillo, …" → "Semáforo del periodo I"
LABELS = {
    f.name: re.split(r"[;:,(]", f.description)[0].strip(" .") for f in PLAN_FIELDS + ACTIVITY_FIELDS
}
IGNORED_PLAN_FIELDS = {"estado"}  # every new version starts as a draft: not a change of content

# Compared besides the open data, named alike: name → the Activity field it comes from.
ACTIVITY_EXTRA_FIELDS = {
    "indicador_tipo": "indicator_type",
    "indicador_unidad": "indicator_unit",
    "indicador_linea_base": "indicator_baseline",
    "ponderacion": "weight",
}
# The extra fields are open data too now (the round trip needs them); the comparison reads them
# as the plan's page shows them (version_content), once.
ACTIVITY_NAMES = [f.name for f in ACTIVITY_FIELDS] + [
    name for name in ACTIVITY_EXTRA_FIELDS if name not in {f.name for f in ACTIVITY_FIELDS}
]


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class ActivityChange:
    number: int
    kind: str  # agregada, eliminada, modificada
    description: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class PlanDiff:
    header: list[FieldChange]
    activities: list[ActivityChange]

    @property
    def empty(self) -> bool:
        return not self.header and not self.activities


def shown(value: Any) -> str:
    """A value as a person reads it in a comparison: lists joined, 3.00 shown as 3 and 2.50
    as 2,5, booleans as Sí or No."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, list | tuple):
        return "; ".join(map(shown, value))
    if isinstance(value, dict):
        return "; ".join(f"{key}: {shown(item)}" for key, item in value.items())
    if isinstance(value, Decimal | str) and re.fullmatch(r"-?\d+(\.\d+)?", str(value)):
        return number_format(Decimal(value).normalize())
    return str(value)


def months_shown(months: Any) -> str:
    """A cronograma's months by name: [3, 6] → "marzo, junio"."""
    if isinstance(months, list) and all(isinstance(m, int) and 1 <= m <= 12 for m in months):
        return ", ".join(map(month_name, months)) or "—"
    return shown(months)


def _shown(name: str, value: Any) -> str:
    if name.startswith("semaforo") and isinstance(value, str) and value in LIGHT_LABELS:
        return LIGHT_LABELS[value]
    if name == "meses_programados":
        return months_shown(value)
    return shown(value)


def _label(name: str) -> str:
    if name in ACTIVITY_EXTRA_FIELDS:
        return field_label("plans.activity", ACTIVITY_EXTRA_FIELDS[name])
    return LABELS[name]


def _changes(old: dict, new: dict, names, ignored=frozenset()) -> list[FieldChange]:
    changes = []
    for name in names:
        before, after = _shown(name, old.get(name)), _shown(name, new.get(name))
        if name not in ignored and before != after:
            changes.append(FieldChange(name, _label(name), before, after))
    return changes


def compare(old: tuple[dict, list[dict]], new: tuple[dict, list[dict]]) -> PlanDiff:
    """What changed from ``old`` to ``new``. Activities are matched by the activity each one of
    ``new`` continues (``_carried_from`` → ``_activity_id``, for consecutive versions), else by
    their number: so a removed activity whose number a new one took shows as removed and added,
    not as changed."""
    (old_plan, old_rows), (new_plan, new_rows) = old, new
    header = _changes(old_plan, new_plan, [f.name for f in PLAN_FIELDS], IGNORED_PLAN_FIELDS)
    activities = []
    for before, after in _pairs(old_rows, new_rows):
        if before is None:
            activities.append(ActivityChange(after["numero"], "agregada", after["actividad"]))
        elif after is None:
            activities.append(ActivityChange(before["numero"], "eliminada", before["actividad"]))
        else:
            fields = _changes(before, after, ACTIVITY_NAMES)
            if fields:
                activities.append(
                    ActivityChange(after["numero"], "modificada", after["actividad"], fields)
                )
    order = {"eliminada": 0, "modificada": 1, "agregada": 2}
    return PlanDiff(header, sorted(activities, key=lambda a: (a.number, order[a.kind])))


def _pairs(old_rows: list[dict], new_rows: list[dict]) -> list[tuple[dict | None, dict | None]]:
    old_ids = {row.get("_activity_id") for row in old_rows} - {None}
    continued = {
        row["_carried_from"]: row for row in new_rows if row.get("_carried_from") in old_ids
    }
    if continued:
        pairs = [(row, continued.get(row["_activity_id"])) for row in old_rows]
        linked = {id(row) for row in continued.values()}
        return pairs + [(None, row) for row in new_rows if id(row) not in linked]
    old_by_number = {row["numero"]: row for row in old_rows}
    new_by_number = {row["numero"]: row for row in new_rows}
    return [
        (old_by_number.get(number), new_by_number.get(number))
        for number in sorted(old_by_number.keys() | new_by_number.keys())
    ]
