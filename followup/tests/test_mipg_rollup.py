"""The roll-up by MIPG policy against figures computed by hand: own and inherited tags, an
activity with two policies, a draft plan left out, an unreported activity, no policy at all."""

import copy
from decimal import Decimal

import pytest

from conftest import PASSWORD, acta
from followup import mipg, publishing
from followup.importing import import_plan
from followup.measures import Light
from followup.tests.steps import submit, validate
from organization import services
from plans.models import Activity, MipgPolicy
from plans.services import workflow

pytestmark = pytest.mark.django_db

PLANEACION = "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def policy(code):
    return MipgPolicy.objects.get(code=code)


def _imported(document, entity, title):
    document = copy.deepcopy(document)
    document.header.title = title
    return import_plan(document, entity=entity).plan


def _second_plan(entity, document, planner, approver):
    plan = _imported(document, entity, "Plan B")
    Activity.objects.filter(plan=plan).update(months=[3, 6], indicator_target=2)
    workflow.submit_for_review(plan, by=planner)
    workflow.approve_plan(plan, by=approver, **acta(plan))
    return publishing.publish_plan(plan, by=planner)


@pytest.fixture
def tagged(published_plan, seed_document, planner, approver, reporter_a):
    """Plan A (the seed, 9 activities, months March and June, target 2): the plan carries
    Participación Ciudadana; activity 1 carries Transparencia and Control Interno, activity 2
    Transparencia and Gestión Documental. Validated in period I: activity 1 reached 2 (100 %),
    activities 2 and 3 reached 1 (50 %). Plan B (the seed again, published, nothing reported)
    carries no policy; its activity 1 carries Participación Ciudadana. Plan C, a draft,
    carries Control Interno."""
    plan_a = published_plan
    plan_a.mipg_policies.set([policy("participacion-ciudadana")])
    first, second, third = (plan_a.activities.get(number=n) for n in (1, 2, 3))
    first.mipg_policies.set([policy("transparencia"), policy("control-interno")])
    second.mipg_policies.set([policy("transparencia"), policy("gestion-documental")])
    sofia = services.create_member(
        plan_a.entity,
        username="sofia",
        password=PASSWORD,
        role="reporter",
        units=[plan_a.entity.units.get(name=PLANEACION)],
    )
    for activity, value, reporter in (
        (first, "2", sofia),
        (second, "1", sofia),
        (third, "1", reporter_a),
    ):
        validate(submit(activity, reporter, value=value), planner)
    plan_b = _second_plan(plan_a.entity, seed_document, planner, approver)
    plan_b.activities.get(number=1).mipg_policies.set([policy("participacion-ciudadana")])
    plan_c = _imported(seed_document, plan_a.entity, "Plan C, en borrador")
    plan_c.mipg_policies.set([policy("control-interno")])
    return plan_a, plan_b


def _row(progress, code):
    for group in progress.dimensions:
        for row in group.policies:
            if row.policy.code == code:
                return row
    raise AssertionError(code)


def _dimension(progress, number):
    return next(g for g in progress.dimensions if g.dimension.number == number)


def _figures(rollup):
    return (rollup.programmed_shown, rollup.executed_shown, rollup.compliance_shown, rollup.light)


def test_each_policy_sums_its_activities_own_tags_first_then_the_plans(tagged, time_machine):
    time_machine.move_to("2025-07-03 10:00 -0500", tick=False)
    progress = mipg.policy_progress(tagged[0].entity, 2025)
    assert progress.labels == ["I", "II", "III", "IV"]
    assert progress.latest_closed == 0  # period I's window closed on 10 April; II's is open
    # The draft plan C is not counted.
    assert {plan.title for plan in progress.plans} == {tagged[0].title, "Plan B"}
    # Participación: plan A's activities 3 to 9 (the plan's tag) and plan B's activity 1 (its
    # own): 8 activities of weight 1, due 50 % at the end of March; only activity 3 reported
    # (50 %): executed 50 / 8 = 6.25 %, compliance 6.25 / 50 = 12.5 %: red.
    participation = _row(progress, "participacion-ciudadana")
    assert (participation.activities, participation.plans) == (8, 2)
    assert _figures(participation.rollups[0]) == (
        Decimal("50.0"),
        Decimal("6.3"),
        Decimal("12.5"),
        Light.RED,
    )
    # Period II: all due (100 %), nothing reported and its cut-off passed: «sin reporte».
    assert _figures(participation.rollups[1]) == (Decimal("100.0"), None, None, Light.NO_REPORT)
    assert participation.rollups[2].light == Light.NOT_YET
    # Transparencia: activities 1 (100 %) and 2 (50 %): executed 75 %, compliance 150 %.
    transparency = _row(progress, "transparencia")
    assert (transparency.activities, transparency.plans) == (2, 1)
    assert _figures(transparency.rollups[0]) == (
        Decimal("50.0"),
        Decimal("75.0"),
        Decimal("150.0"),
        Light.GREEN,
    )
    # Activity 1 also counts under Control Interno (a second policy): 100 / 50 = 200 %.
    internal = _row(progress, "control-interno")
    assert internal.activities == 1  # not the draft plan C's activities
    assert _figures(internal.rollups[0])[1:3] == (Decimal("100.0"), Decimal("200.0"))
    # Activity 2 carries Transparencia and Gestión Documental, both of dimension 5: it counts
    # once in the dimension.
    assert _row(progress, "gestion-documental").activities == 1
    dimension = _dimension(progress, 5)
    assert dimension.activities == 2
    assert _figures(dimension.rollups[0])[1] == Decimal("75.0")
    assert _dimension(progress, 3).activities == 8
    assert _dimension(progress, 1).activities == 0
    assert _figures(_dimension(progress, 1).rollups[0]) == (None, None, None, Light.NOT_DUE)
    # Plan B's activities 2 to 9 carry no policy, theirs or their plan's.
    untagged = progress.untagged
    assert (untagged.activities, untagged.plans) == (8, 1)
    assert _figures(untagged.rollups[0]) == (Decimal("50.0"), None, None, Light.NO_REPORT)


def test_a_retired_policy_shows_only_while_an_activity_carries_it(tagged, time_machine):
    MipgPolicy.objects.filter(code__in=["integridad", "transparencia"]).update(is_active=False)
    progress = mipg.policy_progress(tagged[0].entity, 2025)
    codes = {row.policy.code for group in progress.dimensions for row in group.policies}
    assert "transparencia" in codes and "integridad" not in codes
