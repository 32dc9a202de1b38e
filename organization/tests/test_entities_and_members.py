"""One deployment, many entities: the administrator registers an entity and its first planner,
the planner invites the rest, and a department's planning office reads the entities it oversees."""

import re

import pytest
from django.test import Client

from audit.models import AuditEntry
from conftest import sign_in
from organization.models import Entity, Membership, Role, User

pytestmark = pytest.mark.django_db


def _link(mail) -> str:
    text = mail.get_payload()[0].get_payload(decode=True).decode()
    return "/" + re.search(r"http://[^/\s]+/(cuenta/recuperar/\S+/)", text).group(1)


def _choose_password(link: str, password: str) -> None:
    client = Client()
    form = client.get(link, follow=True)
    assert "Contraseña nueva" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302


def test_the_administrator_registers_an_entity_whose_planner_is_invited_by_mail(
    client, superuser, plan_types, smtp_server, django_capture_on_commit_callbacks
):
    sign_in(client, superuser)
    refused = client.post(
        "/directorio/entidades/nueva/",
        {"name": "Alcaldía de Buga", "nit": "891380033-4", "planner_username": "x"},
    )
    assert refused.status_code == 200
    assert "dígito de verificación" in refused.content.decode()
    assert not Entity.objects.exists() and not smtp_server.messages
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/directorio/entidades/nueva/",
            {
                "name": "Alcaldía de Buga",
                "nit": "891380033-5",
                "department_code": "76",
                "municipality_code": "76111",
                "kind": "alcaldia",
                "order": "territorial",
                "planner_username": "planeacion.buga",
                "planner_first_name": "Camila",
                "planner_last_name": "Rojas",
                "planner_email": "planeacion@buga.gov.co",
            },
        )
    assert response.status_code == 302
    entity = Entity.objects.get(nit="891380033-5")
    planner = User.objects.get(username="planeacion.buga")
    assert planner.membership.entity == entity and planner.membership.role == Role.PLANNER
    assert not planner.has_usable_password()
    assert not planner.membership.units.exists()  # only reporters answer for dependencias
    assert list(entity.units.values_list("name", flat=True)) == ["Secretaría de Planeación"]
    [mail] = smtp_server.messages
    assert mail["To"] == "planeacion@buga.gov.co"
    _choose_password(_link(mail), "Buga-planea-2026")
    new_session = Client()
    assert (
        new_session.post(
            "/ingresar/", {"username": "planeacion.buga", "password": "Buga-planea-2026"}
        ).status_code
        == 302
    )
    assert "Alcaldía de Buga" in new_session.get("/directorio/").content.decode()
    assert "Alcaldía de Buga" in client.get("/directorio/entidades/").content.decode()
    actions = set(AuditEntry.objects.filter(entity_id=entity.pk).values_list("action", flat=True))
    assert {"organization.entity.created", "organization.member.created"} <= actions


def test_a_planner_invites_a_reporter_and_changes_their_role_but_not_their_own(
    client, planner, cartago, smtp_server, django_capture_on_commit_callbacks
):
    sign_in(client, planner)
    hacienda = cartago.units.get(name="Secretaría de Hacienda")
    missing_unit = client.post(
        "/directorio/usuarios/nuevo/",
        {
            "username": "pablo",
            "first_name": "Pablo",
            "email": "p@cartago.gov.co",
            "role": "reporter",
        },
    )
    assert "al menos una" in missing_unit.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/directorio/usuarios/nuevo/",
            {
                "username": "pablo",
                "first_name": "Pablo",
                "email": "p@cartago.gov.co",
                "role": "reporter",
                "units": [hacienda.pk],
            },
        )
    assert response.status_code == 302
    member = Membership.objects.get(user__username="pablo")
    assert list(member.units.all()) == [hacienda] and member.entity == cartago
    assert smtp_server.messages[0]["To"] == "p@cartago.gov.co"
    client.post(
        f"/directorio/usuarios/{member.pk}/",
        {"role": "viewer", "is_active": "", "units": []},
    )
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.role == Role.VIEWER and not member.user.is_active
    own = planner.membership
    response = client.post(f"/directorio/usuarios/{own.pk}/", {"role": "viewer", "is_active": "1"})
    assert "No puede cambiar su propio rol" in response.content.decode()
    client.post(
        f"/directorio/usuarios/{own.pk}/",
        {"role": "planner", "is_active": "1", "can_approve": "1"},
    )
    own.refresh_from_db()
    assert own.role == Role.PLANNER and not own.can_approve


def test_the_entity_switches_on_the_second_step_for_planeacion(client, planner, cartago):
    sign_in(client, planner)
    form = client.get("/directorio/entidad/").content.decode()
    assert "exigir verificación en dos pasos" in form.lower()
    data = {
        "followup_scheme": "trimestral",
        "report_window_days": 10,
        "reminder_days_before": 3,
        "threshold_red_below": "60",
        "threshold_yellow_below": "80",
        "require_two_factor": "on",
    }
    assert client.post("/directorio/entidad/", data).status_code == 302
    cartago.refresh_from_db()
    assert cartago.require_two_factor
    entry = AuditEntry.objects.filter(action="organization.entity.changed").latest("at")
    assert entry.after["require_two_factor"] is True
    # From the next request on, the planner must set up the authenticator app.
    assert client.get("/planes/")["Location"].startswith("/cuenta/dos-pasos/")


def test_a_department_reads_the_entities_it_oversees_and_changes_nothing(
    client, published_plan, other_entity, planner
):
    from organization import services

    valle = services.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    overseer = services.create_member(valle, username="valle", password=None, role="planner")
    overseer.membership.oversees.set([published_plan.entity])
    sign_in(client, overseer)
    page = client.get("/seguimiento/entidades/?vigencia=2025").content.decode()
    assert "Alcaldía de Cartago" in page and "Alcaldía de Otra Parte" not in page
    consolidated = client.get(
        f"/seguimiento/tablero/?entidad={published_plan.entity_id}&vigencia=2025"
    ).content.decode()
    assert "Consulta de solo lectura" in consolidated and published_plan.title in consolidated
    assert client.get(f"/planes/{published_plan.pk}/").status_code == 200
    assert client.get(f"/seguimiento/tablero/?entidad={other_entity.pk}").status_code == 404
    assert (
        client.post(f"/planes/{published_plan.pk}/nueva-version/", {"reason": "x"}).status_code
        == 403
    )
    listed = client.get("/planes/").content.decode()
    assert published_plan.title in listed
