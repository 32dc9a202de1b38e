"""The measures of progress: table-driven cases and properties (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.measures import (
    Light,
    Thresholds,
    capped,
    compliance,
    executed,
    programmed,
    stored,
    traffic_light,
    weighted_average,
)
from plans import values as rules

D = Decimal
months_sets = st.lists(st.integers(1, 12), unique=True, max_size=12)
weights = st.decimals(min_value=0, max_value=100, places=2)
values = st.one_of(st.none(), st.decimals(min_value=0, max_value=200, places=2))


@pytest.mark.parametrize(
    ("months", "end", "expected"),
    [([], 3, 0), ([1, 2, 3], 3, 100), ([2, 5, 8, 11], 3, 25), ([2, 5, 8, 11], 6, 50), ([12], 9, 0)],
)
def test_programmed_progress_is_the_share_of_scheduled_months_due(months, end, expected):
    assert programmed(months, end) == expected


def test_programmed_progress_follows_targets_set_by_hand():
    assert programmed([12], 3, period_target=D(3), annual_target=D(12)) == 25


@pytest.mark.parametrize(
    ("kind", "kwargs", "expected"),
    [
        ("numero", {"target": D(4), "value": D(1)}, 25),
        ("numero", {"target": D(4), "value": D(6)}, 150),
        ("numero", {"target": None, "value": D(6)}, None),
        ("numero", {"target": D(4), "value": None}, None),
        ("porcentaje", {"target": D(80), "numerator": D(40), "denominator": D(50)}, 100),
        ("porcentaje", {"target": D(100), "numerator": D(1), "denominator": D(0)}, None),
        ("hito", {"target": D(1), "delivered": True}, 100),
        ("hito", {"target": D(1), "delivered": False}, 0),
        ("hito", {"target": D(1), "delivered": None}, None),
    ],
)
def test_executed_progress_in_the_indicator_terms(kind, kwargs, expected):
    assert executed(kind, **kwargs) == expected


def test_executed_progress_over_100_is_kept_raw_and_capped_for_display():
    raw = executed("numero", target=D(4), value=D(6))
    assert (raw, capped(raw)) == (150, 100)


@pytest.mark.parametrize(
    ("value", "light"),
    [
        (D("0"), Light.RED),
        (D("59.99"), Light.RED),
        (D("60"), Light.YELLOW),
        (D("79.99"), Light.YELLOW),
        (D("80"), Light.GREEN),
        (D("150"), Light.GREEN),
    ],
)
def test_default_thresholds_at_their_edges(value, light):
    assert traffic_light(value, programmed_pct=D(50), reported=True) == light


def test_thresholds_are_configurable_and_must_be_ordered():
    five_bands_low = Thresholds(red_below=D(40), yellow_below=D(70))
    assert traffic_light(D(50), programmed_pct=D(10), reported=True, thresholds=five_bands_low) == (
        Light.YELLOW
    )
    with pytest.raises(ValueError, match="umbrales"):
        Thresholds(red_below=D(80), yellow_below=D(60))


def test_nothing_due_and_nothing_reported_have_their_own_states():
    assert traffic_light(None, programmed_pct=D(0), reported=False) == Light.NOT_DUE
    assert traffic_light(None, programmed_pct=D(25), reported=False) == Light.NO_REPORT


@given(months_sets, st.decimals(min_value=0, max_value=1000, places=2))
def test_compliance_is_never_computed_when_nothing_was_programmed(months, value):
    for end in (3, 6, 9, 12):
        due = programmed(months, end)
        result = compliance(value, due)
        assert (result is None) == (due == 0)


@given(months_sets)
def test_programmed_progress_is_cumulative_and_ends_complete(months):
    series = [programmed(months, end) for end in (3, 6, 9, 12)]
    assert series == sorted(series)
    assert series[-1] == (100 if months else 0)


@given(st.lists(st.tuples(weights, values), max_size=30))
def test_the_weighted_average_equals_a_brute_force_recomputation(items):
    result = weighted_average(items)
    applying = [(w, v) for w, v in items if v is not None and w > 0]
    if not applying:
        assert result is None
        return
    expected = sum(w * v for w, v in applying) / sum(w for w, _ in applying)
    assert abs(result - expected) < D("0.0000001")
    assert min(v for _, v in applying) <= result <= max(v for _, v in applying)


@given(st.lists(st.tuples(weights, values), min_size=1, max_size=10), st.integers(2, 5))
def test_weights_are_normalised_so_scaling_them_changes_nothing(items, factor):
    scaled = [(w * factor, v) for w, v in items]
    first, second = weighted_average(items), weighted_average(scaled)
    assert (first is None and second is None) or abs(first - second) < D("0.0000001")


def test_stored_executed_progress_is_bounded_at_1000_percent_and_shown_capped_at_100():
    far_above = executed("numero", target=D("0.01"), value=D(50))
    assert far_above == 500_000
    assert stored(far_above) == 1000 and capped(stored(far_above)) == 100
    assert stored(D(-5000)) == -1000
    assert stored(D("12.345")) == D("12.35")


# Any result and target the rules accept (plans.values), in any indicator.
accepted = st.decimals(min_value=-(10**12) + 1, max_value=10**12 - 1, places=2)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["numero", "porcentaje", "hito"]),
    st.booleans(),
    st.booleans(),
    accepted,
    accepted,
    accepted,
    accepted,
)
def test_the_executed_progress_a_report_stores_always_fits_its_column(
    kind, over_100, negative, target, value, numerator, denominator
):
    indicator = rules.Indicator(kind, over_100, negative)
    given_values = {"value": value, "numerator": numerator, "denominator": denominator}
    if rules.report_problems(indicator, **given_values) or rules.target_problems(
        indicator, target=target
    ):
        return
    kept = stored(executed(kind, target=target, delivered=True, **given_values))
    assert kept is not None
    assert abs(kept) <= 1000 and kept == kept.quantize(D("0.01"))  # column: 7 digits, 2 decimals
    assert capped(kept) <= 100
