"""The API documentation page in a real Chromium: Swagger UI, served by this site, shows every
operation in Spanish without breaking the Content Security Policy or calling another host."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_the_operations_with_nothing_from_another_host(live_server, page):
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(f"{live_server.url}/api/v1/")
    expect(page).to_have_url(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_role("heading", name="Documentación de la API", level=1)).to_be_visible()
    operations = page.locator(".opblock-summary")
    expect(operations).to_have_count(7)
    for summary in (
        "Entidades con planes publicados",
        "Planes publicados",
        "Un plan publicado",
        "Actividades de un plan publicado",
        "Avance de un plan por periodo",
        "Paquete de datos (Frictionless) de un plan publicado",
        "Reportar el seguimiento de una actividad",
    ):
        expect(page.locator(".opblock-summary-description", has_text=summary).first).to_be_visible()
    expect(page.get_by_text("Qué es público")).to_be_visible()
    # An operation opens with its Spanish parameter descriptions.
    page.get_by_role("button", name="GET /api/v1/planes Planes publicados", exact=True).click()
    expect(page.get_by_text("Año fiscal del plan, como 2025.")).to_be_visible()
    assert page.evaluate("window.__csp") == []
    assert hosts == {live_server.url.split("/")[2]}
