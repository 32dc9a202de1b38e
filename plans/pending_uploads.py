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
