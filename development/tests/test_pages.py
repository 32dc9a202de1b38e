"""The Plan de Desarrollo's pages as each role sees them: Planeación edits, a refused delete
says why, a stale edit shows the other person's values, the overseer reads and changes nothing."""

from decimal import Decimal

import pytest

from conftest import sign_in
from development import services
from development.models import Goal
from development.tests.factories import development_plan


@pytest.fixture(autouse=True)
def in_2025(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def dev(published_plan, cartago, planner):
    plan, goals = development_plan(cartago, planner)
    services.link(published_plan.activities.get(number=3), goals["MP1"], by=planner)
    return plan, goals


@pytest.fixture
def overseer(cartago):
    from organization import services as organization

    valle = organization.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    user = organization.create_member(valle, username="valle", password="x" * 12, role="planner")
    user.membership.oversees.set([cartago])
    return user


def test_deleting_a_meta_with_linked_activities_is_refused_with_the_reason(client, dev, planner):
    _, goals = dev
    sign_in(client, planner)
    response = client.post(f"/plan-de-desarrollo/metas/{goals['MP1'].pk}/eliminar/", follow=True)
    page = response.content.decode()
    assert "No se puede eliminar meta «MP1" in page
    assert "tienen actividades de planes de acción vinculadas" in page
    assert Goal.objects.filter(pk=goals["MP1"].pk).exists()
    detail = client.get(f"/plan-de-desarrollo/{dev[0].pk}/").content.decode()
    assert "No se puede eliminar: tiene actividades vinculadas." in detail


def test_a_stale_edit_is_refused_showing_what_is_saved_now(client, dev, planner):
    _, goals = dev
    goal = goals["MP4"]
    services.save_goal(
        goal.program, by=planner, goal=goal, expected_revision=goal.revision, description="Otra"
    )
    sign_in(client, planner)
    response = client.post(
        f"/plan-de-desarrollo/metas/{goal.pk}/editar/",
        {"kind": "producto", "code": "MP4", "description": "La mía", "revision": goal.revision},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "fue modificado por otra persona" in page and "La mía" in page and "Otra" in page
    goal.refresh_from_db()
    assert goal.description == "Otra"


def test_planeacion_reorders_and_measures_a_meta_de_resultado(client, dev, planner):
    _plan, goals = dev
    sign_in(client, planner)
    client.post(f"/plan-de-desarrollo/metas/{goals['MP2'].pk}/mover/", {"direction": "up"})
    order = list(goals["MP1"].program.goals.order_by("position").values_list("code", flat=True))
    assert order == ["MP2", "MP1", "MR1"]
    response = client.post(
        f"/plan-de-desarrollo/metas/{goals['MR1'].pk}/medicion/",
        {"year": "2024", "value": "45", "note": "Encuesta"},
    )
    assert response.status_code == 302
    assert goals["MR1"].measures.get(year=2024).value == Decimal(45)


def test_the_overseer_chooses_an_overseen_entity_and_reads_without_edit_controls(
    client, dev, overseer, cartago
):
    plan, goals = dev
    sign_in(client, overseer)
    own = client.get("/plan-de-desarrollo/").content.decode()
    assert "Gobernación del Valle del Cauca aún no tiene un Plan de Desarrollo." in own
    assert "Crear el Plan de Desarrollo" in own  # their own entity's
    page = client.get(f"/plan-de-desarrollo/?entidad={cartago.pk}&anio=2025").content.decode()
    assert "solo lectura" in page and "Cartago participativa" in page
    assert "Ver líneas, programas y metas" in page
    detail = client.get(f"/plan-de-desarrollo/{plan.pk}/").content.decode()
    assert "Agregar una línea estratégica" not in detail and "Editar" not in detail
    links = client.get(
        f"/plan-de-desarrollo/planes/{goals['MP1'].links.first().activity.plan_id}/metas/"
    ).content.decode()
    assert "Solo lectura" in links and "Vincular" not in links
    assert client.get(f"/plan-de-desarrollo/metas/{goals['MP4'].pk}/editar/").status_code == 403


def test_the_public_page_shows_only_published_plans_progress(client, dev, cartago):
    page = client.get(f"/entidades/{cartago.nit}/plan-de-desarrollo/?anio=2025").content.decode()
    assert "Cartago participativa" in page and "Cómo se calcula" in page
    entity_page = client.get(f"/entidades/{cartago.nit}/").content.decode()
    assert f"/entidades/{cartago.nit}/plan-de-desarrollo/" in entity_page


def test_the_system_administrator_chooses_the_entity_or_is_refused(client, dev, superuser, cartago):
    sign_in(client, superuser)
    assert client.get("/plan-de-desarrollo/").status_code == 403
    page = client.get(f"/plan-de-desarrollo/?entidad={cartago.pk}&anio=2025")
    assert page.status_code == 200 and "Cartago participativa" in page.content.decode()
