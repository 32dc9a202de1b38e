import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from followup.services import periods_for, reopen_period

D = datetime.date


def test_quarterly_periods_open_at_the_cut_off_and_close_days_later(cartago):
    periods = periods_for(cartago, 2025)
    assert [(p.label, p.cutoff, p.closes_on) for p in periods] == [
        ("I", D(2025, 3, 31), D(2025, 4, 10)),
        ("II", D(2025, 6, 30), D(2025, 7, 10)),
        ("III", D(2025, 9, 30), D(2025, 10, 10)),
        ("IV", D(2025, 12, 31), D(2026, 1, 10)),
    ]
    first = periods[0]
    assert not first.is_open(D(2025, 3, 30))
    assert first.is_open(D(2025, 3, 31)) and first.is_open(D(2025, 4, 10))
    assert not first.is_open(D(2025, 4, 11))


def test_four_monthly_entities_have_three_periods(cartago):
    cartago.followup_scheme = "cuatrimestral"
    cartago.report_window_days = 15
    cartago.save()
    periods = periods_for(cartago, 2025)
    assert [(p.end_month, p.cutoff, p.closes_on) for p in periods] == [
        (4, D(2025, 4, 30), D(2025, 5, 15)),
        (8, D(2025, 8, 31), D(2025, 9, 15)),
        (12, D(2025, 12, 31), D(2026, 1, 15)),
    ]


@time_machine.travel("2025-04-20 09:00 -0500")
def test_a_planner_reopens_a_closed_window_with_a_reason(cartago, planner):
    period = reopen_period(
        cartago, 2025, 1, by=planner, until=D(2025, 4, 25), reason="Cierre de SECOP"
    )
    assert period.is_open(D(2025, 4, 20)) and period.deadline == D(2025, 4, 25)
    assert periods_for(cartago, 2025)[0].reopened_until == D(2025, 4, 25)
    entry = AuditEntry.objects.get(action="followup.period.reopened")
    assert entry.reason == "Cierre de SECOP" and entry.actor == planner


@time_machine.travel("2025-04-20 09:00 -0500")
def test_reopening_needs_a_planner_a_reason_and_a_future_date(cartago, planner, reporter_a):
    with pytest.raises(PermissionDenied):
        reopen_period(cartago, 2025, 1, by=reporter_a, until=D(2025, 4, 25), reason="x")
    with pytest.raises(ValidationError, match="motivo"):
        reopen_period(cartago, 2025, 1, by=planner, until=D(2025, 4, 25), reason=" ")
    with pytest.raises(ValidationError, match="pasado"):
        reopen_period(cartago, 2025, 1, by=planner, until=D(2025, 4, 1), reason="x")
