"""«Pendientes» lists the plans that wait on each person: approve, correct, publish, formulate."""

import pytest

from organization.models import User
from plans.models import Plan, PlanType
from plans.selectors import workflow_pending
from plans.services import editing, workflow


@pytest.fixture
def plans(published_plan, planner, cartago, other_entity, other_planner):
    """Cartago's published plan with its version 2 in draft, and a plan in each other state;
    the other entity has a plan in review and one returned."""
    made = {"version 2": workflow.start_new_version(published_plan, by=planner, reason="Metas")}
    plan_type = PlanType.objects.get(code="plan-anticorrupcion")
    states = {
        "first draft": Plan.Status.DRAFT,
        "in review": Plan.Status.IN_REVIEW,
        "returned": Plan.Status.RETURNED,
        "approved": Plan.Status.APPROVED,
    }
    for name, status in states.items():
        plan = editing.create_plan(
            cartago, by=planner, plan_type=plan_type, year=2026, title=f"Cartago {name}"
        )
        Plan.objects.filter(pk=plan.pk).update(status=status)
        made[name] = plan
    for name, status in [("in review", Plan.Status.IN_REVIEW), ("returned", Plan.Status.RETURNED)]:
        plan = editing.create_plan(
            other_entity, by=other_planner, plan_type=plan_type, year=2026, title=f"Otra {name}"
        )
        Plan.objects.filter(pk=plan.pk).update(status=status)
    other_entity.memberships.update(can_approve=True)
    return made


def titles(user) -> dict[str, str]:
    """What waits on the user, read afresh as a request would."""
    fresh = User.objects.get(pk=user.pk)
    return {item.plan.title: item.action for item in workflow_pending(fresh)}


def test_who_signs_for_the_comite_is_asked_to_approve_or_return_the_plans_in_review(
    plans, approver
):
    assert titles(approver) == {"Cartago in review": "Aprobar o devolver"}


def test_planeacion_is_asked_to_correct_publish_and_formulate_new_versions(plans, planner):
    assert titles(planner) == {
        "Cartago returned": "Corregir y enviar de nuevo al Comité",
        "Cartago approved": "Publicar",
        plans["version 2"].title: "Formular la nueva versión",
    }


@pytest.mark.parametrize("persona", ["reporter_a", "reporter_b", "auditor", "viewer"])
def test_nobody_else_is_asked_anything_about_plans(request, plans, persona):
    assert titles(request.getfixturevalue(persona)) == {}


def test_another_entitys_planner_sees_only_the_plans_of_their_own_entity(plans, other_planner):
    assert titles(other_planner) == {
        "Otra in review": "Aprobar o devolver",
        "Otra returned": "Corregir y enviar de nuevo al Comité",
    }


def test_the_pending_page_shows_each_person_the_plans_that_wait_on_them(
    client, plans, planner, approver, auditor
):
    client.force_login(approver)
    html = client.get("/seguimiento/").content.decode()
    assert '<h2 id="pendientes-planes">Planes</h2>' in html
    assert (
        f'<strong>Aprobar o devolver:</strong> <a href="/planes/{plans["in review"].pk}/">'
        "Cartago in review</a> (vigencia 2026, versión 1, en revisión)"
    ) in html
    assert "Cartago returned" not in html and "Otra in review" not in html
    client.force_login(planner)
    html = client.get("/seguimiento/").content.decode()
    assert f'<a href="/planes/{plans["returned"].pk}/">Cartago returned</a>' in html
    assert f'<a href="/planes/{plans["approved"].pk}/">Cartago approved</a>' in html
    assert f'<a href="/planes/{plans["version 2"].pk}/">' in html
    assert "Cartago in review" not in html and "Cartago first draft" not in html
    client.force_login(auditor)
    assert 'id="pendientes-planes"' not in client.get("/seguimiento/").content.decode()
