"""A published plan's files for the public (PDF, XLSX, CSV, JSON): generated once per public
state, kept in the default storage and served from there.

A file's name carries its entity's public version and the day: a write to public data bumps the
version (organization.public_cache), and a period's lights turn at its cut-off. A file is
therefore never served for a state other than the one it was generated from, however many
visitors ask or whatever their query strings, and writing a newer state's file deletes the
older ones. Generation is a plain function of the plan, so that it can move to a background task.

The open-data catalogue's files go the same way: a plan's datapackage.json; the bulk downloads
(a zip data package of every published plan of an entity, or of the whole deployment), named by
the entity's version or by the sum of every entity's; and the DCAT catalogue. A bulk zip is made
of the plans' stored CSV and JSON, so a plan's data is rendered once for its page's download and
every bulk that holds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import zipfile
from collections.abc import Callable
from io import BytesIO
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from followup import document, opendata, pdf
from formats import datapackage, writers
from organization.models import Entity
from plans.models import Plan

FOLDER = "publicados"
CONTENT_TYPES = {"pdf": "application/pdf", **writers.CONTENT_TYPES}
DESCRIPTOR = opendata.DESCRIPTOR  # a plan's datapackage.json, beside its CSV and JSON
CATALOGUE_FOLDER = f"{FOLDER}/catalogo"
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
        content = pdf.plan_pdf(plan)
    elif fmt == DESCRIPTOR:
        content = datapackage.dumps(opendata.plan_package(plan))
    else:
        content = writers.render(fmt, *document.open_data(plan))
    _store(_name(plan, fmt, state), content)
    _discard_before(f"{FOLDER}/{plan.pk}", state)
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


def _discard_before(folder: str, state: tuple[int, str]) -> None:
    """Delete the stored files in ``folder`` of states before ``state`` (never of later ones:
    a request that read an older version may finish last)."""
    for name in default_storage.listdir(folder)[1]:
        found = _STATE.match(name)
        if found and (int(found[1]), found[2]) < state:
            default_storage.delete(f"{folder}/{name}")


# -- the catalogue: bulk downloads and DCAT ----------------------------------------------------


def _deployment_state() -> tuple[tuple[int, str], str]:
    """Every entity's public state at once: the sum of the versions, which every bump raises,
    orders the states; a digest of each entity's version names this one exactly."""
    versions = list(Entity.objects.order_by("pk").values_list("pk", "public_version"))
    digest = hashlib.sha256(repr(versions).encode()).hexdigest()[:12]
    total = sum(version for _pk, version in versions)
    return (total, timezone.localdate().isoformat()), digest


def _catalogue_file(
    scope: str, ext: str, state: tuple[int, str], tag: str, build: Callable[[], bytes]
) -> IO[bytes]:
    """A catalogue file of ``scope`` for ``state``: the stored one, or built, stored (whole)
    and its earlier states' deleted. ``state`` is read before anything ``build`` reads."""
    folder = f"{CATALOGUE_FOLDER}/{scope}"
    version, day = state
    name = f"{folder}/{version}-{day}{tag}.{ext}"
    if default_storage.exists(name):
        with contextlib.suppress(FileNotFoundError):
            return default_storage.open(name)
    content = build()
    _store(name, content)
    _discard_before(folder, state)
    return BytesIO(content)


def bulk_file(entity: Entity | None) -> IO[bytes]:
    """The zip data package of every published plan of ``entity`` (None: of every entity)."""
    if entity is None:
        state, digest = _deployment_state()
        scope, tag = "todas", f"-{digest}"
    else:
        version = Entity.objects.values_list("public_version", flat=True).get(pk=entity.pk)
        state, scope, tag = (version, timezone.localdate().isoformat()), str(entity.pk), ""
    return _catalogue_file(scope, "zip", state, tag, lambda: _bulk_zip(entity))


def _bulk_zip(entity: Entity | None) -> bytes:
    found = list(opendata.published_plans(entity))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for plan in found:
            for fmt in opendata.FORMATS:
                with public_file(plan, fmt) as stored:
                    archive.writestr(f"planes/{opendata.slug(plan)}.{fmt}", stored.read())
        archive.writestr(datapackage.SCHEMA_FILE, datapackage.dumps(datapackage.table_schema()))
        archive.writestr(
            opendata.DESCRIPTOR, datapackage.dumps(opendata.bulk_package(entity, found))
        )
    return buffer.getvalue()


def dcat_file() -> IO[bytes]:
    """The DCAT catalogue (JSON-LD) of every published plan."""
    state, digest = _deployment_state()
    return _catalogue_file(
        "dcat",
        "jsonld",
        state,
        f"-{digest}",
        lambda: json.dumps(
            opendata.dcat_catalogue(opendata.published_plans()), ensure_ascii=False, indent=2
        ).encode("utf-8"),
    )
