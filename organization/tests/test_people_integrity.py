"""The people and the directory hold by constraint, whatever path writes them: the planner's
pages, the services, the system administrator's admin and, last, the database itself.

Ana plans for Cartago; Pedro plans for another entity, whose dependencia must never reach a
Cartago user; the administrator (root) uses the admin."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import sign_in
from organization import services
from organization.models import EMAIL_TAKEN, Entity, Unit, UnitAlias, User
from planaccion.tests.html_forms import form_values

pytestmark = pytest.mark.django_db

BAD_USERNAMES = ["ana maría", "o'brien", 'dos"comillas', "<b>ana</b>", "ana\rluis", "ana\nluis"]


def _invite(client, **changes):
    data = {"username": "pablo", "first_name": "Pablo", "email": "pablo@cartago.gov.co"}
    return client.post("/directorio/usuarios/nuevo/", data | {"role": "viewer"} | changes)


BUGA_PLACE = {
    "department_code": "76",
    "municipality_code": "76111",
    "kind": "alcaldia",
    "order": "territorial",
}


def _register(client, **changes):
    """The administrator registers the Alcaldía de Buga and its first planner."""
    data = {
        "name": "Alcaldía de Buga",
        "nit": "891380033-5",
        **BUGA_PLACE,
        "planner_username": "buga",
        "planner_first_name": "Camila",
        "planner_email": "camila@buga.gov.co",
    }
    return client.post("/directorio/entidades/nueva/", data | changes)


def _admin_post(client, url, **changes):
    """Post the admin page's own form with some values changed (a list for a multiple one)."""
    values = form_values(client.get(url).content.decode())
    for name, value in changes.items():
        values[name] = value if isinstance(value, list) else [value]
    return client.post(url, values)


# -- e-mail: one mailbox, one person ---------------------------------------------------------


def test_two_users_cannot_share_an_email_whatever_its_case(cartago):
    services.create_member(cartago, username="ana", password=None, role="planner", email="a@x.co")
    with pytest.raises(ValidationError, match="Ya existe un usuario con ese correo"):
        services.create_member(
            cartago, username="otra", password=None, role="viewer", email="A@X.CO"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="directo", email="a@X.co")
    for name in ("sin1", "sin2"):  # users without a mailbox (API robots, synthetic data)
        services.create_member(cartago, username=name, password=None, role="viewer")
    assert User.objects.filter(email="").count() == 2


def test_the_invitation_and_the_registration_refuse_an_email_in_use_in_spanish(
    client, planner, superuser
):
    User.objects.filter(pk=planner.pk).update(email="ana@cartago.gov.co")
    sign_in(client, planner)
    response = _invite(client, email="ANA@cartago.gov.co")
    assert response.status_code == 200 and EMAIL_TAKEN in response.content.decode()
    sign_in(client, superuser)
    response = _register(client, planner_email="Ana@Cartago.gov.co")
    assert response.status_code == 200 and EMAIL_TAKEN in response.content.decode()
    assert not User.objects.filter(username__in=["pablo", "buga"]).exists()


def test_the_admin_refuses_an_email_in_use_in_spanish(client, superuser, planner, viewer):
    User.objects.filter(pk=planner.pk).update(email="ana@cartago.gov.co")
    sign_in(client, superuser)
    response = _admin_post(
        client, f"/admin/organization/user/{viewer.pk}/change/", email="Ana@Cartago.gov.co"
    )
    assert response.status_code == 200 and EMAIL_TAKEN in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.email == ""


# -- user names: Django's characters only ----------------------------------------------------


@pytest.mark.parametrize("username", BAD_USERNAMES)
def test_a_user_name_outside_djangos_characters_is_refused_everywhere(
    client, cartago, planner, superuser, username
):
    message = "El usuario solo puede tener letras, números y los caracteres @ . + - _"
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.create_member(cartago, username=username, password=None, role="viewer")
    sign_in(client, planner)
    response = _invite(client, username=username)
    assert response.status_code == 200 and message in response.content.decode()
    sign_in(client, superuser)
    response = _register(client, planner_username=username)
    assert response.status_code == 200 and message in response.content.decode()
    response = _admin_post(
        client, f"/admin/organization/user/{planner.pk}/change/", username=username
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(username=username).exists()
    assert not Entity.objects.filter(nit="891380033-5").exists()


def test_user_names_with_accents_and_djangos_signs_are_welcome(cartago):
    user = services.create_member(cartago, username="maría.peña+1@x", password=None, role="viewer")
    assert user.username == "maría.peña+1@x"


# -- dependencias and aliases: none reads like another --------------------------------------


def test_a_dependencia_that_reads_like_another_is_refused(client, cartago, planner, superuser):
    with pytest.raises(ValidationError, match="Se lee igual que la dependencia «Secretaría de Gob"):
        services.create_unit(cartago, "secretaria  de GOBIERNO")
    with pytest.raises(ValidationError, match="el alias «Obras Públicas»"):
        services.create_unit(cartago, "Obras publicas")
    sign_in(client, planner)
    response = client.post("/directorio/dependencias/nueva/", {"name": "Sec. del Gobierno"})
    assert response.status_code == 200
    assert "Ya existe una dependencia con ese nombre en la entidad." in response.content.decode()
    salud = cartago.units.get(name="Secretaría de Salud")
    response = client.post(f"/directorio/dependencias/{salud.pk}/", {"name": "Hacienda"})
    assert "el alias «Hacienda» de «Secretaría de Hacienda»" in response.content.decode()
    sign_in(client, superuser)
    response = _admin_post(
        client, "/admin/organization/unit/add/", entity=str(cartago.pk), name="Secretaria Salud"
    )
    assert response.status_code == 200
    assert "Ya existe una dependencia con ese nombre en la entidad." in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(entity=cartago, name="SECRETARÍA DE HACIENDA.")
    assert cartago.units.filter(name__icontains="gobierno").count() == 1
    salud.refresh_from_db()
    assert salud.name == "Secretaría de Salud"


def test_an_alias_that_reads_like_another_dependencia_is_refused(client, cartago, planner):
    with pytest.raises(ValidationError) as refused:
        services.create_unit(
            cartago, "Secretaría de Tránsito", aliases=["Tránsito", "hacienda", "Sec. Gobierno"]
        )
    assert refused.value.message_dict["aliases"] == [
        "El alias «hacienda» se lee igual que el alias «Hacienda» de «Secretaría de Hacienda».",
        "El alias «Sec. Gobierno» se lee igual que la dependencia «Secretaría de Gobierno».",
    ]
    assert not cartago.units.filter(name="Secretaría de Tránsito").exists()
    sign_in(client, planner)
    salud = cartago.units.get(name="Secretaría de Salud")
    response = client.post(
        f"/directorio/dependencias/{salud.pk}/",
        {"name": "Secretaría de Salud", "aliases": "Salud\nEducacion", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "se lee igual que el alias «Educación»" in response.content.decode()
    assert list(salud.aliases.values_list("alias", flat=True)) == ["Salud"]
    # Its own name, or the same alias twice, is no ambiguity: one is kept.
    unit = services.create_unit(
        cartago, "Secretaría de Tránsito", aliases=["Sec. de Tránsito", "Tránsito", "TRANSITO"]
    )
    assert sorted(unit.aliases.values_list("alias", flat=True)) == ["Sec. de Tránsito", "Tránsito"]


def test_the_admin_refuses_aliases_that_read_like_another_or_like_each_other(
    client, cartago, superuser
):
    salud = cartago.units.get(name="Secretaría de Salud")
    url = f"/admin/organization/unit/{salud.pk}/change/"
    sign_in(client, superuser)
    response = _admin_post(client, url, **{"aliases-1-alias": "Gobierno"})
    assert response.status_code == 200
    assert "El alias se lee igual que el alias «Gobierno» de «Secretaría de Gobierno»." in (
        response.content.decode()
    )
    response = _admin_post(client, url, **{"aliases-1-alias": "salud"})
    assert response.status_code == 200
    assert "La dependencia ya tiene un alias que se lee igual." in response.content.decode()
    response = _admin_post(
        client,
        url,
        **{"aliases-TOTAL_FORMS": "3", "aliases-1-alias": "Sanidad", "aliases-2-alias": "SANIDAD"},
    )
    assert "Los alias «Sanidad» y «SANIDAD» se leen igual: deje uno." in response.content.decode()
    assert list(salud.aliases.values_list("alias", flat=True)) == ["Salud"]
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitAlias.objects.create(unit=salud, alias="SALUD")


# -- memberships: their own entity's dependencias, as their role allows -----------------------


def test_a_membership_links_only_dependencias_of_its_own_entity(
    client, cartago, other_entity, planner, reporter_a, superuser
):
    foreign = other_entity.units.get()
    with pytest.raises(ValidationError, match="no son de la entidad del usuario"):
        services.create_member(
            cartago, username="mixta", password=None, role="reporter", units=[foreign]
        )
    with pytest.raises(ValidationError, match="no son de la entidad del usuario"):
        services.update_member(
            reporter_a.membership, by=planner, role="reporter", units=[foreign], is_active=True
        )
    member = reporter_a.membership
    sign_in(client, superuser)
    for url, field in (
        (f"/admin/organization/membership/{member.pk}/change/", "units"),
        (f"/admin/organization/user/{reporter_a.pk}/change/", "membership-0-units"),
    ):
        response = _admin_post(client, url, **{field: [str(foreign.pk)]})
        assert response.status_code == 200, url
        assert "Estas dependencias no son de la entidad del usuario" in response.content.decode()
    assert [unit.name for unit in member.units.all()] == ["Secretaría de Servicios Administrativos"]


def test_only_reporters_answer_for_dependencias(client, cartago, planner, viewer, superuser):
    hacienda = cartago.units.get(name="Secretaría de Hacienda")
    message = "Solo un responsable de dependencia tiene dependencias"
    with pytest.raises(ValidationError, match=message):
        services.create_member(
            cartago, username="marta2", password=None, role="auditor", units=[hacienda]
        )
    sign_in(client, planner)
    response = _invite(client, role="auditor", units=[hacienda.pk])
    assert response.status_code == 200 and message in response.content.decode()
    response = client.post(
        f"/directorio/usuarios/{viewer.membership.pk}/",
        {"role": "viewer", "units": [hacienda.pk], "is_active": "on"},
    )
    assert response.status_code == 200 and message in response.content.decode()
    sign_in(client, superuser)
    response = _admin_post(
        client,
        f"/admin/organization/membership/{viewer.membership.pk}/change/",
        units=[str(hacienda.pk)],
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not viewer.membership.units.exists()


def test_only_planeacion_oversees_and_never_its_own_entity(
    client, cartago, other_entity, auditor, planner, superuser
):
    sign_in(client, superuser)
    response = _admin_post(
        client,
        f"/admin/organization/membership/{auditor.membership.pk}/change/",
        oversees=[str(other_entity.pk)],
    )
    assert response.status_code == 200
    assert "Solo Planeación (la oficina de planeación de un departamento)" in (
        response.content.decode()
    )
    response = _admin_post(
        client,
        f"/admin/organization/membership/{planner.membership.pk}/change/",
        oversees=[str(cartago.pk)],
    )
    assert "Una entidad no se consulta a sí misma" in response.content.decode()
    response = _admin_post(
        client,
        f"/admin/organization/membership/{planner.membership.pk}/change/",
        oversees=[str(other_entity.pk)],
    )
    assert response.status_code == 302
    assert list(planner.membership.oversees.all()) == [other_entity]
    assert not auditor.membership.oversees.exists()


# -- the entity's settings -----------------------------------------------------------------


def _settings(**changes):
    return {
        "followup_scheme": "trimestral",
        "report_window_days": 10,
        "reminder_days_before": 3,
        "threshold_red_below": "60",
        "threshold_yellow_below": "80",
        "website": "www.cartago.gov.co",
    } | changes


def test_a_reminder_cannot_come_before_the_period_ends(client, cartago, planner, superuser):
    message = "no pueden ser más que los días para reportar"
    sign_in(client, planner)
    response = client.post("/directorio/entidad/", _settings(reminder_days_before=11))
    assert response.status_code == 200 and message in response.content.decode()
    assert (
        client.post("/directorio/entidad/", _settings(reminder_days_before=10)).status_code == 302
    )
    with pytest.raises(ValidationError, match=message):
        services.update_entity(Entity.objects.get(pk=cartago.pk), report_window_days=5)
    sign_in(client, superuser)
    response = _admin_post(
        client, f"/admin/organization/entity/{cartago.pk}/change/", report_window_days="4"
    )
    assert response.status_code == 200 and message in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.filter(pk=cartago.pk).update(report_window_days=2)
    cartago.refresh_from_db()
    assert (cartago.report_window_days, cartago.reminder_days_before) == (10, 10)


@pytest.mark.parametrize(
    "website", ["no es un sitio", "javascript:alert(1)", "ftp://cartago.gov.co", "http://", "<x>"]
)
def test_a_website_that_is_not_one_is_refused(client, cartago, planner, superuser, website):
    message = "Escriba la dirección del sitio web"
    sign_in(client, planner)
    response = client.post("/directorio/entidad/", _settings(website=website))
    assert response.status_code == 200 and message in response.content.decode()
    with pytest.raises(ValidationError, match=message):
        services.update_entity(Entity.objects.get(pk=cartago.pk), website=website)
    sign_in(client, superuser)
    response = _admin_post(
        client, f"/admin/organization/entity/{cartago.pk}/change/", website=website
    )
    assert response.status_code == 200 and message in response.content.decode()
    cartago.refresh_from_db()
    assert cartago.website == "www.cartago.gov.co"


@pytest.mark.parametrize(
    "website", ["www.cartago.gov.co", "https://www.cartago.gov.co/transparencia", "cartago.gov.co"]
)
def test_a_website_is_written_as_the_format_writes_it_or_with_its_scheme(cartago, website):
    entity = services.update_entity(Entity.objects.get(pk=cartago.pk), website=website)
    assert entity.website == website
