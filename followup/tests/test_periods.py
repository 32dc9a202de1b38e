"""Periods and their windows: drafts any time, sending in the window, reopening, catching up."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from followup import periods
from followup.periods import periods_for
from followup.services import reopen_period

D = datetime.date


def is_open(period, day) -> bool:
    """The entity's window for the period, on a day (no plan's catch-up)."""
    return periods.window(None, period, day).is_open


def test_quarterly_sending_opens_in_the_last_month_and_closes_days_after_the_cut_off(cartago):
    found = periods_for(cartago, 2025)
    assert [(p.label, p.opens_on, p.cutoff, p.closes_on) for p in found] == [
        ("I", D(2025, 3, 1), D(2025, 3, 31), D(2025, 4, 10)),
        ("II", D(2025, 6, 1), D(2025, 6, 30), D(2025, 7, 10)),
        ("III", D(2025, 9, 1), D(2025, 9, 30), D(2025, 10, 10)),
        ("IV", D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 10)),
    ]
    first = found[0]
    assert not is_open(first, D(2025, 2, 28))
    assert is_open(first, D(2025, 3, 1)) and is_open(first, D(2025, 4, 10))
    assert not is_open(first, D(2025, 4, 11))


def test_the_entity_sets_how_many_days_before_the_cut_off_sending_opens(cartago):
    cartago.submission_opens_days_before = 5
    cartago.save()
    assert periods_for(cartago, 2025)[3].opens_on == D(2025, 12, 26)


def test_four_monthly_plans_have_three_periods(cartago):
    cartago.report_window_days = 15
    cartago.save()
    found = periods_for(cartago, 2025, "cuatrimestral")
    assert [(p.label, p.end_month, p.cutoff, p.closes_on) for p in found] == [
        ("I", 4, D(2025, 4, 30), D(2025, 5, 15)),
        ("II", 8, D(2025, 8, 31), D(2025, 9, 15)),
        ("III", 12, D(2025, 12, 31), D(2026, 1, 15)),
    ]


@time_machine.travel("2025-04-20 09:00 -0500")
def test_a_planner_reopens_a_closed_window_with_a_reason(cartago, planner):
    period = reopen_period(
        cartago, 2025, 1, by=planner, until=D(2025, 4, 25), reason="Cierre de SECOP"
    )
    assert is_open(period, D(2025, 4, 20)) and period.deadline == D(2025, 4, 25)
    assert periods_for(cartago, 2025)[0].reopened_until == D(2025, 4, 25)
    entry = AuditEntry.objects.get(action="followup.period.reopened")
    assert entry.reason == "Cierre de SECOP" and entry.actor == planner


@time_machine.travel("2025-04-20 09:00 -0500")
def test_a_period_that_has_not_opened_yet_can_be_reopened_from_today(cartago, planner):
    assert not is_open(periods_for(cartago, 2025)[1], D(2025, 4, 20))
    reopen_period(cartago, 2025, 2, by=planner, until=D(2025, 5, 5), reason="Informe al Concejo")
    second = periods_for(cartago, 2025)[1]
    assert is_open(second, D(2025, 4, 20)) and is_open(second, D(2025, 5, 5))
    assert not is_open(second, D(2025, 5, 6))  # until its own window opens on 1 June
    assert is_open(second, D(2025, 6, 1))


@time_machine.travel("2025-04-20 09:00 -0500")
def test_reopening_needs_a_planner_a_reason_and_a_future_date(cartago, planner, reporter_a):
    with pytest.raises(PermissionDenied):
        reopen_period(cartago, 2025, 1, by=reporter_a, until=D(2025, 4, 25), reason="x")
    with pytest.raises(ValidationError, match="motivo"):
        reopen_period(cartago, 2025, 1, by=planner, until=D(2025, 4, 25), reason=" ")
    with pytest.raises(ValidationError, match="pasado"):
        reopen_period(cartago, 2025, 1, by=planner, until=D(2025, 4, 1), reason="x")
    with pytest.raises(ValidationError, match="31/12/2026"):
        reopen_period(cartago, 2025, 1, by=planner, until=D(2027, 1, 1), reason="x")


@pytest.mark.parametrize(
    ("today", "state", "said"),
    [
        (D(2025, 2, 10), periods.NOT_YET, "abre el 01/03/2025"),
        (D(2025, 3, 1), periods.OPEN, "hasta el 10/04/2025"),
        (D(2025, 4, 10), periods.OPEN, "hasta el 10/04/2025"),
        (D(2025, 4, 11), periods.CLOSED, "cerró el 10/04/2025"),
    ],
)
def test_the_window_says_before_anyone_types_whether_and_until_when_it_can_be_sent(
    published_plan, today, state, said
):
    plan = published_plan
    window = periods.window(plan, periods.plan_periods(plan)[0], today)
    assert window.state == state and said in window.message


def test_a_plan_published_late_catches_up_its_past_periods_until_the_date_set(published_plan):
    published_plan.published_at = datetime.datetime(2025, 8, 5, 10, tzinfo=datetime.UTC)
    published_plan.catch_up_until = D(2025, 8, 20)
    first, second, third, _ = periods.plan_periods(published_plan)
    for period in (first, second):
        window = periods.window(published_plan, period, D(2025, 8, 20))
        assert window.is_open and "puesta al día" in window.message
        assert not periods.window(published_plan, period, D(2025, 8, 21)).is_open
    assert not periods.window(published_plan, third, D(2025, 8, 20)).is_open
