"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, members_read, planner_only, public, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = {
    "dialogue_event",
    "dialogue_attendee",
    "dialogue_commitment",
    "dialogue_evidence",
}

EVENT = {"pk": "dialogue_event"}
COMMITMENT = {"pk": "dialogue_commitment"}
PUBLIC_EVENT = {"nit": "nit", "pk": "dialogue_event"}
# Planeación of any entity (its own list and form); the administrator belongs to none.
OWN_ENTITY_PLANNERS = {"planner": 200, "other_planner": 200, "overseer": 200}
# Who closes a compromiso: Planeación and the responsible dependencia's reporter (luis).
CLOSERS = {"planner", "reporter_a", "superuser"}


def _closers(status: int) -> dict[str, int]:
    return who(403, other_planner=404, **dict.fromkeys(CLOSERS, status))


ROWS: dict[str, Row] = {
    # The office's pages: the entity's people read; Planeación registers; a refused or invalid
    # action on the event page returns to it with the reason (302).
    "dialogue:events": Row(who(200, superuser=403), None),
    "dialogue:event_create": Row(
        who(403, **OWN_ENTITY_PLANNERS),
        who(403, **{name: 422 for name in OWN_ENTITY_PLANNERS}),
    ),
    "dialogue:event": Row(members_read(), None, EVENT),
    "dialogue:event_edit": Row(planner_only(200), planner_only(422), EVENT),
    "dialogue:event_held": Row(None, planner_only(302), EVENT),
    "dialogue:event_cancel": Row(None, planner_only(302), EVENT),
    "dialogue:attendance": Row(None, planner_only(302), EVENT),
    "dialogue:attendee_add": Row(None, planner_only(302), EVENT),
    "dialogue:attendee_remove": Row(
        None, planner_only(302), {"pk": "dialogue_event", "attendee_pk": "dialogue_attendee"}
    ),
    "dialogue:acta_upload": Row(None, planner_only(302), EVENT),
    # The acta inside the office: whoever reads the event (the public one once it is held).
    "dialogue:acta": Row(members_read(), None, EVENT),
    "dialogue:commitment_add": Row(None, planner_only(302), EVENT),
    "dialogue:commitments": Row(who(200, superuser=403), None),
    "dialogue:commitment": Row(members_read(), None, COMMITMENT),
    "dialogue:commitment_edit": Row(None, planner_only(302), COMMITMENT),
    "dialogue:commitment_evidence_add": Row(None, _closers(302), COMMITMENT),
    "dialogue:commitment_close": Row(_closers(200), _closers(422), COMMITMENT),
    "dialogue:commitment_reopen": Row(None, planner_only(302), COMMITMENT),
    "dialogue:commitment_evidence": Row(members_read(), None, {"pk": "dialogue_evidence"}),
    # Public: the calendar, the record, the held events' actas and the compromisos.
    "dialogue:public_events": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "dialogue:public_calendar": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "dialogue:public_event": Row(public(), public(405), PUBLIC_EVENT, foreign=public()),
    "dialogue:public_acta": Row(public(), public(405), PUBLIC_EVENT, foreign=public()),
    "dialogue:public_commitments": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use. ``plan`` is the
    published seed plan, ``draft`` its version 2 in draft, ``unit`` a dependencia."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import PDF_BYTES
    from dialogue import services

    event = services.create_event(
        entity,
        by=planner,
        title="Audiencia pública de rendición de cuentas",
        kind="audiencia_publica",
        starts_at=datetime.datetime(2025, 3, 20, 14, tzinfo=datetime.UTC),
        place="Concejo Municipal",
        activity=plan.activities.get(number=3),
    )
    event = services.mark_held(event, by=planner, expected_revision=event.revision)
    services.upload_acta(event, SimpleUploadedFile("acta.pdf", PDF_BYTES), by=planner)
    attendee = services.add_attendee(event, by=planner, name="Asistente", consent=True)
    commitment = services.create_commitment(
        event,
        by=planner,
        description="Publicar el informe de gestión",
        unit=unit,
        due_date=datetime.date(2025, 6, 30),
    )
    evidence = services.add_commitment_evidence(
        commitment,
        services.EvidenceData(upload=SimpleUploadedFile("informe.pdf", PDF_BYTES)),
        by=planner,
    )
    return {
        "dialogue_event": event.pk,
        "dialogue_attendee": attendee.pk,
        "dialogue_commitment": commitment.pk,
        "dialogue_evidence": evidence.pk,
    }
