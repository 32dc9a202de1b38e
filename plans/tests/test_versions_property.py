"""Whatever state the year's reports are in and whatever a new version removes, publishing it
loses nothing and invents nothing (Hypothesis)."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PASSWORD, acta
from followup import publishing
from followup.models import Report, Verification
from followup.tests import steps
from plans.models import Plan
from plans.services import editing, workflow

STATES = ("none", "draft", "submitted", "returned", "validated", "verified")
PLANEACION = "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"


@pytest.fixture
def sofia(cartago):
    from organization import services

    return services.create_member(
        cartago,
        username="sofia",
        password=PASSWORD,
        role="reporter",
        first_name="Sofía",
        units=[cartago.units.get(name=PLANEACION)],
    )


def _report(activity, state, reporter, planner, auditor):
    if state == "none":
        return
    if state == "draft":
        steps.draft(activity, reporter, narrative=f"Borrador {activity.number}", value=Decimal(1))
        return
    report = steps.submit(activity, reporter, value="1", narrative=f"Avance {activity.number}")
    if state == "returned":
        steps.return_(report, planner, comment=f"Corrija {activity.number}")
    elif state in {"validated", "verified"}:
        steps.validate(report, planner, comment="Bien")
        if state == "verified":
            steps.verify(report, auditor, agrees=False, adjusted=Decimal(30), observation="Ajuste")


def _snapshot(report):
    fields = ("period", "status", "value", "narrative", "review_comment", "revision")
    rounds = list(report.verifications.values_list("round", "agrees", "adjusted_executed"))
    return (*(getattr(report, name) for name in fields), tuple(rounds))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    states=st.lists(st.sampled_from(STATES), min_size=9, max_size=9),
    removed=st.sets(st.integers(min_value=1, max_value=9), max_size=4),
)
def test_publishing_a_version_carries_every_continuing_report_and_only_those(
    time_machine, published_plan, sofia, reporter_a, planner, approver, auditor, states, removed
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    with transaction.atomic():
        plan = Plan.objects.get(pk=published_plan.pk)
        for activity in plan.activities.order_by("number"):
            reporter = reporter_a if activity.number == 3 else sofia
            if activity.number == 7:  # the whole administration: Planeación reports it
                reporter = planner
            _report(activity, states[activity.number - 1], reporter, planner, auditor)
        before = {
            r.activity.number: _snapshot(r)
            for r in Report.objects.filter(activity__plan=plan).select_related("activity")
        }
        rounds_before = Verification.objects.count()
        version = workflow.start_new_version(plan, by=planner, reason="Ajuste")
        for activity in version.activities.filter(number__in=removed):
            editing.delete_activity(activity, by=planner)
        workflow.submit_for_review(version, by=planner)
        workflow.approve_plan(version, by=approver, **acta(version))
        publishing.publish_plan(version, by=planner)

        after = {
            r.activity.number: _snapshot(r)
            for r in Report.objects.filter(activity__plan=version).select_related("activity")
        }
        assert after == {n: s for n, s in before.items() if n not in removed}
        kept = {
            r.activity.number: _snapshot(r)
            for r in Report.objects.filter(activity__plan=plan).select_related("activity")
        }
        assert kept == before, "the archived version keeps its own, untouched"
        carried_rounds = sum(len(s[-1]) for n, s in before.items() if n not in removed)
        assert Verification.objects.count() == rounds_before + carried_rounds
        assert not Report.objects.filter(
            activity__plan=version, status=Report.Status.VALIDATED, validated_by=None
        ).exists(), "nothing is validated that nobody validated"
        transaction.set_rollback(True)
