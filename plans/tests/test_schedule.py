import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.schedule import (
    FOUR_MONTH_ENDS,
    ScheduleError,
    derived_period_targets,
    months_between,
    period_targets,
    scheduled_share,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2025, 3, 15), D(2025, 5, 2), [3, 4, 5]),
        (D(2025, 7, 1), D(2025, 7, 31), [7]),
        (D(2024, 11, 1), D(2025, 2, 28), [1, 2]),  # started last year
        (D(2025, 11, 1), D(2026, 3, 1), [11, 12]),  # ends next year
        (D(2024, 1, 1), D(2026, 1, 1), list(range(1, 13))),
    ],
)
def test_months_are_derived_from_start_and_end_dates_within_the_vigencia(start, end, months):
    assert months_between(start, end, 2025) == months


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ScheduleError, match="anterior a la fecha de inicio"):
        months_between(D(2025, 5, 1), D(2025, 4, 1), 2025)


def test_dates_outside_the_vigencia_are_refused():
    with pytest.raises(ScheduleError, match="no caen en la vigencia 2025"):
        months_between(D(2026, 1, 1), D(2026, 3, 1), 2025)


def test_targets_follow_the_share_of_scheduled_months_per_quarter():
    targets = derived_period_targets(Decimal(12), [2, 3, 5, 11])
    assert targets == {1: Decimal("6.00"), 2: Decimal("9.00"), 3: Decimal("9.00"), 4: Decimal(12)}


def test_a_milestone_counts_whole_in_the_period_of_its_last_month():
    targets = derived_period_targets(Decimal(1), [4, 5, 6, 7], milestone=True)
    assert targets == {1: 0, 2: 0, 3: 1, 4: 1}


def test_four_month_periods_have_three_cut_offs():
    targets = derived_period_targets(Decimal(3), [1, 6, 12], period_ends=FOUR_MONTH_ENDS)
    assert targets == {1: 1, 2: 2, 3: 3}


def test_without_target_or_months_nothing_is_derived():
    assert derived_period_targets(None, [1, 2]) == {}
    assert derived_period_targets(Decimal(5), []) == {}


def test_targets_set_by_hand_win_over_the_schedule():
    targets, manual = period_targets(Decimal(10), [1], {"1": "2", "2": "4", "3": "7", "4": "10"})
    assert manual and targets == {1: 2, 2: 4, 3: 7, 4: 10}
    targets, manual = period_targets(Decimal(10), [1], {})
    assert not manual and targets[1] == 10


@given(
    st.lists(st.integers(1, 12), unique=True, min_size=1),
    st.decimals(min_value=0, max_value=10_000, places=2),
)
def test_derived_targets_never_go_down_and_end_at_the_annual_target(months, target):
    targets = derived_period_targets(target, months)
    values = [targets[n] for n in sorted(targets)]
    assert values == sorted(values)
    assert values[-1] == target.quantize(Decimal("0.01"))
    assert scheduled_share(months, 12) == 1
