"""The grouped dashboards (/seguimiento/entidades/) cost the same queries for 5 and for 50
entities, with and without filters and a plan type, for the system administrator and for a
department's planning office (issue 23, point 5)."""

import pytest

from demo.synthetic import generate
from organization import services
from organization.models import Entity
from planaccion.tests.test_query_budgets import _queries

pytestmark = pytest.mark.django_db

PAI = "plan-accion-institucional"
# Real DIVIPOLA places: Valle del Cauca and Antioquia, a few towns each.
TOWNS = ["76147", "76834", "76111", "76001", "05001", "05088", "05360"]
KINDS = ["alcaldia", "ese", "concejo", "personeria"]
QUERIES = [
    "vigencia=2025",
    "vigencia=2025&departamento=76",
    "vigencia=2025&departamento=76&municipio=76147",
    "vigencia=2025&tipo=alcaldia",
    f"vigencia=2025&tipo_plan={PAI}",
    f"vigencia=2025&departamento=05&tipo=alcaldia&tipo_plan={PAI}",
    "vigencia=2025&pagina=2",
]


@pytest.fixture(autouse=True)
def in_the_second_window(time_machine, settings):
    time_machine.move_to("2025-07-03 10:00 -0500", tick=False)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _more_entities(count: int, seed: int) -> None:
    """``count`` synthetic entities with published plans and reports, placed in real towns
    (and one in ten without a department, as a national entity) and of several kinds; every
    seventh has no published plan."""
    last = Entity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    generate(entities=count, plans=2, activities=3, year=2025, periods=2, seed=seed)
    for index, entity in enumerate(Entity.objects.filter(pk__gt=last).order_by("pk")):
        if index % 10 == 9:
            entity.kind, entity.order = "nacional", "nacional"
        else:
            entity.municipality_code = TOWNS[index % len(TOWNS)]
            entity.kind = KINDS[index % len(KINDS)]
        entity.save()
        if index % 7 == 6:
            entity.plans.update(status="archivado")


@pytest.fixture
def overseer(plan_types):
    valle = services.create_entity(
        name="Gobernación del Valle del Cauca", nit="890399001-1", department_code="76"
    )
    return services.create_member(valle, username="valle", password=None, role="planner")


def _counts(users) -> dict:
    return {
        (name, query): _queries(user, f"/seguimiento/entidades/?{query}")
        for name, user in users.items()
        for query in QUERIES
    }


def test_the_grouped_dashboards_cost_the_same_queries_for_5_and_50_entities(superuser, overseer):
    _more_entities(5, seed=5)
    overseer.membership.oversees.set(Entity.objects.exclude(pk=overseer.membership.entity_id))
    users = {"nacional": superuser, "departamental": overseer}
    few = _counts(users)
    _more_entities(45, seed=50)
    overseer.membership.oversees.set(Entity.objects.exclude(pk=overseer.membership.entity_id))
    many = _counts(users)
    grew = {key: (few[key], many[key]) for key in few if few[key] != many[key]}
    assert not grew, f"queries grow with the entities: {grew}"
