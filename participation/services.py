"""Writes of the participation register: each one a function, in one transaction, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import record, snapshot
from organization.models import Entity
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
    if position is None:
        position = entity.value_groups.count() + 1
    group = ValueGroup.objects.create(
        entity=entity, name=name.strip(), description=description, position=position
    )
    record(
        "participation.value_group.created",
        group,
        by=by,
        after=snapshot(group),
        entity_id=entity.pk,
    )
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
