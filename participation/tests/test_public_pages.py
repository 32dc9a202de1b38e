"""The public register of grupos de valor and the privacy notice, without logging in."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from participation import characterisation, services
from participation.consent import Purpose, consent_text
from participation.forms import ConsentField

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(cartago, planner):
    youth = services.create_value_group(
        cartago, "Jóvenes", by=planner, description="Entre 14 y 28 años"
    )
    services.characterise_value_group(
        youth,
        [
            characterisation.row("geografica", "Ubicación", "Rural", 35, unit="porcentaje"),
            characterisation.row("demografica", "Sexo", "Mujer", 120, source="SISBEN IV"),
        ],
        by=planner,
    )
    old = services.create_value_group(cartago, "Grupo retirado", by=planner)
    services.set_value_group_active(old, False, by=planner)
    return youth


def test_the_public_register_shows_active_groups_and_their_aggregates(client, register, cartago):
    page = client.get(reverse("participation:public_value_groups", args=[cartago.nit]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Entre 14 y 28 años" in html
    assert "<caption>Dimensión geográfica · Jóvenes</caption>" in html
    assert "35 %" in html and "120 personas" in html and "SISBEN IV" in html
    assert "Grupo retirado" not in html


def test_the_privacy_notice_names_the_responsible_purposes_retention_and_rights(client, cartago):
    page = client.get(reverse("participation:privacy_notice", args=[cartago.nit]))
    html = page.content.decode()
    assert page.status_code == 200
    assert cartago.name in html and cartago.nit_formatted in html
    for purpose in Purpose:
        assert purpose.label in html
        assert consent_text(cartago, purpose) in html
    assert "Revocar la autorización y pedir la supresión de sus datos." in html
    assert "Oficina de Planeación" in html


def test_an_unknown_nit_is_not_found(client):
    assert client.get("/entidades/123456789-0/tratamiento-de-datos/").status_code == 404


def test_the_consent_box_links_to_the_privacy_notice(cartago):
    from django import forms

    class Form(forms.Form):
        consent = ConsentField()

    html = render_to_string(
        "participation/_consent.html",
        {"form": Form(), "consent_text": "texto", "public_entity": cartago},
    )
    assert reverse("participation:privacy_notice", args=[cartago.nit]) in html
