"""The life of a plan: borrador → en revisión → aprobado (or devuelto) → publicado.

An approved or published plan is read-only; it changes through a new version, with a reason,
that goes through the same cycle. Publishing a version archives the one it replaces, so the
public always sees exactly one published version.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from followup import rollups
from organization import policy, public_cache
from plans import selectors
from plans.models import Plan
from plans.services.editing import clone_plan, record_plan

Status = Plan.Status


class TransitionRefused(ValidationError):
    """The plan cannot move to that state now; the message says why."""


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("entity", "plan_type").get(pk=plan.pk)


def _expect(plan: Plan, *allowed: str, action: str) -> None:
    if plan.status not in allowed:
        wanted = " o ".join(Status(s).label.lower() for s in allowed)
        raise TransitionRefused(
            f"No se puede {action} un plan {plan.get_status_display().lower()}; "
            f"debe estar {wanted}."
        )


@transaction.atomic
def submit_for_review(plan: Plan, *, by: Any) -> Plan:
    """Planeación sends a draft (or a returned plan) to the Comité, if nothing blocks it."""
    plan = _locked(plan)
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación envía planes a revisión.")
    _expect(plan, Status.DRAFT, Status.RETURNED, action="enviar a revisión")
    blocking = [p for p in selectors.review_plan(plan) if p.blocking]
    if blocking:
        raise TransitionRefused(
            f"El plan tiene {len(blocking)} problema(s) que impiden enviarlo a revisión; "
            "corríjalos en la revisión del plan."
        )
    before = audit.snapshot(plan)
    plan.status = Status.IN_REVIEW
    plan.submitted_at = timezone.now()
    plan.save()
    record_plan("plan.submitted", plan, by=by, before=before)
    return plan


@transaction.atomic
def return_plan(plan: Plan, *, by: Any, comment: str) -> Plan:
    """The approver sends the plan back to Planeación with what must change."""
    plan = _locked(plan)
    if not policy.can_approve(by, plan.entity_id):
        raise PermissionDenied("Solo quien aprueba por el Comité puede devolver un plan.")
    _expect(plan, Status.IN_REVIEW, action="devolver")
    if not comment.strip():
        raise TransitionRefused("Escriba qué debe corregirse para devolver el plan.")
    before = audit.snapshot(plan)
    plan.status = Status.RETURNED
    plan.review_comment = comment.strip()
    plan.save()
    record_plan("plan.returned", plan, by=by, before=before, reason=comment.strip())
    return plan


@transaction.atomic
def approve_plan(plan: Plan, *, by: Any) -> Plan:
    plan = _locked(plan)
    if not policy.can_approve(by, plan.entity_id):
        raise PermissionDenied("Solo quien aprueba por el Comité puede aprobar un plan.")
    _expect(plan, Status.IN_REVIEW, action="aprobar")
    before = audit.snapshot(plan)
    plan.status = Status.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = by
    plan.review_comment = ""
    plan.save()
    record_plan("plan.approved", plan, by=by, before=before)
    return plan


@transaction.atomic
def publish_plan(plan: Plan, *, by: Any) -> Plan:
    """Planeación publishes an approved plan; the version it replaces is archived."""
    plan = _locked(plan)
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación publica planes.")
    _expect(plan, Status.APPROVED, action="publicar")
    before = audit.snapshot(plan)
    plan.status = Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save()
    record_plan("plan.published", plan, by=by, before=before)
    public_cache.invalidate(plan.entity_id)
    previous = plan.previous_version
    while previous is not None:
        if previous.status == Status.PUBLISHED:
            old = audit.snapshot(previous)
            previous.status = Status.ARCHIVED
            previous.save()
            record_plan(
                "plan.archived",
                previous,
                by=by,
                before=old,
                reason=f"Reemplazado por la versión {plan.version}",
            )
        previous = previous.previous_version
    rollups.rebuild(plan)  # after archiving: the entity's sums count the new version only
    return plan


@transaction.atomic
def start_new_version(plan: Plan, *, by: Any, reason: str) -> Plan:
    """A draft copy of an approved or published plan, version + 1, with the reason recorded."""
    plan = _locked(plan)
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación crea versiones de un plan.")
    _expect(plan, Status.APPROVED, Status.PUBLISHED, action="crear una nueva versión de")
    if Plan.objects.filter(previous_version=plan).exists():
        raise TransitionRefused("Este plan ya tiene una versión más reciente; modifique esa.")
    if not reason.strip():
        raise TransitionRefused("Escriba el motivo del cambio para crear la nueva versión.")
    version = clone_plan(
        plan,
        year=plan.year,
        version=plan.version + 1,
        keep_results=True,
        previous_version=plan,
        change_reason=reason.strip(),
    )
    record_plan("plan.version.created", version, by=by, reason=reason.strip())
    return version
