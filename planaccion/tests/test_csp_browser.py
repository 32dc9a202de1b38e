"""The Content Security Policy in a real Chromium: pages, htmx swaps, charts, the admin and the
two-step log-in run without a single violation."""

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    """CSP violations the browser reports, from the moment each page starts."""
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')"
        " + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));"
    )
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    def collect():
        return page.evaluate("window.__csp") + console

    return collect


def test_internal_pages_and_htmx_edits_break_no_rule_of_the_policy(
    time_machine,
    live_server,
    page,
    log_in,
    violations,
    published_plan,
    planner,
    cartago,
    seed_document,
):
    from followup.importing import import_plan

    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)
    draft = import_plan(seed_document, entity=cartago, year=2026).plan
    log_in(planner)
    found = {}
    for path in [
        f"/planes/{published_plan.pk}/",
        f"/seguimiento/tablero/{published_plan.pk}/",
        "/seguimiento/tablero/?vigencia=2025",
        f"/planes/{published_plan.pk}/cronograma/",
        "/cuenta/",
        "/cuenta/dos-pasos/",
        "/directorio/usuarios/",
        f"/planes/{draft.pk}/editar/",
    ]:
        page.goto(f"{live_server.url}{path}")
        found[path] = violations()
    # An htmx swap: schedule a month on the draft's first activity.
    page.get_by_role("button", name="Mes 1", exact=True).first.click()
    expect(page.get_by_role("button", name="Mes 1, programado").first).to_have_attribute(
        "aria-pressed", "true"
    )
    found["htmx"] = violations()
    assert all(v == [] for v in found.values()), found


def test_public_pages_break_no_rule_of_the_policy(
    time_machine, live_server, page, violations, published_plan
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)
    nit = published_plan.entity.nit
    for path in ["/", f"/entidades/{nit}/", f"/entidades/{nit}/planes/{published_plan.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        assert violations() == [], path


def test_the_administrator_sets_up_the_second_step_and_uses_the_admin(
    live_server, page, violations, superuser, smtp_server
):
    import re

    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{live_server.url}/ingresar/")
    page.get_by_label("Usuario").fill("root")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    # The password alone sets up nothing: the link comes by mail.
    expect(page.get_by_text("Le enviamos un enlace a su correo")).to_be_visible()
    assert violations() == []
    [mail] = smtp_server.messages
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    link = re.search(
        r"http://[^/\s]+(/cuenta/dos-pasos/configurar/\S+/)", text.get_payload(decode=True).decode()
    )
    page.goto(f"{live_server.url}{link.group(1)}")
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=superuser)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Código de 6 dígitos").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_text("Verificación en dos pasos activada")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Administración del sistema")).to_be_visible()
    page.goto(f"{live_server.url}/admin/audit/auditentry/")
    page.goto(f"{live_server.url}/admin/organization/entity/add/")
    assert violations() == []
