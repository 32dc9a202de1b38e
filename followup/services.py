"""Writes of the follow-up cycle: periods, reports, evidence, review, verification, reminders.

Each function runs in one transaction, writes its audit entry and queues its mail for after
the commit (followup.notifications).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import magic
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from followup import measures, rollups
from followup.models import (
    PERIOD_ENDS,
    PERIOD_LABELS,
    Evidence,
    Period,
    Report,
    Verification,
)
from followup.notifications import notify
from organization import policy, public_cache
from organization.models import Entity, Membership, Role, User
from plans.models import Activity, Plan

# What evidence may be: the type is read from the content (libmagic), not from the name.
EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "imagen PNG",
    "image/jpeg": "imagen JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "documento ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "hoja ODS",
    "application/msword": "Word 97-2003",
    "application/vnd.ms-excel": "Excel 97-2003",
}


def thresholds(entity: Entity) -> measures.Thresholds:
    return measures.Thresholds(entity.threshold_red_below, entity.threshold_yellow_below)


# -- periods ----------------------------------------------------------------------------------


def periods_for(entity: Entity, year: int) -> list[Period]:
    """The entity's periods of a vigencia from its follow-up scheme (one query).

    A period is stored only once something about it is decided (a reopening); until then it is
    computed: the window opens at the cut-off and closes ``report_window_days`` later.
    """
    ends = PERIOD_ENDS[entity.followup_scheme]
    stored = {p.number: p for p in Period.objects.filter(entity=entity, year=year)}
    periods = []
    for number, month in enumerate(ends, start=1):
        cutoff = datetime.date(year, month, calendar.monthrange(year, month)[1])
        periods.append(
            stored.get(number)
            or Period(
                entity=entity,
                year=year,
                number=number,
                end_month=month,
                cutoff=cutoff,
                closes_on=cutoff + datetime.timedelta(days=entity.report_window_days),
            )
        )
    return periods


@transaction.atomic
def reopen_period(
    entity: Entity, year: int, number: int, *, by: Any, until: datetime.date, reason: str
) -> Period:
    """Planeación reopens a closed window until a date, with the reason on record."""
    if not policy.is_planner(by, entity.pk):
        raise PermissionDenied("Solo Planeación reabre un periodo.")
    if not reason.strip():
        raise ValidationError("Escriba el motivo para reabrir el periodo.")
    if until < timezone.localdate():
        raise ValidationError("La nueva fecha de cierre no puede estar en el pasado.")
    periods = periods_for(entity, year)
    if not 1 <= number <= len(periods):
        raise ValidationError("Ese periodo no existe.")
    period = periods[number - 1]
    before = audit.snapshot(period) if period.pk else None
    period.reopened_until = until
    period.save()
    audit.record(
        "followup.period.reopened",
        period,
        by=by,
        before=before,
        after=audit.snapshot(period),
        entity_id=period.entity_id,
        reason=reason.strip(),
    )
    return period


# -- reporting --------------------------------------------------------------------------------


@dataclass
class ReportData:
    narrative: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    delivered: bool | None = None


def _period(activity: Activity, number: int) -> Period:
    periods = periods_for(activity.plan.entity, activity.plan.year)
    if not 1 <= number <= len(periods):
        raise ValidationError(f"El plan no tiene periodo {PERIOD_LABELS.get(number, number)}.")
    return periods[number - 1]


def _check_reportable(activity: Activity, period: Period, by: Any) -> None:
    if not policy.may_report(by, activity):
        raise PermissionDenied("Solo los responsables de la actividad reportan su seguimiento.")
    if activity.plan.status != Plan.Status.PUBLISHED:
        raise ValidationError("Solo se hace seguimiento a planes publicados.")
    today = timezone.localdate()
    if not period.is_open(today):
        if today < period.cutoff:
            raise ValidationError(
                f"La ventana de reporte del periodo {period.label} abre el "
                f"{period.cutoff:%d/%m/%Y}."
            )
        raise ValidationError(
            f"La ventana de reporte del periodo {period.label} cerró el "
            f"{period.deadline:%d/%m/%Y}; pida a Planeación que la reabra."
        )


@transaction.atomic
def save_report(
    activity: Activity, period_number: int, *, by: Any, data: ReportData, submit: bool = False
) -> Report:
    """Save a report as a draft or submit it to Planeación. A narrative is always required."""
    activity = Activity.objects.select_related("plan__entity").get(pk=activity.pk)
    period = _period(activity, period_number)
    _check_reportable(activity, period, by)
    report = (
        Report.objects.select_for_update().filter(activity=activity, period=period_number).first()
    )
    if report and report.status in {Report.Status.SUBMITTED, Report.Status.VALIDATED}:
        raise ValidationError(
            f"El seguimiento ya está {report.get_status_display().lower()}: no se puede modificar."
        )
    if submit and not data.narrative.strip():
        raise ValidationError("Describa el avance: la narración es obligatoria para enviar.")
    _check_value(activity, data, required=submit)
    before = audit.snapshot(report) if report else None
    report = report or Report(activity=activity, period=period_number)
    report.narrative = data.narrative.strip()
    report.value, report.numerator = data.value, data.numerator
    report.denominator, report.delivered = data.denominator, data.delivered
    report.status = Report.Status.SUBMITTED if submit else Report.Status.DRAFT
    if submit:
        report.submitted_at, report.submitted_by = timezone.now(), by
    report.save()
    _record(
        "followup.report.submitted" if submit else "followup.report.saved",
        report,
        report,
        by=by,
        before=before,
    )
    if submit:
        planners = User.objects.filter(
            membership__entity_id=activity.plan.entity_id, membership__role=Role.PLANNER
        )
        notify(
            f"report.submitted:{report.pk}:{report.submitted_at.isoformat()}",
            planners,
            f"Seguimiento enviado: actividad {activity.number}, periodo {period.label}",
            "submitted",
            {"report": report, "period_label": period.label},
        )
    return report


def _check_value(activity: Activity, data: ReportData, *, required: bool) -> None:
    kind = activity.indicator_type
    if kind == Activity.IndicatorType.PERCENTAGE:
        if data.denominator is not None and data.denominator <= 0:
            raise ValidationError("El denominador debe ser mayor que cero.")
        if required and (data.numerator is None or data.denominator is None):
            raise ValidationError("Indique el numerador y el denominador del indicador.")
    elif kind == Activity.IndicatorType.MILESTONE:
        if required and data.delivered is None:
            raise ValidationError("Indique si el hito se entregó.")
    elif required and data.value is None:
        raise ValidationError("Indique el resultado acumulado del indicador.")


def _sniff(upload: UploadedFile) -> str:
    head = upload.read(4096)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


@transaction.atomic
def add_evidence(
    report: Report,
    *,
    by: Any,
    upload: UploadedFile | None = None,
    url: str = "",
    description: str = "",
    public: bool = False,
) -> Evidence:
    """Attach a file (type read from its content, size limited, stored by checksum) or a link."""
    report = Report.objects.select_related("activity__plan__entity").get(pk=report.pk)
    if not policy.may_report(by, report.activity):
        raise PermissionDenied("Solo los responsables de la actividad cargan evidencias.")
    if report.status in {Report.Status.SUBMITTED, Report.Status.VALIDATED}:
        raise ValidationError("El seguimiento ya se envió: no se le agregan evidencias.")
    evidence = Evidence(
        report=report, uploaded_by=by, description=description.strip()[:300], public=public
    )
    if upload is None:
        if not url:
            raise ValidationError("Adjunte un archivo o escriba un enlace.")
        evidence.url = url
    else:
        limit = settings.EVIDENCE_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"«{upload.name}» pesa {upload.size / 2**20:.1f} MB; el máximo es "
                f"{limit / 2**20:.0f} MB."
            )
        content_type = _sniff(upload)
        if content_type not in EVIDENCE_TYPES:
            raise ValidationError(
                f"«{upload.name}» no es un tipo de evidencia aceptado (su contenido es "
                f"{content_type}). Se aceptan PDF, imágenes PNG o JPEG y documentos de oficina."
            )
        content = upload.read()
        evidence.sha256 = hashlib.sha256(content).hexdigest()
        evidence.size = len(content)
        evidence.content_type = content_type
        evidence.original_name = _safe_name(upload.name)
        evidence.file.save(evidence.sha256, ContentFile(content), save=False)
    evidence.full_clean()
    evidence.save()
    _record("followup.evidence.added", evidence, report, by=by, before=None)
    return evidence


def _safe_name(name: str) -> str:
    """The file's own name, without any folder part or control characters, for display."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(char for char in base if char.isprintable()).strip(" .")
    return cleaned[:200] or "evidencia"


# -- review and verification ------------------------------------------------------------------


def _record(action: str, obj, report: Report, *, by: Any, before: dict | None, reason=""):
    """The audit entry of a change to a report (or its verification), scoped to its plan."""
    audit.record(
        action,
        obj,
        by=by,
        before=before,
        after=audit.snapshot(obj),
        entity_id=report.activity.plan.entity_id,
        plan_id=report.activity.plan_id,
        reason=reason,
    )


def _reviewable(report: Report, by: Any) -> Report:
    report = Report.objects.select_for_update().select_related("activity__plan").get(pk=report.pk)
    if not policy.is_planner(by, report.activity.plan.entity_id):
        raise PermissionDenied("Solo Planeación revisa los seguimientos.")
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            f"Solo se revisa un seguimiento enviado; este está "
            f"{report.get_status_display().lower()}."
        )
    return report


def executed_progress(report: Report) -> Decimal | None:
    activity = report.activity
    return measures.stored(
        measures.executed(
            activity.indicator_type,
            target=activity.indicator_target,
            value=report.value,
            numerator=report.numerator,
            denominator=report.denominator,
            delivered=report.delivered,
        )
    )


@transaction.atomic
def return_report(report: Report, *, by: Any, comment: str) -> Report:
    report = _reviewable(report, by)
    if not comment.strip():
        raise ValidationError("Escriba qué debe corregir el responsable.")
    before = audit.snapshot(report)
    report.status = Report.Status.RETURNED
    report.review_comment = comment.strip()
    report.save()
    _record(
        "followup.report.returned", report, report, by=by, before=before, reason=comment.strip()
    )
    notify(
        f"report.returned:{report.pk}:{report.updated_at.isoformat()}",
        [report.submitted_by] if report.submitted_by else [],
        f"Seguimiento devuelto: actividad {report.activity.number}, periodo "
        f"{PERIOD_LABELS[report.period]}",
        "returned",
        {"report": report, "period_label": PERIOD_LABELS[report.period]},
    )
    return report


@transaction.atomic
def validate_report(report: Report, *, by: Any) -> Report:
    report = _reviewable(report, by)
    before = audit.snapshot(report)
    report.status = Report.Status.VALIDATED
    report.validated_at, report.validated_by = timezone.now(), by
    report.executed = executed_progress(report)
    report.review_comment = ""
    report.save()
    rollups.rebuild(report.activity.plan)
    public_cache.invalidate(report.activity.plan.entity_id)
    _record("followup.report.validated", report, report, by=by, before=before)
    return report


@transaction.atomic
def verify_report(
    report: Report,
    *,
    by: Any,
    agrees: bool,
    adjusted_executed: Decimal | None,
    observation: str,
    public: bool,
) -> Verification:
    """Control Interno agrees with the validated progress or adjusts it, with an observation."""
    report = Report.objects.select_related("activity__plan").get(pk=report.pk)
    member: Membership | None = policy.membership(by)
    if not (
        member
        and member.role == Role.AUDITOR
        and member.entity_id == report.activity.plan.entity_id
    ):
        raise PermissionDenied("Solo Control Interno verifica los seguimientos.")
    if report.status != Report.Status.VALIDATED:
        raise ValidationError("Control Interno verifica seguimientos ya validados por Planeación.")
    if not agrees and (adjusted_executed is None or not observation.strip()):
        raise ValidationError("Si no está de acuerdo, indique el avance ajustado y la observación.")
    verification = Verification.objects.filter(report=report).first()
    before = audit.snapshot(verification) if verification else None
    verification = verification or Verification(report=report)
    verification.agrees = agrees
    verification.adjusted_executed = None if agrees else adjusted_executed
    verification.observation = observation.strip()
    verification.public = public
    verification.verified_by = by
    verification.save()
    rollups.rebuild(report.activity.plan)
    public_cache.invalidate(report.activity.plan.entity_id)
    _record("followup.report.verified", verification, report, by=by, before=before)
    return verification


# -- reminders --------------------------------------------------------------------------------


def send_reminders(today: datetime.date) -> int:
    """Mail each reporter their pending activities when a window is about to close or is overdue.

    Meant to run daily; an event (period, stage, person) is mailed once however often it runs.
    Returns how many mails were queued.
    """
    sent = 0
    memberships = Membership.objects.filter(
        role=Role.REPORTER, user__is_active=True
    ).select_related("user", "entity")
    for member in memberships:
        for plan in Plan.objects.filter(entity=member.entity, status=Plan.Status.PUBLISHED):
            for period in periods_for(member.entity, plan.year):
                stage = _reminder_stage(period, today, member.entity.reminder_days_before)
                if stage is None:
                    continue
                pending = _pending_activities(plan, period, member)
                if not pending:
                    continue
                with transaction.atomic():
                    sent += notify(
                        f"reminder:{plan.pk}:{period.year}:{period.number}:{stage}",
                        [member.user],
                        (
                            f"Seguimiento vencido: periodo {period.label} de {period.year}"
                            if stage == "vencido"
                            else f"Recordatorio: el seguimiento del periodo {period.label} vence "
                            f"el {period.deadline:%d/%m/%Y}"
                        ),
                        "reminder",
                        {"period": period, "items": pending, "overdue": stage == "vencido"},
                    )
    return sent


def _reminder_stage(period: Period, today: datetime.date, days_before: int) -> str | None:
    if period.cutoff <= today <= period.deadline:
        if (period.deadline - today).days <= days_before:
            return f"proximo:{period.deadline.isoformat()}"
        return None
    if period.deadline < today <= period.deadline + datetime.timedelta(days=30):
        return "vencido"
    return None


def _pending_activities(plan: Plan, period: Period, member: Membership) -> list[Activity]:
    units = set(member.units.values_list("pk", flat=True))
    done = set(
        Report.objects.filter(
            activity__plan=plan,
            period=period.number,
            status__in=[Report.Status.SUBMITTED, Report.Status.VALIDATED],
        ).values_list("activity_id", flat=True)
    )
    activities = plan.activities.filter(responsible_units__in=units).distinct().order_by("position")
    return [activity for activity in activities if activity.pk not in done]
