"""People management (issue 23): Planeación sees where each invitation stands, sends it again
(the old link dies), corrects a mistyped e-mail (audited, the old address told, a pending
invitation sent again to the new one), and resolves what people ask from «Mi cuenta»; the
system administrator does the same for anyone, the planners of every entity included. Mail goes
through a real SMTP server."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from conftest import PASSWORD, mail_bodies, sign_in
from organization import services
from organization.models import EMAIL_TAKEN, AccountRequest, RequestOutcome, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Pablo-nuevo-2025"
INVALID_LINK = "El enlace no es válido"


@pytest.fixture
def mails(smtp_server):
    return smtp_server.messages


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what a request queues for after the commit (the mails), as production does."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def ana(client, planner):
    return sign_in(client, planner)


@pytest.fixture
def pablo(ana, committing, mails):
    """Invited by Ana as a viewer; he has not chosen a password."""
    committing(
        ana.post,
        "/directorio/usuarios/nuevo/",
        {"username": "pablo", "first_name": "Pablo", "email": "pablo@x.co", "role": "viewer"},
    )
    assert len(mails) == 1
    return User.objects.get(username="pablo")


def _link(message) -> str:
    text, _html = mail_bodies(message)
    return "/" + re.search(r"https?://[^/\s]+/(cuenta/recuperar/\S+/)", text).group(1)


def _choose_password(browser: Client, link: str):
    form = browser.get(link, follow=True)
    page = form.content.decode()
    if "new_password1" not in page:
        return page
    url = form.redirect_chain[-1][0]
    answer = browser.post(
        url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    return answer.content.decode()


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# -- invitation state --------------------------------------------------------------------------


def test_the_members_list_says_where_each_invitation_stands(
    ana, pablo, planner, reporter_a, viewer, time_machine
):
    viewer.is_active = False
    viewer.save()
    reporter_a.last_login = timezone.now()
    reporter_a.save()
    sent = timezone.localdate().strftime("%d/%m/%Y")
    page = ana.get("/directorio/usuarios/").content.decode()
    assert f"Invitación pendiente (enviada el {sent})" in page
    assert f"Activo (último ingreso {sent})" in page
    assert "Inactivo" in page
    member = ana.get(f"/directorio/usuarios/{pablo.membership.pk}/").content.decode()
    assert f"Invitación pendiente (enviada el {sent})" in member
    assert "Reenviar invitación" in member

    time_machine.move_to(timezone.now() + timezone.timedelta(days=2))
    sign_in(ana, planner)  # the session of two days ago has expired
    page = ana.get("/directorio/usuarios/").content.decode()
    assert f"Invitación vencida (enviada el {sent})" in page


# -- resending an invitation -------------------------------------------------------------------


def test_a_resent_invitation_gives_a_new_link_and_the_old_one_stops_working(
    ana, pablo, committing, mails, planner
):
    old_link = _link(mails[0])
    response = committing(ana.post, f"/directorio/usuarios/{pablo.membership.pk}/invitacion/")
    assert response.status_code == 302
    assert len(mails) == 2 and mails[1]["To"] == "pablo@x.co"
    new_link = _link(mails[1])
    assert new_link != old_link
    assert "el enlace que recibió antes ya no sirve" in mail_bodies(mails[1])[0]

    assert INVALID_LINK in _choose_password(Client(), old_link)
    assert "Ya puede ingresar" in _choose_password(Client(), new_link)
    pablo.refresh_from_db()
    assert pablo.check_password(NEW_PASSWORD)
    [entry] = _entries("organization.member.invitation_resent")
    assert entry.actor == planner and entry.entity_id == pablo.membership.entity_id

    # Once he chose his password there is nothing to send again.
    refused = ana.post(f"/directorio/usuarios/{pablo.membership.pk}/invitacion/", follow=True)
    assert "ya eligió su contraseña" in refused.content.decode()
    assert len(mails) == 2


def test_a_normal_password_reset_still_works(client, planner, smtp_server):
    planner.email = "ana@cartago.gov.co"
    planner.save()
    assert client.post("/cuenta/recuperar/", {"email": "ana@cartago.gov.co"}).status_code == 302
    [message] = smtp_server.messages
    assert "Ya puede ingresar" in _choose_password(Client(), _link(message))
    planner.refresh_from_db()
    assert planner.check_password(NEW_PASSWORD)


# -- correcting an e-mail ----------------------------------------------------------------------


def test_planeacion_corrects_an_email_audited_and_the_old_address_is_told(
    ana, reporter_a, committing, mails, planner
):
    reporter_a.email = "luis@cartgo.gov.co"
    reporter_a.save()
    response = committing(
        ana.post,
        f"/directorio/usuarios/{reporter_a.membership.pk}/datos/",
        {"email": "luis@cartago.gov.co", "first_name": "Luis", "last_name": "Gómez"},
        follow=True,
    )
    assert "Se corrigieron los datos de «luis»" in response.content.decode()
    reporter_a.refresh_from_db()
    assert (reporter_a.email, reporter_a.last_name) == ("luis@cartago.gov.co", "Gómez")
    [entry] = _entries("organization.member.corrected")
    assert entry.before == {"email": "luis@cartgo.gov.co", "last_name": ""}
    assert entry.after == {"email": "luis@cartago.gov.co", "last_name": "Gómez"}
    assert entry.actor == planner and entry.entity_id == reporter_a.membership.entity_id
    # He had chosen his password: only the old mailbox is told (masked new address).
    [notice] = mails
    assert notice["To"] == "luis@cartgo.gov.co"
    text, _html = mail_bodies(notice)
    assert "l…@cartago.gov.co" in text and "luis@cartago.gov.co" not in text


def test_a_corrected_email_of_someone_invited_gets_a_new_invitation_and_the_old_link_dies(
    ana, pablo, committing, mails
):
    old_link = _link(mails[0])
    committing(
        ana.post,
        f"/directorio/usuarios/{pablo.membership.pk}/datos/",
        {"email": "pablo@correcto.co", "first_name": "Pablo", "last_name": ""},
    )
    recipients = sorted(message["To"] for message in mails[1:])
    assert recipients == ["pablo@correcto.co", "pablo@x.co"]
    invitation = next(m for m in mails[1:] if m["To"] == "pablo@correcto.co")
    assert INVALID_LINK in _choose_password(Client(), old_link)
    assert "Ya puede ingresar" in _choose_password(Client(), _link(invitation))


def test_an_email_someone_else_has_is_refused_whatever_its_case(ana, reporter_a, reporter_b):
    reporter_b.email = "rosa@cartago.gov.co"
    reporter_b.save()
    response = ana.post(
        f"/directorio/usuarios/{reporter_a.membership.pk}/datos/",
        {"email": "ROSA@Cartago.gov.co", "first_name": "Luis", "last_name": ""},
    )
    assert response.status_code == 200
    assert EMAIL_TAKEN in response.content.decode()
    reporter_a.refresh_from_db()
    assert reporter_a.email == ""
    assert not _entries("organization.member.corrected")


def test_who_may_not_correct_or_resend(client, pablo, planner, reporter_a, other_planner):
    pk = pablo.membership.pk
    sign_in(client, reporter_a)
    assert client.post(f"/directorio/usuarios/{pk}/invitacion/").status_code == 403
    assert client.get(f"/directorio/usuarios/{pk}/datos/").status_code == 403
    sign_in(client, other_planner)
    assert client.post(f"/directorio/usuarios/{pk}/invitacion/").status_code == 404
    data = {"email": "robo@x.co", "first_name": "Pablo", "last_name": ""}
    assert client.post(f"/directorio/usuarios/{pk}/datos/", data).status_code == 404
    # Nobody corrects their own data: another planner or the administrator does.
    sign_in(client, planner)
    own = client.post(f"/directorio/usuarios/{planner.membership.pk}/datos/", data)
    assert own.status_code == 403
    pablo.refresh_from_db()
    assert pablo.email == "pablo@x.co"


def test_the_administrator_reaches_any_entitys_planners_from_the_entities_page(
    client, superuser, other_planner, committing, mails
):
    sign_in(client, superuser)
    entity = other_planner.membership.entity
    page = client.get("/directorio/entidades/").content.decode()
    assert f"/directorio/entidades/{entity.pk}/usuarios/" in page
    people = client.get(f"/directorio/entidades/{entity.pk}/usuarios/").content.decode()
    assert "pedro" in people and "Corregir correo o nombre" in people
    response = committing(
        client.post,
        f"/directorio/usuarios/{other_planner.membership.pk}/datos/",
        {"email": "pedro@otraparte.gov.co", "first_name": "Pedro", "last_name": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/directorio/entidades/{entity.pk}/usuarios/"
    other_planner.refresh_from_db()
    assert other_planner.email == "pedro@otraparte.gov.co"
    [entry] = _entries("organization.member.corrected")
    assert entry.actor == superuser and entry.entity_id == entity.pk


# -- requests from «Mi cuenta» -------------------------------------------------------------------


def test_a_request_from_mi_cuenta_reaches_planeacion_is_applied_and_the_requester_is_mailed(
    client, ana, reporter_a, planner, committing, mails
):
    reporter_a.email = "luis@cartgo.gov.co"
    reporter_a.save()
    luis = sign_in(Client(), reporter_a)
    assert "Pedir un cambio de mis datos" in luis.get("/cuenta/").content.decode()
    sent = luis.post(
        "/cuenta/solicitud/",
        {"email": "luis@cartago.gov.co", "note": "Mi apellido es Gómez, con tilde."},
        follow=True,
    )
    assert "Se envió su solicitud" in sent.content.decode()
    assert "Tiene una solicitud pendiente" in luis.get("/cuenta/").content.decode()
    again = luis.post("/cuenta/solicitud/", {"email": "otro@x.co"})
    assert "Ya tiene una solicitud pendiente" in again.content.decode()
    assert AccountRequest.objects.count() == 1
    held = json.loads(luis.get("/cuenta/mis-datos.json").content)["solicitudes_de_cambio"]
    assert held[0]["correo_solicitado"] == "luis@cartago.gov.co" and held[0]["resuelta"] is None

    pending = ana.get("/seguimiento/").content.decode()
    request_ = AccountRequest.objects.get()
    assert f"/directorio/solicitudes/{request_.pk}/" in pending
    assert "pide cambiar su correo a luis@cartago.gov.co" in pending
    form = ana.get(f"/directorio/solicitudes/{request_.pk}/").content.decode()
    assert 'value="luis@cartago.gov.co"' in form and "con tilde" in form
    done = committing(
        ana.post,
        f"/directorio/solicitudes/{request_.pk}/",
        {
            "decision": "apply",
            "email": "luis@cartago.gov.co",
            "first_name": "Luis",
            "last_name": "Gómez",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/seguimiento/"
    request_.refresh_from_db()
    reporter_a.refresh_from_db()
    assert request_.outcome == RequestOutcome.APPLIED and request_.resolved_by == planner
    assert (reporter_a.email, reporter_a.last_name) == ("luis@cartago.gov.co", "Gómez")
    assert (
        f"/directorio/solicitudes/{request_.pk}/" not in ana.get("/seguimiento/").content.decode()
    )
    answer = next(m for m in mails if m["To"] == "luis@cartago.gov.co")
    text, _html = mail_bodies(answer)
    assert "Se aplicó la solicitud" in text and "Gómez" in text
    assert any(m["To"] == "luis@cartgo.gov.co" for m in mails)  # the old address is told
    assert _entries("organization.account_request.created")
    assert _entries("organization.account_request.applied")
    # A new request may follow once this one is resolved.
    assert luis.post("/cuenta/solicitud/", {"note": "Otra cosa"}).status_code == 302


def test_a_dismissed_request_needs_a_reason_and_mails_it(
    ana, reporter_a, committing, mails, planner
):
    reporter_a.email = "luis@cartago.gov.co"
    reporter_a.save()
    request_ = services.request_account_change(reporter_a, note="Cambien mi rol a Planeación")
    url = f"/directorio/solicitudes/{request_.pk}/"
    empty = ana.post(url, {"decision": "dismiss", "reason": ""})
    assert "Este campo es obligatorio" in empty.content.decode()
    committing(ana.post, url, {"decision": "dismiss", "reason": "El rol no se pide por aquí."})
    request_.refresh_from_db()
    assert request_.outcome == RequestOutcome.DISMISSED
    [answer] = mails
    text, _html = mail_bodies(answer)
    assert answer["To"] == "luis@cartago.gov.co" and "El rol no se pide por aquí." in text
    [entry] = _entries("organization.account_request.dismissed")
    assert entry.actor == planner and entry.reason == "El rol no se pide por aquí."


def test_a_request_is_resolved_only_by_planeacion_of_its_entity(
    client, reporter_a, reporter_b, other_planner, planner
):
    request_ = services.request_account_change(reporter_a, email="luis@cartago.gov.co")
    url = f"/directorio/solicitudes/{request_.pk}/"
    sign_in(client, reporter_b)
    assert client.get(url).status_code == 403
    sign_in(client, other_planner)
    assert client.post(url, {"decision": "dismiss", "reason": "no"}).status_code == 404
    request_.refresh_from_db()
    assert request_.is_open


def test_the_only_planners_request_reaches_the_administrator(client, planner, superuser, viewer):
    request_ = services.request_account_change(planner, email="ana@cartago.gov.co")
    sign_in(client, planner)
    assert (
        f"/directorio/solicitudes/{request_.pk}/"
        not in client.get("/seguimiento/").content.decode()
    )
    sign_in(client, superuser)
    page = client.get("/directorio/entidades/").content.decode()
    assert f"/directorio/solicitudes/{request_.pk}/" in page
    # A second planner in the entity resolves it instead.
    services.create_member(
        planner.membership.entity, username="bea", password=PASSWORD, role="planner"
    )
    page = client.get("/directorio/entidades/").content.decode()
    assert f"/directorio/solicitudes/{request_.pk}/" not in page


def test_two_requests_sent_at_once_leave_one_and_a_message_not_an_error(reporter_a, monkeypatch):
    """The second of two simultaneous sends passes validation before the first is saved: the
    database's constraint refuses it, and the person reads why."""
    services.request_account_change(reporter_a, email="luis@cartago.gov.co")
    monkeypatch.setattr(AccountRequest, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr(
        AccountRequest.objects, "filter", lambda *a, **k: AccountRequest.objects.none()
    )
    with pytest.raises(ValidationError, match="Ya tiene una solicitud pendiente"):
        services.request_account_change(reporter_a, email="otro@cartago.gov.co")
    monkeypatch.undo()
    assert AccountRequest.objects.filter(user=reporter_a, resolved_at__isnull=True).count() == 1
