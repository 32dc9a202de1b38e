"""A published plan's files for the public (PDF, XLSX, CSV, JSON): generated once per public
state, kept in the default storage and served from there.

A file's name carries its entity's public version and the day: a write to public data bumps the
version (organization.public_cache), and a period's lights turn at its cut-off. A file is
therefore never served for a state other than the one it was generated from, however many
visitors ask or whatever their query strings, and writing a newer state's file deletes the
older ones. Generation is a plain function of the plan, so that it can move to a background task.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from io import BytesIO
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from formats import writers
from plans import exports
from plans import selectors as plans
from plans.models import Plan

FOLDER = "publicados"
CONTENT_TYPES = {"pdf": "application/pdf", **writers.CONTENT_TYPES}
# A stored name starts with its state: "<version>-<day>".
_STATE = re.compile(r"(\d+)-(\d{4}-\d{2}-\d{2})")


def _state(plan: Plan) -> tuple[int, str]:
    return plan.entity.public_version, timezone.localdate().isoformat()


def _name(plan: Plan, fmt: str, state: tuple[int, str]) -> str:
    version, day = state
    return f"{FOLDER}/{plan.pk}/{version}-{day}.{fmt}"


def public_file(plan: Plan, fmt: str) -> IO[bytes]:
    """The plan's file in a format of CONTENT_TYPES as the public sees it now: the stored one
    if it was generated for this state, else generated now. The plan's entity must have been
    read before anything of the plan's content (it is, with select_related), so that the file
    is never older than the version it is filed under."""
    state = _state(plan)
    name = _name(plan, fmt, state)
    if default_storage.exists(name):
        with contextlib.suppress(FileNotFoundError):  # a newer state's file replaced it
            return default_storage.open(name)
    return BytesIO(generate(plan, fmt, state))


def generate(plan: Plan, fmt: str, state: tuple[int, str] | None = None) -> bytes:
    """Render the plan's public file and store it, deleting its files of earlier states."""
    state = state or _state(plan)
    if fmt == "pdf":
        content = exports.plan_pdf(plan)
    else:
        content = writers.render(fmt, *plans.open_data(plan))
    _store(_name(plan, fmt, state), content)
    _discard_before(plan, state)
    return content


def _store(name: str, content: bytes) -> None:
    """Whole or not at all: on a file system the file is written under a name of its own and
    renamed over the final one, so that a reader never gets half of it and two first requests
    each put a whole file in place. An object store (S3) shows an object only once written."""
    if not isinstance(default_storage, FileSystemStorage):
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        return
    written = default_storage.save(f"{name}.{secrets.token_hex(8)}.tmp", ContentFile(content))
    with contextlib.suppress(FileNotFoundError):  # a newer state's writer deleted it: obsolete
        os.replace(default_storage.path(written), default_storage.path(name))


def _discard_before(plan: Plan, state: tuple[int, str]) -> None:
    """Delete the plan's stored files of states before ``state`` (never of later ones: a
    request that read an older version may finish last)."""
    folder = f"{FOLDER}/{plan.pk}"
    for name in default_storage.listdir(folder)[1]:
        found = _STATE.match(name)
        if found and (int(found[1]), found[2]) < state:
            default_storage.delete(f"{folder}/{name}")
