"""Reads of the consulta pública: the state of a window, what the public sees, the «matriz de
observaciones» and what the indicators count."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from consultation.models import Comment, Consultation
from plans.models import Plan

# A plan whose answers are final: approved, then published, then replaced by a later version.
DECIDED = (Plan.Status.APPROVED, Plan.Status.PUBLISHED, Plan.Status.ARCHIVED)
# The plans a consultation may be opened on: still in formulation or in review.
CONSULTABLE = (Plan.Status.DRAFT, Plan.Status.IN_REVIEW, Plan.Status.RETURNED)
WHOLE_PLAN = "Todo el plan"


def ends_on(consultation: Consultation) -> datetime.date:
    """The last day comments were (or will be) received."""
    if consultation.closed_at is not None:
        closed = timezone.localdate(consultation.closed_at)
        return max(min(closed, consultation.closes_on), consultation.opens_on)
    return consultation.closes_on


def is_open(consultation: Consultation, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    if consultation.closed_at is not None:
        return False
    return consultation.opens_on <= today <= consultation.closes_on


def has_ended(consultation: Consultation, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return consultation.closed_at is not None or today > consultation.closes_on


def state_label(consultation: Consultation, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if has_ended(consultation, today):
        return "Cerrada"
    if is_open(consultation, today):
        return "Abierta"
    return "Próxima"


def _later_versions(plan: Plan) -> Iterator[Plan]:
    """The plan and the versions that replaced it, read afresh (the caller's copy may be
    older than an approval)."""
    seen = Plan.objects.filter(pk=plan.pk).first()
    while seen is not None:
        yield seen
        seen = Plan.objects.filter(previous_version=seen).first()


def matrix_is_public(consultation: Consultation) -> bool:
    """The matrix is published with the approved plan: once the window has ended and the
    consulted plan, or a later version of it, has been approved. Until then the answers may
    still change with the plan, and only Planeación and the entity's people see them."""
    if not has_ended(consultation):
        return False
    return any(plan.status in DECIDED for plan in _later_versions(consultation.plan))


def matrix_published(plan: Plan) -> Consultation | None:
    """The latest consultation on ``plan`` or on an earlier version of it whose matrix is
    public, for the public plan page to link."""
    versions = []
    seen: Plan | None = plan
    while seen is not None:
        versions.append(seen.pk)
        seen = seen.previous_version
    candidates = Consultation.objects.filter(plan_id__in=versions).select_related("plan")
    for consultation in candidates.order_by("-opens_on", "-pk"):
        if matrix_is_public(consultation):
            return consultation
    return None


def consultations_of(entity_id: int) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(plan__entity_id=entity_id)
        .select_related("plan", "activity")
        .annotate(received=Count("comments"))
    )


def public_consultations(entity_id: int) -> QuerySet[Consultation]:
    """What the portal lists: every consultation, upcoming ones included (their dates are
    public so people can prepare)."""
    return consultations_of(entity_id)


def comments_of(
    consultation: Consultation,
    *,
    status: str = "",
    activity: str = "",
    value_group: str = "",
) -> QuerySet[Comment]:
    """The observations for the internal page, filtered; ``activity`` is an activity id or
    «plan» for the ones about the whole plan."""
    comments = consultation.comments.select_related("activity", "value_group", "answered_by")
    if status:
        comments = comments.filter(status=status)
    if activity == "plan":
        comments = comments.filter(activity__isnull=True)
    elif activity.isdigit():
        comments = comments.filter(activity_id=int(activity))
    if value_group.isdigit():
        comments = comments.filter(value_group_id=int(value_group))
    return comments.order_by("created_at", "pk")


def counts(consultation: Consultation) -> dict[str, list[tuple[str, int]]]:
    """Observations by grupo de valor and by state of the answer (hidden ones apart)."""
    comments = consultation.comments.all()
    by_group = (
        comments.values("value_group__name").annotate(n=Count("pk")).order_by("value_group__name")
    )
    labels = dict(Comment.Status.choices)
    by_state = comments.filter(hidden=False).values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in by_state}
    return {
        "groups": [(row["value_group__name"], row["n"]) for row in by_group],
        "states": [(labels[value], found.get(value, 0)) for value in labels]
        + [("Retiradas por moderación", comments.filter(hidden=True).count())],
    }


MATRIX_HEADERS = (
    "N.º",
    "Fecha",
    "Actividad",
    "Grupo de valor",
    "Municipio o vereda",
    "Observación",
    "Estado de la respuesta",
    "Respuesta",
    "Cambio realizado",
    "Fecha de respuesta",
)


@dataclass(frozen=True)
class MatrixRow:
    """One line of the matriz de observaciones: never the person's name or e-mail."""

    number: int
    received: datetime.date
    activity: str
    value_group: str
    place: str
    observation: str
    status: str
    answer: str
    change_made: str
    answered: datetime.date | None

    def values(self) -> tuple:
        return (
            self.number,
            self.received,
            self.activity,
            self.value_group,
            self.place,
            self.observation,
            self.status,
            self.answer,
            self.change_made,
            self.answered,
        )


def activity_label(activity) -> str:
    return f"{activity.number}. {activity.description}"


def _activity_label(comment: Comment) -> str:
    return comment.activity_label or WHOLE_PLAN


def matrix(consultation: Consultation) -> Iterable[MatrixRow]:
    """The rows of the matriz de observaciones, in the order received. A hidden observation
    keeps its place with the moderation reason instead of its text."""
    comments = consultation.comments.select_related("activity", "value_group").order_by(
        "created_at", "pk"
    )
    for number, comment in enumerate(comments, start=1):
        if comment.hidden:
            observation = f"Observación retirada por moderación: {comment.hidden_reason}"
        else:
            observation = comment.text
        answered = comment.status != Comment.Status.PENDING and comment.answered_at
        yield MatrixRow(
            number=number,
            received=timezone.localdate(comment.created_at),
            activity=_activity_label(comment),
            value_group=comment.value_group.name,
            place="" if comment.hidden else comment.place,
            observation=observation,
            status=comment.get_status_display(),
            answer=comment.answer if answered else "",
            change_made=comment.change_made if answered else "",
            answered=timezone.localdate(comment.answered_at) if answered else None,
        )


def answered_comments(
    activity_ids: Iterable[int], *, since: datetime.date, until: datetime.date
) -> QuerySet[Comment]:
    """Observations answered between ``since`` and ``until`` (inclusive) in consultations that
    serve these activities, not hidden: what an indicator «observaciones respondidas» counts."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
    )
    return (
        Comment.objects.filter(consultation__activity_id__in=list(activity_ids), hidden=False)
        .exclude(status=Comment.Status.PENDING)
        .filter(answered_at__gte=start, answered_at__lt=end)
        .select_related("consultation", "activity", "value_group")
        .order_by("answered_at", "pk")
    )


def received_comments(activity_ids: Iterable[int], *, until: datetime.date) -> QuerySet[Comment]:
    """Observations received by ``until`` (inclusive) in consultations that serve these
    activities, not hidden: what the answered ones are a share of, for a percentage indicator
    (every one answered_comments counts up to ``until`` is among them)."""
    end = timezone.make_aware(
        datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
    )
    return Comment.objects.filter(
        consultation__activity_id__in=list(activity_ids), hidden=False, created_at__lt=end
    )


def open_or_upcoming(plan: Plan) -> QuerySet[Consultation]:
    """Consultations of the plan that have not ended: at most one at a time."""
    today = timezone.localdate()
    return Consultation.objects.filter(plan=plan, closed_at__isnull=True).filter(
        Q(closes_on__gte=today)
    )


def consultable_plans(entity_id: int) -> QuerySet[Plan]:
    return Plan.objects.filter(entity_id=entity_id, status__in=CONSULTABLE).order_by(
        "-year", "title"
    )


def consultations_of_all() -> QuerySet[Consultation]:
    return (
        Consultation.objects.select_related("plan__entity", "activity")
        .annotate(received=Count("comments"))
        .order_by("-opens_on", "-pk")
    )


def plan_activities(plan: Plan) -> QuerySet:
    """The consulted plan's activities as the public page shows them."""
    return plan.activities.prefetch_related("tasks", "responsible_units").order_by(
        "position", "number"
    )


def awaiting_answer(entity_id: int) -> QuerySet[Consultation]:
    """The entity's consultations with observations not yet answered (hidden ones aside),
    with how many: Planeación's pending page lists them."""
    waiting = Count(
        "comments", filter=Q(comments__status=Comment.Status.PENDING, comments__hidden=False)
    )
    return (
        Consultation.objects.filter(plan__entity_id=entity_id)
        .select_related("plan")
        .annotate(waiting=waiting)
        .filter(waiting__gt=0)
        .order_by("closes_on", "pk")
    )
