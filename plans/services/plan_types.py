"""The plan-type catalogue, edited by system administrators, and the follow-up rhythm each entity
chooses for each type."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

from audit import services as audit
from organization import policy, public_cache
from organization.models import Entity
from plans.models import PlanType, PlanTypeScheme


@transaction.atomic
def save_plan_type(plan_type: PlanType | None, *, by: Any, **fields: Any) -> PlanType:
    """Create or change a plan type. The catalogue is shared by every entity of the deployment."""
    return save_catalogue_entry(
        plan_type or PlanType(),
        by=by,
        action="plans.plan_type",
        refusal="Solo el administrador del sistema edita el catálogo de tipos de plan.",
        **fields,
    )


def save_catalogue_entry(entry: Model, *, by: Any, action: str, refusal: str, **fields: Any):
    """Create (an unsaved ``entry``) or change an entry of a catalogue that the system
    administrator keeps for every entity (plan types, MIPG), audited as ``action``.created or
    .changed; run inside the caller's transaction."""
    if not getattr(by, "is_superuser", False):
        raise PermissionDenied(refusal)
    before = audit.snapshot(entry) if entry.pk else None
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    public_cache.invalidate_all()  # its name heads plans, in every entity
    audit.record(
        f"{action}.changed" if before else f"{action}.created",
        entry,
        by=by,
        before=before,
        after=audit.snapshot(entry),
    )
    return entry


@transaction.atomic
def set_type_schemes(entity: Entity, schemes: dict[PlanType, str], *, by: Any) -> None:
    """Planeación chooses, per plan type, the follow-up rhythm of its entity's new plans ("" to
    follow the type's default, else the entity's). Plans already created keep theirs."""
    if not policy.is_planner(by, entity.pk):
        raise PermissionDenied("Solo Planeación elige la periodicidad de los planes de su entidad.")
    current = {row.plan_type_id: row for row in PlanTypeScheme.objects.filter(entity=entity)}
    for plan_type, scheme in schemes.items():
        row = current.get(plan_type.pk)
        if (row.followup_scheme if row else "") == scheme:
            continue
        before = audit.snapshot(row) if row else None
        if scheme:
            row = row or PlanTypeScheme(entity=entity, plan_type=plan_type)
            row.followup_scheme = scheme
            row.full_clean()
            row.save()
        else:
            row.delete()
        audit.record(
            "plans.plan_type_scheme.changed",
            row,
            by=by,
            before=before,
            after=audit.snapshot(row) if scheme else None,
            entity_id=entity.pk,
        )
