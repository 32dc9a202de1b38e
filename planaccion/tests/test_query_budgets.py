"""The cost of a page must not grow with the data: the same number of queries for a plan of
20, 200 and 2,000 activities, on every page that shows a plan, its follow-up or a dashboard,
and for few and many entities on the national dashboard."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import edit_activity, sign_in
from demo.synthetic import generate
from organization.models import Membership, Role
from plans.models import Plan

pytestmark = pytest.mark.django_db

SIZES = (20, 200, 2000)


@pytest.fixture(autouse=True)
def in_the_second_window(time_machine):
    time_machine.move_to("2025-07-03 10:00 -0500", tick=False)


@pytest.fixture
def no_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def plans_of_every_size(no_cache):
    """One entity per size, each with one published plan reported for two periods."""
    found = {}
    for size in SIZES:
        generate(entities=1, plans=1, activities=size, year=2025, periods=2, seed=size)
        plan = Plan.objects.order_by("-pk").select_related("entity").first()
        found[size] = plan
    return found


PAGES = {
    "plan page": lambda p: f"/planes/{p.pk}/",
    "plan dashboard": lambda p: f"/seguimiento/tablero/{p.pk}/",
    "consolidated dashboard": lambda p: "/seguimiento/tablero/?vigencia=2025",
    "follow-up page": lambda p: "/seguimiento/",
    "public plan page": lambda p: f"/entidades/{p.entity.nit}/planes/{p.pk}/",
    "public entity page": lambda p: f"/entidades/{p.entity.nit}/",
    "API plans": lambda p: f"/api/v1/planes?entidad_nit={p.entity.nit}",
    "API entities": lambda p: "/api/v1/entidades",
    "API activities": lambda p: f"/api/v1/planes/{p.pk}/actividades",
    "API progress": lambda p: f"/api/v1/planes/{p.pk}/avance",
}


def _queries(user, url) -> int:
    client = Client()
    if user is not None:
        sign_in(client, user)
    client.get(url)  # warm: sessions, content types, the plan-type catalogue
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_costs_the_same_queries_for_20_200_and_2000_activities(page, plans_of_every_size):
    counts = {}
    for size, plan in plans_of_every_size.items():
        planner = Membership.objects.get(entity=plan.entity, role=Role.PLANNER).user
        user = None if page.startswith(("public", "API")) else planner
        counts[size] = _queries(user, PAGES[page](plan))
    assert len(set(counts.values())) == 1, f"{page}: {counts}"


@pytest.mark.usefixtures("no_cache")
def test_the_national_dashboard_costs_the_same_queries_for_few_and_many_entities(superuser):
    url = "/seguimiento/entidades/?vigencia=2025"
    generate(entities=3, plans=2, activities=5, year=2025, periods=2, seed=3)
    few = _queries(superuser, url)
    generate(entities=60, plans=2, activities=5, year=2025, periods=2, seed=60)
    assert _queries(superuser, url) == few, "the national dashboard's queries grow with entities"


@pytest.mark.usefixtures("no_cache")
def test_the_plan_history_costs_the_same_queries_for_few_and_many_changes(planner, ready_plan):
    """The history names the dependencias, people and plans its entries point to by id: one
    query per kind of object for the whole page, not one per entry."""
    url = f"/planes/{ready_plan.pk}/historial/"
    units = list(ready_plan.entity.units.order_by("pk"))
    first = ready_plan.activities.get(number=1)
    edit_activity(first, by=planner, responsible_units=units[:1], weight=2)
    few = _queries(planner, url)
    for index, activity in enumerate(ready_plan.activities.order_by("number")):
        edit_activity(activity, by=planner, responsible_units=units[index : index + 2], weight=3)
    assert _queries(planner, url) == few, "the history's queries grow with its entries"
