"""The Plan de Desarrollo's pages cost the same number of queries for plans de acción of 20,
200 and 2,000 activities, every activity linked to a meta (demo.synthetic)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import sign_in
from demo.synthetic import generate
from development.models import ActivityGoal, DevelopmentPlan
from organization.models import Membership, Role
from plans.models import Plan

pytestmark = pytest.mark.django_db

SIZES = (20, 200, 2000)


@pytest.fixture(autouse=True)
def in_the_second_window(time_machine):
    time_machine.move_to("2025-07-03 10:00 -0500", tick=False)


@pytest.fixture
def plans_of_every_size(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    found = {}
    for size in SIZES:
        generate(entities=1, plans=1, activities=size, year=2025, periods=2, seed=size)
        found[size] = Plan.objects.order_by("-pk").select_related("entity").first()
    return found


PAGES = {
    "dashboard": lambda p, d: "/plan-de-desarrollo/?anio=2025",
    "structure": lambda p, d: f"/plan-de-desarrollo/{d.pk}/",
    "links of a plan de acción": lambda p, d: f"/plan-de-desarrollo/planes/{p.pk}/metas/",
    "public page": lambda p, d: f"/entidades/{p.entity.nit}/plan-de-desarrollo/?anio=2025",
}


def _queries(user, url) -> int:
    client = Client()
    if user is not None:
        sign_in(client, user)
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_costs_the_same_queries_for_20_200_and_2000_activities(page, plans_of_every_size):
    counts = {}
    for size, plan in plans_of_every_size.items():
        assert ActivityGoal.objects.filter(activity__plan=plan).count() == size
        dev = DevelopmentPlan.objects.get(entity=plan.entity)
        planner = Membership.objects.get(entity=plan.entity, role=Role.PLANNER).user
        user = None if page.startswith("public") else planner
        counts[size] = _queries(user, PAGES[page](plan, dev))
    assert len(set(counts.values())) == 1, f"{page}: {counts}"
