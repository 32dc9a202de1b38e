"""Writing a backup: one consistent snapshot of every row, then the stored files, into a ZIP.

The archive is written to a temporary file beside the target and renamed at the end, so a failed
backup leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from backup.contents import (
    CHUNK_SIZE,
    DATA,
    FILES_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    backed_up_models,
    file_fields,
    migration_state,
)

ROWS_PER_QUERY = 2000


@dataclass
class BackupSummary:
    path: Path
    counts: dict[str, int]
    files: int
    file_bytes: int
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def create_backup(path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the database content and the stored files to a new archive at path."""
    target = Path(path)
    if target.is_dir():
        raise BackupError(f"«{target}» es una carpeta; indique la ruta del archivo de la copia.")
    if target.exists():
        raise BackupError(f"Ya existe «{target}»; la copia no sobrescribe archivos: elija otra.")
    if not target.parent.is_dir():
        raise BackupError(f"No existe la carpeta «{target.parent}».")
    # mkstemp creates the file readable by its owner only: the archive holds password hashes and
    # personal data.
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                summary = _write_archive(archive, target, using)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return summary


def _write_archive(archive: zipfile.ZipFile, target: Path, using: str) -> BackupSummary:
    connection = connections[using]
    model_list = backed_up_models(using)
    created_at = timezone.now()
    # One transaction gives one consistent snapshot of every table. On PostgreSQL it is a
    # read-only REPEATABLE READ snapshot that blocks nobody; on SQLite writers wait until the
    # rows are dumped (the files are copied afterwards: they never change once stored).
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = migration_state(connection)
        counts, data = _write_rows(archive, model_list, using)
        referenced = _referenced_files(model_list, using)

    entries, missing, total = [], [], 0
    for name, (field_label, storage) in sorted(referenced.items()):
        entry = _add_file(archive, name, field_label, storage)
        if entry is None:
            missing.append(name)
            continue
        entries.append(entry)
        total += entry["size"]

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "django_version": django.get_version(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "counts": counts,
        "data": data,
        "files": entries,
        "missing_files": missing,
    }
    archive.writestr(_member(MANIFEST), json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return BackupSummary(target, counts, len(entries), total, missing)


class _HashingTextWriter:
    """A text stream that encodes into a binary one and keeps the size and SHA-256 of the bytes."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.raw.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(text)


class _Counted:
    def __init__(self, iterable):
        self.iterable, self.count = iterable, 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            yield item


def _write_rows(archive: zipfile.ZipFile, model_list, using: str):
    counts: dict[str, int] = {}
    with archive.open(_member(DATA), "w", force_zip64=True) as member:
        stream = _HashingTextWriter(member)
        for model in model_list:
            opts = model._meta
            # Natural foreign keys are read from the related rows: fetch them in the same query.
            natural = [
                f.name
                for f in opts.concrete_fields
                if f.is_relation and hasattr(f.related_model, "natural_key")
            ]
            many = [f.name for f in opts.many_to_many if f.remote_field.through._meta.auto_created]
            queryset = (
                model._base_manager.using(using)
                .order_by(opts.pk.name)
                .select_related(*natural)
                .prefetch_related(*many)
            )
            rows = _Counted(queryset.iterator(chunk_size=ROWS_PER_QUERY))
            serializers.serialize(
                "jsonl",
                rows,
                stream=stream,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=False,
            )
            counts[opts.label] = rows.count
    return counts, {"path": DATA, "size": stream.size, "sha256": stream.sha256.hexdigest()}


def _referenced_files(model_list, using: str) -> dict[str, tuple[str, object]]:
    """Every stored name a FileField holds, with the first field that refers to it."""
    referenced: dict[str, tuple[str, object]] = {}
    for model, model_field in file_fields(model_list):
        names = (
            model._base_manager.using(using)
            .exclude(**{f"{model_field.attname}__isnull": True})
            .exclude(**{model_field.attname: ""})
            .values_list(model_field.attname, flat=True)
            .distinct()
        )
        label = f"{model._meta.label}.{model_field.name}"
        for name in names.iterator(chunk_size=ROWS_PER_QUERY):
            referenced.setdefault(name, (label, model_field.storage))
    return referenced


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _add_file(archive: zipfile.ZipFile, name: str, field_label: str, storage) -> dict | None:
    """Copy one stored file into the archive; None if the storage does not have it."""
    if not storage.exists(name):
        return None
    digest, size = hashlib.sha256(), 0
    with (
        storage.open(name, "rb") as source,
        archive.open(_member(FILES_DIR + name), "w", force_zip64=True) as member,
    ):
        while chunk := source.read(CHUNK_SIZE):
            member.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return {"path": name, "size": size, "sha256": digest.hexdigest(), "field": field_label}
