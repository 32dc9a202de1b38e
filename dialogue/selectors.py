"""Reads of dialogue spaces and compromisos, for the office's pages, the public ones and the
indicators fed by these records (followup.sources calls held_events, closed_commitments and
events_with_commitments)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from dialogue.models import Attendance, Commitment, Event


def _local_day_bounds(since: datetime.date, until: datetime.date):
    """[since 00:00, until+1 00:00) in local time: the events whose local date is in range."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def with_attendees(events: QuerySet[Event]) -> QuerySet[Event]:
    """``attendees``: the sum of the attendance by grupo de valor, 0 when none was recorded."""
    total = (
        Attendance.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return events.annotate(attendees=Coalesce(total, Value(0)))


def held_events(
    activity_ids: Iterable[int], *, since: datetime.date, until: datetime.date, kind: str = ""
) -> QuerySet[Event]:
    """Events held (realizado) of these activities whose local date is within [since, until],
    of one kind when given, with ``attendees``, in date order."""
    start, end = _local_day_bounds(since, until)
    events = Event.objects.filter(
        status=Event.Status.HELD,
        activity_id__in=list(activity_ids),
        starts_at__gte=start,
        starts_at__lt=end,
    )
    if kind:
        events = events.filter(kind=kind)
    return with_attendees(events).order_by("starts_at", "pk")


def closed_commitments(
    activity_ids: Iterable[int], *, since: datetime.date, until: datetime.date
) -> QuerySet[Commitment]:
    """Compromisos closed within [since, until] of events that serve these activities."""
    return (
        Commitment.objects.filter(
            status=Commitment.Status.CLOSED,
            closed_on__gte=since,
            closed_on__lte=until,
            event__activity_id__in=list(activity_ids),
        )
        .select_related("event", "unit")
        .order_by("closed_on", "pk")
    )


def events_with_commitments(
    activity_ids: Iterable[int], *, since: datetime.date, until: datetime.date
) -> QuerySet[Event]:
    """Held events in range that produced at least one compromiso (a plan de mejoramiento)."""
    return held_events(activity_ids, since=since, until=until).filter(
        Exists(Commitment.objects.filter(event=OuterRef("pk")))
    )


# -- the office's pages -------------------------------------------------------------------------


def entity_events(entity_id: int, *, year: int | None = None, kind: str = "", status: str = ""):
    events = Event.objects.filter(entity_id=entity_id)
    if year:
        events = events.filter(starts_at__year=year)
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    return with_attendees(events).annotate(
        commitment_count=Count("commitments", distinct=True),
        open_commitments=Count(
            "commitments", filter=Q(commitments__status=Commitment.Status.OPEN), distinct=True
        ),
    )


def event_years(entity_id: int) -> list[int]:
    dates = Event.objects.filter(entity_id=entity_id).dates("starts_at", "year", order="DESC")
    years = {day.year for day in dates} | {timezone.localdate().year}
    return sorted(years, reverse=True)


def attendance_rows(event: Event) -> tuple[list[Attendance], int]:
    rows = list(event.attendance.select_related("value_group"))
    return rows, sum(row.count for row in rows)


def entity_commitments(entity_id: int, *, unit_id: int | None = None, status: str = ""):
    commitments = Commitment.objects.filter(event__entity_id=entity_id).select_related(
        "event", "unit"
    )
    if unit_id:
        commitments = commitments.filter(unit_id=unit_id)
    if status == "vencido":
        commitments = commitments.overdue()
    elif status:
        commitments = commitments.filter(status=status)
    return commitments.annotate(evidence_count=Count("evidence")).order_by(
        "status", "due_date", "pk"
    )


# -- public pages -------------------------------------------------------------------------------


def by_month(events: Iterable[Event]) -> list[tuple[datetime.date, list[Event]]]:
    """Events grouped by the local month they start in (the first day of it)."""
    return [
        (month, list(items))
        for month, items in groupby(
            events, key=lambda event: timezone.localdate(event.starts_at).replace(day=1)
        )
    ]


def public_upcoming(entity_id: int) -> QuerySet[Event]:
    """Programmed events not yet over (started today or later), the calendar."""
    today_start, _ = _local_day_bounds(timezone.localdate(), timezone.localdate())
    return (
        Event.objects.filter(
            entity_id=entity_id, status=Event.Status.SCHEDULED, starts_at__gte=today_start
        )
        .prefetch_related("value_groups")
        .order_by("starts_at", "pk")
    )


def public_past(entity_id: int) -> QuerySet[Event]:
    """Held events, the public record of rendición de cuentas."""
    return (
        with_attendees(Event.objects.filter(entity_id=entity_id, status=Event.Status.HELD))
        .annotate(commitment_count=Count("commitments", distinct=True))
        .prefetch_related("value_groups")
        .order_by("-starts_at", "-pk")
    )


def public_event(entity_id: int, pk: int) -> Event | None:
    """A programmed or held event of the entity (a cancelled one stays out of the record)."""
    return (
        Event.objects.filter(entity_id=entity_id, pk=pk)
        .exclude(status=Event.Status.CANCELLED)
        .prefetch_related("value_groups")
        .first()
    )


def public_commitments(entity_id: int) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(event__entity_id=entity_id, event__status=Event.Status.HELD)
        .select_related("event", "unit")
        .order_by("status", "due_date", "pk")
    )


def due_commitments(activity_ids: Iterable[int], *, until: datetime.date) -> QuerySet[Commitment]:
    """Compromisos of events that serve these activities, due by ``until`` or closed by then:
    what the compromisos closed are a share of, for a percentage indicator (every one that
    closed_commitments counts up to ``until`` is among them)."""
    return Commitment.objects.filter(
        Q(due_date__lte=until) | Q(status=Commitment.Status.CLOSED, closed_on__lte=until),
        event__activity_id__in=list(activity_ids),
    )


def open_commitments_for(entity_id: int, unit_ids: Iterable[int] | None) -> QuerySet[Commitment]:
    """Open compromisos of the entity, of these dependencias when given, soonest due first:
    what the pending page lists for the people who close them."""
    commitments = Commitment.objects.filter(
        event__entity_id=entity_id, status=Commitment.Status.OPEN
    ).select_related("event", "unit")
    if unit_ids is not None:
        commitments = commitments.filter(unit_id__in=list(unit_ids))
    return commitments.order_by("due_date", "pk")
