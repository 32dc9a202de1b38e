"""The Plan de Desarrollo's pages cost the same number of queries for plans de acción of 20,
200 and 2,000 activities, every activity linked to a meta (demo.synthetic), measured as the
project's other pages are (planaccion/tests/test_query_budgets.py)."""

import pytest

from development.models import ActivityGoal, DevelopmentPlan
from organization.models import Membership, Role
from planaccion.tests.test_query_budgets import (  # noqa: F401 -- fixtures
    _queries,
    in_the_second_window,
    no_cache,
    plans_of_every_size,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "dashboard": lambda p, d: "/plan-de-desarrollo/?anio=2025",
    "structure": lambda p, d: f"/plan-de-desarrollo/{d.pk}/",
    "links of a plan de acción": lambda p, d: f"/plan-de-desarrollo/planes/{p.pk}/metas/",
    "public page": lambda p, d: f"/entidades/{p.entity.nit}/plan-de-desarrollo/?anio=2025",
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_costs_the_same_queries_for_20_200_and_2000_activities(
    page,
    plans_of_every_size,  # noqa: F811 -- the fixture imported above
):
    counts = {}
    for size, plan in plans_of_every_size.items():
        assert ActivityGoal.objects.filter(activity__plan=plan).count() == size
        dev = DevelopmentPlan.objects.get(entity=plan.entity)
        planner = Membership.objects.get(entity=plan.entity, role=Role.PLANNER).user
        user = None if page.startswith("public") else planner
        counts[size] = _queries(user, PAGES[page](plan, dev))
    assert len(set(counts.values())) == 1, f"{page}: {counts}"
