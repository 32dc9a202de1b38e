"""A department's planning office lists its own plans and, of the entities it oversees, only what
they have published; every row says whose plan it is, and the actions are for its own entity.

Valle (Planeación of the Gobernación del Valle del Cauca) oversees Cartago; Ana plans for
Cartago and sees only Cartago's plans, drafts included, without an «Entidad» column."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import sign_in
from organization import services
from plans.models import Plan
from plans.services import editing, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def valle(cartago):
    gobernacion = services.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    overseer = services.create_member(gobernacion, username="valle", password=None, role="planner")
    overseer.membership.oversees.set([cartago])
    return overseer


@pytest.fixture
def cartago_plans(published_plan, planner, plan_types):
    """Cartago's published plan, its new version in draft, and another plan in review."""
    draft = workflow.start_new_version(published_plan, by=planner, reason="Ajuste de metas")
    draft.title = "Versión en borrador de Cartago"
    draft.save(update_fields=["title"])
    in_review = editing.create_plan(
        published_plan.entity,
        by=planner,
        plan_type=published_plan.plan_type,
        year=published_plan.year + 1,
        title="Plan de Cartago en revisión",
    )
    Plan.objects.filter(pk=in_review.pk).update(status=Plan.Status.IN_REVIEW)
    return {"published": published_plan, "draft": draft, "in_review": in_review}


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr>")[1:]
    ]


def test_an_overseer_lists_only_what_overseen_entities_published_and_says_whose(
    client, valle, cartago_plans
):
    own = editing.create_plan(
        valle.membership.entity,
        by=valle,
        plan_type=cartago_plans["published"].plan_type,
        year=2026,
        title="Borrador de la Gobernación",
    )
    sign_in(client, valle)
    html = client.get("/planes/").content.decode()
    rows = _rows(html)
    assert '<th scope="col">Entidad</th>' in html
    assert len(rows) == 2, rows
    published = cartago_plans["published"]
    assert any(published.title in row and "Alcaldía de Cartago" in row for row in rows), rows
    assert any(own.title in row and "Gobernación del Valle del Cauca" in row for row in rows)
    assert "Versión en borrador de Cartago" not in html
    assert "Plan de Cartago en revisión" not in html
    for status in (Plan.Status.DRAFT, Plan.Status.IN_REVIEW):
        filtered = client.get(f"/planes/?estado={status}").content.decode()
        assert "Cartago" not in "".join(_rows(filtered)), status
    # Its actions are its own entity's, and say so.
    assert "Nuevo plan de Gobernación del Valle del Cauca" in html
    assert "Importar un plan de Gobernación del Valle del Cauca" in html


def test_an_overseer_lists_an_overseen_entitys_archived_versions(client, valle, cartago_plans):
    published = cartago_plans["published"]
    Plan.objects.filter(pk=published.pk).update(status=Plan.Status.ARCHIVED)
    sign_in(client, valle)
    html = client.get(f"/planes/?estado={Plan.Status.ARCHIVED}").content.decode()
    assert published.title in html and "Alcaldía de Cartago" in html


def test_the_entitys_own_planner_still_sees_its_drafts_without_an_entity_column(
    client, planner, cartago_plans
):
    sign_in(client, planner)
    html = client.get("/planes/").content.decode()
    assert "Versión en borrador de Cartago" in html and "Plan de Cartago en revisión" in html
    assert '<th scope="col">Entidad</th>' not in html
    assert ">Nuevo plan</a>" in html


def test_an_overseers_list_costs_the_same_queries_for_one_and_many_overseen_entities(
    client, valle, cartago_plans, other_entity, other_planner
):
    def queries() -> int:
        client.get("/planes/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/planes/").status_code == 200
        return len(captured)

    sign_in(client, valle)
    one = queries()
    plan = editing.create_plan(
        other_entity,
        by=other_planner,
        plan_type=cartago_plans["published"].plan_type,
        year=2025,
        title="Plan publicado de Otra Parte",
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PUBLISHED)
    valle.membership.oversees.add(other_entity)
    assert queries() == one
    assert "Plan publicado de Otra Parte" in client.get("/planes/").content.decode()
