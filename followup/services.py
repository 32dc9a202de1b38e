"""Writes of the follow-up cycle: periods, reports, evidence, review, verification, reminders.

Each function runs in one transaction, writes its audit entry and queues its mail for after
the commit (organization.notifications).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from core import uploads
from followup import measures, periods, rollups, selectors, sources
from followup.models import (
    Evidence,
    Period,
    Report,
    Verification,
)
from organization import policy, public_cache
from organization import services as organization
from organization.models import Entity, Membership, Role, User
from organization.notifications import notify
from plans import values
from plans.models import Activity, Plan
from plans.schedule import PERIOD_LABELS

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


# -- periods ----------------------------------------------------------------------------------


@transaction.atomic
def reopen_period(
    entity: Entity,
    year: int,
    number: int,
    *,
    by: Any,
    until: datetime.date,
    reason: str,
    scheme: str | None = None,
) -> Period:
    """Planeación opens a period for sending from today until a date, with the reason on record:
    a window that closed, or one that has not opened yet."""
    if not policy.is_planner(by, entity.pk):
        raise PermissionDenied("Solo Planeación reabre un periodo.")
    if not reason.strip():
        raise ValidationError("Escriba el motivo para reabrir el periodo.")
    today = timezone.localdate()
    if until < today:
        raise ValidationError("La nueva fecha de cierre no puede estar en el pasado.")
    if until.year > year + 1:
        raise ValidationError(
            f"Un periodo de la vigencia {year} se reabre a más tardar hasta el 31/12/{year + 1}."
        )
    found = periods.periods_for(entity, year, scheme)
    if not 1 <= number <= len(found):
        raise ValidationError("Ese periodo no existe.")
    period = found[number - 1]
    before = audit.snapshot(period) if period.pk else None
    period.reopened_on = today
    period.reopened_until = until
    period.save()
    public_cache.invalidate(entity.pk)
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
    # Why the result is not the one the indicator's source proposed (followup.sources).
    correction_reason: str = ""
    # Budget execution, cumulative (issue 22): only for an activity with apropiación or BPIN.
    commitments: Decimal | None = None
    obligations: Decimal | None = None


@dataclass
class EvidenceData:
    """A file or a link to attach to a report."""

    upload: UploadedFile | None = None
    url: str = ""
    description: str = ""
    public: bool = False


# What a person compares when their write meets another one: report fields and their labels.
REPORT_LABELS = {
    "status": "Estado",
    "value": "Resultado acumulado",
    "numerator": "Numerador",
    "denominator": "Denominador",
    "delivered": "¿Se entregó el hito?",
    "narrative": "Descripción del avance",
    "commitments": "Compromisos acumulados",
    "obligations": "Obligaciones acumuladas",
    "review_comment": "Observaciones de Planeación",
    "evidence": "Evidencias",
    "verification": "Verificación de Control Interno",
}


@dataclass
class StaleReport(ValidationError):
    """Someone changed the report after this person opened it; nothing was written.

    ``changes`` are (label, what this person sent, what is saved now) for every field that
    differs, so the page can show both side by side."""

    report: Report | None
    changes: list[tuple[str, str, str]]
    changed_by: str = ""

    def __post_init__(self) -> None:
        who = f" por {self.changed_by}" if self.changed_by else ""
        super().__init__(
            f"El seguimiento fue modificado{who} mientras usted trabajaba en él; no se guardó lo "
            "suyo. Compare lo que usted envió con lo que está guardado y vuelva a intentarlo."
        )

    def __str__(self) -> str:
        return self.message


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _last_actor(report: Report) -> str:
    entry = (
        audit.AuditEntry.objects.filter(object_type="followup.report", object_id=str(report.pk))
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if entry is None:
        return ""
    return (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else ""


def _stale(report: Report | None, mine: dict[str, Any]) -> StaleReport:
    """The refusal of a write based on an older revision, with both sides of every field."""
    theirs = _report_view(report) if report else {}
    changes = [
        (REPORT_LABELS[name], _shown(mine.get(name)), _shown(theirs.get(name)))
        for name in REPORT_LABELS
        if name in mine and _shown(mine.get(name)) != _shown(theirs.get(name))
    ]
    return StaleReport(report, changes, _last_actor(report) if report else "")


def _report_view(report: Report) -> dict[str, Any]:
    verification = report.verification if report.pk else None
    return {
        "status": report.get_status_display(),
        "value": report.value,
        "numerator": report.numerator,
        "denominator": report.denominator,
        "delivered": report.delivered,
        "narrative": report.narrative,
        "commitments": report.commitments,
        "obligations": report.obligations,
        "review_comment": report.review_comment,
        "evidence": ", ".join(str(e) for e in report.evidence.all()) if report.pk else "",
        "verification": _verification_text(verification),
    }


def _verification_text(verification: Verification | None) -> str:
    if verification is None:
        return ""
    verdict = (
        "De acuerdo"
        if verification.agrees
        else f"Ajusta el avance a {_shown(verification.adjusted_executed)} %"
    )
    return f"{verdict}. {verification.observation}".strip()


def _check_revision(report: Report | None, expected: int | None, mine: dict[str, Any]) -> None:
    """Refuse a write that started from another revision of the report (0: from none)."""
    current = report.revision if report else 0
    if expected != current:
        raise _stale(report, mine)


def _plan_in_force(activity: Activity) -> Plan:
    """The activity's plan, locked for this transaction so that publishing a new version waits
    for this write (and this write sees the version it replaced as archived)."""
    plan = Plan.objects.select_for_update().select_related("entity").get(pk=activity.plan_id)
    if plan.status == Plan.Status.ARCHIVED:
        newer = Plan.objects.filter(previous_version=plan).first()
        raise ValidationError(
            f"Esta versión del plan fue reemplazada por la versión "
            f"{newer.version if newer else plan.version + 1}: el seguimiento sigue en ella."
        )
    if plan.status != Plan.Status.PUBLISHED:
        raise ValidationError("Solo se hace seguimiento a planes publicados.")
    activity.plan = plan
    return plan


def _period(plan: Plan, number: int) -> Period:
    found = periods.plan_periods(plan)
    if not 1 <= number <= len(found):
        raise ValidationError(f"El plan no tiene periodo {PERIOD_LABELS.get(number, number)}.")
    return found[number - 1]


@transaction.atomic
def save_report(
    activity: Activity,
    period_number: int,
    *,
    by: Any,
    data: ReportData,
    expected_revision: int | None,
    evidence: list[EvidenceData] | tuple = (),
) -> Report:
    """Save a report as a draft (any time, any period of a plan in force), with any evidence,
    as one change: one ``followup.report.saved`` entry, one ``followup.evidence.added`` per
    evidence. A save based on an older revision is refused (StaleReport)."""
    return _write_report(
        activity,
        period_number,
        by=by,
        data=data,
        expected_revision=expected_revision,
        submit=False,
        evidence=evidence,
    )


@transaction.atomic
def submit_report(
    activity: Activity,
    period_number: int,
    *,
    by: Any,
    data: ReportData,
    expected_revision: int | None,
    evidence: list[EvidenceData] | tuple = (),
) -> Report:
    """Send a report to Planeación (while its window is open, or after Planeación returned it)
    with what it says and any evidence, as one change: one ``followup.report.submitted`` entry,
    one ``followup.evidence.added`` per evidence, and the planners' mail after the commit. A
    narrative is required. A send based on an older revision is refused (StaleReport)."""
    return _write_report(
        activity,
        period_number,
        by=by,
        data=data,
        expected_revision=expected_revision,
        submit=True,
        evidence=evidence,
    )


def _write_report(
    activity: Activity,
    period_number: int,
    *,
    by: Any,
    data: ReportData,
    expected_revision: int | None,
    submit: bool,
    evidence: list[EvidenceData] | tuple,
) -> Report:
    """The one write behind save_report and submit_report (run inside their transaction)."""
    activity = Activity.objects.get(pk=activity.pk)
    plan = _plan_in_force(activity)
    if not policy.may_report(by, activity):
        raise PermissionDenied("Solo los responsables de la actividad reportan su seguimiento.")
    period = _period(plan, period_number)
    _check_value(activity, data, required=False)  # before comparing: any number shows sanely
    report = (
        Report.objects.select_for_update().filter(activity=activity, period=period_number).first()
    )
    mine = {
        "status": Report.Status.SUBMITTED.label if submit else Report.Status.DRAFT.label,
        "value": data.value,
        "numerator": data.numerator,
        "denominator": data.denominator,
        "delivered": data.delivered,
        "narrative": data.narrative.strip(),
        "commitments": data.commitments,
        "obligations": data.obligations,
    }
    _check_revision(report, expected_revision, mine)
    if report and report.status in {Report.Status.SUBMITTED, Report.Status.VALIDATED}:
        raise ValidationError(
            f"El seguimiento ya está {report.get_status_display().lower()}: no se puede modificar."
        )
    if submit:
        window = periods.submission_window(plan, period, report, timezone.localdate())
        if not window.is_open:
            raise ValidationError(window.message)
        if not data.narrative.strip():
            raise ValidationError("Describa el avance: la narración es obligatoria para enviar.")
    _check_value(activity, data, required=submit)
    proposal = sources.proposal(activity, period)
    corrected = proposal is not None and proposal.differs(
        value=data.value,
        numerator=data.numerator,
        denominator=data.denominator,
        delivered=data.delivered,
    )
    if submit and corrected and not data.correction_reason.strip():
        raise ValidationError(
            {
                "correction_reason": (
                    f"Los registros de «{proposal.source_label}» proponen {proposal.shown}; "
                    "escriba por qué reporta otra cifra, o deje la propuesta."
                )
            }
        )
    before = audit.snapshot(report) if report else None
    report = report or Report(activity=activity, period=period_number, revision=0)
    report.source_proposal = proposal.as_stored() if proposal else {}
    report.source_correction = data.correction_reason.strip() if corrected else ""
    report.narrative = data.narrative.strip()
    report.value, report.numerator = data.value, data.numerator
    report.denominator, report.delivered = data.denominator, data.delivered
    report.commitments, report.obligations = data.commitments, data.obligations
    report.status = Report.Status.SUBMITTED if submit else Report.Status.DRAFT
    report.revision += 1
    if submit:
        report.submitted_at, report.submitted_by = timezone.now(), by
    report.save()
    for item in evidence:
        _attach(report, by=by, item=item)
    if proposal is not None:
        _attach_records(report, proposal, by=by)
    if submit:  # one more report sent: the plan rows count it (a draft changes no count)
        rebuild_rollups(plan)
    audit.record(
        "followup.report.submitted" if submit else "followup.report.saved",
        report,
        by=by,
        before=before,
        after=audit.snapshot(report),
        plan=report.activity.plan,
    )
    if submit:
        planners = User.objects.filter(
            membership__entity_id=plan.entity_id, membership__role=Role.PLANNER
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
    """The result within what the indicator allows and the budget execution within the
    apropiación (plans.values holds the rules)."""
    values.refuse(
        values.result_problems(activity, data, required=required)
        + values.budget_problems(
            appropriation=activity.appropriation,
            commitments=data.commitments,
            obligations=data.obligations,
        )
    )


@transaction.atomic
def add_evidence(
    report: Report, *, by: Any, item: EvidenceData, expected_revision: int | None
) -> Evidence:
    """Attach a file or a link to a report that is still with its reporter."""
    report = Report.objects.select_for_update().select_related("activity").get(pk=report.pk)
    _plan_in_force(report.activity)
    if not policy.may_report(by, report.activity):
        raise PermissionDenied("Solo los responsables de la actividad cargan evidencias.")
    _check_revision(
        report, expected_revision, {"evidence": item.url or getattr(item.upload, "name", "")}
    )
    if report.status in {Report.Status.SUBMITTED, Report.Status.VALIDATED}:
        raise ValidationError("El seguimiento ya se envió: no se le agregan evidencias.")
    evidence = _attach(report, by=by, item=item)
    report.revision += 1
    report.save(update_fields=["revision", "updated_at"])
    return evidence


def _attach(report: Report, *, by: Any, item: EvidenceData) -> Evidence:
    """Store a file (type read from its content, size limited, stored by checksum) or a link."""
    upload = item.upload
    evidence = Evidence(
        report=report,
        uploaded_by=by,
        description=item.description.strip()[:300],
        public=item.public,
    )
    if upload is None:
        if not item.url:
            raise ValidationError("Adjunte un archivo o escriba un enlace.")
        evidence.url = item.url
    else:
        content, content_type = uploads.read_checked(
            upload,
            allowed=EVIDENCE_TYPES,
            what=(
                "un tipo de evidencia aceptado: se aceptan PDF, imágenes PNG o JPEG y "
                "documentos de oficina"
            ),
        )
        evidence.sha256 = hashlib.sha256(content).hexdigest()
        evidence.size = len(content)
        evidence.content_type = content_type
        evidence.original_name = uploads.shown_name(upload.name, "evidencia")
        evidence.file.save(evidence.sha256, ContentFile(content), save=False)
    evidence.full_clean()
    evidence.save()
    audit.record(
        "followup.evidence.added",
        evidence,
        by=by,
        after=audit.snapshot(evidence),
        plan=report.activity.plan,
    )
    return evidence


def _attach_records(report: Report, proposal: sources.Proposal, *, by: Any) -> None:
    """The records behind a proposed result go with the report as links, once each."""
    attached = set(report.evidence.exclude(url="").values_list("url", flat=True))
    for record in proposal.records:
        url = f"{settings.SITE_URL}{record.url}"
        if url not in attached:
            description = f"Registro de la fuente del indicador: {record.label}"
            _attach(report, by=by, item=EvidenceData(url=url, description=description))
            attached.add(url)


# -- review and verification ------------------------------------------------------------------


def _reviewable(report: Report, by: Any, expected_revision: int | None, mine: dict) -> Report:
    report = Report.objects.select_for_update().select_related("activity").get(pk=report.pk)
    _plan_in_force(report.activity)
    if not policy.is_planner(by, report.activity.plan.entity_id):
        raise PermissionDenied("Solo Planeación revisa los seguimientos.")
    _check_revision(report, expected_revision, mine)
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
def return_report(
    report: Report, *, by: Any, comment: str, expected_revision: int | None
) -> Report:
    """Planeación sends a report back to its reporter with what to correct."""
    mine = {"status": Report.Status.RETURNED.label, "review_comment": comment.strip()}
    report = _reviewable(report, by, expected_revision, mine)
    if not comment.strip():
        raise ValidationError("Escriba qué debe corregir el responsable.")
    before = audit.snapshot(report)
    report.status = Report.Status.RETURNED
    report.review_comment = comment.strip()
    report.revision += 1
    report.save()
    rebuild_rollups(report.activity.plan)  # one report fewer sent: the plan rows count it
    audit.record(
        "followup.report.returned",
        report,
        by=by,
        before=before,
        after=audit.snapshot(report),
        plan=report.activity.plan,
        reason=comment.strip(),
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
def validate_report(
    report: Report, *, by: Any, expected_revision: int | None, comment: str = ""
) -> Report:
    """Planeación validates a report, with an optional comment that stays on record."""
    mine = {"status": Report.Status.VALIDATED.label, "review_comment": comment.strip()}
    report = _reviewable(report, by, expected_revision, mine)
    before = audit.snapshot(report)
    report.status = Report.Status.VALIDATED
    report.validated_at, report.validated_by = timezone.now(), by
    report.executed = executed_progress(report)
    report.review_comment = comment.strip()
    report.revision += 1
    report.save()
    rebuild_rollups(report.activity.plan)
    public_cache.invalidate(report.activity.plan.entity_id, report.activity.plan_id)
    audit.record(
        "followup.report.validated",
        report,
        by=by,
        before=before,
        after=audit.snapshot(report),
        plan=report.activity.plan,
        reason=comment.strip(),
    )
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
    expected_revision: int | None,
) -> Verification:
    """Control Interno agrees with the validated progress or adjusts it, with an observation.
    Each verification is a new round; the latest counts and the earlier ones stay on record."""
    report = Report.objects.select_for_update().select_related("activity").get(pk=report.pk)
    plan = _plan_in_force(report.activity)
    if not policy.may_verify(by, report):
        raise PermissionDenied("Solo Control Interno verifica los seguimientos.")
    # Before the revision check, whose conflict answer prints the adjustment sent.
    values.refuse(
        values.adjustment_problems(
            values.Indicator.of(report.activity),
            agrees=agrees,
            adjusted=adjusted_executed,
            observation=observation,
        )
    )
    mine = {
        "verification": _verification_text(
            Verification(
                agrees=agrees, adjusted_executed=adjusted_executed, observation=observation
            )
        )
    }
    _check_revision(report, expected_revision, mine)
    if report.status != Report.Status.VALIDATED:
        raise ValidationError("Control Interno verifica seguimientos ya validados por Planeación.")
    previous = report.verification
    verification = Verification.objects.create(
        report=report,
        round=(previous.round + 1) if previous else 1,
        agrees=agrees,
        adjusted_executed=None if agrees else adjusted_executed,
        observation=observation.strip(),
        public=public,
        verified_by=by,
    )
    report.revision += 1
    report.save(update_fields=["revision", "updated_at"])
    report.__dict__.pop("verification", None)
    rebuild_rollups(plan)
    public_cache.invalidate(plan.entity_id, plan.pk)
    audit.record(
        "followup.report.verified",
        verification,
        by=by,
        before=audit.snapshot(previous) if previous else None,
        after=audit.snapshot(verification),
        plan=report.activity.plan,
    )
    return verification


# -- roll-ups -----------------------------------------------------------------------------------


def rebuild_rollups(plan: Plan) -> None:
    """Recompute the plan's roll-ups, and its entity's, from its live progress (inside the
    caller's transaction)."""
    rollups.rebuild(plan, selectors.plan_progress(plan, stored=False))


def rebuild_entity_rollups(entity: Entity) -> None:
    """Every published plan's roll-ups and the entity's: its follow-up scheme, and so its
    periods, changed."""
    published = Plan.objects.filter(entity=entity, status=Plan.Status.PUBLISHED)
    rollups.rebuild_entity(
        entity, ((plan, selectors.plan_progress(plan, stored=False)) for plan in published)
    )


@transaction.atomic
def change_entity_settings(entity: Entity, *, by: Any, **fields: Any) -> Entity:
    """Planeación changes its entity's settings (organization.services.update_entity); a new
    follow-up scheme brings new periods, so every roll-up is rebuilt in the same transaction."""
    scheme = entity.followup_scheme
    entity = organization.update_entity(entity, by=by, **fields)
    if entity.followup_scheme != scheme:
        rebuild_entity_rollups(entity)
    return entity


# -- a new version of a plan --------------------------------------------------------------------


@transaction.atomic
def carry_over(previous: Plan, plan: Plan, *, by: Any) -> int:
    """Carry the follow-up of every continuing activity into the version being published, as it
    is: state, values, narrative, review comment, evidence, every verification round, public
    flags, revision, authors and dates. Validated progress is recomputed against the new
    version's target. A removed activity's reports stay with the archived version. Returns how
    many reports were carried."""
    continuing = {
        activity.carried_from_id: activity
        for activity in Activity.objects.filter(plan=plan, carried_from__isnull=False)
    }
    reports = list(
        Report.objects.filter(activity__plan=previous, activity_id__in=list(continuing))
        .prefetch_related("evidence", "verifications")
        .order_by("pk")
    )
    Report.objects.filter(activity__plan=plan).delete()  # none: a draft is never reported on
    copies = []
    for report in reports:
        copy = Report(
            **{
                field.attname: getattr(report, field.attname)
                for field in Report._meta.concrete_fields
                if field.attname not in {"id", "activity_id", "carried_from_id", "updated_at"}
            },
            activity=continuing[report.activity_id],
            carried_from=report,
        )
        if copy.status == Report.Status.VALIDATED:
            copy.executed = executed_progress(copy)
        copies.append(copy)
    copies = Report.objects.bulk_create(copies)
    evidence, verifications = [], []
    for report, copy in zip(reports, copies, strict=True):
        for item in report.evidence.all():
            evidence.append(_copied(item, report=copy))
        for item in report.verifications.all():
            verifications.append(_copied(item, report=copy))
    Evidence.objects.bulk_create(evidence)
    Verification.objects.bulk_create(verifications)
    if copies:
        audit.record(
            "followup.report.carried",
            plan,
            by=by,
            after={"reports": len(copies), "from_plan": previous.pk},
            entity_id=plan.entity_id,
            plan_id=plan.pk,
            reason=(
                f"{len(copies)} seguimiento(s) de la versión {previous.version} pasan a la "
                f"versión {plan.version}"
            ),
        )
    return len(copies)


def _copied(item, **changes):
    """An unsaved copy of a row with every concrete value but its id."""
    values = {
        field.attname: getattr(item, field.attname)
        for field in type(item)._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    values.pop("report_id", None)
    return type(item)(**values)


# -- reminders --------------------------------------------------------------------------------


def send_reminders(today: datetime.date) -> int:
    """Mail each reporter their pending activities when a window is about to close or is overdue.

    Pending is the worklist of «Pendientes» (followup.selectors.to_send): the activities the
    person answers for whose report of the period is not sent.

    Meant to run daily; an event (period, stage, person) is mailed once however often it runs.
    Returns how many mails were queued.
    """
    sent = 0
    memberships = Membership.objects.filter(
        role=Role.REPORTER, user__is_active=True
    ).select_related("user", "entity")
    for member in memberships:
        member.user._membership_cache = member  # what policy.membership would read again
        for plan in Plan.objects.filter(entity=member.entity, status=Plan.Status.PUBLISHED):
            plan.entity = member.entity
            worklist = None  # read once per plan, when some period calls for a reminder
            for period in periods.plan_periods(plan):
                window = periods.window(plan, period, today)
                stage = _reminder_stage(window, today, member.entity.reminder_days_before)
                if stage is None:
                    continue
                if worklist is None:
                    worklist = selectors.to_send(member.user, plan)
                pending = [activity for activity, _report in worklist.get(period.number, [])]
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
                            f"el {window.until:%d/%m/%Y}"
                        ),
                        "reminder",
                        {
                            "period": period,
                            "plan": plan,
                            "deadline": window.until,
                            "items": pending,
                            "overdue": stage == "vencido",
                        },
                    )
    return sent


def _reminder_stage(window: periods.Window, today: datetime.date, days_before: int) -> str | None:
    if window.is_open:
        if (window.until - today).days <= days_before:
            return f"proximo:{window.until.isoformat()}"
        return None
    if window.state == periods.CLOSED and today <= window.until + datetime.timedelta(days=30):
        return "vencido"
    return None
