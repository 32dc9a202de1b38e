"""The MIPG roll-up and its exports cost the same queries for 20, 200 and 2,000 activities, and
for one plan or several (planaccion/tests/test_query_budgets.py's measure)."""

import pytest

from demo.synthetic import generate
from organization.models import Entity, Membership, Role
from planaccion.tests.test_query_budgets import _queries, in_the_second_window  # noqa: F401
from plans.models import Activity, MipgPolicy, Plan

pytestmark = pytest.mark.django_db

URLS = ("/seguimiento/mipg/?vigencia=2025", "/seguimiento/mipg/xlsx/?vigencia=2025")


@pytest.fixture
def no_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _tag(entity) -> None:
    """Every plan carries a policy; every third activity two of its own."""
    policies = list(MipgPolicy.objects.order_by("pk"))
    for plan in Plan.objects.filter(entity=entity):
        plan.mipg_policies.set([policies[plan.pk % len(policies)]])
    through = Activity.mipg_policies.through
    activities = Activity.objects.filter(plan__entity=entity).values_list("pk", flat=True)
    through.objects.bulk_create(
        through(activity_id=pk, mipgpolicy_id=policy.pk)
        for index, pk in enumerate(activities)
        if index % 3 == 0
        for policy in (policies[index % 19], policies[(index + 7) % 19])
    )


def _planner(entity):
    return Membership.objects.get(entity=entity, role=Role.PLANNER).user


def _entity(**sizes) -> Entity:
    generate(entities=1, year=2025, periods=2, seed=sizes["activities"], **sizes)
    entity = Entity.objects.order_by("-pk").first()
    _tag(entity)
    return entity


@pytest.mark.parametrize("url", URLS)
def test_the_rollup_costs_the_same_queries_for_20_200_and_2000_activities(url, no_cache):
    counts = {}
    for size in (20, 200, 2000):
        entity = _entity(plans=1, activities=size)
        counts[size] = _queries(_planner(entity), url)
    assert len(set(counts.values())) == 1, counts


def test_the_rollup_costs_the_same_queries_for_one_plan_or_four(no_cache):
    counts = {}
    for plans in (1, 4):
        entity = _entity(plans=plans, activities=20 + plans)
        counts[plans] = _queries(_planner(entity), URLS[0])
    assert len(set(counts.values())) == 1, counts
