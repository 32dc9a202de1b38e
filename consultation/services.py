"""Writes of the consulta pública: each one a function, in one transaction, audited. Citizens'
observations are never deleted: moderation hides them with a reason."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.services import record
from consultation import selectors
from consultation.models import Comment, Consultation
from organization import policy, public_cache
from participation.abuse import RATE_LIMITED_MESSAGE, TEXT_MAX_LENGTH, rate_limited
from participation.consent import RETENTION_DAYS, Purpose, record_consent
from participation.models import ValueGroup
from plans.models import Activity, Plan


class ConsultationRefused(ValidationError):
    """The consultation or the observation cannot be written now; the message says why."""


@dataclass
class StaleAnswer(ValidationError):
    """Another planner answered the observation after this one opened the form; nothing was
    written. ``comment`` is the observation as it is saved now."""

    comment: Comment

    def __post_init__(self) -> None:
        who = self.comment.answered_by.get_full_name() if self.comment.answered_by else ""
        who = who or (self.comment.answered_by.username if self.comment.answered_by else "")
        super().__init__(
            f"Otra persona{f' ({who})' if who else ''} respondió esta observación mientras "
            "usted escribía; no se guardó su respuesta. Revise la respuesta guardada y, si "
            "hace falta, vuelva a responder."
        )

    def __str__(self) -> str:
        return self.message


def _d(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _require_planner(user: Any, entity_id: int) -> None:
    if not policy.is_planner(user, entity_id):
        raise PermissionDenied("Solo Planeación de la entidad administra la consulta pública.")


def _consultation_after(consultation: Consultation) -> dict:
    return {
        "plan_id": consultation.plan_id,
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "activity_id": consultation.activity_id,
        "closed_at": consultation.closed_at.isoformat() if consultation.closed_at else None,
    }


def _comment_after(comment: Comment) -> dict:
    """What the audit keeps of an observation: never the person's name, e-mail or place."""
    return {
        "consultation_id": comment.consultation_id,
        "activity_id": comment.activity_id,
        "value_group_id": comment.value_group_id,
        "hidden": comment.hidden,
        "status": comment.status,
        "answer": comment.answer,
        "change_made": comment.change_made,
    }


@transaction.atomic
def open_consultation(
    plan: Plan,
    *,
    by: Any,
    opens_on: datetime.date,
    closes_on: datetime.date,
    intro: str = "",
    activity: Activity | None = None,
) -> Consultation:
    """Open a window for citizens to comment a plan in formulation or in review."""
    _require_planner(by, plan.entity_id)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in selectors.CONSULTABLE:
        raise ConsultationRefused(
            f"El plan está «{plan.get_status_display()}»: solo se consulta un plan en borrador, "
            "devuelto o en revisión.",
            code="plan_state",
        )
    if closes_on < opens_on:
        raise ConsultationRefused(
            "La fecha de cierre debe ser igual o posterior a la de apertura.", code="dates"
        )
    if closes_on < timezone.localdate():
        raise ConsultationRefused("La fecha de cierre ya pasó.", code="dates")
    current = selectors.open_or_upcoming(plan).first()
    if current is not None:
        raise ConsultationRefused(
            f"Este plan ya tiene una consulta del {_d(current.opens_on)} al "
            f"{_d(current.closes_on)}; ciérrela antes de abrir otra.",
            code="already_open",
        )
    if activity is not None and activity.plan.entity_id != plan.entity_id:
        raise ConsultationRefused("La actividad no es de esta entidad.", code="activity")
    consultation = Consultation.objects.create(
        plan=plan,
        opens_on=opens_on,
        closes_on=closes_on,
        intro=intro.strip(),
        activity=activity,
        opened_by=by,
    )
    record(
        "consultation.consultation.opened",
        consultation,
        by=by,
        after=_consultation_after(consultation),
        plan=plan,
    )
    public_cache.invalidate(plan.entity_id, plan.pk)
    return consultation


@transaction.atomic
def close_consultation(consultation: Consultation, *, by: Any, reason: str = "") -> Consultation:
    """Close the window before its last day."""
    _require_planner(by, consultation.plan.entity_id)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if selectors.has_ended(consultation):
        raise ConsultationRefused("La consulta ya está cerrada.", code="closed")
    before = _consultation_after(consultation)
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    record(
        "consultation.consultation.closed",
        consultation,
        by=by,
        before=before,
        after=_consultation_after(consultation),
        plan=consultation.plan,
        reason=reason,
    )
    public_cache.invalidate(consultation.plan.entity_id, consultation.plan_id)
    return consultation


@dataclass
class CommentData:
    """What a citizen sends; ``honeypot`` is the field people never see."""

    email: str
    value_group: ValueGroup
    text: str
    consent: bool
    activity: Activity | None = None
    name: str = ""
    place: str = ""
    honeypot: str = ""


@transaction.atomic
def submit_comment(
    consultation: Consultation, data: CommentData, *, fingerprint: str
) -> Comment | None:
    """Store a citizen's observation with their consent, inside the window. A bot that filled
    the honeypot gets None (and the same thank-you page): nothing is stored."""
    if data.honeypot:
        return None
    consultation = Consultation.objects.select_related("plan__entity").get(pk=consultation.pk)
    today = timezone.localdate()
    if not selectors.is_open(consultation, today):
        if consultation.opens_on > today:
            message = (
                f"La consulta recibe observaciones del {_d(consultation.opens_on)} al "
                f"{_d(consultation.closes_on)}; aún no ha abierto."
            )
        else:
            message = (
                f"La consulta estuvo abierta del {_d(consultation.opens_on)} al "
                f"{_d(selectors.ends_on(consultation))} y ya no recibe observaciones."
            )
        raise ConsultationRefused(message, code="window")
    if consultation.plan.status not in selectors.CONSULTABLE:
        raise ConsultationRefused(
            "El plan ya fue aprobado: la consulta no recibe más observaciones.", code="window"
        )
    if rate_limited(Comment.objects.all(), fingerprint):
        raise ConsultationRefused(RATE_LIMITED_MESSAGE, code="rate_limited")
    if not data.consent:
        raise ConsultationRefused(
            "Debe aceptar el tratamiento de datos para que podamos guardar su observación.",
            code="consent",
        )
    text = data.text.strip()
    if not text:
        raise ConsultationRefused("Escriba su observación.", code="text")
    if len(text) > TEXT_MAX_LENGTH:
        raise ConsultationRefused(
            f"La observación admite hasta {TEXT_MAX_LENGTH} caracteres.", code="text"
        )
    if not data.email:
        raise ConsultationRefused("Escriba su correo electrónico.", code="email")
    entity = consultation.plan.entity
    if data.value_group.entity_id != entity.pk:
        raise ConsultationRefused("Elija un grupo de valor de la lista.", code="value_group")
    if data.activity is not None and data.activity.plan_id != consultation.plan_id:
        raise ConsultationRefused("La actividad no es del plan consultado.", code="activity")
    consent = record_consent(entity, Purpose.COMMENT, email=data.email)
    comment = Comment.objects.create(
        consultation=consultation,
        activity=data.activity,
        activity_label=selectors.activity_label(data.activity) if data.activity else "",
        name=data.name.strip(),
        email=data.email.strip(),
        value_group=data.value_group,
        place=data.place.strip(),
        text=text,
        consent=consent,
        fingerprint=fingerprint,
    )
    record(
        "consultation.comment.received",
        comment,
        after=_comment_after(comment),
        plan=consultation.plan,
    )
    public_cache.invalidate(entity.pk, consultation.plan_id)  # the count received is public
    return comment


def _locked_comment(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation__plan", "answered_by")
        .get(pk=comment.pk)
    )


@transaction.atomic
def hide_comment(comment: Comment, *, by: Any, reason: str) -> Comment:
    """Take an observation out of public view, with the reason the matrix shows instead."""
    comment = _locked_comment(comment)
    _require_planner(by, comment.consultation.plan.entity_id)
    reason = reason.strip()
    if not reason:
        raise ConsultationRefused("Escriba el motivo para retirar la observación.", code="reason")
    if comment.hidden:
        raise ConsultationRefused("La observación ya está retirada.", code="hidden")
    before = _comment_after(comment)
    comment.hidden, comment.hidden_reason = True, reason
    comment.hidden_by, comment.hidden_at = by, timezone.now()
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    record(
        "consultation.comment.hidden",
        comment,
        by=by,
        before=before,
        after=_comment_after(comment),
        plan=comment.consultation.plan,
        reason=reason,
    )
    public_cache.invalidate(comment.consultation.plan.entity_id, comment.consultation.plan_id)
    return comment


@transaction.atomic
def unhide_comment(comment: Comment, *, by: Any, reason: str) -> Comment:
    """Show again an observation retired by mistake; the audit keeps both steps."""
    comment = _locked_comment(comment)
    _require_planner(by, comment.consultation.plan.entity_id)
    reason = reason.strip()
    if not reason:
        raise ConsultationRefused("Escriba el motivo para volver a mostrarla.", code="reason")
    if not comment.hidden:
        raise ConsultationRefused("La observación no está retirada.", code="hidden")
    before = _comment_after(comment)
    comment.hidden, comment.hidden_reason = False, ""
    comment.hidden_by, comment.hidden_at = None, None
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    record(
        "consultation.comment.shown",
        comment,
        by=by,
        before=before,
        after=_comment_after(comment),
        plan=comment.consultation.plan,
        reason=reason,
    )
    public_cache.invalidate(comment.consultation.plan.entity_id, comment.consultation.plan_id)
    return comment


@transaction.atomic
def answer_comment(
    comment: Comment,
    *,
    by: Any,
    status: str,
    answer: str,
    change_made: str = "",
    expected_revision: int,
) -> Comment:
    """Planeación's answer: accepted, partly accepted or not, with the reason and the change
    made to the plan. Refused with StaleAnswer when someone answered since the form opened.
    Once the matrix is public the commenter is mailed at once; before that, the answers are
    mailed with the approved plan (mail_answers)."""
    comment = _locked_comment(comment)
    _require_planner(by, comment.consultation.plan.entity_id)
    if comment.revision != expected_revision:
        raise StaleAnswer(comment)
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ConsultationRefused("Elija el sentido de la respuesta.", code="status")
    answer = answer.strip()
    if not answer:
        raise ConsultationRefused("Escriba la razón de la respuesta.", code="answer")
    change_made = change_made.strip()
    if status != Comment.Status.NOT_ACCEPTED and not change_made:
        raise ConsultationRefused(
            "Diga qué cambio se hizo en el plan por esta observación.", code="change_made"
        )
    before = _comment_after(comment)
    comment.status, comment.answer, comment.change_made = status, answer, change_made
    comment.answered_by, comment.answered_at = by, timezone.now()
    comment.revision += 1
    comment.save(
        update_fields=["status", "answer", "change_made", "answered_by", "answered_at", "revision"]
    )
    record(
        "consultation.comment.answered",
        comment,
        by=by,
        before=before,
        after=_comment_after(comment),
        plan=comment.consultation.plan,
    )
    public_cache.invalidate(comment.consultation.plan.entity_id, comment.consultation.plan_id)
    if selectors.matrix_is_public(comment.consultation):
        _mail_on_commit([comment.pk])
    return comment


@transaction.atomic
def mail_answers(consultation: Consultation, *, by: Any) -> int:
    """Mail every commenter whose observation is answered and not yet mailed, once the plan is
    approved (the matrix is public); returns how many mails are queued."""
    _require_planner(by, consultation.plan.entity_id)
    if not selectors.matrix_is_public(consultation):
        raise ConsultationRefused(
            "Las respuestas se envían cuando el plan consultado esté aprobado y la consulta "
            "cerrada.",
            code="not_public",
        )
    ids = list(_mailable(consultation.comments.all()).values_list("pk", flat=True))
    _mail_on_commit(ids)
    return len(ids)


def _mailable(comments):
    return (
        comments.filter(hidden=False, answer_mailed_at__isnull=True)
        .exclude(status=Comment.Status.PENDING)
        .exclude(email="")
    )


def _mail_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: _send_answers(ids))


def _send_answers(ids: list[int]) -> None:
    """Send each answer once: the row is claimed (answer_mailed_at) before its mail goes."""
    for comment in _mailable(Comment.objects.filter(pk__in=ids)).select_related(
        "consultation__plan__entity", "activity"
    ):
        claimed = Comment.objects.filter(pk=comment.pk, answer_mailed_at__isnull=True).update(
            answer_mailed_at=timezone.now()
        )
        if not claimed:
            continue
        _answer_mail(comment).send()


def _answer_mail(comment: Comment) -> EmailMultiAlternatives:
    plan = comment.consultation.plan
    entity = plan.entity
    context = {
        "comment": comment,
        "plan": plan,
        "entity": entity,
        "activity": selectors._activity_label(comment),
        "matrix_url": settings.SITE_URL
        + reverse("consultation:public_matrix", args=[entity.nit, comment.consultation_id]),
    }
    subject = f"Respuesta a su observación al {plan.title} — {entity.name}"
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("consultation/mail/answer.txt", context),
        to=[comment.email],
    )
    mail.attach_alternative(render_to_string("consultation/mail/answer.html", context), "text/html")
    return mail


@transaction.atomic
def erase_personal_data(entity_id: int, email: str, *, by: Any) -> int:
    """Blank the name, e-mail and place of a person's observations in the entity, and the
    e-mail of their consents (Ley 1581, supresión); the observations stay."""
    comments = list(
        Comment.objects.select_for_update(of=("self",))
        .filter(consultation__plan__entity_id=entity_id, email__iexact=email)
        .select_related("consent", "consultation__plan")
    )
    now = timezone.now()
    for comment in comments:
        _erase(comment, now)
        record(
            "consultation.comment.personal_data_erased",
            comment,
            by=by,
            plan=comment.consultation.plan,
        )
    return len(comments)


def _erase(comment: Comment, now: datetime.datetime) -> None:
    comment.name = comment.email = comment.place = ""
    comment.save(update_fields=["name", "email", "place"])
    consent = comment.consent
    consent.email, consent.erased_at = "", now
    consent.save(update_fields=["email", "erased_at"])


@transaction.atomic
def expire_personal_data(today: datetime.date) -> int:
    """Blank the personal data of observations whose consultation ended more than the
    retention ago (the scheduled task)."""
    limit = today - datetime.timedelta(days=RETENTION_DAYS[Purpose.COMMENT])
    now = timezone.now()
    erased = 0
    candidates = (
        Comment.objects.select_for_update(of=("self",))
        .exclude(email="", name="", place="")
        .select_related("consent", "consultation__plan")
    )
    ended = Q(consultation__closes_on__lt=limit) | Q(consultation__closed_at__isnull=False)
    for comment in candidates.filter(ended):
        if selectors.ends_on(comment.consultation) >= limit:
            continue
        _erase(comment, now)
        record(
            "consultation.comment.personal_data_erased",
            comment,
            plan=comment.consultation.plan,
            reason="Fin del plazo de conservación",
        )
        erased += 1
    return erased
