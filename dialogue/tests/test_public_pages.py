"""The public calendar, record and compromisos: open without log-in, and never a name."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PDF_BYTES
from dialogue import services

pytestmark = pytest.mark.django_db

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))


@pytest.fixture(autouse=True)
def in_march(time_machine):
    time_machine.move_to("2026-03-05 10:00 -0500", tick=False)


@pytest.fixture
def record(make_event, planner, groups, unit_a):
    """A held audiencia with attendance, a named attendee, an acta and a compromiso; a
    programmed mesa de trabajo; a cancelled foro."""
    held = make_event(starts_at=datetime.datetime(2026, 2, 20, 9, tzinfo=BOGOTA))
    held = services.mark_held(held, by=planner, expected_revision=held.revision)
    services.record_attendance(held, {groups[0].pk: 30, groups[1].pk: 12}, by=planner)
    services.add_attendee(
        held,
        by=planner,
        name="Ramiro Zapata Quintero",
        email="ramiro@example.invalid",
        consent=True,
        place="Vereda Zaragoza",
    )
    services.upload_acta(held, SimpleUploadedFile("acta.pdf", PDF_BYTES), by=planner)
    services.create_commitment(
        held,
        by=planner,
        description="Arreglar la placa huella de Zaragoza",
        unit=unit_a,
        due_date=datetime.date(2026, 3, 1),
    )
    upcoming = make_event(
        title="Mesa de trabajo con juntas de acción comunal",
        kind="mesa_de_trabajo",
        starts_at=datetime.datetime(2026, 3, 10, 9, tzinfo=BOGOTA),
        place="",
        virtual_url="https://meet.example.invalid/mesa",
        vereda="Zaragoza",
    )
    cancelled = make_event(title="Foro suspendido", kind="foro")
    services.cancel_event(
        cancelled, by=planner, reason="Lluvias", expected_revision=cancelled.revision
    )
    return held, upcoming, cancelled


def _get(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response


def test_the_calendar_writes_the_date_as_colombians_do_and_the_record_counts_attendance(
    cartago, record
):
    held, _upcoming, _cancelled = record
    page = _get(reverse("dialogue:public_events", args=[cartago.nit])).content.decode()
    assert "Marzo de 2026" in page
    assert "Martes 10 de marzo de 2026, 9:00 a. m." in page
    assert "https://meet.example.invalid/mesa" in page
    assert "Zaragoza" in page
    assert held.title in page and ">42<" in page
    assert reverse("dialogue:public_acta", args=[cartago.nit, held.pk]) in page
    assert "Foro suspendido" not in page


def test_no_public_page_shows_an_attendee_name_or_email(cartago, record):
    held, upcoming, _cancelled = record
    for url in (
        reverse("dialogue:public_events", args=[cartago.nit]),
        reverse("dialogue:public_event", args=[cartago.nit, held.pk]),
        reverse("dialogue:public_event", args=[cartago.nit, upcoming.pk]),
        reverse("dialogue:public_commitments", args=[cartago.nit]),
        reverse("dialogue:public_calendar", args=[cartago.nit]),
    ):
        body = _get(url).content.decode()
        assert "Ramiro" not in body and "ramiro@" not in body, url


def test_the_acta_is_public_once_held_and_a_cancelled_event_is_not(cartago, record):
    held, _upcoming, cancelled = record
    response = Client().get(reverse("dialogue:public_acta", args=[cartago.nit, held.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    missing = reverse("dialogue:public_event", args=[cartago.nit, cancelled.pk])
    assert Client().get(missing).status_code == 404


def test_the_public_compromisos_show_the_dependencia_and_overdue(cartago, record):
    body = _get(reverse("dialogue:public_commitments", args=[cartago.nit])).content.decode()
    assert "Arreglar la placa huella de Zaragoza" in body
    assert "Secretaría de Servicios Administrativos" in body
    assert "Vencido" in body
    assert "0 cerrados, 1 abierto (de ellos 1 vencido)" in body


def test_the_icalendar_lists_the_upcoming_events(cartago, record):
    _held, upcoming, _cancelled = record
    body = _get(reverse("dialogue:public_calendar", args=[cartago.nit])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20260310T140000Z" in body
    assert f"/entidades/{cartago.nit}/espacios/{upcoming.pk}/" in body


def test_another_entitys_event_is_not_found_under_this_nit(cartago, other_entity, record):
    held, _upcoming, _cancelled = record
    url = reverse("dialogue:public_event", args=[other_entity.nit, held.pk])
    assert Client().get(url).status_code == 404
