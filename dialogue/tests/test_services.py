"""Who may register, follow and close what, and the refusals that keep the record honest."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from conftest import PDF_BYTES
from dialogue import services
from dialogue.models import Commitment, Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_the_event(time_machine):
    time_machine.move_to("2026-03-12 10:00 -0500", tick=False)


@pytest.fixture
def event(make_event, planner):
    made = make_event()
    return services.mark_held(made, by=planner, expected_revision=made.revision)


def test_only_planeacion_of_the_entity_registers_an_event(
    cartago, reporter_a, auditor, other_planner
):
    for person in (reporter_a, auditor, other_planner):
        with pytest.raises(PermissionDenied):
            services.create_event(
                cartago,
                by=person,
                title="Mesa",
                kind="mesa_de_trabajo",
                starts_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC),
                place="Vereda Zaragoza",
            )
    assert not Event.objects.exists()


def test_an_event_needs_a_place_or_a_virtual_link(make_event):
    with pytest.raises(ValidationError) as refused:
        make_event(place="")
    assert "place" in refused.value.error_dict
    assert make_event(place="", virtual_url="https://meet.example.invalid/abc").pk


def test_creating_an_event_is_audited(make_event):
    event = make_event()
    entry = AuditEntry.objects.get(action="dialogue.event.created")
    assert entry.object_id == str(event.pk)


def test_an_edit_from_an_older_revision_is_refused_not_applied(make_event, planner):
    event = make_event()
    opened = event.revision
    services.change_event(event, by=planner, expected_revision=opened, title="Primera versión")
    with pytest.raises(services.StaleEdit, match="Otra persona cambió"):
        services.change_event(event, by=planner, expected_revision=opened, title="Segunda")
    event.refresh_from_db()
    assert event.title == "Primera versión"


def test_an_event_is_not_held_before_its_day(make_event, planner):
    event = make_event(starts_at=datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError, match="aún no ha ocurrido"):
        services.mark_held(event, by=planner, expected_revision=event.revision)


def test_cancelling_needs_a_reason(make_event, planner):
    event = make_event()
    with pytest.raises(ValidationError):
        services.cancel_event(event, by=planner, reason=" ", expected_revision=event.revision)
    cancelled = services.cancel_event(
        event, by=planner, reason="Orden público", expected_revision=event.revision
    )
    assert cancelled.status == Event.Status.CANCELLED
    assert AuditEntry.objects.get(action="dialogue.event.cancelled").reason == "Orden público"


def test_attendance_is_counted_by_grupo_de_valor_and_zero_removes_a_group(event, planner, groups):
    services.record_attendance(event, {groups[0].pk: 12, groups[1].pk: 3}, by=planner)
    rows = services.record_attendance(event, {groups[0].pk: 10, groups[1].pk: 0}, by=planner)
    assert [(row.value_group, row.count) for row in rows] == [(groups[0], 10)]


def test_attendance_refuses_a_negative_count(event, planner, groups):
    with pytest.raises(ValidationError):
        services.record_attendance(event, {groups[0].pk: -1}, by=planner)


def test_a_named_attendee_is_stored_only_with_consent(event, planner, groups):
    with pytest.raises(ValidationError):
        services.add_attendee(event, by=planner, name="María Pérez", consent=False)
    assert not event.attendee_list.exists()
    person = services.add_attendee(
        event, by=planner, name="María Pérez", consent=True, email="maria@example.invalid"
    )
    assert person.consent.purpose == "asistencia"
    assert "Autorizo" in person.consent.text


def test_the_acta_must_be_a_pdf_by_its_content(event, planner):
    with pytest.raises(ValidationError, match="no es un PDF"):
        services.upload_acta(event, SimpleUploadedFile("acta.pdf", b"no soy un pdf"), by=planner)
    stored = services.upload_acta(event, SimpleUploadedFile("acta.pdf", PDF_BYTES), by=planner)
    assert stored.acta_file.name.endswith(stored.acta_sha256)
    assert stored.acta_name == "acta.pdf"


def test_the_acta_is_capped_in_size(event, planner, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="pesa"):
        services.upload_acta(event, SimpleUploadedFile("acta.pdf", PDF_BYTES), by=planner)


def test_a_commitment_belongs_to_a_dependencia_of_the_entity(event, planner, other_entity):
    with pytest.raises(ValidationError):
        services.create_commitment(
            event,
            by=planner,
            description="Arreglar la vía",
            unit=other_entity.units.first(),
            due_date=datetime.date(2026, 6, 30),
        )


@pytest.fixture
def commitment(event, planner, unit_a):
    return services.create_commitment(
        event,
        by=planner,
        description="Publicar el informe de gestión en lenguaje claro",
        unit=unit_a,
        due_date=datetime.date(2026, 6, 30),
    )


def test_closing_without_evidence_is_refused(commitment, reporter_a):
    with pytest.raises(ValidationError, match="al menos una evidencia"):
        services.close_commitment(
            commitment, by=reporter_a, note="Hecho", expected_revision=commitment.revision
        )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN


def test_the_responsible_dependencia_closes_with_evidence_and_a_note(commitment, reporter_a):
    closed = services.close_commitment(
        commitment,
        by=reporter_a,
        note="Publicado en el sitio",
        expected_revision=commitment.revision,
        evidence=services.EvidenceData(
            upload=SimpleUploadedFile("informe.pdf", PDF_BYTES), description="Informe"
        ),
    )
    assert closed.status == Commitment.Status.CLOSED
    assert closed.closed_on == datetime.date(2026, 3, 12)
    assert closed.closed_by == reporter_a
    assert closed.evidence.get().content_type == "application/pdf"
    assert AuditEntry.objects.filter(action="dialogue.commitment.closed").exists()


def test_another_dependencia_cannot_close_or_add_evidence(commitment, reporter_b, auditor):
    for person in (reporter_b, auditor):
        with pytest.raises(PermissionDenied):
            services.add_commitment_evidence(
                commitment, services.EvidenceData(url="https://example.invalid/x"), by=person
            )
        with pytest.raises(PermissionDenied):
            services.close_commitment(
                commitment, by=person, note="x", expected_revision=commitment.revision
            )


def test_evidence_must_be_an_accepted_type(commitment, reporter_a):
    with pytest.raises(ValidationError, match="no es un tipo de evidencia"):
        services.add_commitment_evidence(
            commitment,
            services.EvidenceData(upload=SimpleUploadedFile("x.pdf", b"texto plano")),
            by=reporter_a,
        )


def test_closing_from_an_older_revision_is_refused(commitment, reporter_a, planner):
    opened = commitment.revision
    services.add_commitment_evidence(
        commitment, services.EvidenceData(url="https://example.invalid/informe"), by=planner
    )
    with pytest.raises(services.StaleEdit, match="Otra persona cambió el compromiso"):
        services.close_commitment(commitment, by=reporter_a, note="Hecho", expected_revision=opened)


def test_reopening_needs_planeacion_and_a_reason(commitment, reporter_a, planner):
    services.add_commitment_evidence(
        commitment, services.EvidenceData(url="https://example.invalid/informe"), by=reporter_a
    )
    commitment.refresh_from_db()
    closed = services.close_commitment(
        commitment, by=reporter_a, note="Hecho", expected_revision=commitment.revision
    )
    with pytest.raises(PermissionDenied):
        services.reopen_commitment(
            closed, by=reporter_a, reason="Falta", expected_revision=closed.revision
        )
    with pytest.raises(ValidationError):
        services.reopen_commitment(closed, by=planner, reason="", expected_revision=closed.revision)
    reopened = services.reopen_commitment(
        closed, by=planner, reason="La evidencia no corresponde", expected_revision=closed.revision
    )
    assert reopened.status == Commitment.Status.OPEN and reopened.closed_on is None
    assert reopened.evidence.count() == 1


def test_the_same_acta_uploaded_twice_is_kept_once(event, planner):
    first = services.upload_acta(event, SimpleUploadedFile("a.pdf", PDF_BYTES), by=planner)
    name = first.acta_file.name
    again = services.upload_acta(first, SimpleUploadedFile("b.pdf", PDF_BYTES), by=planner)
    assert again.acta_file.name == name
    assert again.acta_name == "b.pdf"
