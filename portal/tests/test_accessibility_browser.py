"""WCAG 2.1 AA: axe-core in headless Chromium on every public page and the main internal pages,
and a keyboard-only report."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's CSP rightly forbids."""
    return {**browser_context_args, "bypass_csp": True}


def violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document, {json.dumps(RULES)})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.fixture
def in_q1(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)


def test_public_pages_have_no_violations(in_q1, live_server, page, published_plan):
    nit = published_plan.entity.nit
    for path in [
        "/",
        f"/entidades/{nit}/",
        f"/entidades/{nit}/planes/{published_plan.pk}/",
        f"/entidades/{nit}/transparencia/plan-de-accion/",
        "/accesibilidad/",
        "/datos-abiertos/",
        "/ingresar/",
        "/cuenta/recuperar/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path


def test_main_internal_pages_have_no_violations(
    in_q1, live_server, page, log_in, published_plan, planner, reporter_a, seed_document, cartago
):
    from followup.importing import import_plan

    draft = import_plan(seed_document, entity=cartago, year=2026).plan
    activity = published_plan.activities.get(number=3)
    log_in(planner)
    for path in [
        "/planes/",
        f"/planes/{published_plan.pk}/",
        f"/planes/{draft.pk}/editar/",
        f"/planes/{draft.pk}/revision/",
        f"/seguimiento/tablero/{published_plan.pk}/",
        "/seguimiento/tablero/?vigencia=2025",
        "/seguimiento/periodos/?vigencia=2025",
        f"/planes/{published_plan.pk}/historial/",
        f"/planes/{draft.pk}/eliminar/",
        "/planes/tipos/",
        "/directorio/",
        "/directorio/usuarios/",
        "/directorio/usuarios/nuevo/",
        "/directorio/entidad/",
        "/cuenta/",
        "/cuenta/dos-pasos/",
        "/cuenta/clave/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
    log_in(reporter_a)
    for path in ["/seguimiento/", f"/seguimiento/actividad/{activity.pk}/periodo/1/"]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path


def test_a_reporter_fills_and_submits_the_report_form_with_the_keyboard_only(
    in_q1, live_server, page, log_in, published_plan, reporter_a
):
    activity = published_plan.activities.get(number=3)
    log_in(reporter_a)
    page.goto(f"{live_server.url}/seguimiento/actividad/{activity.pk}/periodo/1/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_focused()
    page.keyboard.press("Enter")

    def tab_to(locator, limit=60):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if locator.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{locator} is not reachable with Tab")

    tab_to(page.get_by_label("Resultado acumulado"))
    page.keyboard.type("1")
    tab_to(page.get_by_label("Descripción del avance"))
    page.keyboard.type("Capacitación a 12 funcionarios.")
    tab_to(page.get_by_role("button", name="Enviar a Planeación"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    from followup.models import Report

    report = Report.objects.get(activity=activity, period=1)
    assert (report.status, report.value, report.narrative) == (
        "enviado",
        1,
        "Capacitación a 12 funcionarios.",
    )
    assert re.search("seguimiento", page.url)


def test_the_checker_does_report_a_page_made_to_fail(page):
    page.set_content(
        '<html lang="es"><body><main><img src="x.png"><input type="text">'
        '<p style="color:#777;background:#888">poco contraste</p></main></body></html>'
    )
    found = " ".join(violations(page))
    assert "image-alt" in found and "label" in found and "color-contrast" in found


def test_public_pages_ask_no_third_party_host_for_anything(
    in_q1, live_server, page, published_plan
):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    nit = published_plan.entity.nit
    for path in ["/", f"/entidades/{nit}/", f"/entidades/{nit}/planes/{published_plan.pk}/"]:
        page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert hosts == {live_server.url.split("/")[2]}
