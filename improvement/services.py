"""Writes of the planes de mejoramiento: Control Interno records, edits, closes and reopens
findings; Planeación answers them with improvement actions, activities of a plan de
mejoramiento written through plans.services.editing. Each write is one transaction with its
audit entry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from improvement import selectors
from improvement.models import IMPROVEMENT_PLAN_TYPE, Action, Finding
from organization import policy
from organization.models import Entity
from plans.models import Activity, Plan, PlanType
from plans.services import editing

FINDING_FIELDS = (
    "code",
    "title",
    "condition",
    "criterion",
    "cause",
    "effect",
    "source",
    "source_reference",
    "verification",
    "event",
    "commitment",
    "unit",
    "found_on",
)


REFUSED_CLOSING = (
    "No se puede cerrar el hallazgo: Control Interno no ha verificado cumplidas todas sus acciones."
)


class StaleFinding(ValidationError):
    """Someone saved the finding after this person opened it; nothing was written. ``changes``
    lists (field, what this person sent, what is saved now) for templates/_stale.html."""

    def __init__(self, finding: Finding, changes: list[tuple[str, str, str]]):
        super().__init__(
            "Otra persona modificó el hallazgo mientras usted lo editaba; no se guardaron sus "
            "cambios. Revise los valores actuales y vuelva a aplicar los suyos."
        )
        self.finding = finding
        self.changes = changes

    def __str__(self) -> str:
        return self.messages[0]


def _require_auditor(user: Any, entity_id: int) -> None:
    if not policy.is_auditor(user, entity_id):
        raise PermissionDenied("Solo Control Interno de la entidad registra y cierra hallazgos.")


def _require_planner(user: Any, entity_id: int) -> None:
    if not policy.is_planner(user, entity_id):
        raise PermissionDenied("Solo Planeación de la entidad formula las acciones de mejora.")


def _locked(finding: Finding, expected_revision: int | None) -> Finding:
    finding = Finding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
    if expected_revision is not None and expected_revision != finding.revision:
        raise StaleFinding(finding, [])
    return finding


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _check_links(entity_id: int, fields: dict[str, Any]) -> None:
    """The unit and the records a finding comes from are the entity's own."""
    owners = {
        "unit": lambda unit: unit.entity_id,
        "verification": lambda v: v.report.activity.plan.entity_id,
        "event": lambda event: event.entity_id,
        "commitment": lambda commitment: commitment.event.entity_id,
    }
    errors = {
        name: "Debe ser de la misma entidad del hallazgo."
        for name, owner in owners.items()
        if fields.get(name) is not None and owner(fields[name]) != entity_id
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_finding(entity: Entity, *, by: Any, **fields: Any) -> Finding:
    """Control Interno records a finding, open, for the dependencia that answers for it."""
    _require_auditor(by, entity.pk)
    _check_links(entity.pk, fields)
    finding = Finding(entity=entity, created_by=by, **fields)
    finding.full_clean()
    finding.save()
    audit.record(
        "improvement.finding.created",
        finding,
        by=by,
        after=audit.snapshot(finding),
        entity_id=entity.pk,
    )
    return finding


@transaction.atomic
def update_finding(
    finding: Finding, *, by: Any, expected_revision: int | None, **fields: Any
) -> Finding:
    """Control Interno corrects a finding. A stale edit is refused with the values saved now."""
    _require_auditor(by, finding.entity_id)
    current = Finding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
    if expected_revision is not None and expected_revision != current.revision:
        changes = [
            (
                str(Finding._meta.get_field(name).verbose_name).capitalize(),
                _shown(value),
                _shown(getattr(current, name)),
            )
            for name, value in fields.items()
            if getattr(current, name) != value
        ]
        raise StaleFinding(current, changes)
    _check_links(current.entity_id, fields)
    before = audit.snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.revision += 1
    current.full_clean()
    current.save()
    audit.record(
        "improvement.finding.changed",
        current,
        by=by,
        before=before,
        after=audit.snapshot(current),
        entity_id=current.entity_id,
    )
    return current


@dataclass(frozen=True)
class PlanChoice:
    """Where a new action goes: an existing draft plan de mejoramiento, or a new one."""

    plan: Plan | None = None
    new_title: str = ""
    new_year: int | None = None


def _target_plan(finding: Finding, choice: PlanChoice, *, by: Any) -> Plan:
    if choice.plan is None:
        plan_type = PlanType.objects.get(code=IMPROVEMENT_PLAN_TYPE)
        year = choice.new_year or timezone.localdate().year
        return editing.create_plan(
            finding.entity, by=by, plan_type=plan_type, year=year, title=choice.new_title.strip()
        )
    plan = choice.plan
    if plan.entity_id != finding.entity_id or plan.plan_type.code != IMPROVEMENT_PLAN_TYPE:
        raise ValidationError({"plan": "Elija un plan de mejoramiento de la entidad del hallazgo."})
    if not plan.is_editable:
        raise ValidationError(
            {
                "plan": f"El plan «{plan.title}» está {plan.get_status_display().lower()}: las "
                "acciones nuevas entran por una nueva versión del plan (créela desde la página "
                "del plan) o en otro plan de mejoramiento en borrador."
            }
        )
    return plan


def _check_linked(finding: Finding, linked: list[Activity]) -> None:
    for activity in linked:
        if activity.plan.entity_id != finding.entity_id:
            raise ValidationError(
                {"linked_activities": "Las actividades relacionadas deben ser de la entidad."}
            )
        if activity.plan.plan_type.code == IMPROVEMENT_PLAN_TYPE:
            raise ValidationError(
                {
                    "linked_activities": "Relacione actividades de los planes de acción, no de "
                    "un plan de mejoramiento."
                }
            )


@transaction.atomic
def add_action(
    finding: Finding,
    *,
    by: Any,
    data: editing.ActivityData,
    plan: PlanChoice,
    linked: list[Activity] = (),
) -> Action:
    """Planeación answers a finding with an improvement action: a new activity of a draft plan
    de mejoramiento (created if asked) and its link to the finding and to plan de acción
    activities, all or nothing. A published plan takes new actions through a new version."""
    _require_planner(by, finding.entity_id)
    finding = _locked(finding, None)
    if finding.is_closed:
        raise ValidationError("El hallazgo está cerrado: reábralo antes de agregar acciones.")
    linked = list(linked)
    _check_linked(finding, linked)
    target = _target_plan(finding, plan, by=by)
    activity = editing.add_activity(target, by=by, data=data)
    action = Action.objects.create(activity=activity, finding=finding)
    action.linked_activities.set(linked)
    if finding.plan_id is None:
        finding.plan = target
        finding.save(update_fields=["plan", "updated_at"])
    audit.record(
        "improvement.action.created",
        action,
        by=by,
        after={
            "finding": finding.pk,
            "activity": activity.pk,
            "linked_activities": sorted(a.pk for a in linked),
        },
        plan=target,
    )
    return action


@transaction.atomic
def close_finding(
    finding: Finding,
    *,
    by: Any,
    note: str,
    expected_revision: int | None,
    closed_on: datetime.date | None = None,
) -> Finding:
    """Control Interno closes a finding once it has verified every action done (100 % or the
    milestone delivered). Otherwise the refusal lists each action that blocks and why."""
    _require_auditor(by, finding.entity_id)
    finding = _locked(finding, expected_revision)
    if finding.is_closed:
        raise ValidationError("El hallazgo ya está cerrado.")
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "La fecha de cierre no puede ser posterior a hoy."})
    if closed_on < finding.found_on:
        raise ValidationError(
            {"closed_on": "La fecha de cierre no puede ser anterior a la del hallazgo."}
        )
    if not note.strip():
        raise ValidationError({"note": "Escriba la nota de cierre: cómo se subsanó el hallazgo."})
    blockers = selectors.closing_blockers(finding)
    if blockers:
        raise ValidationError([REFUSED_CLOSING, *blockers])
    before = audit.snapshot(finding)
    finding.status = Finding.Status.CLOSED
    finding.closed_on = closed_on
    finding.closed_by = by
    finding.closing_note = note.strip()
    finding.revision += 1
    finding.save()
    audit.record(
        "improvement.finding.closed",
        finding,
        by=by,
        before=before,
        after=audit.snapshot(finding),
        entity_id=finding.entity_id,
    )
    return finding


@transaction.atomic
def reopen_finding(
    finding: Finding, *, by: Any, reason: str, expected_revision: int | None
) -> Finding:
    """Control Interno reopens a closed finding, with the reason."""
    _require_auditor(by, finding.entity_id)
    finding = _locked(finding, expected_revision)
    if not finding.is_closed:
        raise ValidationError("El hallazgo está abierto.")
    if not reason.strip():
        raise ValidationError({"reason": "Escriba el motivo para reabrir el hallazgo."})
    before = audit.snapshot(finding)
    finding.status = Finding.Status.OPEN
    finding.closed_on = None
    finding.closed_by = None
    finding.revision += 1
    finding.save()
    audit.record(
        "improvement.finding.reopened",
        finding,
        by=by,
        before=before,
        after=audit.snapshot(finding),
        entity_id=finding.entity_id,
        reason=reason.strip(),
    )
    return finding


def carry_actions(copies: dict[int, Activity], *, new_version: bool) -> None:
    """A new version of a plan: the copy of an improvement action is an action of the same
    finding with the same linked activities, and a plan de acción activity's copy stays linked
    to the actions that named it. A next vigencia's copy starts without links (ADR 0040)."""
    if not new_version:
        return
    for action in Action.objects.filter(activity_id__in=copies).prefetch_related(
        "linked_activities"
    ):
        copy = Action.objects.create(activity=copies[action.activity_id], finding=action.finding)
        copy.linked_activities.set(action.linked_activities.all())
    through = Action.linked_activities.through
    through.objects.bulk_create(
        [
            through(action_id=row.action_id, activity_id=copies[row.activity_id].pk)
            for row in through.objects.filter(activity_id__in=copies)
        ],
        ignore_conflicts=True,
    )
