"""Planeación tags an activity with MIPG policies using only the keyboard, sees the tag on the
plan's page, and once the plan is published, in the roll-up by policy."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from conftest import acta
from followup import publishing
from plans.models import Activity
from plans.services import workflow

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRANSPARENCY = "Transparencia, Acceso a la Información Pública y Lucha contra la Corrupción"


@pytest.fixture
def catalogue(db):
    """The delivered catalogue: transactional tests empty the tables its migration filled."""
    importlib.import_module("plans.migrations.0010_mipg_catalogue").install(apps, None)


@pytest.fixture
def in_january(time_machine):
    time_machine.move_to("2025-01-10 10:00 -0500", tick=True)


def test_planeacion_tags_an_activity_with_the_keyboard_and_sees_it_in_the_rollup(
    in_january, catalogue, live_server, page, log_in, seed_plan, planner, approver
):
    Activity.objects.filter(plan=seed_plan).update(months=[3, 6], indicator_target=2)
    activity = seed_plan.activities.get(number=8)
    log_in(planner)
    page.goto(f"{live_server.url}/planes/{seed_plan.pk}/actividades/{activity.pk}/editar/")
    group = page.get_by_role("group", name="5. Información y Comunicación")
    expect(group).to_be_visible()
    expect(page.get_by_text("Sin marcar, la actividad toma las políticas del plan")).to_be_visible()
    assert violations(page) == []
    box = group.get_by_label(TRANSPARENCY)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.get_by_role("button", name="Guardar actividad 8").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/planes/{seed_plan.pk}/editar/**")

    page.goto(f"{live_server.url}/planes/{seed_plan.pk}/")
    expect(page.get_by_text(f"MIPG: {TRANSPARENCY}")).to_be_visible()

    workflow.submit_for_review(seed_plan, by=planner)
    workflow.approve_plan(seed_plan, by=approver, **acta(seed_plan))
    publishing.publish_plan(seed_plan, by=planner)
    page.goto(f"{live_server.url}/seguimiento/mipg/?vigencia=2025")
    row = page.get_by_role("row", name=TRANSPARENCY)
    expect(row.get_by_role("cell").first).to_have_text("1")
    assert violations(page) == []
