"""Writing the audit trail. Every service that changes data records inside its transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from audit.models import AuditEntry
from core.bulk import insert_alike

SYSTEM_ACTOR = "sistema"


def snapshot(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The concrete field values of a model instance, as JSON-friendly data.

    Many-to-many values are included as sorted id lists once the instance has been saved.
    """
    data: dict[str, Any] = {}
    skip = set(exclude)
    for field in instance._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.attname] = _jsonable(getattr(instance, field.attname))
    if instance.pk:
        for field in instance._meta.many_to_many:
            if field.name not in skip:
                data[field.name] = sorted(
                    getattr(instance, field.name).values_list("pk", flat=True)
                )
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def _actor(user: Any) -> Any:
    """The signed-in user who acts, or None for the system (a command, an anonymous request)."""
    return user if getattr(user, "is_authenticated", False) else None


def actor_label(user: Any) -> str:
    return SYSTEM_ACTOR if _actor(user) is None else user.get_username()


def _entry(
    action: str,
    obj: models.Model,
    *,
    by: Any,
    before: dict | None,
    after: dict | None,
    entity_id: int | None,
    plan_id: int | None,
    reason: str,
) -> AuditEntry:
    return AuditEntry(
        actor=_actor(by),
        actor_label=actor_label(by),
        action=action,
        entity_id=entity_id,
        plan_id=plan_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        reason=reason,
    )


def record(
    action: str,
    obj: models.Model,
    *,
    by: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    entity_id: int | None = None,
    plan_id: int | None = None,
    plan: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry with a dotted action code such as ``plan.activity.changed``.

    ``plan`` scopes the entry to a plan and its entity (``plan_id`` and ``entity_id`` from it),
    for a change to the plan or to anything inside it.
    """
    if plan is not None:
        entity_id, plan_id = plan.entity_id, plan.pk
    entry = _entry(
        action,
        obj,
        by=by,
        before=before,
        after=after,
        entity_id=entity_id,
        plan_id=plan_id,
        reason=reason,
    )
    entry.save()
    return entry


def record_created(
    action: str,
    objects: Iterable[models.Model],
    *,
    by: Any = None,
    entity_id: int | None = None,
    plan_id: int | None = None,
    after: Callable[[Any], dict] = snapshot,
) -> None:
    """One entry per newly created object, written in a single bulk insert."""
    insert_alike(
        AuditEntry,
        ["object_type", "object_id", "object_repr", "after"],
        ((obj._meta.label_lower, str(obj.pk), str(obj)[:300], after(obj)) for obj in objects),
        actor=_actor(by),
        actor_label=actor_label(by),
        action=action,
        entity_id=entity_id,
        plan_id=plan_id,
    )
