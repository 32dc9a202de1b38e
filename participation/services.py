"""Writes of the participation register: each one a function, in one transaction, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import record, snapshot
from organization.models import Entity
from organization.public_cache import invalidate
from participation import characterisation, personal_data
from participation.models import ValueGroup

# The grupos de valor a new register starts with: the usual ones of a municipality's
# participation strategy (DAFP, Guía de caracterización de ciudadanos, usuarios o grupos de
# interés). Planeación renames, adds or deactivates them.
DEFAULT_VALUE_GROUPS = (
    "Ciudadanía en general",
    "Juntas de Acción Comunal",
    "Organizaciones sociales y comunitarias",
    "Jóvenes",
    "Mujeres",
    "Personas mayores",
    "Personas con discapacidad",
    "Comunidades étnicas",
    "Población víctima del conflicto",
    "Población rural (veredas y corregimientos)",
    "Gremios y sector productivo",
    "Servidores públicos y contratistas",
)


@transaction.atomic
def create_value_group(
    entity: Entity, name: str, *, by: Any, description: str = "", position: int | None = None
) -> ValueGroup:
    name = name.strip()
    if entity.value_groups.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"Ya hay un grupo de valor llamado «{name}»."})
    if position is None:
        position = entity.value_groups.count() + 1
    group = ValueGroup.objects.create(
        entity=entity, name=name, description=description.strip(), position=position
    )
    record(
        "participation.value_group.created",
        group,
        by=by,
        after=snapshot(group),
        entity_id=entity.pk,
    )
    invalidate(entity.pk)
    return group


@transaction.atomic
def install_default_value_groups(entity: Entity, *, by: Any) -> list[ValueGroup]:
    """The default register, for an entity that has none yet."""
    if entity.value_groups.exists():
        return list(entity.value_groups.all())
    return [
        create_value_group(entity, name, by=by, position=index)
        for index, name in enumerate(DEFAULT_VALUE_GROUPS, start=1)
    ]


def _changed(group: ValueGroup, action: str, before: dict, *, by: Any) -> None:
    record(action, group, by=by, before=before, after=snapshot(group), entity_id=group.entity_id)
    invalidate(group.entity_id)  # the public register shows names, order and characterisation


@transaction.atomic
def update_value_group(group: ValueGroup, *, by: Any, name: str, description: str) -> ValueGroup:
    """Rename or describe a group; records that use it follow it (they hold its id)."""
    name = name.strip()
    clash = ValueGroup.objects.filter(entity_id=group.entity_id, name__iexact=name)
    if clash.exclude(pk=group.pk).exists():
        raise ValidationError({"name": f"Ya hay un grupo de valor llamado «{name}»."})
    before = snapshot(group)
    group.name, group.description = name, description.strip()
    group.save(update_fields=["name", "description"])
    _changed(group, "participation.value_group.changed", before, by=by)
    return group


@transaction.atomic
def set_value_group_active(group: ValueGroup, active: bool, *, by: Any) -> ValueGroup:
    """Deactivate (out of the pick lists, kept for the records that name it) or reactivate.
    A grupo de valor is never deleted: comments, events and surveys keep pointing at it."""
    if group.active == active:
        return group
    before = snapshot(group)
    group.active = active
    group.save(update_fields=["active"])
    _changed(
        group,
        "participation.value_group.reactivated"
        if active
        else "participation.value_group.deactivated",
        before,
        by=by,
    )
    return group


@transaction.atomic
def move_value_group(group: ValueGroup, step: int, *, by: Any) -> ValueGroup:
    """Move a group ``step`` places up (-1) or down (+1) in the register's order, renumbering
    the register 1..n so that equal or missing positions sort out."""
    groups = list(
        ValueGroup.objects.select_for_update()
        .filter(entity_id=group.entity_id)
        .order_by("position", "name")
    )
    index = next(i for i, g in enumerate(groups) if g.pk == group.pk)
    target = min(max(index + step, 0), len(groups) - 1)
    if target == index:
        return group
    groups.insert(target, groups.pop(index))
    before = snapshot(groups[target])
    for position, each in enumerate(groups, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    _changed(groups[target], "participation.value_group.changed", before, by=by)
    return groups[target]


@transaction.atomic
def characterise_value_group(
    group: ValueGroup, rows: list[tuple[str, dict[str, Any]]], *, by: Any
) -> ValueGroup:
    """Replace the group's characterisation with ``rows`` ((dimension, aggregate) pairs from
    participation.characterisation.row); refuses anything that looks like a list of people."""
    characterisation.check(rows)
    before = snapshot(group)
    group.characterisation = characterisation.stored(rows)
    group.save(update_fields=["characterisation"])
    _changed(group, "participation.value_group.characterised", before, by=by)
    return group


# -- personal data (Ley 1581 de 2012): on request through Planeación ---------------------------


def _request_record(
    action: str, entity: Entity, email: str, *, by: Any, request: dict, counts: dict[str, int]
) -> None:
    """The audit entry of a request: the e-mail only masked and as a keyed hash, never in clear."""
    record(
        action,
        entity,
        by=by,
        after={
            "titular": personal_data.masked(email),
            "huella": personal_data.email_key(email),
            **{key: str(value) for key, value in request.items()},
            "registros": counts,
        },
        entity_id=entity.pk,
        reason=request.get("motivo", ""),
    )


@transaction.atomic
def record_personal_data_export(
    entity: Entity, email: str, *, by: Any, request: dict, counts: dict[str, int]
) -> None:
    """Audit that a titular's data was handed over (the view builds the file)."""
    _request_record(
        "participation.personal_data.exported",
        entity,
        email,
        by=by,
        request=request,
        counts=counts,
    )


@transaction.atomic
def erase_personal_data(entity: Entity, email: str, *, by: Any, request: dict) -> dict[str, int]:
    """Suppress a titular's data in every holder (Ley 1581, art. 8 e): each blanks its records;
    the Consent rows keep their text and date, with the e-mail blanked. Records per holder."""
    if not request.get("motivo", "").strip() or not request.get("radicado", "").strip():
        raise ValidationError("Escriba el radicado de la solicitud y el motivo de la supresión.")
    counts = {
        holder.label: holder.erase(entity, email, by=by) for holder in personal_data.holders()
    }
    _request_record(
        "participation.personal_data.erased", entity, email, by=by, request=request, counts=counts
    )
    return counts
