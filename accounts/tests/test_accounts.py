"""Log-in security: lockout, password rules and reset by mail, the second step, session expiry,
and the personal data a user downloads."""

import json
import re
from email.header import decode_header, make_header

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client, username, password=PASSWORD):
    return client.post("/ingresar/", {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_successful_log_in_clears_the_count_of_failures(client, planner):
    for _attempt in range(4):
        _log_in(client, "ana", "equivocada")
    assert _log_in(client, "ana").status_code == 302
    client.post("/salir/")
    for _attempt in range(4):
        assert _log_in(client, "ana", "equivocada").status_code == 200
    assert _log_in(client, "ana").status_code == 302


def test_a_password_is_reset_by_mail_once_and_must_pass_the_validators(
    client, planner, smtp_server
):
    planner.email = "ana@cartago.gov.co"
    planner.save()
    response = client.post("/cuenta/recuperar/", {"email": "ana@cartago.gov.co"})
    assert response.status_code == 302
    [mail] = smtp_server.messages
    assert mail["To"] == "ana@cartago.gov.co"
    assert "cree su contraseña" in str(make_header(decode_header(mail["Subject"])))
    text = mail.get_payload()[0].get_payload(decode=True).decode()
    link = re.search(r"http://\S+/cuenta/recuperar/\S+/", text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(f"/{path}", follow=True)
    assert form.status_code == 200 and "Contraseña nueva" in form.content.decode()
    form_url = form.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    page = weak.content.decode()
    assert "demasiado corta" in page and "completamente numérica" in page
    new = "Un-plan-de-acción-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _log_in(Client(), "ana", new).status_code == 302
    assert "no es válido" in client.get(f"/{path}", follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, planner, smtp_server):
    response = client.post("/cuenta/recuperar/", {"email": "nadie@example.invalid"})
    assert response.status_code == 302
    assert smtp_server.messages == []


def test_a_planner_of_an_entity_that_requires_it_sets_up_and_then_uses_the_second_step(
    client, planner, cartago, time_machine, smtp_server, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-02-02 09:00 -0500", tick=False)
    cartago.require_two_factor = True
    cartago.save()
    planner.email = "ana@cartago.gov.co"
    planner.save()
    assert _log_in(client, "ana").status_code == 302
    setup = client.get("/planes/")
    assert setup.status_code == 302 and setup["Location"].startswith("/cuenta/dos-pasos/")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/cuenta/dos-pasos/")  # mails the link that opens the set-up
    text = smtp_server.messages[0].get_payload()[0].get_payload(decode=True).decode()
    client.get(re.search(r"http://[^/\s]+(/cuenta/dos-pasos/configurar/\S+/)", text).group(1))
    page = client.get("/cuenta/dos-pasos/").content.decode()
    assert "<svg" in page and "Su rol exige la verificación en dos pasos" in page
    device = TOTPDevice.objects.get(user=planner, confirmed=False)
    wrong = client.post("/cuenta/dos-pasos/", {"code": "000000"})
    assert "El código no coincide" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait; the test does not
    assert client.post("/cuenta/dos-pasos/", {"code": _code(device)}).status_code == 302
    assert client.get("/planes/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.enabled").count() == 1

    time_machine.move_to("2026-02-02 09:01 -0500", tick=False)  # a code is good only once
    again = Client()
    assert _log_in(again, "ana").status_code == 302
    blocked = again.get("/planes/1/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/cuenta/verificar/")
    assert again.get("/api/v1/entidades").status_code == 200  # the public API is not blocked
    refused = again.post("/cuenta/verificar/", {"code": "123456", "next": "/planes/"})
    assert "no es válido" in refused.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    accepted = again.post("/cuenta/verificar/", {"code": _code(device), "next": "/planes/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/planes/"
    assert again.get("/planes/").status_code == 200
    # Required by the entity: it cannot be turned off.
    again.post("/cuenta/dos-pasos/desactivar/", {"code": _code(device)})
    assert TOTPDevice.objects.filter(user=planner, confirmed=True).exists()


def test_superusers_always_need_the_second_step(client, superuser):
    assert _log_in(client, "root").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/dos-pasos/")


def test_someone_not_required_may_turn_it_off_with_a_valid_code(client, viewer):
    client.force_login(viewer)
    client.get("/cuenta/dos-pasos/")
    device = TOTPDevice.objects.get(user=viewer)
    client.post("/cuenta/dos-pasos/", {"code": _code(device)})
    assert TOTPDevice.objects.get(user=viewer).confirmed
    device.refresh_from_db()
    device.last_t = -1  # the same code may not be used twice; allow it once more for the test
    device.save()
    client.post("/cuenta/dos-pasos/desactivar/", {"code": "999999"})
    assert TOTPDevice.objects.filter(user=viewer).exists()
    device.refresh_from_db()
    device.throttle_reset()
    client.post("/cuenta/dos-pasos/desactivar/", {"code": _code(device)})
    assert not TOTPDevice.objects.filter(user=viewer).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor.disabled").count() == 1


def test_a_session_ends_after_a_working_day(client, planner, time_machine):
    time_machine.move_to("2026-02-02 08:00 -0500", tick=False)
    _log_in(client, "ana")
    assert client.get("/planes/").status_code == 200
    time_machine.move_to("2026-02-02 15:59 -0500", tick=False)
    assert client.get("/planes/").status_code == 200
    time_machine.move_to("2026-02-02 16:01 -0500", tick=False)
    response = client.get("/planes/")
    assert response.status_code == 302 and response["Location"].startswith("/ingresar/")


def test_a_user_downloads_the_personal_data_held_about_them_and_nobody_else_s(
    client, planner, viewer, seed_plan
):
    planner.email = "ana@cartago.gov.co"
    planner.save()
    _log_in(client, "ana")
    client.post("/directorio/tokens/", {"name": "Tablero de la gobernación"})
    response = client.get("/cuenta/mis-datos.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["cuenta"]["usuario"] == "ana"
    assert data["cuenta"]["correo"] == "ana@cartago.gov.co"
    assert data["vinculacion"]["rol"] == "Planeación"
    assert data["vinculacion"]["entidad"] == "Alcaldía de Cartago"
    assert [t["nombre"] for t in data["tokens_api"]] == ["Tablero de la gobernación"]
    assert "key_hash" not in response.content.decode()
    assert len(data["ingresos"]) == 1 and data["ingresos"][0]["direccion_ip"] == "127.0.0.1"
    actions = [a["accion"] for a in data["acciones_registradas_en_auditoria"]]
    assert actions == ["organization.api_token.created"]
    assert "jorge" not in response.content.decode()
