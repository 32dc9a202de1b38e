"""The attendees' personal data (Ley 1581 de 2012): found and erased on request by e-mail, and
erased when its retention ends. Erasing blanks the name, e-mail and place and marks the consent;
the count by grupo de valor, which never named anyone, stays."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from dialogue.models import Attendee, Event
from organization.models import Entity
from participation.consent import RETENTION_DAYS, Purpose
from participation.personal_data import Found


def _blank(attendees) -> int:
    now = timezone.now()
    changed = 0
    for attendee in attendees.select_related("consent"):
        attendee.name = attendee.email = attendee.place = ""
        attendee.save(update_fields=["name", "email", "place"])
        consent = attendee.consent
        consent.email = ""
        consent.erased_at = consent.erased_at or now
        consent.save(update_fields=["email", "erased_at"])
        changed += 1
    return changed


class AttendeeHolder:
    label = "Listas de asistencia a espacios de diálogo"

    def _of(self, entity: Entity, email: str):
        return Attendee.objects.filter(
            event__entity=entity, email__iexact=email.strip(), consent__erased_at__isnull=True
        ).exclude(email="")

    def find(self, entity: Entity, email: str) -> list[Found]:
        return [
            Found(
                kind="Asistencia a un espacio de diálogo",
                when=attendee.event.starts_at,
                summary=f"{attendee.event.get_kind_display()}: {attendee.event.title}",
                data={
                    "Nombre": attendee.name,
                    "Correo": attendee.email,
                    "Grupo de valor": str(attendee.value_group or ""),
                    "Municipio o vereda": attendee.place,
                    "Autorización": attendee.consent.text,
                },
            )
            for attendee in self._of(entity, email).select_related(
                "event", "value_group", "consent"
            )
        ]

    @transaction.atomic
    def erase(self, entity: Entity, email: str, *, by: Any) -> int:
        attendees = self._of(entity, email)
        events = set(attendees.values_list("event_id", flat=True))
        changed = _blank(attendees)
        for event in Event.objects.filter(pk__in=events):
            audit.record(
                "dialogue.attendee.removed",
                event,
                by=by,
                reason="Supresión de datos personales a solicitud del titular",
                entity_id=entity.pk,
            )
        return changed

    @transaction.atomic
    def expire(self, today: datetime.date) -> int:
        """Attendees of events held more than RETENTION_DAYS[ATTENDANCE] days before today."""
        days = RETENTION_DAYS[Purpose.ATTENDANCE]
        limit = today - datetime.timedelta(days=days)
        zone = timezone.get_current_timezone()
        before = datetime.datetime.combine(limit, datetime.time.min, tzinfo=zone)
        return _blank(
            Attendee.objects.filter(
                event__status=Event.Status.HELD,
                event__starts_at__lt=before,
                consent__erased_at__isnull=True,
            )
        )
