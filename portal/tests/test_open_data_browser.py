"""The open-data catalogue in a real browser: WCAG 2.1 AA by axe-core, and its links lead to
the files they name."""

import json

import pytest
from playwright.sync_api import expect

from portal.tests.test_accessibility_browser import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's CSP rightly forbids."""
    return {**browser_context_args, "bypass_csp": True}


def test_the_catalogue_is_accessible_and_leads_to_the_data_package(
    time_machine, live_server, page, published_plan
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)
    nit = published_plan.entity.nit
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Datos abiertos", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Datos abiertos: planes de acción publicados"
    )
    table = page.get_by_role("table", name="Planes publicados de Alcaldía de Cartago")
    expect(table.get_by_role("columnheader", name="Publicado")).to_be_visible()
    expect(table.get_by_role("cell", name="15/01/2025")).to_be_visible()
    assert violations(page) == []

    page.goto(f"{live_server.url}/entidades/{nit}/datos-abiertos/")
    assert violations(page) == []
    name = f"Data Package de {published_plan.title}, vigencia 2025"
    with page.expect_response(lambda r: r.url.endswith("/datapackage.json")) as answered:
        page.get_by_role("link", name=name).click()
    descriptor = json.loads(answered.value.body())
    assert descriptor["plan_id"] == published_plan.pk
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
