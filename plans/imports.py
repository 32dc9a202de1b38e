"""Uploaded files waiting for the planner to confirm their import (preview, then save).

The file is kept outside any public URL under MEDIA_ROOT/importaciones/, named by a random
token that only the uploader's session knows; confirming or cancelling deletes it, and the
daily task (send_reminders) deletes those of previews left a day without either.
"""

from __future__ import annotations

import datetime
import secrets
import time
from pathlib import Path, PurePath

from django.conf import settings

from formats import manual_mapping
from formats.text import normalize

SESSION_KEY = "pending_imports"
FOLDER = "importaciones"


def _path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / token


def keep(session, content: bytes, name: str, options: dict) -> str:
    token = secrets.token_urlsafe(24)
    path = _path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    pending = session.get(SESSION_KEY, {})
    pending[token] = {"name": PurePath(name).name[:200], **options}
    session[SESSION_KEY] = pending
    return token


def load(session, token: str) -> tuple[bytes, dict] | None:
    info = session.get(SESSION_KEY, {}).get(token)
    if info is None or not _path(token).is_file():
        return None
    return _path(token).read_bytes(), info


def update(session, token: str, **options) -> None:
    """Change the options kept with an upload (its column choices, whether the template applies)."""
    pending = session.get(SESSION_KEY, {})
    if token in pending:
        pending[token] = {**pending[token], **options}
        session[SESSION_KEY] = pending


def discard(session, token: str) -> None:
    pending = session.get(SESSION_KEY, {})
    pending.pop(token, None)
    session[SESSION_KEY] = pending
    _path(token).unlink(missing_ok=True)


def delete_abandoned(older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete the kept files of previews neither confirmed nor cancelled, written more than
    ``older_than`` ago (up to 20 MB each); how many were deleted."""
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    if not folder.is_dir():
        return 0
    written_before = time.time() - older_than.total_seconds()
    deleted = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < written_before:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # confirmed or cancelled meanwhile
            continue
    return deleted


FIELD_NAMES = {
    "number": "N°",
    "description": "Actividad",
    "tasks": "Tareas (una por línea)",
    "deliverables": "Productos entregables",
    "indicator_formula": "Fórmula del indicador",
    "indicator_target": "Meta",
    "indicator_result": "Resultado del indicador",
    "responsible_text": "Responsables",
    "observations": "Observaciones",
    "indicator_baseline": "Línea base",
    "start_date": "Fecha de inicio (de ella y la de fin salen los meses)",
    "end_date": "Fecha de fin",
}


def field_name(field: str) -> str:
    """What a mapped field is, in the planner's words."""
    kind, _, key = field.partition(":")
    if kind == "month":
        return f"Mes {key} del cronograma"
    if kind == "followup":
        return f"Seguimiento del periodo {key}"
    if kind == "indicator_target" and key:
        return f"Meta, si {key} es la vigencia del plan (si no, campo adicional)"
    if kind == "extra":
        return "Campo adicional (se conserva tal cual)"
    if kind == manual_mapping.IGNORE:
        return "Ignorada (no se importa)"
    return FIELD_NAMES.get(kind, kind)


# What a column of the preview can be set to, in the order of the select.
CHOICES: list[tuple[str, str]] = [
    *FIELD_NAMES.items(),
    *((f"month:{n}", f"Mes {n} del cronograma") for n in range(1, 13)),
    *((f"followup:{n}", f"Seguimiento del periodo {n}") for n in range(1, 5)),
    (manual_mapping.EXTRA, "Columna adicional (se conserva tal cual)"),
    (manual_mapping.IGNORE, "Ignorar (no se importa)"),
]


def choice_of(field: str) -> str:
    """The select's value for a mapped field: every ``extra:<label>`` is ``extra``."""
    return manual_mapping.EXTRA if field.startswith("extra:") else field


def template_mapping(document) -> dict[str, str]:
    """The document's reading as an entity template: normalised column label → choice."""
    return {normalize(label): choice_of(field) for label, field in document.mapping}


def template_applies(template: manual_mapping.Choices, document) -> bool:
    """Whether the template names any column of the document's table."""
    return any(
        position in template or normalize(label) in template
        for position, (label, _field) in enumerate(document.mapping, start=1)
    )


def mapping_report(document) -> list[tuple[str, str]]:
    """(column of the file, field of the plan) for every column of the activities table."""
    return [(label, field_name(field)) for label, field in document.mapping]
