"""A plan's history as people read it: who, when, what in Spanish, and each field before → after.

The audit trail keeps snapshots of model fields (audit.snapshot): ids, codes, ISO dates and
decimals as text. Here they become what the plan's pages show: names, labels from the models'
choices, dd/mm/aaaa, 2 rather than 2.00. Ids are resolved to names with one query per kind of
object for the whole page, so the page's cost does not grow with its entries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone

from audit.catalogue import NOISE, action_label, field_label, model_field, object_label
from audit.models import AuditEntry
from audit.services import SYSTEM_ACTOR
from plans.diff import FieldChange, months_shown, shown
from plans.schedule import PERIOD_LABELS


def by_period(values: Any) -> str:
    """Values by period number as the formats write them: {"1": "2.00"} → "I: 2"."""
    if not isinstance(values, dict):
        return shown(values)
    return "; ".join(
        f"{PERIOD_LABELS.get(int(key), key) if str(key).isdigit() else key}: {shown(value)}"
        for key, value in sorted(values.items(), key=lambda item: str(item[0]))
    )


# Values only the plans know how to read: (model label, snapshot key) → how.
READ_AS: dict[tuple[str, str], Callable[[Any], str]] = {
    ("plans.activity", "months"): months_shown,
    ("plans.activity", "period_targets"): by_period,
    ("plans.activity", "followup"): by_period,
    ("plans.activity", "reports"): by_period,
}

Names = dict[tuple[str, Any], str]  # (model label, pk) → how a person calls the object


@dataclass
class HistoryEntry:
    at: datetime.datetime
    person: str
    action: str
    object_type: str
    object: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def readable_history(entries: list[AuditEntry]) -> list[HistoryEntry]:
    """The entries (with their actor selected) as the history page shows them."""
    changed = {entry.pk: _changed_keys(entry) for entry in entries}
    names = _names(
        (entry.object_type, key, value)
        for entry in entries
        for key in changed[entry.pk]
        for value in (entry.before[key], entry.after[key])
    )
    return [
        HistoryEntry(
            at=entry.at,
            person=person(entry),
            action=action_label(entry.action),
            object_type=object_label(entry.object_type),
            object=entry.object_repr,
            reason=entry.reason,
            changes=[
                FieldChange(
                    key,
                    field_label(entry.object_type, key),
                    value_shown(entry.object_type, key, entry.before[key], names),
                    value_shown(entry.object_type, key, entry.after[key], names),
                )
                for key in changed[entry.pk]
            ],
        )
        for entry in entries
    ]


def person(entry: AuditEntry) -> str:
    """Who acted: their full name, else their username; "Sistema" for a command or import."""
    if entry.actor is not None:
        return _person_name(entry.actor)
    return "Sistema" if entry.actor_label == SYSTEM_ACTOR else entry.actor_label


def _person_name(user: AbstractBaseUser) -> str:
    return user.get_full_name().strip() or user.get_username()


def _changed_keys(entry: AuditEntry) -> list[str]:
    """The keys whose value changed, in the snapshot's order. An entry that creates or deletes
    has one side only: its action and its object say what happened."""
    before, after = entry.before, entry.after
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(after) + [key for key in before if key not in after]
    return [
        key
        for key in keys
        if key in before and key in after and key not in NOISE and before[key] != after[key]
    ]


def _relation(object_type: str, key: str) -> models.Field | None:
    field = model_field(object_type, key)
    return field if field is not None and field.is_relation else None


def _names(values: Iterable[tuple[str, str, Any]]) -> Names:
    """The names of every object an id among the values points to: one query per model."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for object_type, key, value in values:
        relation = _relation(object_type, key)
        if relation is not None and value not in (None, ""):
            ids = value if isinstance(value, list) else [value]
            wanted[relation.related_model].update(ids)
    names: Names = {}
    for model, ids in wanted.items():
        # select_related(): a __str__ that names a related object reads it from the same row.
        for pk, obj in model._default_manager.select_related().in_bulk(ids).items():
            name = _person_name(obj) if isinstance(obj, AbstractBaseUser) else str(obj)
            names[model._meta.label_lower, pk] = name
    return names


def value_shown(object_type: str, key: str, value: Any, names: Names) -> str:
    """A field's value (as a snapshot keeps it, or as the model holds it) as the plan's pages
    show it; ids are named from ``names`` (see _names)."""
    if value in (None, "", [], {}):
        return "—"
    read_as = READ_AS.get((object_type, key))
    if read_as is not None:
        return read_as(value)
    field = model_field(object_type, key)
    if field is None:
        return shown(value)
    if field.is_relation:
        label = field.related_model._meta.label_lower
        missing = f"{object_label(label)} que ya no existe"
        ids = value if isinstance(value, list) else [value]
        return "; ".join(names.get((label, pk), missing) for pk in ids)
    if field.choices:
        labels = {str(choice): label for choice, label in field.flatchoices}
        return str(labels.get(str(value), shown(value)))
    if isinstance(field, models.DateField) and isinstance(value, str):
        return _date_shown(value, with_time=isinstance(field, models.DateTimeField))
    return shown(value)


def _date_shown(value: str, *, with_time: bool) -> str:
    """An ISO date as Colombians write it, 29/10/2024, with the local time when it has one."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if not with_time:
        return f"{moment:%d/%m/%Y}"
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%d/%m/%Y %H:%M}"
