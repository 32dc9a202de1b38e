"""The office's pages: Planeación registers an event through the form; a reporter sees the
compromisos of their dependencias with the action to close them; a stale edit is refused."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from dialogue import services
from dialogue.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_march(time_machine):
    time_machine.move_to("2026-03-12 10:00 -0500", tick=False)


def _client(user):
    client = Client()
    sign_in(client, user)
    return client


def test_planeacion_registers_an_event_through_the_form(planner, groups):
    client = _client(planner)
    response = client.post(
        reverse("dialogue:event_create"),
        {
            "title": "Encuentro veredal",
            "kind": "encuentro",
            "starts_at": "2026-03-20T15:30",
            "place": "Escuela de Zaragoza",
            "vereda": "Zaragoza",
            "value_groups": [groups[0].pk, groups[9].pk],
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.value_groups.all()) == [groups[0], groups[9]]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "viernes 20 de marzo de 2026, 3:30 p. m." in page
    listing = client.get(reverse("dialogue:events"), {"tipo": "encuentro"}).content.decode()
    assert "Encuentro veredal" in listing


def test_the_form_asks_for_a_place_or_a_link(planner, groups):
    response = _client(planner).post(
        reverse("dialogue:event_create"),
        {"title": "Foro", "kind": "foro", "starts_at": "2026-03-20T15:30"},
    )
    assert response.status_code == 422
    assert "Indique el lugar o el enlace" in response.content.decode()


def test_an_edit_sent_after_another_persons_is_refused_with_a_message(make_event, planner):
    event = make_event()
    client = _client(planner)
    data = {
        "title": "Mi cambio",
        "kind": event.kind,
        "starts_at": "2026-03-10T09:00",
        "place": event.place,
        "revision": event.revision,
    }
    services.change_event(event, by=planner, expected_revision=event.revision, title="El otro")
    response = client.post(reverse("dialogue:event_edit", args=[event.pk]), data)
    assert response.status_code == 422
    assert "Otra persona cambió el espacio de diálogo mientras usted editaba" in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert event.title == "El otro"


def test_a_reporter_sees_the_close_action_only_on_their_dependencias_compromisos(
    make_event, planner, reporter_a, cartago, unit_a
):
    event = make_event()
    for unit in (unit_a, cartago.units.get(name="Secretaría de Hacienda")):
        services.create_commitment(
            event,
            by=planner,
            description=f"Compromiso de {unit.name}",
            unit=unit,
            due_date=datetime.date(2026, 3, 1),
        )
    page = _client(reporter_a).get(reverse("dialogue:commitments")).content.decode()
    assert page.count("Cerrar con evidencia") == 1
    assert page.count("<strong>Vencido</strong>") == 2
    mine = _client(reporter_a).get(reverse("dialogue:commitments"), {"dependencia": unit_a.pk})
    assert "Compromiso de Secretaría de Hacienda" not in mine.content.decode()
