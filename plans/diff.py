"""Differences between two versions of a plan, field by field, for the side-by-side view.

Both sides are compared in their open-data form (selectors.open_data), the same names and
values the public sees, so a difference here is a difference anyone could observe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS

# "Meta anual del indicador; vacío si no se ha fijado." → "Meta anual del indicador"
LABELS = {
    f.name: re.split(r"[;,(]", f.description)[0].strip(" .") for f in PLAN_FIELDS + ACTIVITY_FIELDS
}
IGNORED_PLAN_FIELDS = {"estado"}  # every new version starts as a draft: not a change of content


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
    """A value as a person reads it in a comparison: lists joined, 3.00 shown as 3."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, list | tuple):
        return "; ".join(map(shown, value))
    if isinstance(value, Decimal | str) and re.fullmatch(r"-?\d+(\.\d+)?", str(value)):
        return format(Decimal(value).normalize(), "f")
    return str(value)


def _changes(old: dict, new: dict, names, ignored=frozenset()) -> list[FieldChange]:
    return [
        FieldChange(name, LABELS[name], shown(old.get(name)), shown(new.get(name)))
        for name in names
        if name not in ignored and shown(old.get(name)) != shown(new.get(name))
    ]


def compare(old: tuple[dict, list[dict]], new: tuple[dict, list[dict]]) -> PlanDiff:
    """What changed from ``old`` to ``new``; activities are matched by their number."""
    (old_plan, old_rows), (new_plan, new_rows) = old, new
    header = _changes(old_plan, new_plan, [f.name for f in PLAN_FIELDS], IGNORED_PLAN_FIELDS)
    old_by_number = {row["numero"]: row for row in old_rows}
    new_by_number = {row["numero"]: row for row in new_rows}
    activities = []
    for number in sorted(old_by_number.keys() | new_by_number.keys()):
        before, after = old_by_number.get(number), new_by_number.get(number)
        if before is None:
            activities.append(ActivityChange(number, "agregada", after["actividad"]))
        elif after is None:
            activities.append(ActivityChange(number, "eliminada", before["actividad"]))
        else:
            fields = _changes(before, after, [f.name for f in ACTIVITY_FIELDS])
            if fields:
                activities.append(ActivityChange(number, "modificada", after["actividad"], fields))
    return PlanDiff(header, activities)
