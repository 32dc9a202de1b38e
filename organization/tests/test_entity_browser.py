"""In a real browser, the system administrator registers an entity choosing its department and
then its municipality with the keyboard: the municipality list follows the department (htmx)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from conftest import sign_in
from organization.models import Entity

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, live_server, user) -> None:
    """The administrator's session (its second step done) handed to the browser."""
    client = Client()
    sign_in(client, user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def _choose(select, text: str, page) -> None:
    """Type-ahead on the focused select, as a keyboard user chooses an option."""
    select.focus()
    page.keyboard.type(text, delay=30)


def test_the_administrator_registers_cartago_choosing_valle_then_cartago_with_the_keyboard(
    live_server, page, superuser, plan_types, smtp_server
):
    _as(page, live_server, superuser)
    page.goto(f"{live_server.url}/directorio/entidades/nueva/")
    expect(page.get_by_role("heading", name="Registrar entidad")).to_be_visible()
    assert violations(page) == []
    page.get_by_label("Nombre").first.fill("Alcaldía de Cartago")
    page.get_by_label("NIT").fill("891900493-2")
    municipality = page.get_by_label("Municipio")
    # Before a department is chosen the list holds every municipality, by department.
    expect(municipality.locator("optgroup")).to_have_count(33)
    _choose(page.get_by_label("Departamento"), "Valle", page)
    expect(page.get_by_label("Departamento")).to_have_value("76")
    # htmx replaced the options with Valle del Cauca's alone.
    expect(municipality.locator("optgroup")).to_have_count(0)
    expect(municipality.locator("option")).to_have_count(43)  # 42 and «Ninguno»
    _choose(municipality, "Cartago", page)
    expect(municipality).to_have_value("76147")
    _choose(page.get_by_label("Tipo de entidad"), "Alcald", page)  # type-ahead takes no accents
    expect(page.get_by_label("Tipo de entidad")).to_have_value("alcaldia")
    _choose(page.get_by_label("Categoría"), "Tercera", page)
    expect(page.get_by_label("Categoría")).to_have_value("3")
    page.get_by_label("Usuario del primer planeador").fill("planeacion.cartago")
    page.get_by_label("Nombres").fill("Ana")
    page.get_by_label("Correo").fill("planeacion@cartago.gov.co")
    page.get_by_role("button", name="Registrar").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/directorio/entidades/")
    expect(page.get_by_role("cell", name="Cartago (76147)")).to_be_visible()
    entity = Entity.objects.get(nit="891900493-2")
    assert (entity.department_code, entity.municipality_code, entity.kind, entity.category) == (
        "76",
        "76147",
        "alcaldia",
        "3",
    )
    assert violations(page) == []
