"""The life of a plan: borrador → en revisión → aprobado (or devuelto) → publicado.

An approved or published plan is read-only; it changes through a new version, with a reason,
that goes through the same cycle. Publishing a version archives the one it replaces and carries
its follow-up over, so the public always sees exactly one published version, with the year's
reports.
"""

from __future__ import annotations

import datetime
import hashlib
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import router, transaction
from django.db.models import ProtectedError, Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.text import Truncator

from audit import services as audit
from core import uploads
from organization import policy, public_cache
from organization.models import Role, User
from organization.notifications import notify
from plans import selectors
from plans.models import Plan
from plans.services.editing import clone_plan

Status = Plan.Status


class TransitionRefused(ValidationError):
    """The plan cannot move to that state now; the message says why, ``code`` what kind of
    refusal it is (BLOCKING: the review found problems that stop it), for callers to act on."""


BLOCKING = "blocking"


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
            "corríjalos en la revisión del plan.",
            code=BLOCKING,
        )
    before = audit.snapshot(plan)
    plan.status = Status.IN_REVIEW
    plan.submitted_at = timezone.now()
    plan.save()
    audit.record(
        "plans.plan.submitted", plan, by=by, before=before, after=audit.snapshot(plan), plan=plan
    )
    _notify(plan, "submitted", "approver", by=by, what="Plan para aprobar", at=plan.submitted_at)
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
    audit.record(
        "plans.plan.returned",
        plan,
        by=by,
        before=before,
        after=audit.snapshot(plan),
        plan=plan,
        reason=comment.strip(),
    )
    _notify(
        plan,
        "returned",
        "planner",
        by=by,
        what="Plan devuelto con observaciones",
        at=plan.updated_at,
    )
    return plan


def check_approvable(plan: Plan, *, by: Any) -> None:
    """Raise why ``by`` may not approve the plan now (PermissionDenied, TransitionRefused)."""
    if not policy.can_approve(by, plan.entity_id):
        raise PermissionDenied("Solo quien aprueba por el Comité puede aprobar un plan.")
    _expect(plan, Status.IN_REVIEW, action="aprobar")


@transaction.atomic
def approve_plan(
    plan: Plan,
    *,
    by: Any,
    act_number: str,
    act_date: datetime.date | None,
    act_file: UploadedFile | None = None,
) -> Plan:
    """The approver records the Comité's approval with its acta: number, date and, if at hand,
    the signed PDF. A bad acta refuses the whole approval (ValidationError by field)."""
    plan = _locked(plan)
    check_approvable(plan, by=by)
    content = _check_act(plan, act_number, act_date, act_file)
    before = audit.snapshot(plan)
    plan.status = Status.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = by
    plan.review_comment = ""
    plan.approval_act_number = act_number.strip()
    plan.approval_act_date = act_date
    if content is not None:
        plan.approval_act_sha256 = hashlib.sha256(content).hexdigest()
        plan.approval_act_name = uploads.shown_name(act_file.name, "acta.pdf")
        plan.approval_act_file.save(plan.approval_act_sha256, ContentFile(content), save=False)
    plan.save()
    audit.record(
        "plans.plan.approved", plan, by=by, before=before, after=audit.snapshot(plan), plan=plan
    )
    _notify(plan, "approved", "planner", by=by, what="Plan aprobado", at=plan.approved_at)
    return plan


ACT_NUMBER_MAX = Plan._meta.get_field("approval_act_number").max_length


def _check_act(
    plan: Plan, number: str, day: datetime.date | None, upload: UploadedFile | None
) -> bytes | None:
    """Refuse a missing or impossible acta, by field; the file's content when there is one
    (a PDF by its content, not its name, within the evidence size limit)."""
    errors: dict[str, str] = {}
    if not number.strip():
        errors["act_number"] = "Escriba el número del acta del Comité."
    elif len(number.strip()) > ACT_NUMBER_MAX:
        errors["act_number"] = f"El número del acta admite hasta {ACT_NUMBER_MAX} caracteres."
    if day is None:
        errors["act_date"] = "Indique la fecha del acta del Comité."
    elif day > timezone.localdate():
        errors["act_date"] = "La fecha del acta no puede ser posterior a hoy."
    elif not plan.year - 1 <= day.year <= plan.year + 1:
        errors["act_date"] = (
            f"Para la vigencia {plan.year} la fecha del acta va del 01/01/{plan.year - 1} al "
            f"31/12/{plan.year + 1}."
        )
    content = None
    if upload is not None:
        try:
            content, _kind = uploads.read_checked(
                upload, allowed={"application/pdf"}, what="un PDF"
            )
        except ValidationError as refused:
            errors["act_file"] = refused.messages[0]
    if errors:
        raise ValidationError(errors)
    return content


def publish_version(
    plan: Plan, *, by: Any, late: bool, catch_up_until: datetime.date | None = None
) -> tuple[Plan, Plan | None]:
    """The plan's side of publishing (followup.publishing.publish_plan is the whole action, in
    one transaction): Planeación publishes an approved plan; a new version replaces the one in
    force, which is archived. A first publication after some cut-offs have passed (``late``)
    opens those periods until a catch-up date (by default the entity's reporting window from
    today). Returns the plan and the version it replaced in force, if any."""
    plan = _locked(plan)
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación publica planes.")
    _expect(plan, Status.APPROVED, action="publicar")
    today = timezone.localdate()
    replaced = _replaced_versions(plan)
    in_force = next((old for old in replaced if old.status == Status.PUBLISHED), None)
    before = audit.snapshot(plan)
    plan.status = Status.PUBLISHED
    plan.published_at = timezone.now()
    if in_force is not None:
        plan.catch_up_until = in_force.catch_up_until
    elif late:
        plan.catch_up_until = _catch_up_date(plan, catch_up_until, today)
    plan.save()
    audit.record(
        "plans.plan.published", plan, by=by, before=before, after=audit.snapshot(plan), plan=plan
    )
    public_cache.invalidate(plan.entity_id, plan.pk)
    for old in replaced:
        if old.status in {Status.PUBLISHED, Status.APPROVED}:
            snapshot = audit.snapshot(old)
            old.status = Status.ARCHIVED
            old.save()
            audit.record(
                "plans.plan.archived",
                old,
                by=by,
                before=snapshot,
                after=audit.snapshot(old),
                plan=old,
                reason=f"Reemplazado por la versión {plan.version}",
            )
    return plan, in_force


def announce_published(plan: Plan, *, by: Any) -> None:
    """Mail the publication to the plan's people (after the commit)."""
    _notify(
        plan,
        "published",
        "planner",
        "auditor",
        "reporter",
        by=by,
        what="Plan publicado",
        at=plan.published_at,
    )


def _replaced_versions(plan: Plan) -> list[Plan]:
    """The earlier versions of a plan, newest first, locked: a report being saved on the
    version in force finishes before it is archived, or sees it archived."""
    replaced, previous_id = [], plan.previous_version_id
    while previous_id is not None:
        previous = Plan.objects.select_for_update().get(pk=previous_id)
        replaced.append(previous)
        previous_id = previous.previous_version_id
    return replaced


def _catch_up_date(plan: Plan, wanted: datetime.date | None, today: datetime.date) -> datetime.date:
    chosen = wanted or today + datetime.timedelta(days=plan.entity.report_window_days)
    if chosen < today:
        raise TransitionRefused("La fecha para poner al día los periodos vencidos ya pasó.")
    if chosen.year > plan.year + 1:
        raise TransitionRefused(
            f"Los periodos de la vigencia {plan.year} se ponen al día a más tardar el "
            f"31/12/{plan.year + 1}."
        )
    return chosen


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
        previous_version=plan,
        change_reason=reason.strip(),
    )
    audit.record(
        "plans.plan.version_created",
        version,
        by=by,
        after=audit.snapshot(version),
        plan=version,
        reason=reason.strip(),
    )
    _notify(
        version,
        "version",
        "approver",
        "planner",
        by=by,
        what=f"Versión {version.version} en formulación",
    )
    return version


def check_deletable(plan: Plan, *, by: Any) -> None:
    """Raise why ``by`` may not delete the plan (PermissionDenied, TransitionRefused)."""
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación de la entidad elimina borradores de planes.")
    if not plan.is_unsent_draft:
        why = (
            "ya se envió al Comité y queda como registro"
            if plan.submitted_at
            else f"está {plan.get_status_display().lower()}"
        )
        raise TransitionRefused(
            f"No se puede eliminar este plan: {why}. Solo se elimina un borrador que nunca "
            "salió de Planeación."
        )
    kept = _kept_records(plan)
    if kept:
        raise TransitionRefused(
            f"No se puede eliminar este borrador: tiene {kept} que se conservan (por ejemplo, "
            "las observaciones de la ciudadanía en una consulta pública). Corríjalo o envíelo "
            "a revisión."
        )


def _kept_records(plan: Plan) -> str:
    """What protects the plan from deletion (another app's rows that point at it with
    PROTECT), worded for the refusal; empty when nothing does. Django's collector finds them
    without deleting, so plans needs to know none of those apps."""
    try:
        Collector(using=router.db_for_write(Plan)).collect([plan])
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        return ", ".join(kinds)
    return ""


@transaction.atomic
def delete_draft_plan(plan: Plan, *, by: Any) -> int:
    """Planeación deletes a draft that never went to the Comité, with its activities and
    tasks; for a new version's draft, the version in force stays. The audit entry keeps the
    plan as it was and how many activities it had. Returns that number."""
    plan = _locked(plan)
    check_deletable(plan, by=by)
    activities = plan.activities.count()
    before = audit.snapshot(plan) | {"activities": activities}
    pk = plan.pk
    plan.delete()
    plan.pk = pk
    audit.record(
        "plans.plan.deleted", plan, by=by, before=before, entity_id=plan.entity_id, plan_id=pk
    )
    return activities


# -- notices ------------------------------------------------------------------------------------


def _notify(
    plan: Plan, event: str, *who: str, by: Any, what: str, at: datetime.datetime | None = None
) -> None:
    """Mail a workflow event, after the commit and once per event and person, to the entity's
    active users in the roles named but not to the one who acted (``approver``: signs for the
    Comité; ``reporter``: answers for an activity of the plan)."""
    roles = {
        "approver": Q(membership__can_approve=True),
        "planner": Q(membership__role=Role.PLANNER),
        "auditor": Q(membership__role=Role.AUDITOR),
        "reporter": Q(membership__role=Role.REPORTER, membership__units__activities__plan=plan),
    }
    people = (
        User.objects.filter(
            reduce(or_, (roles[name] for name in who)),
            membership__entity_id=plan.entity_id,
            is_active=True,
        )
        .exclude(pk=getattr(by, "pk", None))
        .distinct()
    )
    notify(
        f"plan.{event}:{plan.pk}:{at.isoformat() if at else ''}",
        people,
        f"{what}: «{Truncator(plan.title).chars(120)}»",
        "plan_workflow",
        {"plan": plan, "event": event, "actor": by},
    )
