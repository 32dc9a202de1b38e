"""Indicators fed by participation records (issue 21): what the report form proposes.

An activity whose indicator has a source (``Activity.indicator_source``) counts, for a period,
the records of the participation apps that serve it — events held, their attendance, compromisos
closed, surveys closed and their responses, observations of a consulta pública answered — from
the first day of the vigencia to the period's cut-off, the cumulative figure the report asks
for. The reporter confirms the proposal or corrects it with a reason (followup.services); the
records go with the report as links, and Planeación and Control Interno see both figures.

A record serves the activity it names or any other version of it: events registered against
version 1 still count when version 2 is in force, and an event linked to the draft of version 2
counts for version 1's reports while that one is in force.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit import services as audit
from consultation import selectors as consultation
from dialogue import selectors as dialogue
from dialogue.models import Event
from followup.models import Period
from organization import policy
from plans.models import Activity, Plan
from surveys import selectors as surveys

Source = Activity.IndicatorSource
IndicatorType = Activity.IndicatorType

# The sources whose records are events, where a type of event can narrow them.
EVENT_SOURCES = {Source.EVENTS_HELD, Source.ATTENDANCE, Source.EVENTS_WITH_COMMITMENTS}


@dataclass(frozen=True)
class Record:
    """One record behind a proposed figure, as the report lists and links it."""

    label: str
    day: datetime.date
    url: str  # the record's page in the application (a path)
    amount: int = 1  # what it adds to the figure (attendance: the attendees)


@dataclass(frozen=True)
class Proposal:
    """The result the records give for a period, in the indicator's own terms."""

    source: str
    since: datetime.date
    until: datetime.date
    count: int
    records: list[Record] = field(default_factory=list)
    value: Decimal | None = None  # a number indicator
    numerator: Decimal | None = None  # a percentage: count of…
    denominator: Decimal | None = None  # …out of
    delivered: bool | None = None  # a milestone: at least one record

    @property
    def source_label(self) -> str:
        return Source(self.source).label

    @property
    def proposes(self) -> bool:
        """Whether it proposes a figure (a percentage of a count with no total only lists)."""
        return self.delivered is not None or self.numerator is not None or self.value is not None

    @property
    def shown(self) -> str:
        """The proposed figure as a sentence fragment: «12», «3 de 4», «sí»."""
        if self.delivered is not None:
            return "sí" if self.delivered else "no"
        if self.numerator is not None:
            return f"{self.numerator:f} de {self.denominator:f}"
        if self.value is not None:
            return f"{self.value:f}"
        return f"{self.count} registro{'s' if self.count != 1 else ''}"

    def differs(self, *, value, numerator, denominator, delivered) -> bool:
        """Whether a report's figures are not the proposed ones."""
        if self.delivered is not None:
            return delivered != self.delivered
        if self.numerator is not None:
            return (numerator, denominator) != (self.numerator, self.denominator)
        if self.value is not None:
            return value != self.value
        return False

    def as_stored(self) -> dict[str, Any]:
        """What the report keeps of the proposal (Report.source_proposal)."""
        return {
            "fuente": self.source,
            "desde": self.since.isoformat(),
            "hasta": self.until.isoformat(),
            "propuesto": self.shown,
            "registros": [
                {"registro": r.label, "fecha": r.day.isoformat(), "enlace": r.url}
                for r in self.records
            ],
        }


def lineage(activity: Activity) -> list[int]:
    """The ids of the activity and of every other version of it (carried_from both ways)."""
    found = {activity.pk}
    frontier = {activity.pk}
    if activity.carried_from_id:
        frontier.add(activity.carried_from_id)
    while frontier:
        found |= frontier
        linked = Activity.objects.filter(
            Q(pk__in=frontier) | Q(carried_from_id__in=frontier)
        ).values_list("pk", "carried_from_id")
        frontier = {pk for pair in linked for pk in pair if pk is not None} - found
    return sorted(found)


def _day(moment: datetime.datetime | datetime.date | None) -> datetime.date | None:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def _records(activity: Activity, since: datetime.date, until: datetime.date):
    """(count, records) of the activity's source in [since, until]."""
    ids = lineage(activity)
    source = activity.indicator_source
    kind = activity.indicator_source_event_kind
    if source == Source.EVENTS_HELD:
        events = list(dialogue.held_events(ids, since=since, until=until, kind=kind))
        return len(events), [_event(e) for e in events]
    if source == Source.ATTENDANCE:
        events = list(dialogue.held_events(ids, since=since, until=until, kind=kind))
        records = [_event(e, attendees=e.attendees or 0) for e in events]
        return sum(r.amount for r in records), records
    if source == Source.EVENTS_WITH_COMMITMENTS:
        events = list(dialogue.events_with_commitments(ids, since=since, until=until))
        if kind:
            events = [e for e in events if e.kind == kind]
        return len(events), [_event(e) for e in events]
    if source == Source.COMMITMENTS_CLOSED:
        closed = list(dialogue.closed_commitments(ids, since=since, until=until))
        records = [
            Record(f"Compromiso cerrado: {c.description[:120]}", c.closed_on, c.get_absolute_url())
            for c in closed
        ]
        return len(closed), records
    if source == Source.SURVEYS_CLOSED:
        closed = list(surveys.closed_surveys(ids, since=since, until=until))
        records = [
            Record(
                f"Encuesta cerrada: {s.title} ({s.responses_count} respuestas)",
                _day(s.closed_at) or s.closes_on,
                s.get_absolute_url(),
            )
            for s in closed
        ]
        return len(closed), records
    if source == Source.SURVEY_RESPONSES:
        answered = list(surveys.responses(ids, since=since, until=until).select_related("survey"))
        by_survey: dict[int, list] = {}
        for response in answered:
            by_survey.setdefault(response.survey_id, []).append(response)
        records = [
            Record(
                f"Respuestas a la encuesta «{group[0].survey.title}»",
                _day(group[-1].submitted_at),
                group[0].survey.get_absolute_url(),
                amount=len(group),
            )
            for group in by_survey.values()
        ]
        return len(answered), records
    if source == Source.COMMENTS_ANSWERED:
        answered = list(consultation.answered_comments(ids, since=since, until=until))
        records = [
            Record(
                f"Observación {c.pk} respondida ({c.get_status_display().lower()})",
                _day(c.answered_at),
                c.get_absolute_url(),
            )
            for c in answered
        ]
        return len(answered), records
    raise ValueError(f"Unknown indicator source {source!r}")


def _total(activity: Activity, since: datetime.date, until: datetime.date) -> int | None:
    """What a percentage source is a share of: the compromisos due by the cut-off, or the
    observations received; None for the sources that only count."""
    ids = lineage(activity)
    if activity.indicator_source == Source.COMMITMENTS_CLOSED:
        return dialogue.due_commitments(ids, until=until).count()
    if activity.indicator_source == Source.COMMENTS_ANSWERED:
        return consultation.received_comments(ids, until=until).count()
    return None


def _event(event: Event, *, attendees: int | None = None) -> Record:
    label = f"{event.get_kind_display()}: {event.title}"
    if attendees is None:
        return Record(label, _day(event.starts_at), event.get_absolute_url())
    label += f" ({attendees} asistente{'s' if attendees != 1 else ''})"
    return Record(label, _day(event.starts_at), event.get_absolute_url(), amount=attendees)


def proposal(activity: Activity, period: Period) -> Proposal | None:
    """What the records propose for the activity's report of ``period``, or None when its
    indicator has no source."""
    if not activity.indicator_source:
        return None
    since = datetime.date(period.year, 1, 1)
    until = period.cutoff
    count, records = _records(activity, since, until)
    kind = activity.indicator_type
    base = {"source": activity.indicator_source, "since": since, "until": until}
    if kind == IndicatorType.MILESTONE:
        return Proposal(**base, count=count, records=records, delivered=count > 0)
    if kind == IndicatorType.PERCENTAGE:
        total = _total(activity, since, until)
        if not total:  # a count with nothing to be a share of: the records listed, no figure
            return Proposal(**base, count=count, records=records)
        return Proposal(
            **base,
            count=count,
            records=records,
            numerator=Decimal(count),
            denominator=Decimal(total),
        )
    return Proposal(**base, count=count, records=records, value=Decimal(count))


@transaction.atomic
def set_indicator_source(
    activity: Activity,
    *,
    by: Any,
    source: str,
    event_kind: str = "",
    valid_event_kinds: Iterable[str] | None = None,
) -> Activity:
    """Planeación links (or unlinks, with ``source`` empty) an activity's indicator to a
    participation source. It configures the follow-up, not the plan's content, so it can change
    while the plan is in force; an archived version stays as it was."""
    activity = (
        Activity.objects.select_for_update(of=("self",)).select_related("plan").get(pk=activity.pk)
    )
    if not policy.is_planner(by, activity.plan.entity_id):
        raise PermissionDenied("Solo Planeación define la fuente del indicador.")
    if activity.plan.status == Plan.Status.ARCHIVED:
        raise ValidationError("Esta versión del plan está archivada: no se modifica.")
    if source and source not in Source.values:
        raise ValidationError({"source": "Elija una fuente de la lista."})
    kinds = set(valid_event_kinds if valid_event_kinds is not None else Event.Kind.values)
    if event_kind and (source not in EVENT_SOURCES or event_kind not in kinds):
        raise ValidationError(
            {"event_kind": "El tipo de espacio solo se elige para una fuente de espacios."}
        )
    before = audit.snapshot(activity)
    activity.indicator_source = source
    activity.indicator_source_event_kind = event_kind if source else ""
    activity.save(update_fields=["indicator_source", "indicator_source_event_kind"])
    audit.record(
        "followup.indicator_source.set",
        activity,
        by=by,
        before=before,
        after=audit.snapshot(activity),
        plan=activity.plan,
    )
    return activity
