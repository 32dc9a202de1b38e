"""The due and sent reports the plan roll-ups keep for the compliance view (ADR 42): sending a
report and returning it change the stored counts in the same write, the compliance page shows
what they say once the window closed, and the counts agree with a count made another way for
any schedule and any report statuses (Hypothesis)."""

import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import sign_in
from followup import rollups, selectors
from followup.models import ProgressSum, Report
from followup.tests.steps import draft, return_, submit
from plans.schedule import PERIOD_ENDS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def stored(plan, period=1) -> tuple[int, int]:
    row = ProgressSum.objects.get(plan=plan, scope="plan", period=period)
    return row.due_reports, row.sent_reports


def missing_shown(client, plan) -> str:
    html = client.get("/seguimiento/cumplimiento/?vigencia=2025").content.decode()
    body = html.split('id="entidades"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    for row in body.split("<tr>")[1:]:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        if text.startswith(plan.entity.name):
            return text
    raise AssertionError(f"{plan.entity.name} is not on the page")


def test_sending_and_returning_a_report_change_the_counts_and_the_page_agrees(
    published_plan, reporter_a, planner, superuser, client, time_machine
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)  # period I's window is open
    first_quarter = [
        a for a in published_plan.activities.all() if any(1 <= m <= 3 for m in a.months)
    ]
    assert first_quarter, "the seed plan has activities programmed in period I"
    due = len(first_quarter)
    assert stored(published_plan) == (due, 0)

    activity = published_plan.activities.get(number=3)
    assert activity in first_quarter
    report = draft(activity, reporter_a)
    assert stored(published_plan) == (due, 0), "a draft is not sent"
    report = submit(activity, reporter_a)
    assert stored(published_plan) == (due, 1)
    return_(report, planner)
    assert stored(published_plan) == (due, 0), "a returned report is missing again"
    submit(activity, reporter_a)
    assert stored(published_plan) == (due, 1)
    assert (
        rollups.differences(published_plan, selectors.plan_progress(published_plan, stored=False))
        == []
    )
    call_command("check_rollups")

    time_machine.move_to("2025-06-01 10:00 -0500", tick=False)  # period I's window closed
    sign_in(client, superuser)
    row = missing_shown(client, published_plan)
    if due - 1:
        assert f"{due - 1} (periodo I: {due - 1})" in row
    else:
        assert "Ninguno" in row
    report = Report.objects.get(activity=activity, period=1)
    return_(report, planner)  # returned after the window: missing again, on the page too
    assert stored(published_plan) == (due, 0)
    assert f"{due} (periodo I: {due})" in missing_shown(client, published_plan)


UNSENT = {Report.Status.DRAFT, Report.Status.RETURNED}
statuses = st.sampled_from([None, *Report.Status.values])


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(sorted(PERIOD_ENDS)),
    activities=st.lists(
        st.tuples(st.sets(st.integers(1, 12), max_size=12), st.lists(statuses, min_size=4)),
        max_size=8,
    ),
)
def test_the_counts_agree_with_counting_each_period_s_months(scheme, activities):
    ends = PERIOD_ENDS[scheme]
    periods = [SimpleNamespace(number=n, end_month=end) for n, end in enumerate(ends, 1)]
    rows = [
        SimpleNamespace(
            activity=SimpleNamespace(months=sorted(months)),
            cells=[
                SimpleNamespace(report=None if s is None else SimpleNamespace(status=s))
                for s in states[: len(ends)]
            ],
        )
        for months, states in activities
    ]
    counts = rollups.report_counts(rows, periods)
    starts = (0, *ends)
    for index, (due, sent) in enumerate(counts):
        months_of_period = set(range(starts[index] + 1, ends[index] + 1))
        programmed = [states[index] for months, states in activities if months & months_of_period]
        assert due == len(programmed)
        assert sent == sum(1 for s in programmed if s is not None and s not in UNSENT)
    assert sum(due for due, _ in counts) >= sum(1 for months, _ in activities if months)
