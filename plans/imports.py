"""Uploaded files waiting for the planner to confirm their import (preview, then save).

The file is kept outside any public URL under MEDIA_ROOT/importaciones/, named by a random
token that only the uploader's session knows; confirming or cancelling deletes it.
"""

from __future__ import annotations

import secrets
from pathlib import Path, PurePath

from django.conf import settings

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


def discard(session, token: str) -> None:
    pending = session.get(SESSION_KEY, {})
    pending.pop(token, None)
    session[SESSION_KEY] = pending
    _path(token).unlink(missing_ok=True)
