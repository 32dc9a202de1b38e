"""A citizen's personal data across the participation apps (Ley 1581 de 2012): found, exported
and erased on request through Planeación, and erased by a scheduled task when its retention ends.

Each app that keeps personal data registers a ``Holder`` when it loads (its AppConfig.ready), the
way Django's admin collects ModelAdmins: this app lists them without importing the apps above
it.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from organization.models import Entity


@dataclass(frozen=True)
class Found:
    """One record holding the person's data, as the export shows it."""

    kind: str  # «Observación a un plan», «Asistencia»...
    when: datetime.datetime | datetime.date
    summary: str
    data: dict[str, str]  # field label -> value, the personal data itself


class Holder(Protocol):
    label: str

    def find(self, entity: Entity, email: str) -> list[Found]:
        """The records of ``entity`` that hold data of the person with this e-mail."""

    def erase(self, entity: Entity, email: str, *, by: Any) -> int:
        """Blank that person's data (audited); returns how many records changed."""

    def expire(self, today: datetime.date) -> int:
        """Blank the data whose retention ended before ``today``; returns how many records."""


_holders: list[Holder] = []


def register(holder: Holder) -> None:
    if all(type(existing) is not type(holder) for existing in _holders):
        _holders.append(holder)


def holders() -> list[Holder]:
    return list(_holders)


def normalised(email: str) -> str:
    return email.strip().lower()


def email_key(email: str) -> str:
    """A keyed hash of the e-mail: the audit trail can tell two requests of one person apart
    from others' without keeping the address."""
    key = settings.SECRET_KEY.encode()
    message = f"personal-data:{normalised(email)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def masked(email: str) -> str:
    """«ana.maria@example.com» → «a***@example.com»."""
    local, _at, domain = normalised(email).partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class ConsentHolder:
    """The authorisations themselves (participation.Consent): their e-mail is personal data.
    Erasing blanks it and keeps the row, its text and date, as proof of the authorisation."""

    label = "Autorizaciones de tratamiento de datos"

    def find(self, entity: Entity, email: str) -> list[Found]:
        from participation.models import Consent

        rows = Consent.objects.filter(entity=entity, email__iexact=normalised(email))
        return [
            Found(
                kind="Autorización de tratamiento de datos",
                when=consent.given_at,
                summary=consent.get_purpose_display(),
                data={"Correo electrónico": consent.email, "Texto aceptado": consent.text},
            )
            for consent in rows
        ]

    def erase(self, entity: Entity, email: str, *, by: Any) -> int:
        from participation.models import Consent

        rows = Consent.objects.filter(entity=entity, email__iexact=normalised(email))
        return rows.update(email="", erased_at=timezone.now())

    def expire(self, today: datetime.date) -> int:
        """Blank the e-mail of each authorisation kept longer than its purpose's retention,
        counted from the day it was given: kept through that day plus RETENTION_DAYS."""
        from participation.consent import RETENTION_DAYS
        from participation.models import Consent

        count = 0
        for purpose, days in RETENTION_DAYS.items():
            ended = today - datetime.timedelta(days=days)  # given before that day: retention over
            start = timezone.make_aware(datetime.datetime.combine(ended, datetime.time.min))
            count += (
                Consent.objects.filter(purpose=purpose, given_at__lt=start)
                .exclude(email="")
                .update(email="", erased_at=timezone.now())
            )
        return count


def _when(value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def as_json(entity: Entity, email: str, found: list[tuple[str, list[Found]]]) -> bytes:
    """The titular's data as handed over (UTF-8 JSON): every record, with the authorisations'
    texts and dates among them."""
    document = {
        "responsable": {"entidad": entity.name, "nit": entity.nit_formatted},
        "titular": normalised(email),
        "generado": timezone.localtime().isoformat(timespec="seconds"),
        "registros": [
            {
                "origen": label,
                "tipo": item.kind,
                "fecha": item.when.isoformat(),
                "resumen": item.summary,
                "datos": item.data,
            }
            for label, items in found
            for item in items
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def as_csv(entity: Entity, email: str, found: list[tuple[str, list[Found]]]) -> bytes:
    """The same as a UTF-8 CSV (with BOM, so that Excel reads the accents): one line per datum."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Origen", "Tipo", "Fecha", "Resumen", "Dato", "Valor"])
    for label, items in found:
        for item in items:
            for name, value in item.data.items() or {"": ""}.items():
                writer.writerow([label, item.kind, _when(item.when), item.summary, name, value])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
