"""An entity is identified as the State identifies it: DIVIPOLA codes, kind, order and category,
chosen from lists by the system administrator at registration and corrected by them later;
Planeación reads them but does not change them."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from conftest import sign_in
from organization.models import Entity

pytestmark = pytest.mark.django_db

CREATE = reverse("organization:entity_create")
OPTIONS = reverse("organization:divipola_municipalities")
BUGA = {
    "name": "Alcaldía de Buga",
    "nit": "891380033-5",
    "department_code": "76",
    "municipality_code": "76111",
    "kind": "alcaldia",
    "order": "territorial",
    "category": "2",
    "planner_username": "planeacion.buga",
    "planner_first_name": "Camila",
    "planner_email": "planeacion@buga.gov.co",
}


def _errors(response) -> str:
    return response.content.decode()


def test_the_administrator_registers_an_entity_by_its_codes_and_the_names_come_from_them(
    client, superuser, plan_types, smtp_server, django_capture_on_commit_callbacks
):
    sign_in(client, superuser)
    form = client.get(CREATE).content.decode()
    assert 'name="department_code"' in form and 'name="municipality_code"' in form
    assert 'name="department"' not in form and 'name="municipality"' not in form
    # Without JavaScript no department is chosen yet: every municipality, by department.
    assert '<optgroup label="Valle del Cauca (76)">' in form
    assert f'hx-get="{OPTIONS}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, BUGA)
    assert response.status_code == 302
    entity = Entity.objects.get(nit="891380033-5")
    assert (entity.department_code, entity.municipality_code) == ("76", "76111")
    assert (entity.department, entity.municipality) == ("Valle del Cauca", "Guadalajara de Buga")
    assert (entity.kind, entity.order, entity.category) == ("alcaldia", "territorial", "2")
    created = AuditEntry.objects.get(action="organization.entity.created", entity_id=entity.pk)
    assert created.after["municipality_code"] == "76111"


def test_a_municipality_of_another_department_is_refused_naming_both(client, superuser):
    sign_in(client, superuser)
    response = client.post(CREATE, BUGA | {"department_code": "05"})
    assert response.status_code == 200
    page = _errors(response)
    assert "Guadalajara de Buga (76111) no es un municipio de Antioquia (05)" in page
    # The list shown again is the chosen department's, so the next choice is right.
    assert "Medellín (05001)" in page and "Cartago (76147)" not in page
    assert not Entity.objects.exists()


def test_the_registration_says_what_is_missing_next_to_each_field(client, superuser):
    sign_in(client, superuser)
    page = _errors(
        client.post(CREATE, BUGA | {"department_code": "", "municipality_code": "", "kind": ""})
    )
    assert "Elija el departamento: una entidad territorial tiene uno." in page
    assert 'id="id_kind_error"' in page
    page = _errors(client.post(CREATE, BUGA | {"municipality_code": ""}))
    assert "Elija el municipio: una entidad de tipo «Alcaldía» es de un municipio." in page
    page = _errors(client.post(CREATE, BUGA | {"municipality_code": "99999"}))
    assert 'id="id_municipality_code_error"' in page
    assert not Entity.objects.exists()


def test_a_gobernacion_has_a_department_and_no_municipality(
    client, superuser, plan_types, smtp_server
):
    sign_in(client, superuser)
    gobernacion = BUGA | {
        "name": "Gobernación del Valle del Cauca",
        "nit": "890399029-5",
        "municipality_code": "",
        "kind": "gobernacion",
        "category": "especial",
    }
    assert client.post(CREATE, gobernacion).status_code == 302
    entity = Entity.objects.get(kind="gobernacion")
    assert (entity.department, entity.municipality_code, entity.municipality) == (
        "Valle del Cauca",
        "",
        "",
    )


def test_the_municipality_options_follow_the_department(client, viewer, superuser):
    assert client.get(OPTIONS, {"departamento": "76"}).status_code == 302  # log in first
    sign_in(client, viewer)
    valle = client.get(OPTIONS, {"departamento": "76"}).content.decode()
    assert '<option value="76147">Cartago (76147)</option>' in valle
    assert "05001" not in valle and "<optgroup" not in valle
    # htmx sends the select's own name.
    assert "76147" in client.get(OPTIONS, {"department_code": "76"}).content.decode()
    everything = client.get(OPTIONS, {"departamento": "xx"}).content.decode()
    assert '<optgroup label="Antioquia (05)">' in everything and "76147" in everything


def test_the_administrator_corrects_the_identification_and_the_audit_keeps_both(
    client, superuser, cartago
):
    sign_in(client, superuser)
    url = reverse("organization:entity_edit", args=[cartago.pk])
    page = client.get(url).content.decode()
    assert '<option value="76147" selected>Cartago (76147)</option>' in page
    assert "<optgroup" not in page  # the entity's department's municipalities only
    response = client.post(
        url,
        {
            "name": "Alcaldía Municipal de Cartago",
            "nit": "891.900.493-2",
            "department_code": "76",
            "municipality_code": "76147",
            "kind": "alcaldia",
            "order": "territorial",
            "category": "4",
        },
    )
    assert response.status_code == 302
    cartago.refresh_from_db()
    assert (cartago.name, cartago.category, cartago.nit) == (
        "Alcaldía Municipal de Cartago",
        "4",
        "891900493-2",
    )
    entry = AuditEntry.objects.get(action="organization.entity.changed", entity_id=cartago.pk)
    assert entry.actor == superuser
    assert (entry.before["category"], entry.after["category"]) == ("3", "4")
    assert entry.before["name"] == "Alcaldía de Cartago"
    listing = client.get(reverse("organization:entities")).content.decode()
    assert f'href="{url}"' in listing


def test_a_wrong_correction_is_refused_and_nothing_changes(client, superuser, cartago):
    sign_in(client, superuser)
    url = reverse("organization:entity_edit", args=[cartago.pk])
    data = {"name": cartago.name, "nit": cartago.nit, "kind": "alcaldia", "order": "territorial"}
    response = client.post(url, data | {"department_code": "05", "municipality_code": "76147"})
    assert response.status_code == 422
    assert "Cartago (76147) no es un municipio de Antioquia (05)" in response.content.decode()
    assert response.content.decode().count("no es un municipio de") == 1
    cartago.refresh_from_db()
    assert (cartago.department_code, cartago.municipality_code) == ("76", "76147")
    assert not AuditEntry.objects.filter(action="organization.entity.changed").exists()


def test_only_the_administrator_reaches_the_identification(client, planner, other_planner, cartago):
    url = reverse("organization:entity_edit", args=[cartago.pk])
    for person in (planner, other_planner):
        sign_in(client, person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"category": "1"}).status_code == 403
    sign_in(client, planner)
    missing = reverse("organization:entity_edit", args=[cartago.pk + 1000])
    assert client.get(missing).status_code == 403  # refused before anything is looked up
    cartago.refresh_from_db()
    assert cartago.category == "3"


def test_a_missing_entity_answers_404_to_the_administrator(client, superuser):
    sign_in(client, superuser)
    assert client.get(reverse("organization:entity_edit", args=[999])).status_code == 404


def test_planeacion_reads_its_codes_but_its_settings_page_does_not_change_them(
    client, planner, cartago
):
    sign_in(client, planner)
    url = reverse("organization:entity_settings")
    page = client.get(url).content.decode()
    assert "Cartago (76147)" in page and "Valle del Cauca (76)" in page
    assert "Tercera" in page and "Alcaldía" in page
    assert 'name="department_code"' not in page and 'name="kind"' not in page
    client.post(
        url,
        {
            "department_code": "05",
            "municipality_code": "05001",
            "kind": "gobernacion",
            "followup_scheme": "trimestral",
            "report_window_days": "10",
            "reminder_days_before": "3",
            "threshold_red_below": "60",
            "threshold_yellow_below": "80",
        },
    )
    cartago.refresh_from_db()
    assert (cartago.department_code, cartago.municipality_code, cartago.kind) == (
        "76",
        "76147",
        "alcaldia",
    )


def test_the_list_shows_the_codes_and_filters_by_department_and_kind(
    client, superuser, cartago, other_entity
):
    from organization import services

    services.create_entity(
        name="Gobernación de Antioquia", nit="890900286-0", department_code="05", kind="gobernacion"
    )
    sign_in(client, superuser)
    url = reverse("organization:entities")
    page = client.get(url).content.decode()
    assert "Cartago (76147)" in page and "Valle del Cauca (76)" in page and "Tercera" in page
    assert "Gobernación de Antioquia" in page and "Alcaldía de Otra Parte" in page
    valle = client.get(url, {"departamento": "76"}).content.decode()
    assert "Alcaldía de Cartago" in valle and "Gobernación de Antioquia" not in valle
    governments = client.get(url, {"tipo": "gobernacion"}).content.decode()
    assert "Gobernación de Antioquia" in governments and "Alcaldía de Cartago" not in governments
    nothing = client.get(url, {"departamento": "05", "tipo": "alcaldia"}).content.decode()
    assert "Ninguna entidad con esos filtros." in nothing
    # Unknown values are ignored rather than emptying the list.
    assert (
        "Alcaldía de Cartago"
        in client.get(url, {"departamento": "zz", "tipo": "x"}).content.decode()
    )


def test_the_admin_lists_filters_and_edits_the_codes(client, superuser, cartago, other_entity):
    sign_in(client, superuser)
    listing = client.get("/admin/organization/entity/", {"kind__exact": "alcaldia"})
    page = listing.content.decode()
    assert listing.status_code == 200 and "76147" in page
    assert "Alcaldía de Otra Parte" not in page  # registered without a kind
    form = client.get(f"/admin/organization/entity/{cartago.pk}/change/").content.decode()
    assert '<option value="76147" selected>Cartago (76147)</option>' in form
    assert '<optgroup label="Antioquia (05)">' in form


def test_a_correction_over_a_newer_one_is_refused_naming_the_saved_values(
    client, superuser, cartago
):
    import re

    from organization import services

    sign_in(client, superuser)
    url = reverse("organization:entity_edit", args=[cartago.pk])
    page = client.get(url).content.decode()
    seen = re.search(r'name="seen" value="([^"]*)"', page).group(1).replace("&quot;", '"')
    # Meanwhile someone else puts Cartago in the second category.
    services.update_entity(cartago, by=superuser, category="2")
    data = {"name": cartago.name, "nit": cartago.nit, "department_code": "76"}
    data |= {"municipality_code": "76147", "kind": "alcaldia", "order": "territorial"}
    response = client.post(url, data | {"category": "4", "seen": seen})
    assert response.status_code == 422
    assert "Valores guardados ahora: categoría: «2»" in response.content.decode()
    cartago.refresh_from_db()
    assert cartago.category == "2"
    # With the page read again, the correction goes through.
    fresh = client.get(url).content.decode()
    seen = re.search(r'name="seen" value="([^"]*)"', fresh).group(1).replace("&quot;", '"')
    assert client.post(url, data | {"category": "4", "seen": seen}).status_code == 302
    cartago.refresh_from_db()
    assert cartago.category == "4"
