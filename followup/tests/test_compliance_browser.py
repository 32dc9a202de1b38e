"""The oversight office reads the compliance view with the keyboard: it narrows it with the
filters, sorts a column (announced with aria-sort) and the page passes axe."""

import pytest
from playwright.sync_api import expect

from followup.tests import compliance_world

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(plan_types, time_machine):
    time_machine.move_to("2025-07-20 10:00 -0500", tick=True)
    return compliance_world.build()


def test_the_office_filters_and_sorts_with_the_keyboard(world, live_server, page, log_in):
    log_in(world.overseer)
    page.goto(f"{live_server.url}/seguimiento/cumplimiento/?vigencia=2025")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cumplimiento")
    expect(page.get_by_role("img", name="Proporción de planes publicados a tiempo")).to_be_visible()
    assert violations(page) == []

    plan_type = page.get_by_label("Tipo de plan")
    plan_type.focus()
    plan_type.select_option("plan-accion-institucional")
    page.get_by_role("button", name="Ver").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**tipo_plan=plan-accion-institucional**")

    page.get_by_role("link", name="Seguimientos faltantes").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**orden=faltantes**")
    header = page.get_by_role("columnheader", name="Seguimientos faltantes")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="Seguimientos faltantes").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**orden=-faltantes**")
    expect(header).to_have_attribute("aria-sort", "descending")
    rows = page.locator("section[aria-labelledby=entidades] tbody tr")
    expect(rows.first).to_contain_text("Alcaldía de Palmira")
    expect(page.get_by_text("Alcaldía de Cartago")).to_have_count(0)
    assert violations(page) == []
