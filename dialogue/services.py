"""Writes of dialogue spaces and their compromisos: each one a function, in one transaction,
audited. Planeación of the entity registers and follows the events; the dependencia responsible
for a compromiso (its reporters) or Planeación closes it with evidence.

Events and compromisos carry a ``revision``: a write sent from an older revision is refused with
``StaleEdit`` instead of silently overwriting what another person saved meanwhile."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from audit import services as audit
from core import uploads
from dialogue.models import Attendance, Attendee, Commitment, CommitmentEvidence, Event
from organization import policy, public_cache
from organization.models import Role, Unit
from participation.consent import Purpose, record_consent
from participation.models import ValueGroup

# What a compromiso's evidence may be: the type is read from the content (libmagic).
EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "imagen PNG",
    "image/jpeg": "imagen JPEG",
}
EVENT_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "virtual_url",
    "municipality",
    "vereda",
    "activity",
    "description",
)
COMMITMENT_FIELDS = ("description", "unit", "due_date")


class StaleEdit(ValidationError):
    """Someone saved the object after this person opened it; nothing was written."""

    def __init__(self, what: str):
        super().__init__(
            f"Otra persona cambió {what} mientras usted editaba; no se guardó lo suyo. "
            "Revise lo guardado ahora y vuelva a hacer su cambio."
        )


@dataclass(frozen=True)
class EvidenceData:
    upload: UploadedFile | None = None
    url: str = ""
    description: str = ""


# -- permissions --------------------------------------------------------------------------------


def may_manage(user: Any, event: Event) -> bool:
    """Planeación of the event's entity registers and follows it."""
    return policy.is_planner(user, event.entity_id)


def may_close(user: Any, commitment: Commitment) -> bool:
    """Planeación, or a reporter of the dependencia responsible for the compromiso."""
    entity_id = commitment.unit.entity_id
    if policy.is_planner(user, entity_id):
        return True
    member = policy.membership(user)
    return bool(
        member
        and member.entity_id == entity_id
        and member.role == Role.REPORTER
        and member.units.filter(pk=commitment.unit_id).exists()
    )


def _require_planner(user: Any, entity_id: int) -> None:
    if not policy.is_planner(user, entity_id):
        raise PermissionDenied("Solo Planeación de la entidad registra los espacios de diálogo.")


def _locked_event(event: Event, expected_revision: int | None) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("entity").get(pk=event.pk)
    if expected_revision is not None and expected_revision != event.revision:
        raise StaleEdit("el espacio de diálogo")
    return event


def _locked_commitment(commitment: Commitment, expected_revision: int | None) -> Commitment:
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("event", "unit")
        .get(pk=commitment.pk)
    )
    if expected_revision is not None and expected_revision != commitment.revision:
        raise StaleEdit("el compromiso")
    return commitment


def _event_snapshot(event: Event) -> dict:
    data = audit.snapshot(event, exclude=["acta_file"])
    data["value_groups"] = sorted(group.name for group in event.value_groups.all())
    return data


# -- events -------------------------------------------------------------------------------------


def _check_event(entity_id: int, fields: dict[str, Any], value_groups) -> None:
    errors: dict[str, str] = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = "Escriba el tema del espacio."
    if not (fields.get("place") or "").strip() and not (fields.get("virtual_url") or "").strip():
        errors["place"] = "Indique el lugar o el enlace de la reunión virtual."
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends < starts:
        errors["ends_at"] = "La hora de terminación debe ser posterior al inicio."
    activity = fields.get("activity")
    if activity is not None and activity.plan.entity_id != entity_id:
        errors["activity"] = "La actividad no es de un plan de la entidad."
    if any(group.entity_id != entity_id for group in value_groups):
        errors["value_groups"] = "Los grupos de valor deben ser de la entidad."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_event(
    entity, *, by: Any, value_groups=(), **fields: Any
) -> Event:  # fields: EVENT_FIELDS
    """Register a dialogue space, programado."""
    _require_planner(by, entity.pk)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    value_groups = list(value_groups)
    _check_event(entity.pk, fields, value_groups)
    event = Event.objects.create(entity=entity, created_by=by, **_clean_texts(fields))
    event.value_groups.set(value_groups)
    audit.record(
        "dialogue.event.created",
        event,
        by=by,
        after=_event_snapshot(event),
        entity_id=entity.pk,
    )
    public_cache.invalidate(entity.pk)
    return event


def _clean_texts(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }


@transaction.atomic
def change_event(
    event: Event, *, by: Any, expected_revision: int | None, value_groups=None, **fields: Any
) -> Event:
    """Change what an event says (while programado or realizado; a cancelled one is closed)."""
    _require_planner(by, event.entity_id)
    event = _locked_event(event, expected_revision)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError("El espacio está cancelado: ya no se modifica.")
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | fields
    groups = list(event.value_groups.all()) if value_groups is None else list(value_groups)
    _check_event(event.entity_id, merged, groups)
    before = _event_snapshot(event)
    for name, value in _clean_texts(fields).items():
        setattr(event, name, value)
    event.revision += 1
    event.save()
    event.value_groups.set(groups)
    audit.record(
        "dialogue.event.changed",
        event,
        by=by,
        before=before,
        after=_event_snapshot(event),
        entity_id=event.entity_id,
    )
    public_cache.invalidate(event.entity_id)
    return event


@transaction.atomic
def mark_held(event: Event, *, by: Any, expected_revision: int | None) -> Event:
    """The event took place: it moves from the calendar to the record of past events."""
    _require_planner(by, event.entity_id)
    event = _locked_event(event, expected_revision)
    if event.status != Event.Status.SCHEDULED:
        raise ValidationError(
            f"El espacio está {event.get_status_display().lower()}; solo uno programado se "
            "marca como realizado."
        )
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationError("El espacio aún no ha ocurrido: no se puede marcar como realizado.")
    before = _event_snapshot(event)
    event.status = Event.Status.HELD
    event.held_at = timezone.now()
    event.revision += 1
    event.save()
    audit.record(
        "dialogue.event.held",
        event,
        by=by,
        before=before,
        after=_event_snapshot(event),
        entity_id=event.entity_id,
    )
    public_cache.invalidate(event.entity_id)
    return event


@transaction.atomic
def cancel_event(event: Event, *, by: Any, reason: str, expected_revision: int | None) -> Event:
    _require_planner(by, event.entity_id)
    event = _locked_event(event, expected_revision)
    if event.status != Event.Status.SCHEDULED:
        raise ValidationError("Solo se cancela un espacio programado.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Escriba el motivo de la cancelación."})
    before = _event_snapshot(event)
    event.status = Event.Status.CANCELLED
    event.cancel_reason = reason[:500]
    event.revision += 1
    event.save()
    audit.record(
        "dialogue.event.cancelled",
        event,
        by=by,
        before=before,
        after=_event_snapshot(event),
        entity_id=event.entity_id,
        reason=reason,
    )
    public_cache.invalidate(event.entity_id)
    return event


def _store(file: FieldFile, checksum: str, content: bytes) -> None:
    """Keep the content under its checksum; the same content uploaded again is the same file."""
    path = file.field.generate_filename(file.instance, checksum)
    if file.storage.exists(path):
        file.name = path
    else:
        file.save(checksum, ContentFile(content), save=False)


@transaction.atomic
def upload_acta(event: Event, upload: UploadedFile, *, by: Any) -> Event:
    """The event's acta, a PDF by its content; it replaces an earlier one (the audit keeps the
    checksum of each). Public once the event is held."""
    _require_planner(by, event.entity_id)
    event = _locked_event(event, None)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError("El espacio está cancelado: no tiene acta.")
    content, _kind = uploads.read_checked(upload, allowed={"application/pdf"}, what="un PDF")
    before = _event_snapshot(event)
    event.acta_sha256 = hashlib.sha256(content).hexdigest()
    event.acta_name = uploads.shown_name(upload.name, "acta.pdf")
    event.acta_size = len(content)
    _store(event.acta_file, event.acta_sha256, content)
    event.save()
    audit.record(
        "dialogue.acta.uploaded",
        event,
        by=by,
        before=before,
        after=_event_snapshot(event),
        entity_id=event.entity_id,
    )
    public_cache.invalidate(event.entity_id)
    return event


# -- attendance ---------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(event: Event, counts: dict[int, int], *, by: Any) -> list[Attendance]:
    """Set the attendance of an event by grupo de valor (``counts``: group id → people); a
    group with 0 is removed from the record."""
    _require_planner(by, event.entity_id)
    event = _locked_event(event, None)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError("El espacio está cancelado: no tiene asistencia.")
    groups = {g.pk: g for g in ValueGroup.objects.filter(entity_id=event.entity_id, pk__in=counts)}
    if set(counts) - set(groups):
        raise ValidationError("Los grupos de valor deben ser de la entidad.")
    if any(count is None or count < 0 for count in counts.values()):
        raise ValidationError("Los asistentes de cada grupo son un número igual o mayor que 0.")
    before = {
        row.value_group.name: row.count for row in event.attendance.select_related("value_group")
    }
    for group_id, count in counts.items():
        if count:
            Attendance.objects.update_or_create(
                event=event, value_group_id=group_id, defaults={"count": count}
            )
        else:
            Attendance.objects.filter(event=event, value_group_id=group_id).delete()
    rows = list(event.attendance.select_related("value_group"))
    after = {row.value_group.name: row.count for row in rows}
    audit.record(
        "dialogue.attendance.recorded",
        event,
        by=by,
        before={"attendance": before},
        after={"attendance": after},
        entity_id=event.entity_id,
    )
    public_cache.invalidate(event.entity_id)
    return rows


@transaction.atomic
def add_attendee(
    event: Event,
    *,
    by: Any,
    name: str,
    consent: bool,
    email: str = "",
    value_group: ValueGroup | None = None,
    place: str = "",
) -> Attendee:
    """A named attendee, stored only with their consent (the text they accepted is kept)."""
    _require_planner(by, event.entity_id)
    if not consent:
        raise ValidationError(
            {"consent": "Sin la autorización de la persona no se guarda su nombre."}
        )
    if not name.strip():
        raise ValidationError({"name": "Escriba el nombre de la persona."})
    if value_group is not None and value_group.entity_id != event.entity_id:
        raise ValidationError({"value_group": "El grupo de valor debe ser de la entidad."})
    authorisation = record_consent(event.entity, Purpose.ATTENDANCE, email=email.strip())
    attendee = Attendee.objects.create(
        event=event,
        name=name.strip()[:200],
        email=email.strip(),
        value_group=value_group,
        place=place.strip()[:200],
        consent=authorisation,
    )
    # The audit trail keeps no names: erasing a person's data must not leave them there.
    audit.record(
        "dialogue.attendee.added",
        event,
        by=by,
        after={"attendee": attendee.pk, "attendee_group": str(value_group or "")},
        entity_id=event.entity_id,
    )
    return attendee


@transaction.atomic
def remove_attendee(attendee: Attendee, *, by: Any) -> None:
    """Take a name off the list (the consent row stays, blanked, as proof it was given)."""
    event = attendee.event
    _require_planner(by, event.entity_id)
    consent = attendee.consent
    pk = attendee.pk
    attendee.delete()
    consent.email = ""
    consent.erased_at = timezone.now()
    consent.save(update_fields=["email", "erased_at"])
    audit.record(
        "dialogue.attendee.removed",
        event,
        by=by,
        before={"attendee": pk},
        entity_id=event.entity_id,
    )


# -- compromisos --------------------------------------------------------------------------------


def _check_commitment(event: Event, description: str, unit: Unit | None, due_date) -> None:
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Escriba el compromiso."
    if unit is None or unit.entity_id != event.entity_id:
        errors["unit"] = "Elija la dependencia responsable, de la entidad."
    if due_date is None:
        errors["due_date"] = "Indique la fecha límite."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_commitment(
    event: Event, *, by: Any, description: str, unit: Unit, due_date: datetime.date
) -> Commitment:
    _require_planner(by, event.entity_id)
    event = _locked_event(event, None)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError("El espacio está cancelado: no tiene compromisos.")
    _check_commitment(event, description, unit, due_date)
    commitment = Commitment.objects.create(
        event=event, description=description.strip(), unit=unit, due_date=due_date, created_by=by
    )
    audit.record(
        "dialogue.commitment.created",
        commitment,
        by=by,
        after=audit.snapshot(commitment),
        entity_id=event.entity_id,
    )
    public_cache.invalidate(event.entity_id)
    return commitment


@transaction.atomic
def change_commitment(
    commitment: Commitment,
    *,
    by: Any,
    expected_revision: int | None,
    description: str,
    unit: Unit,
    due_date: datetime.date,
) -> Commitment:
    commitment = _locked_commitment(commitment, expected_revision)
    event = commitment.event
    _require_planner(by, event.entity_id)
    _check_commitment(event, description, unit, due_date)
    before = audit.snapshot(commitment)
    commitment.description = description.strip()
    commitment.unit = unit
    commitment.due_date = due_date
    commitment.revision += 1
    commitment.save()
    audit.record(
        "dialogue.commitment.changed",
        commitment,
        by=by,
        before=before,
        after=audit.snapshot(commitment),
        entity_id=event.entity_id,
    )
    public_cache.invalidate(event.entity_id)
    return commitment


def _attach(commitment: Commitment, item: EvidenceData, *, by: Any) -> CommitmentEvidence:
    evidence = CommitmentEvidence(
        commitment=commitment, uploaded_by=by, description=item.description.strip()[:300]
    )
    if item.upload is None:
        if not item.url.strip():
            raise ValidationError("Adjunte un archivo o escriba un enlace.")
        evidence.url = item.url.strip()
    else:
        content, kind = uploads.read_checked(
            item.upload,
            allowed=EVIDENCE_TYPES,
            what="un tipo de evidencia aceptado (PDF, PNG o JPEG)",
        )
        evidence.sha256 = hashlib.sha256(content).hexdigest()
        evidence.size = len(content)
        evidence.content_type = kind
        evidence.original_name = uploads.shown_name(item.upload.name, "evidencia")
        _store(evidence.file, evidence.sha256, content)
    evidence.full_clean(exclude=["commitment", "uploaded_by"])
    evidence.save()
    audit.record(
        "dialogue.commitment.evidence.added",
        commitment,
        by=by,
        after=audit.snapshot(evidence, exclude=["file"]),
        entity_id=commitment.event.entity_id,
    )
    return evidence


@transaction.atomic
def add_commitment_evidence(
    commitment: Commitment, item: EvidenceData, *, by: Any
) -> CommitmentEvidence:
    commitment = _locked_commitment(commitment, None)
    if not may_close(by, commitment):
        raise PermissionDenied(
            "Solo la dependencia responsable o Planeación cargan evidencias del compromiso."
        )
    evidence = _attach(commitment, item, by=by)
    commitment.revision += 1
    commitment.save(update_fields=["revision", "updated_at"])
    return evidence


@transaction.atomic
def close_commitment(
    commitment: Commitment,
    *,
    by: Any,
    note: str,
    expected_revision: int | None,
    evidence: EvidenceData | None = None,
    closed_on: datetime.date | None = None,
) -> Commitment:
    """Close a compromiso with a note and at least one evidence (the one sent with the closing,
    or one loaded before)."""
    commitment = _locked_commitment(commitment, expected_revision)
    if not may_close(by, commitment):
        raise PermissionDenied(
            "Solo la dependencia responsable o Planeación cierran el compromiso."
        )
    if commitment.is_closed:
        raise ValidationError("El compromiso ya está cerrado.")
    closed_on = closed_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = "Escriba cómo se cumplió el compromiso."
    if closed_on > timezone.localdate():
        errors["closed_on"] = "La fecha de cierre no puede ser posterior a hoy."
    if errors:
        raise ValidationError(errors)
    if evidence is not None and (evidence.upload is not None or evidence.url.strip()):
        _attach(commitment, evidence, by=by)
    if not commitment.evidence.exists():
        raise ValidationError(
            "Para cerrar el compromiso adjunte al menos una evidencia (un archivo o un enlace)."
        )
    before = audit.snapshot(commitment)
    commitment.status = Commitment.Status.CLOSED
    commitment.closed_on = closed_on
    commitment.closing_note = note.strip()
    commitment.closed_by = by
    commitment.revision += 1
    commitment.save()
    audit.record(
        "dialogue.commitment.closed",
        commitment,
        by=by,
        before=before,
        after=audit.snapshot(commitment),
        entity_id=commitment.event.entity_id,
    )
    public_cache.invalidate(commitment.event.entity_id)
    return commitment


@transaction.atomic
def reopen_commitment(
    commitment: Commitment, *, by: Any, reason: str, expected_revision: int | None
) -> Commitment:
    """Planeación reopens a closed compromiso, with a reason; its evidence stays."""
    commitment = _locked_commitment(commitment, expected_revision)
    _require_planner(by, commitment.event.entity_id)
    if not commitment.is_closed:
        raise ValidationError("El compromiso está abierto.")
    if not reason.strip():
        raise ValidationError({"reason": "Escriba el motivo para reabrir el compromiso."})
    before = audit.snapshot(commitment)
    commitment.status = Commitment.Status.OPEN
    commitment.closed_on = None
    commitment.closed_by = None
    commitment.revision += 1
    commitment.save()
    audit.record(
        "dialogue.commitment.reopened",
        commitment,
        by=by,
        before=before,
        after=audit.snapshot(commitment),
        entity_id=commitment.event.entity_id,
        reason=reason.strip(),
    )
    public_cache.invalidate(commitment.event.entity_id)
    return commitment
