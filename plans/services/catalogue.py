"""The plan-type catalogue, edited by system administrators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit import services as audit
from plans.models import PlanType


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
    audit.record(
        "plans.plan_type.changed" if before else "plans.plan_type.created",
        plan_type,
        by=by,
        before=before,
        after=audit.snapshot(plan_type),
    )
    return plan_type
