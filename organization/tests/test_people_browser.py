"""People management in a real browser, with the keyboard only once signed in: Planeación sees
an invitation pending, sends it again, and corrects the invited person's mistyped e-mail; the
new address gets the invitation and the address someone else has is refused at its field."""

import re

import pytest
from playwright.sync_api import expect

from conftest import mail_bodies
from organization import services
from organization.models import EMAIL_TAKEN, User

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def _retype(page, locator, text):
    locator.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_planeacion_resends_an_invitation_and_corrects_an_email_with_the_keyboard(
    live_server, page, log_in, planner, reporter_a, smtp_server
):
    reporter_a.email = "luis@cartago.gov.co"
    reporter_a.save()
    services.invite_member(
        planner.membership.entity,
        username="pablo",
        email="pablo@cartgo.gov.co",
        role="viewer",
        first_name="Pablo",
        by=planner,
    )
    assert len(smtp_server.messages) == 1

    log_in(planner)
    page.goto(f"{live_server.url}/directorio/usuarios/")
    row = page.get_by_role("row", name=re.compile("pablo"))
    expect(row).to_contain_text(re.compile(r"Invitación pendiente \(enviada el \d\d/\d\d/\d{4}\)"))
    assert violations(page) == []

    _press(row.get_by_role("button", name="Reenviar invitación a Pablo"))
    expect(page.get_by_text("Se envió una nueva invitación a pablo@cartgo.gov.co")).to_be_visible()
    assert len(smtp_server.messages) == 2

    row = page.get_by_role("row", name=re.compile("pablo"))
    _press(row.get_by_role("link", name="Corregir correo o nombre de Pablo"))
    expect(
        page.get_by_role("heading", name=re.compile("Corregir los datos de Pablo"))
    ).to_be_visible()
    email = page.get_by_label(re.compile("^Correo"))
    _retype(page, email, "LUIS@cartago.gov.co")
    email.press("Enter")
    expect(page.get_by_text(EMAIL_TAKEN)).to_be_visible()
    assert violations(page) == []

    email = page.get_by_label(re.compile("^Correo"))
    _retype(page, email, "pablo@cartago.gov.co")
    email.press("Enter")
    expect(page.get_by_text(re.compile("El correo ahora es pablo@cartago.gov.co"))).to_be_visible()
    assert User.objects.get(username="pablo").email == "pablo@cartago.gov.co"
    recipients = sorted(message["To"] for message in smtp_server.messages[2:])
    assert recipients == ["pablo@cartago.gov.co", "pablo@cartgo.gov.co"]
    invitation = next(m for m in smtp_server.messages[2:] if m["To"] == "pablo@cartago.gov.co")
    assert "Elija su contraseña" in mail_bodies(invitation)[1]
