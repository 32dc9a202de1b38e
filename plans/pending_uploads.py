"""Uploaded files waiting for the planner to confirm their import (preview, then save).

The file is kept in the default storage (MEDIA_ROOT or the S3 bucket, which no URL serves)
under importaciones/, named by a random token that only the uploader's session knows, so that
the preview and the confirmation may be served by different machines; confirming or cancelling
deletes it, and the daily task deletes those of previews left a day without either.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

SESSION_KEY = "pending_imports"
FOLDER = "importaciones"


def _name(token: str) -> str:
    return f"{FOLDER}/{token}"


def keep(session, content: bytes, name: str, options: dict) -> str:
    token = secrets.token_urlsafe(24)
    default_storage.save(_name(token), ContentFile(content))
    pending = session.get(SESSION_KEY, {})
    pending[token] = {"name": PurePath(name).name[:200], **options}
    session[SESSION_KEY] = pending
    return token


def load(session, token: str) -> tuple[bytes, dict] | None:
    info = session.get(SESSION_KEY, {}).get(token)
    if info is None:
        return None
    try:
        with default_storage.open(_name(token), "rb") as stored:
            return stored.read(), info
    except FileNotFoundError:  # cancelled in another tab, or deleted as abandoned
        return None


def update(session, token: str, **options) -> None:
    """Change the options kept with an upload (its column choices, whether the template applies)."""
    pending = session.get(SESSION_KEY, {})
    if token in pending:
        pending[token] = {**pending[token], **options}
        session[SESSION_KEY] = pending


def hand_over(session, token: str) -> str:
    """Take the upload out of the session and leave its file for whoever now owns it (a large
    import's task, which deletes it when done): the file's name in the default storage."""
    pending = session.get(SESSION_KEY, {})
    pending.pop(token, None)
    session[SESSION_KEY] = pending
    return _name(token)


def read_stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def delete_stored(name: str) -> None:
    default_storage.delete(name)


def discard(session, token: str) -> None:
    pending = session.get(SESSION_KEY, {})
    pending.pop(token, None)
    session[SESSION_KEY] = pending
    default_storage.delete(_name(token))


def delete_abandoned(older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete the kept files of previews neither confirmed nor cancelled, written more than
    ``older_than`` ago (up to 20 MB each); how many were deleted."""
    try:
        names = default_storage.listdir(FOLDER)[1]
    except FileNotFoundError:
        return 0
    written_before = timezone.now() - older_than
    deleted = 0
    for name in names:
        try:
            if default_storage.get_modified_time(_name(name)) < written_before:
                default_storage.delete(_name(name))
                deleted += 1
        except FileNotFoundError:  # confirmed or cancelled meanwhile
            continue
    return deleted
