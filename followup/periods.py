"""The periods of a vigencia and their windows: when a plan's follow-up can be sent.

A plan follows up quarterly or four-monthly (``Plan.followup_scheme``). Its periods are computed
from the scheme and the entity's settings; a ``Period`` row is stored only once Planeación
decides something about one (a reopening, audited), so pages never write while reading.

Drafts are saved at any time on a plan in force. Sending to Planeación is what a window governs:
it opens some days before the cut-off (``Entity.submission_opens_days_before``; by default on the
first day of the period's last month), closes ``report_window_days`` after it, and stays open
while Planeación keeps the period reopened or, for a plan published late, until the catch-up
date set when it was published.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from followup.models import Period, Report
from organization.models import Entity
from plans.models import Plan
from plans.schedule import PERIOD_ENDS


def cutoff_of(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def periods_for(
    entity: Entity, year: int, scheme: str | None = None, stored: dict[int, Period] | None = None
) -> list[Period]:
    """The entity's periods of a vigencia under a scheme (its own by default), in one query, or
    none when the caller read the stored rows (by number) for many entities at once."""
    scheme = scheme or entity.followup_scheme
    if stored is None:
        stored = {
            p.number: p for p in Period.objects.filter(entity=entity, year=year, scheme=scheme)
        }
    periods = []
    for number, month in enumerate(PERIOD_ENDS[scheme], start=1):
        period = stored.get(number) or Period(
            entity=entity, year=year, scheme=scheme, number=number
        )
        period.entity = entity  # the settings in force, not those of when a row was stored
        period.end_month = month
        period.cutoff = cutoff_of(year, month)
        period.closes_on = period.cutoff + datetime.timedelta(days=entity.report_window_days)
        periods.append(period)
    return periods


def plan_periods(plan) -> list[Period]:
    """The periods of a plan: its vigencia under its own scheme."""
    return periods_for(plan.entity, plan.year, plan.followup_scheme)


def scheme_periods(scheme: str, year: int) -> list[Period]:
    """Unsaved periods of a scheme, without an entity: labels, closing months and cut-offs are
    all a dashboard of many entities needs."""
    return [
        Period(number=number, end_month=end, year=year, scheme=scheme, cutoff=cutoff_of(year, end))
        for number, end in enumerate(PERIOD_ENDS[scheme], start=1)
    ]


OPEN, NOT_YET, CLOSED = "abierta", "por_abrir", "cerrada"


@dataclass(frozen=True)
class Window:
    """Whether a plan's report for a period can be sent on a day, and until or from when."""

    period: Period
    state: str
    opens_on: datetime.date
    until: datetime.date  # open: the last day to send; closed: the day it closed
    why: str = ""  # "reabierto" or "puesta al día" when that is what keeps it open

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def state_label(self) -> str:
        """The window's state on the periods page."""
        if self.state == OPEN:
            return f"Abierta hasta el {self.until:%d/%m/%Y}"
        if self.state == NOT_YET:
            return f"Abre el {self.opens_on:%d/%m/%Y}"
        return f"Cerrada desde el {self.until:%d/%m/%Y}"

    @property
    def message(self) -> str:
        """What the report form and the pending list say, before anyone types."""
        label = self.period.label
        if self.state == OPEN:
            extra = {
                "reabierto": " (Planeación reabrió el periodo)",
                "puesta al día": " (puesta al día de un plan publicado tarde)",
            }.get(self.why, "")
            return (
                f"Puede enviar el seguimiento del periodo {label} a Planeación hasta el "
                f"{self.until:%d/%m/%Y}{extra}."
            )
        if self.state == NOT_YET:
            return (
                f"El envío del periodo {label} abre el {self.opens_on:%d/%m/%Y}; hasta entonces "
                "puede guardar el borrador."
            )
        return (
            f"La ventana del periodo {label} cerró el {self.until:%d/%m/%Y}; puede guardar el "
            "borrador, pero para enviarlo pida a Planeación que reabra el periodo."
        )


def window(plan, period: Period, today: datetime.date) -> Window:
    """The sending window of the plan's report for ``period`` on ``today`` (``plan`` None: the
    entity's window, without a plan's catch-up)."""
    spans = [(period.opens_on, period.closes_on, "")]
    if period.reopened_until:
        spans.append((period.reopened_on or period.opens_on, period.reopened_until, "reabierto"))
    published = plan.published_at.date() if plan and plan.published_at else None
    if published and plan.catch_up_until and period.cutoff < published:
        spans.append((published, plan.catch_up_until, "puesta al día"))
    open_spans = [span for span in spans if span[0] <= today <= span[1]]
    if open_spans:
        _start, until, why = max(open_spans, key=lambda span: span[1])
        return Window(period, OPEN, period.opens_on, until, why)
    upcoming = [span for span in spans if today < span[0]]
    if upcoming:
        start = min(span[0] for span in upcoming)
        return Window(period, NOT_YET, start, max(span[1] for span in upcoming))
    return Window(period, CLOSED, period.opens_on, max(span[1] for span in spans))


def submission_window(plan, period: Period, report: Report | None, today) -> Window:
    """The window for sending this report: the period's, or always open for a report
    Planeación returned (the return is its invitation to correct and send again)."""
    found = window(plan, period, today)
    if report is not None and report.status == Report.Status.RETURNED and not found.is_open:
        return Window(period, OPEN, found.opens_on, found.until, "devuelto")
    return found


def late_periods(plan, on: datetime.date) -> list[Period]:
    """The periods whose cut-off had passed on ``on``: a plan published then catches them up."""
    return [period for period in plan_periods(plan) if period.cutoff < on]


def periods_to_catch_up(plan: Plan, today) -> list[Period]:
    """The periods a first publication today would open for catching up (none for a new
    version: its follow-up comes with the version it replaces)."""
    if plan.status != Plan.Status.APPROVED or plan.previous_version_id:
        return []
    return late_periods(plan, today)
