"""From validated activity progress to metas, programas and líneas, against figures computed
by hand; the links' rules; the links following a plan's new version and next year's copy."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from development import selectors, services
from development.models import ActivityGoal
from development.tests.factories import development_plan
from followup.tests import steps

D = Decimal


@pytest.fixture(autouse=True)
def after_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def _validated(plan, number, value, reporter, planner):
    """The activity reported by Servicios Administrativos (``reporter``'s) and validated."""
    activity = plan.activities.get(number=number)
    activity.responsible_units.set(reporter.membership.units.all())
    steps.validate(steps.submit(activity, reporter, value=value), planner)
    return activity


@pytest.fixture
def linked(published_plan, cartago, planner, reporter_a):
    """Activity 3 at 50 % (1 of 2) and 4 at 100 % (2 of 2), validated; activity 5 unreported.
    MP1 ← 3 (weight 2) and 4 (weight 1); MP2 ← 5; MP3 ← 4."""
    dev, goals = development_plan(cartago, planner)
    a3 = _validated(published_plan, 3, "1", reporter_a, planner)
    a4 = _validated(published_plan, 4, "2", reporter_a, planner)
    a5 = published_plan.activities.get(number=5)
    services.link(a3, goals["MP1"], by=planner, weight=D(2))
    services.link(a4, goals["MP1"], by=planner, weight=D(1))
    services.link(a5, goals["MP2"], by=planner)
    services.link(a4, goals["MP3"], by=planner)
    services.measure_outcome(goals["MR1"], 2025, by=planner, value=D(30))
    return dev, goals


def _by_code(progress):
    return {row.goal.code: row for row in progress.goals}


def test_a_meta_is_the_weighted_average_of_its_activities_validated_progress(linked):
    dev, _ = linked
    progress = selectors.plan_progress(dev, 2025)
    rows = _by_code(progress)
    # (2 × 50 + 1 × 100) ÷ 3
    assert rows["MP1"].year_shown == D("66.7")
    assert (rows["MP1"].linked, rows["MP1"].measured) == (2, 2)
    # Activity 5 has no validated report: it does not count as 0, the meta is «sin medición».
    assert rows["MP2"].year is None and (rows["MP2"].linked, rows["MP2"].measured) == (1, 0)
    assert rows["MP3"].year_shown == D("100.0")
    assert rows["MP4"].year is None
    # Measured 30 against a target of 60.
    assert rows["MR1"].year_shown == D("50.0")


def test_the_cuatrienio_weighs_each_year_by_its_target_and_unmeasured_years_add_nothing(linked):
    dev, _ = linked
    rows = _by_code(selectors.plan_progress(dev, 2025))
    # MP1 has no yearly targets: equal weights, 2025 is its only measured year (66.67 ÷ 4).
    assert rows["MP1"].cuatrienio_shown == D("16.7")
    # MP3: 2025 is year 2 (target 20 of 100): 100 × 20 ÷ 100.
    assert rows["MP3"].cuatrienio_shown == D("20.0")
    assert rows["MP2"].cuatrienio is None


def test_programs_and_lines_average_their_measured_metas_de_producto(linked):
    dev, _ = linked
    progress = selectors.plan_progress(dev, 2025)
    first, second = progress.lines
    p4501, p4502 = first.children
    assert p4501.shown == D("66.7")  # MP1 only: MP2 unmeasured, MR1 is de resultado
    assert p4502.shown == D("100.0")
    assert first.shown == D("83.3")  # (66.67 + 100) ÷ 2
    assert second.progress is None
    # 2025 is the current year: no light until it closes.
    assert first.light is None


def test_a_year_without_published_plans_has_no_measure(linked):
    dev, _ = linked
    progress = selectors.plan_progress(dev, 2024)
    assert all(row.year is None for row in progress.goals if row.goal.is_output)


def test_a_draft_plans_activities_do_not_count(linked, published_plan, planner):
    from plans.services import workflow

    dev, _goals = linked
    before = _by_code(selectors.plan_progress(dev, 2025))["MP1"].year
    draft = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
    assert ActivityGoal.objects.filter(activity__plan=draft).count() == 4
    assert _by_code(selectors.plan_progress(dev, 2025))["MP1"].year == before


def test_links_follow_next_years_copy_within_the_cuatrienio(linked, published_plan, planner):
    from plans.services import editing

    copy = editing.copy_plan_to_next_year(published_plan, by=planner)
    carried = ActivityGoal.objects.filter(activity__plan=copy)
    assert sorted(carried.values_list("activity__number", "goal__code", "weight")) == [
        (3, "MP1", D(2)),
        (4, "MP1", D(1)),
        (4, "MP3", D(1)),
        (5, "MP2", D(1)),
    ]


def test_links_stay_behind_when_next_year_is_outside_the_metas_cuatrienio(
    published_plan, planner, cartago
):
    from plans.services import editing

    _dev, goals = development_plan(cartago, planner, start_year=2022)  # 2022–2025
    services.link(published_plan.activities.get(number=3), goals["MP1"], by=planner)
    copy = editing.copy_plan_to_next_year(published_plan, by=planner)
    assert not ActivityGoal.objects.filter(activity__plan=copy).exists()


def test_a_link_is_refused_for_a_meta_de_resultado_another_entitys_or_another_cuatrienios(
    linked, published_plan, planner, other_entity, other_planner
):
    _dev, goals = linked
    activity = published_plan.activities.get(number=1)
    with pytest.raises(ValidationError, match="es de resultado"):
        services.link(activity, goals["MR1"], by=planner)
    _, foreign = development_plan(other_entity, other_planner)
    with pytest.raises(ValidationError, match="es de otra entidad"):
        services.link(activity, foreign["MP1"], by=planner)
    _later, later_goals = development_plan(published_plan.entity, planner, start_year=2028)
    with pytest.raises(ValidationError, match="no incluye la vigencia 2025"):
        services.link(activity, later_goals["MP1"], by=planner)
    with pytest.raises(ValidationError, match="mayor que 0"):
        services.link(activity, goals["MP1"], by=planner, weight=D(0))


def test_a_meta_with_linked_activities_cannot_be_deleted_and_says_why(linked, planner):
    _, goals = linked
    with pytest.raises(ValidationError, match="tienen actividades de planes de acción"):
        services.delete(goals["MP1"], by=planner)
    with pytest.raises(ValidationError, match="MP1"):
        services.delete(goals["MP1"].program.line, by=planner)
    services.delete(goals["MP4"], by=planner)


def test_only_planeacion_changes_the_plan(linked, viewer):
    from django.core.exceptions import PermissionDenied

    _, goals = linked
    with pytest.raises(PermissionDenied):
        services.delete(goals["MP4"], by=viewer)


percent = st.one_of(
    st.none(), st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
)
weight = st.decimals(min_value=D("0.01"), max_value=100, places=2)


@given(st.lists(st.tuples(weight, percent), max_size=8))
def test_a_metas_progress_stays_within_0_and_100_and_ignores_the_unreported(pairs):
    value = selectors.output_progress(pairs)
    reported = [(w, v) for w, v in pairs if v is not None]
    if not reported:
        assert value is None
    else:
        assert D(0) <= value <= D(100)
        # The unreported do not pull the average down: the same as without them.
        assert value == selectors.output_progress(reported)


@given(
    st.lists(percent, min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), weight), min_size=4, max_size=4),
)
def test_the_cuatrienio_stays_within_0_and_100(yearly, targets):
    bounded = [selectors._bounded(v) for v in yearly]
    value = selectors.cuatrienio_progress(bounded, targets)
    if all(v is None for v in yearly):
        assert value is None
    else:
        assert D(0) <= value <= D(100)
