"""Every page, export and API read of a plan answers, whatever its state and follow-up rhythm:
a draft, a plan in review, a published quarterly or four-monthly plan with follow-up in every
state, an archived version and the draft of its successor."""

import pytest
from django.urls import URLPattern, get_resolver

from conftest import acta, sign_in
from followup import publishing
from followup.tests import steps
from plans.models import Plan
from plans.services import workflow


def _plan_urls(plan: Plan) -> list[str]:
    """Every GET address of the project that names one plan by its id (the plans app's patterns
    with a single ``pk``, the plan's dashboard), and its public and API reads."""
    urls = []
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if not isinstance(inner, URLPattern) or inner.name is None:
                continue
            keys = set(inner.pattern.converters)
            if getattr(pattern, "namespace", None) == "plans" and keys == {"pk"}:
                urls.append(f"/{pattern.pattern}{inner.pattern}".replace("<int:pk>", str(plan.pk)))
    urls += [
        f"/planes/{plan.pk}/datos.json",
        f"/planes/{plan.pk}/datos.csv",
        f"/planes/{plan.pk}/plan.xlsx",
        f"/seguimiento/tablero/{plan.pk}/",
        f"/seguimiento/tablero/?vigencia={plan.year}",
    ]
    return urls


def _public_urls(plan: Plan) -> list[str]:
    nit = plan.entity.nit
    return [
        f"/entidades/{nit}/",
        f"/entidades/{nit}/planes/{plan.pk}/",
        f"/entidades/{nit}/planes/{plan.pk}/?archivada=1",
        f"/entidades/{nit}/planes/{plan.pk}/plan.xlsx",
        f"/entidades/{nit}/planes/{plan.pk}/plan.json",
        f"/entidades/{nit}/transparencia/plan-de-accion/",
        f"/api/v1/planes/{plan.pk}",
        f"/api/v1/planes/{plan.pk}/actividades",
        f"/api/v1/planes/{plan.pk}/avance",
    ]


@pytest.fixture
def plans_in_every_state(
    time_machine, published_plan, reporter_a, planner, approver, auditor, seed_document, cartago
):
    """Period I of the published plan with a report in each state; its version 2 published (the
    first archived) and a version 3 in draft; a four-monthly plan; a draft; a plan in review."""
    from followup.importing import import_plan
    from plans.models import PlanType

    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    act = {a.number: a for a in published_plan.activities.all()}
    steps.verify(steps.validate(steps.submit(act[3], reporter_a), planner), auditor, public=True)
    steps.return_(steps.submit(act[7], planner), planner)
    v2 = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
    workflow.submit_for_review(v2, by=planner)
    workflow.approve_plan(v2, by=approver, **acta(v2))
    publishing.publish_plan(v2, by=planner)
    v3 = workflow.start_new_version(v2, by=planner, reason="Otro ajuste")
    four = import_plan(
        seed_document,
        entity=cartago,
        year=2025,
        plan_type=PlanType.objects.get(code="plan-anticorrupcion"),
    ).plan
    in_review = import_plan(
        seed_document, entity=cartago, year=2025, plan_type=PlanType.objects.get(code="pinar")
    ).plan
    from plans.models import Activity

    Activity.objects.filter(plan__in=[four, in_review]).update(months=[3, 6], indicator_target=2)
    workflow.submit_for_review(four, by=planner)
    workflow.approve_plan(four, by=approver, **acta(four))
    publishing.publish_plan(four, by=planner)
    workflow.submit_for_review(in_review, by=planner)
    draft = import_plan(
        seed_document, entity=cartago, year=2026, plan_type=PlanType.objects.get(code="peti")
    ).plan
    return {
        "archived": Plan.objects.get(pk=published_plan.pk),
        "published": v2,
        "successor draft": v3,
        "four-monthly": four,
        "in review": in_review,
        "draft": draft,
    }


def test_every_page_of_a_plan_in_any_state_answers_without_a_server_error(
    client, plans_in_every_state, planner, auditor
):
    for who in (planner, auditor):
        sign_in(client, who)
        for state, plan in plans_in_every_state.items():
            for url in _plan_urls(plan):
                if who == auditor and url.endswith(".pdf"):
                    continue  # the same PDF for everyone: rendered once is enough
                status = client.get(url).status_code
                assert status < 500, (state, url, status)
    client.logout()
    for state, plan in plans_in_every_state.items():
        for url in _public_urls(plan):
            status = client.get(url).status_code
            assert status in {200, 302, 404}, (state, url, status)
            if state in {"published", "four-monthly"}:
                assert status == 200, (state, url, status)
