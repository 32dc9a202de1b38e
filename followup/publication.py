"""A published plan's files for the public (PDF, XLSX, CSV, JSON): generated once per public
state, kept in the default storage (a folder, or the S3 bucket) and served from there.

A file's name carries its entity's public version and the plan's calendar stage (the last
cut-off or window close that has passed, the days on which its lights turn): a write to public
data bumps the version (organization.public_cache). A file is therefore never filed under a
state other than the one it was generated from, however many visitors ask or whatever their
query strings, and writing a newer state's file deletes the older ones.

The PDF and the XLSX are made by a task (followup.tasks), never by a request: when a write to
public data commits, and at each day's schedule for the plans whose stage moved on. Until the
current state's file is there, a request gets the newest earlier one; the first of all, if it is
not there yet, is «en preparación» (NotReady). Without a worker the task runs in the process.

The open-data catalogue's files go the same way: a plan's datapackage.json; the bulk downloads
(a zip data package of every published plan of an entity, or of the whole deployment), named by
the entity's version or by the sum of every entity's; and the DCAT catalogue. A bulk zip is made
of the plans' stored CSV and JSON, so a plan's data is rendered once for its page's download and
every bulk that holds it.
"""

from __future__ import annotations

import contextlib
import datetime
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

from audit.models import AuditEntry
from followup import document, opendata, pdf, periods
from formats import datapackage, writers
from organization.models import Entity
from plans.models import Plan

FOLDER = "publicados"
# The PDF of a plan the public cannot see yet (a draft, one in review): the people formulating
# it download it from the plan page.
DRAFTS_FOLDER = "borradores"
CONTENT_TYPES = {"pdf": "application/pdf", **writers.CONTENT_TYPES}
DESCRIPTOR = opendata.DESCRIPTOR  # a plan's datapackage.json, beside its CSV and JSON
CATALOGUE_FOLDER = f"{FOLDER}/catalogo"
# Rendered only by a task, never in a request (the others take milliseconds).
BACKGROUND_FORMATS = ("pdf", "xlsx")
# A stored name starts with its state: "<version>-<day>".
_STATE = re.compile(r"(\d+)-(\d{4}-\d{2}-\d{2})")


# What is told of a missing file (the plan and the file's name), to have it made.
Missing = Callable[[Plan, str], None]
PUBLIC_STATUSES = (Plan.Status.PUBLISHED, Plan.Status.ARCHIVED)


class NotReady(Exception):
    """The plan's first file in a background format is still being generated."""


def _state(plan: Plan) -> tuple[int, str]:
    return plan.entity.public_version, _stage(plan).isoformat()


def _stage(plan: Plan) -> datetime.date:
    """The last day before today on which the plan's public figures turned: a period's cut-off
    (it becomes «sin reporte» without a report) or the close of its window (the lights and
    the latest closed period)."""
    today = timezone.localdate()
    turns = [day for p in periods.plan_periods(plan) for day in (p.cutoff, p.deadline)]
    return max((day for day in turns if day < today), default=datetime.date.min)


def _name(plan: Plan, fmt: str, state: tuple[int, str]) -> str:
    version, day = state
    return f"{FOLDER}/{plan.pk}/{version}-{day}.{fmt}"


def public_file(plan: Plan, fmt: str, missing: Missing | None = None) -> IO[bytes]:
    """The plan's file in a format of CONTENT_TYPES as the public sees it now: the stored one
    if it was generated for this state. Else a file of a quick format is generated now; for a
    background format ``missing`` is told (followup.tasks asks a task for it), and meanwhile
    the newest earlier file is served (NotReady if there is none). The plan's entity must have
    been read before anything of the plan's content (it is, with select_related), so that a
    file is never older than the version it is filed under."""
    state = _state(plan)
    name = _name(plan, fmt, state)
    stored = _open(name)
    if stored is not None:
        return stored
    if fmt not in BACKGROUND_FORMATS:
        return BytesIO(generate(plan, fmt, state))
    if missing is not None:
        missing(plan, name)
    stored = _open(name) or _newest_before(plan, fmt, state)
    if stored is None:
        raise NotReady(name)
    return stored


def _open(name: str) -> IO[bytes] | None:
    if default_storage.exists(name):
        with contextlib.suppress(FileNotFoundError):  # a newer state's file replaced it
            return default_storage.open(name)
    return None


def _newest_before(plan: Plan, fmt: str, state: tuple[int, str]) -> IO[bytes] | None:
    folder = f"{FOLDER}/{plan.pk}"
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return None
    states = []
    for name in names:
        found = _STATE.fullmatch(name.removesuffix(f".{fmt}"))
        if found and name.endswith(f".{fmt}") and (int(found[1]), found[2]) < state:
            states.append(((int(found[1]), found[2]), name))
    for _older, name in sorted(states, reverse=True):
        stored = _open(f"{folder}/{name}")
        if stored is not None:
            return stored
    return None


def refresh(plan: Plan) -> list[str]:
    """Generate the plan's background-format files its current state lacks (the task's
    work); the formats generated."""
    state = _state(plan)
    made = []
    for fmt in BACKGROUND_FORMATS:
        if not default_storage.exists(_name(plan, fmt, state)):
            generate(plan, fmt, state)
            made.append(fmt)
    return made


def is_public(plan: Plan) -> bool:
    """Whether the public can read the plan: published, or published and replaced since."""
    return plan.published_at is not None and plan.status in PUBLIC_STATUSES


def draft_pdf(plan: Plan, missing: Missing) -> IO[bytes]:
    """The PDF of a plan the public cannot see yet, for its current content: stored, or
    ``missing`` is told (followup.tasks asks a task for it) and NotReady raised meanwhile."""
    name = _draft_name(plan)
    stored = _open(name)
    if stored is not None:
        return stored
    missing(plan, name)
    stored = _open(name)
    if stored is None:
        raise NotReady(name)
    return stored


def _draft_name(plan: Plan) -> str:
    """Named by what the draft's PDF shows: every change to a plan is audited with the plan
    (its latest entry, with its time so that a restored database never reuses a name), and the
    entity's public version moves with its name, units and settings."""
    latest = AuditEntry.objects.filter(plan_id=plan.pk).order_by("-pk").values("pk", "at").first()
    entity_version = Entity.objects.values_list("public_version", flat=True).get(pk=plan.entity_id)
    stamp = f"{latest['pk']}-{latest['at'].timestamp():.6f}" if latest else "0"
    key = hashlib.sha256(f"{stamp}-{plan.updated_at.timestamp():.6f}".encode()).hexdigest()[:16]
    return f"{DRAFTS_FOLDER}/{plan.pk}/{entity_version}-{key}.pdf"


def render_draft(plan: Plan) -> bool:
    """Generate the draft's PDF for its current content if missing (the task's work), deleting
    its earlier ones; whether it was generated."""
    name = _draft_name(plan)
    if default_storage.exists(name):
        return False
    _store(name, pdf.plan_pdf(plan))
    folder = name.rsplit("/", 1)[0]
    for other in default_storage.listdir(folder)[1]:
        if f"{folder}/{other}" != name and not other.endswith(".tmp"):
            default_storage.delete(f"{folder}/{other}")
    return True


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
    _discard_before(f"{FOLDER}/{plan.pk}", state, fmt)
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


def _discard_before(folder: str, state: tuple[int, str], fmt: str | None = None) -> None:
    """Delete the stored files in ``folder`` of states before ``state`` (never of later ones:
    a request that read an older version may finish last), of the format ``fmt`` only if
    given (the others' current files may not be there yet, and their older ones serve)."""
    for name in default_storage.listdir(folder)[1]:
        found = _STATE.match(name)
        if fmt is not None and not name.endswith(f".{fmt}"):
            continue
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
