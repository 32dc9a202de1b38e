"""Setting up the second step when one's role requires it: only through a link mailed to the
account's address, so a stolen password alone cannot enrol the thief's phone."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from conftest import PASSWORD, mail_bodies

pytestmark = pytest.mark.django_db

MAILED = "Le enviamos un enlace a su correo para configurar la verificación en dos pasos"


def _log_in(client, username):
    response = client.post("/ingresar/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _link(message) -> str:
    text, html = mail_bodies(message)
    path = re.search(r"http://[^/\s]+(/cuenta/dos-pasos/configurar/\S+/)", text).group(1)
    assert path in html
    return path


@pytest.fixture
def required(cartago, planner):
    cartago.require_two_factor = True
    cartago.save()
    planner.email = "ana@cartago.gov.co"
    planner.save()
    return planner


def _mailed_page(client, django_capture_on_commit_callbacks):
    blocked = client.get("/planes/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/cuenta/dos-pasos/")
    with django_capture_on_commit_callbacks(execute=True):
        return client.get("/cuenta/dos-pasos/").content.decode()


@pytest.fixture
def mailed_link(client, required, smtp_server, django_capture_on_commit_callbacks, time_machine):
    """Ana signs in with her password at 9:00 and receives the link."""
    time_machine.move_to("2026-02-02 09:00 -0500", tick=False)
    _log_in(client, "ana")
    _mailed_page(client, django_capture_on_commit_callbacks)
    return _link(smtp_server.messages[0])


def test_with_the_password_alone_a_planner_who_must_use_it_only_gets_a_mail(
    client, required, smtp_server, django_capture_on_commit_callbacks
):
    _log_in(client, "ana")
    page = _mailed_page(client, django_capture_on_commit_callbacks)
    assert MAILED in page
    assert "<svg" not in page and "Clave:" not in page
    [mail] = smtp_server.messages
    assert mail["To"] == "ana@cartago.gov.co"
    assert "/cuenta/dos-pasos/configurar/" in mail_bodies(mail)[0]
    # Posting a code without the link enrols nothing, and no key was ever handed out.
    client.post("/cuenta/dos-pasos/", {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=required).exists()
    assert client.get("/planes/").status_code == 302
    # Reloading the page does not send another mail; asking for one does.
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/cuenta/dos-pasos/")
    assert len(smtp_server.messages) == 1


def test_the_administrator_too_needs_the_mailed_link(
    client, superuser, smtp_server, django_capture_on_commit_callbacks
):
    _log_in(client, "root")
    page = _mailed_page(client, django_capture_on_commit_callbacks)
    assert MAILED in page and "<svg" not in page
    assert [m["To"] for m in smtp_server.messages] == ["root@example.invalid"]
    client.post("/cuenta/dos-pasos/", {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert client.get("/admin/").status_code == 302


def test_the_link_sets_up_the_second_step_once(client, required, mailed_link):
    link = mailed_link
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == "/cuenta/dos-pasos/"
    page = client.get("/cuenta/dos-pasos/").content.decode()
    assert "<svg" in page and "Su rol exige la verificación en dos pasos" in page
    device = TOTPDevice.objects.get(user=required, confirmed=False)
    assert client.post("/cuenta/dos-pasos/", {"code": _code(device)}).status_code == 302
    assert client.get("/planes/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.enabled").count() == 1
    # Used: the same link is refused.
    again = client.get(link)
    assert again.status_code == 200 and "no es válido" in again.content.decode()
    assert TOTPDevice.objects.filter(user=required).count() == 1


def test_the_link_expires_after_an_hour(
    client, mailed_link, smtp_server, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2026-02-02 10:01 -0500", tick=False)
    expired = client.get(mailed_link)
    assert "no es válido" in expired.content.decode()
    assert "<svg" not in client.get("/cuenta/dos-pasos/").content.decode()
    # Opened in time, it still stops working once the hour is over.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cuenta/dos-pasos/", {"send": "1"})
    fresh = _link(smtp_server.messages[-1])
    assert client.get(fresh)["Location"] == "/cuenta/dos-pasos/"
    assert "<svg" in client.get("/cuenta/dos-pasos/").content.decode()
    time_machine.move_to("2026-02-02 11:02 -0500", tick=False)
    page = client.get("/cuenta/dos-pasos/").content.decode()
    assert "<svg" not in page and MAILED in page


def test_the_link_works_only_for_its_own_account_and_after_the_password(
    required, other_planner, other_entity, smtp_server, django_capture_on_commit_callbacks
):
    other_entity.require_two_factor = True
    other_entity.save()
    ana = _log_in(Client(), "ana")
    _mailed_page(ana, django_capture_on_commit_callbacks)
    link = _link(smtp_server.messages[0])
    pedro = _log_in(Client(), "pedro")
    assert "no es válido" in pedro.get(link).content.decode()
    assert "<svg" not in pedro.get("/cuenta/dos-pasos/").content.decode()
    # Opened in a browser where nobody is signed in, it asks for the password first.
    fresh = Client()
    opened = fresh.get(link)
    assert opened.status_code == 302 and opened["Location"].startswith("/ingresar/")
    signed_in = fresh.post(
        "/ingresar/?next=" + link, {"username": "ana", "password": PASSWORD, "next": link}
    )
    assert signed_in["Location"] == link
    assert fresh.get(link)["Location"] == "/cuenta/dos-pasos/"
    assert "<svg" in fresh.get("/cuenta/dos-pasos/").content.decode()


def test_without_an_address_the_page_says_whom_to_ask(
    client, required, smtp_server, django_capture_on_commit_callbacks
):
    required.email = ""
    required.save()
    _log_in(client, "ana")
    page = _mailed_page(client, django_capture_on_commit_callbacks)
    assert "no tiene un correo registrado" in page and "<svg" not in page
    assert smtp_server.messages == []


def test_someone_not_required_still_sets_it_up_in_a_signed_in_session(client, viewer):
    client.force_login(viewer)
    page = client.get("/cuenta/dos-pasos/").content.decode()
    assert "<svg" in page and MAILED not in page
