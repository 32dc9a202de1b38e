"""Lockout: by user name and address (django-axes), a slower limit per user name from any
address, and the owner's way out through the reset mail (docs/adr/0022)."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from accounts import lockout
from conftest import PASSWORD, mail_bodies
from core import client

pytestmark = pytest.mark.django_db

OWNER, ATTACKER, OFFICE = "10.0.0.1", "203.0.113.66", "190.0.0.7"


def _log_in(address: str, username: str, password: str = PASSWORD):
    return Client(REMOTE_ADDR=address).post(
        "/ingresar/", {"username": username, "password": password}
    )


def _fail(address: str, username: str = "ana", times: int = 1):
    return [_log_in(address, username, "equivocada") for _attempt in range(times)]


@pytest.fixture
def slow_limit(settings):
    """A per-user limit small enough for a test: 12 failures from any address (the default is
    50); the per-address limit stays at 5."""
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 12
    return 12


def test_failures_from_one_address_lock_that_address_and_not_the_owner_s(planner, time_machine):
    time_machine.move_to("2026-02-02 09:00 -0500", tick=False)
    *first, locked = _fail(ATTACKER, times=5)
    assert all(r.status_code == 200 and "correctos" in r.content.decode() for r in first)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Ingreso bloqueado temporalmente" in page and "15 minutos" in page
    # Even the right password is refused there while the lock lasts...
    assert _log_in(ATTACKER, "ana").status_code == 429
    # ...but the owner, at her own address, is not locked out.
    assert _log_in(OWNER, "ana").status_code == 302
    time_machine.move_to("2026-02-02 09:16 -0500", tick=False)
    assert _log_in(ATTACKER, "ana").status_code == 302


def test_one_person_s_typos_do_not_lock_the_office_that_shares_the_address(planner, viewer):
    _fail(OFFICE, "ana", times=5)
    assert _log_in(OFFICE, "ana").status_code == 429
    assert _log_in(OFFICE, "jorge").status_code == 302


def test_attempts_refused_by_a_lock_are_not_guesses_and_do_not_count(planner, slow_limit):
    """One address hammering a locked user name tries no password: it cannot reach the slower
    limit that would lock the owner everywhere."""
    _fail(ATTACKER, times=slow_limit + 5)
    assert _log_in(OWNER, "ana").status_code == 302


def test_the_slower_limit_per_user_name_engages_across_addresses(planner, slow_limit, time_machine):
    time_machine.move_to("2026-02-02 09:00 -0500", tick=False)
    for address in ["203.0.113.1", "203.0.113.2"]:  # 4 from each: under each address's limit
        assert [r.status_code for r in _fail(address, times=4)] == [200] * 4
    responses = _fail("198.51.100.3", times=4)
    assert [r.status_code for r in responses] == [200, 200, 200, 429]  # the twelfth locks
    assert lockout.account_locked_until("ana") is not None
    refused = _log_in(OWNER, "ana")  # the right password, from an address never used
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Cuenta bloqueada" in page
    assert "desde cualquier lugar hasta el 03/02/2026 a las 09:00" in page
    assert "/cuenta/recuperar/" in page
    # Locked: further attempts check no password, and the lock lasts its day.
    time_machine.move_to("2026-02-03 08:59 -0500", tick=False)
    assert _log_in(OWNER, "ana").status_code == 429
    time_machine.move_to("2026-02-03 09:01 -0500", tick=False)
    assert _log_in(OWNER, "ana").status_code == 302


def test_the_reset_mail_lets_the_owner_unlock_the_account_at_once(
    client, planner, slow_limit, smtp_server
):
    planner.email = "ana@cartago.gov.co"
    planner.save()
    _fail("203.0.113.1", times=5)  # that address is locked for her user name...
    _fail("203.0.113.2", times=4)
    _fail("203.0.113.3", times=3)  # ...and the twelfth failure locks the account everywhere
    assert _log_in(OWNER, "ana").status_code == 429

    client.post("/cuenta/recuperar/", {"email": "ana@cartago.gov.co"})
    [mail] = smtp_server.messages
    text, html = mail_bodies(mail)
    assert "bloqueada" in text and "bloqueada" in html
    link = re.search(r"http://[^/\s]+(/cuenta/recuperar/\S+/)", text).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Desbloquear mi cuenta" in page.content.decode()
    # Opening the link (as a mail scanner would) unlocks nothing: the owner presses the button.
    assert _log_in(OWNER, "ana").status_code == 429
    unlocked = client.post(link, {"next": "login"}, follow=True)
    assert unlocked.redirect_chain[-1][0] == "/ingresar/"
    assert "Su cuenta está desbloqueada" in unlocked.content.decode()
    assert lockout.account_locked_until("ana") is None
    assert _log_in(OWNER, "ana").status_code == 302
    assert _log_in("203.0.113.1", "ana").status_code == 302


def test_the_unlock_page_can_lead_on_to_a_new_password(client, planner, smtp_server):
    planner.email = "ana@cartago.gov.co"
    planner.save()
    _fail(OWNER, times=5)
    client.post("/cuenta/recuperar/", {"email": "ana@cartago.gov.co"})
    text, _html = mail_bodies(smtp_server.messages[0])
    link = re.search(r"http://[^/\s]+(/cuenta/recuperar/\S+/)", text).group(1)
    form = client.post(link, {"next": "password"}, follow=True)
    assert "Contraseña nueva" in form.content.decode()
    assert _log_in(OWNER, "ana").status_code == 302


def test_a_link_that_is_not_valid_unlocks_nothing(client, planner):
    _fail(OWNER, times=5)
    response = client.post("/cuenta/recuperar/desbloquear/MQ/no-es-un-token/", {"next": "login"})
    assert response.status_code == 302
    assert _log_in(OWNER, "ana").status_code == 429


def test_the_administrator_s_command_clears_both_locks(planner, slow_limit):
    for index in range(3):
        _fail(f"203.0.113.{index + 1}", times=4)
    assert lockout.account_locked_until("ana") is not None
    call_command("axes_reset_username", "ana", stdout=io.StringIO())
    assert lockout.account_locked_until("ana") is None
    assert _log_in("203.0.113.1", "ana").status_code == 302


def test_the_client_address_is_remote_addr_unless_proxies_are_declared(settings):
    forwarded = {"REMOTE_ADDR": "10.1.1.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.9"}
    request = RequestFactory().post("/ingresar/", **forwarded)
    assert client.client_address(request) == "10.1.1.1"
    settings.LOGIN_TRUSTED_PROXIES = 1  # one proxy that appends the address it saw
    assert client.client_address(request) == "198.51.100.9"
    settings.LOGIN_TRUSTED_PROXIES = 2
    assert client.client_address(request) == "6.6.6.6"
    settings.LOGIN_TRUSTED_PROXIES = 3  # fewer entries than proxies: the header is not trusted
    assert client.client_address(request) == "10.1.1.1"
    settings.LOGIN_TRUSTED_PROXIES = 1
    junk = RequestFactory().post("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client.client_address(junk) == "10.1.1.1"


def test_a_forged_forwarded_header_does_not_escape_the_lock_by_default(planner):
    for index in range(5):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.9.{index}").post(
            "/ingresar/", {"username": "ana", "password": "equivocada"}
        )
    forged = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert forged.post("/ingresar/", {"username": "ana", "password": PASSWORD}).status_code == 429
