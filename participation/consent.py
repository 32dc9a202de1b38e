"""The authorisation a citizen gives before anything personal is stored (Ley 1581 de 2012,
Decreto 1377 de 2013): what is shown, what is kept, and for how long."""

from __future__ import annotations

import datetime

from django.utils import timezone

from organization.models import Entity
from participation.models import Consent

Purpose = Consent.Purpose

# How long the personal data of each purpose is kept after the exercise ends; then the scheduled
# task blanks it (participation.personal_data.expire). The contribution itself (an observation,
# an answer) stays, without the person.
RETENTION_DAYS: dict[str, int] = {
    Purpose.COMMENT: 2 * 365,
    Purpose.ATTENDANCE: 2 * 365,
    Purpose.SURVEY: 365,
}

_DATA = {
    Purpose.COMMENT: (
        "su nombre (si lo escribe), su correo electrónico, su grupo de valor y su municipio o "
        "vereda",
        "registrar su observación al plan en consulta pública, responderle por correo y publicar "
        "la matriz de observaciones con la respuesta (en ella no aparecen su nombre ni su correo)",
    ),
    Purpose.ATTENDANCE: (
        "su nombre, su grupo de valor y su municipio o vereda",
        "dejar constancia de su asistencia al espacio de diálogo; las cifras publicadas son "
        "conteos por grupo de valor, sin nombres",
    ),
    Purpose.SURVEY: (
        "sus respuestas y, si lo escribe, su correo electrónico; la encuesta es anónima",
        "medir la satisfacción con los ejercicios de participación; los resultados se publican "
        "solo como totales",
    ),
}


def retention_days(purpose: str) -> int:
    return RETENTION_DAYS[purpose]


def consent_text(entity: Entity, purpose: str) -> str:
    """The authorisation as the citizen reads it, with the entity as responsible party."""
    data, use = _DATA[purpose]
    contact = entity.email or entity.website or entity.address or "la entidad"
    years = RETENTION_DAYS[purpose] // 365
    return (
        f"Autorizo a {entity.name} (NIT {entity.nit_formatted}), responsable del tratamiento, a "
        f"tratar {data}, con la finalidad de {use}. Los datos se conservan {years} "
        f"año{'s' if years != 1 else ''} después de terminado el ejercicio y luego se suprimen. "
        "Como titular puede conocer, actualizar, rectificar y pedir la supresión de sus datos y "
        "revocar esta autorización (Ley 1581 de 2012, art. 8), sin costo, escribiendo a "
        f"{contact}; la Oficina de Planeación atiende la solicitud. Responder es voluntario y "
        "no está obligado a dar datos sensibles."
    )


def record_consent(entity: Entity, purpose: str, *, email: str = "") -> Consent:
    """Store the authorisation with the text shown now (call inside the caller's transaction,
    before the data it covers)."""
    return Consent.objects.create(
        entity=entity,
        purpose=purpose,
        text=consent_text(entity, purpose),
        email=email,
        given_at=timezone.now(),
    )


def retention_ends(purpose: str, exercise_ended: datetime.date) -> datetime.date:
    return exercise_ended + datetime.timedelta(days=RETENTION_DAYS[purpose])
