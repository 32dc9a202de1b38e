"""A titular's request under Ley 1581, through Planeación: see, hand over and erase every record
of an e-mail in the entity, with an audit trail that does not keep the e-mail."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from conftest import sign_in
from participation import personal_data
from participation.consent import Purpose, record_consent
from participation.models import Consent

pytestmark = pytest.mark.django_db

EMAIL = "ana.maria@example.com"
REQUEST = {"email": EMAIL, "radicado": "2025-ER-0042", "received": "2025-05-02"}


@pytest.fixture
def records(cartago, other_entity, notebook):
    notebook.rows += [
        {
            "entity": cartago.pk,
            "email": EMAIL,
            "name": "Ana María",
            "day": datetime.date(2025, 3, 1),
        },
        {
            "entity": cartago.pk,
            "email": "otro@example.com",
            "name": "Otro",
            "day": datetime.date(2025, 3, 1),
        },
        {
            "entity": other_entity.pk,
            "email": EMAIL,
            "name": "Ana",
            "day": datetime.date(2025, 3, 1),
        },
    ]
    mine = record_consent(cartago, Purpose.COMMENT, email="Ana.Maria@example.com")
    record_consent(cartago, Purpose.COMMENT, email="otro@example.com")
    record_consent(other_entity, Purpose.SURVEY, email=EMAIL)
    return mine


def test_planeacion_sees_every_record_of_the_email_in_its_entity(client, records, planner):
    sign_in(client, planner)
    page = client.post(reverse("participation:personal_data"), REQUEST).content.decode()
    assert "Observaciones de prueba: 1 registro" in page
    assert "Autorizaciones de tratamiento de datos: 1 registro" in page
    assert "Ana María" in page
    assert "Otro" not in page


def test_only_planeacion_handles_requests(client, records, viewer):
    sign_in(client, viewer)
    assert client.post(reverse("participation:personal_data"), REQUEST).status_code == 403


def test_the_json_export_holds_the_records_and_the_consent_text_and_date(client, records, planner):
    sign_in(client, planner)
    response = client.post(
        reverse("participation:personal_data_export"), {**REQUEST, "format": "json"}
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content.decode("utf-8"))
    assert document["titular"] == EMAIL
    kinds = {row["origen"]: row for row in document["registros"]}
    assert kinds["Observaciones de prueba"]["datos"]["Nombre"] == "Ana María"
    consent = kinds["Autorizaciones de tratamiento de datos"]
    assert consent["datos"]["Texto aceptado"] == records.text
    assert consent["fecha"] == records.given_at.isoformat()


def test_the_csv_export_is_utf8_with_one_line_per_datum(client, records, planner):
    sign_in(client, planner)
    response = client.post(
        reverse("participation:personal_data_export"), {**REQUEST, "format": "csv"}
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Origen", "Tipo", "Fecha", "Resumen", "Dato", "Valor"]
    assert [
        "Observaciones de prueba",
        "Observación a un plan",
        "01/03/2025",
        "Observación al plan de acción",
        "Nombre",
        "Ana María",
    ] in lines
    assert any(line[4] == "Texto aceptado" and line[5] == records.text for line in lines)


def test_the_export_is_audited_without_the_email_in_clear(client, records, planner):
    sign_in(client, planner)
    client.post(reverse("participation:personal_data_export"), {**REQUEST, "format": "csv"})
    entry = AuditEntry.objects.get(action="participation.personal_data.exported")
    assert EMAIL not in json.dumps(entry.after) + entry.reason + entry.object_repr
    assert entry.after["titular"] == "a***@example.com"
    assert entry.after["huella"] == personal_data.email_key("ANA.MARIA@example.com")
    assert entry.after["radicado"] == "2025-ER-0042"
    # every registered holder is counted; the other apps' hold nothing of this person
    found = {label: n for label, n in entry.after["registros"].items() if n}
    assert found == {"Observaciones de prueba": 1, "Autorizaciones de tratamiento de datos": 1}


def test_erasing_asks_for_confirmation_first(client, records, planner, notebook):
    sign_in(client, planner)
    page = client.post(reverse("participation:personal_data_erase"), REQUEST)
    assert page.status_code == 200
    assert "Suprimir definitivamente" in page.content.decode()
    assert notebook.rows[0]["email"] == EMAIL


def test_erasing_needs_a_reason(client, records, planner, notebook):
    sign_in(client, planner)
    page = client.post(reverse("participation:personal_data_erase"), {**REQUEST, "confirm": "1"})
    assert page.status_code == 200
    assert notebook.rows[0]["email"] == EMAIL
    assert not AuditEntry.objects.filter(action="participation.personal_data.erased").exists()


def test_erasing_blanks_every_holder_and_keeps_the_consent_rows(
    client,
    records,
    planner,
    notebook,
    cartago,
):
    sign_in(client, planner)
    response = client.post(
        reverse("participation:personal_data_erase"),
        {**REQUEST, "confirm": "1", "reason": "El titular lo pidió por correo"},
    )
    assert response.status_code == 302
    assert notebook.rows[0]["email"] == "" and notebook.rows[0]["name"] == ""
    assert notebook.rows[1]["email"] == "otro@example.com"
    assert notebook.rows[2]["email"] == EMAIL  # another entity's record
    records.refresh_from_db()
    assert records.email == "" and records.erased_at is not None
    assert records.text  # the proof of the authorisation stays
    assert Consent.objects.filter(email="otro@example.com").exists()
    assert Consent.objects.filter(email=EMAIL).count() == 1  # the other entity's

    entry = AuditEntry.objects.get(action="participation.personal_data.erased")
    assert EMAIL not in json.dumps(entry.after) + entry.reason + entry.object_repr
    assert entry.reason == "El titular lo pidió por correo"
    assert entry.after["registros"]["Observaciones de prueba"] == 1
    assert entry.entity_id == cartago.pk


def test_the_consent_holder_is_registered_when_the_app_loads():
    labels = [holder.label for holder in personal_data.holders()]
    assert "Autorizaciones de tratamiento de datos" in labels


def test_the_masked_email_keeps_only_the_first_letter_and_the_domain():
    assert personal_data.masked(" Ana.Maria@Example.com ") == "a***@example.com"
