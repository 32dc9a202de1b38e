"""In a real browser: Planeación characterises a grupo de valor with the keyboard alone, and the
register's pages pass the axe accessibility check."""

import pytest
from playwright.sync_api import expect

from participation import characterisation, services
from participation.models import ValueGroup
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def youth(cartago, planner):
    return services.create_value_group(cartago, "Jóvenes", by=planner, description="14 a 28 años")


def test_planeacion_characterises_a_group_with_the_keyboard(
    live_server, page, log_in, planner, youth
):
    log_in(planner)
    page.goto(f"{live_server.url}/participacion/grupos-de-valor/")
    page.get_by_role("link", name="Caracterización de Jóvenes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Caracterización de Jóvenes")).to_be_visible()

    page.get_by_label("Dimensión").first.focus()
    page.keyboard.type("Demo")  # a closed select takes the option that starts so
    page.keyboard.press("Tab")
    page.keyboard.type("Cédula")
    page.keyboard.press("Tab")
    page.keyboard.type("Todos")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Enter")  # submits the form
    expect(page.get_by_role("alert").first).to_contain_text("revise las filas marcadas")
    expect(page.get_by_text("«Cédula» identifica a una persona.")).to_be_visible()
    assert ValueGroup.objects.get(pk=youth.pk).characterisation == {}

    variable = page.get_by_label("Variable").first
    expect(variable).to_have_value("Cédula")
    variable.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Edad")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("14 a 17 años")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    page.keyboard.press("Tab")  # Unidad: número de personas
    page.keyboard.press("Tab")
    page.keyboard.type("SISBEN IV")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Se guardó la caracterización de «Jóvenes».")).to_be_visible()
    expect(page.get_by_role("table", name="Dimensión demográfica · Jóvenes")).to_contain_text(
        "40 personas"
    )
    assert ValueGroup.objects.get(pk=youth.pk).characterisation["demografica"][0]["value"] == 40


def test_the_register_pages_have_no_accessibility_violations(
    live_server, page, log_in, planner, youth, cartago
):
    services.characterise_value_group(
        youth,
        [characterisation.row("geografica", "Ubicación", "Rural", 35, unit="porcentaje")],
        by=planner,
    )
    for path in [
        f"/entidades/{cartago.nit}/grupos-de-valor/",
        f"/entidades/{cartago.nit}/tratamiento-de-datos/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
    log_in(planner)
    for path in [
        "/participacion/grupos-de-valor/",
        f"/participacion/grupos-de-valor/{youth.pk}/caracterizacion/",
        "/participacion/datos-personales/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
