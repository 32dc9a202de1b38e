"""The plan-type catalogue, edited by system administrators, and the follow-up rhythm each entity
chooses for each type."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit import services as audit
from organization import policy, public_cache
from organization.models import Entity
from plans.models import PlanType, PlanTypeScheme


@transaction.atomic
def save_plan_type(plan_type: PlanType | None, *, by: Any, **fields: Any) -> PlanType:
    """Create or change a plan type. The catalogue is shared by every entity of the deployment."""
    if not getattr(by, "is_superuser", False):
        raise PermissionDenied(
            "Solo el administrador del sistema edita el catálogo de tipos de plan."
        )
    before = audit.snapshot(plan_type) if plan_type else None
    plan_type = plan_type or PlanType()
    for name, value in fields.items():
        setattr(plan_type, name, value)
    plan_type.full_clean()
    plan_type.save()
    public_cache.invalidate_all()  # its name heads every plan of the type, in every entity
    audit.record(
        "plans.plan_type.changed" if before else "plans.plan_type.created",
        plan_type,
        by=by,
        before=before,
        after=audit.snapshot(plan_type),
    )
    return plan_type


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
