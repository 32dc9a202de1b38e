"""Restoring a backup into an empty instance, whole or not at all.

A restore verifies the manifest, the migrations, that the instance is empty and every checksum
before it writes anything, loads the rows in one transaction and removes the files it wrote if
anything fails. ``check_backup`` runs the verification alone.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader

from backup.contents import (
    CHUNK_SIZE,
    DATA,
    FILES_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    backed_up_models,
    migration_state,
)
from backup.wording import enumeration, quantity

# Catalogues a data migration fills in a freshly migrated database: a restore replaces them with
# the archive's version instead of counting them as data already there.
REPLACED_ON_RESTORE = {"plans.plantype", "plans.mipgdimension", "plans.mipgpolicy"}
# The first things named when a target instance is not empty.
EMPTINESS_ORDER = ("organization.entity", settings.AUTH_USER_MODEL.lower(), "plans.plan")


@dataclass
class RestoreSummary:
    path: Path
    created_at: str
    counts: dict[str, int]
    files: int
    file_bytes: int
    files_already_present: int = 0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def restore_backup(path, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Fill an empty instance from an archive; refuse before writing anything if it cannot."""
    source = Path(path)
    connection = connections[using]
    with _open_archive(source) as archive:
        manifest = read_manifest(archive, source)
        _check_migrations(manifest, connection)
        _check_empty(using)
        storages = verify_archive(archive, manifest)
        already_present = _check_targets(manifest, storages)
        counts = _load(archive, manifest, storages, already_present, using)
    # Cached public pages may belong to whatever this instance held before.
    cache.clear()
    written = [entry for entry in manifest["files"] if entry["path"] not in already_present]
    return RestoreSummary(
        path=source,
        created_at=manifest["created_at"],
        counts=counts,
        files=len(written),
        file_bytes=sum(entry["size"] for entry in written),
        files_already_present=len(already_present),
    )


def check_backup(path) -> dict:
    """Verify an archive on its own (manifest and every checksum) and return its manifest."""
    source = Path(path)
    with _open_archive(source) as archive:
        manifest = read_manifest(archive, source)
        verify_archive(archive, manifest)
    return manifest


def _open_archive(source: Path) -> zipfile.ZipFile:
    if not source.is_file():
        raise BackupError(f"No existe el archivo «{source}».")
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            f"«{source}» no es una copia de respaldo de planaccion: no es un archivo ZIP."
        ) from exc


def read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    not_a_backup = f"«{source}» no es una copia de respaldo de planaccion"
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        raise BackupError(f"{not_a_backup}: no tiene {MANIFEST}.") from exc
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BackupError(f"{not_a_backup}: su {MANIFEST} no se puede leer.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{not_a_backup}: su {MANIFEST} es de otro programa.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"La copia usa la versión {version} del formato; esta versión de planaccion restaura "
            f"hasta la {FORMAT_VERSION}. Actualice planaccion antes de restaurar."
        )
    try:
        _validate_manifest(manifest)
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"El {MANIFEST} de la copia está dañado ({exc}).") from exc
    return manifest


def _validate_manifest(manifest: dict) -> None:
    for key, kind in (
        ("created_at", str),
        ("migrations", dict),
        ("counts", dict),
        ("data", dict),
        ("files", list),
    ):
        if not isinstance(manifest[key], kind):
            raise TypeError(f"«{key}» no es {kind.__name__}")
    for entry in [manifest["data"], *manifest["files"]]:
        if not isinstance(entry["size"], int) or not isinstance(entry["sha256"], str):
            raise ValueError(f"tamaño o suma inválidos para «{entry['path']}»")
    for entry in manifest["files"]:
        name = entry["path"]
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or "\\" in name or ".." in parts:
            raise ValueError(f"ruta de archivo no válida: «{name}»")
        if not isinstance(entry["field"], str):
            raise ValueError(f"campo inválido para «{name}»")


def _check_migrations(manifest: dict, connection) -> None:
    """Refuse unless the target's migrations are exactly those the archive was written with."""
    archived = {app: sorted(names) for app, names in manifest["migrations"].items()}
    current = {app: sorted(names) for app, names in migration_state(connection).items()}
    if archived == current:
        return
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.graph.nodes)
    for app_label in sorted(set(archived) | set(current)):
        theirs, ours = archived.get(app_label, []), current.get(app_label, [])
        if theirs == ours:
            continue
        unknown = [name for name in theirs if (app_label, name) not in known]
        if unknown:
            raise BackupError(
                f"La copia es de una versión más nueva de planaccion: la aplicación «{app_label}» "
                f"tiene la migración {', '.join(unknown)}, que esta instalación no conoce. "
                "Actualice planaccion a la versión con que se hizo la copia y vuelva a intentarlo."
            )
        pending = [name for name in theirs if (app_label, name) not in loader.applied_migrations]
        if pending:
            raise BackupError(
                f"Esta base de datos no tiene aplicada la migración {app_label}.{pending[0]}, que "
                "sí tiene la copia: ejecute «python manage.py migrate» y vuelva a intentarlo."
            )
        described = ", ".join(ours) or "ninguna"
        raise BackupError(
            f"Esta base de datos tiene migraciones de la aplicación «{app_label}» ({described}) "
            f"más nuevas que las de la copia ({', '.join(theirs) or 'ninguna'}). Restaure con "
            "la versión de planaccion con que se hizo la copia y migre después."
        )


def _check_empty(using: str) -> None:
    model_list = [
        model
        for model in backed_up_models(using)
        if model._meta.label_lower not in REPLACED_ON_RESTORE
    ]
    model_list.sort(
        key=lambda model: (
            EMPTINESS_ORDER.index(model._meta.label_lower)
            if model._meta.label_lower in EMPTINESS_ORDER
            else len(EMPTINESS_ORDER)
        )
    )
    found = []
    for model in model_list:
        count = model._base_manager.using(using).count()
        if count:
            found.append(quantity(count, model))
        if len(found) == 3:
            break
    if found:
        raise BackupError(
            f"La instancia de destino no está vacía: tiene {enumeration(found)}. "
            "Restaure en una base de datos recién migrada."
        )


def verify_archive(archive: zipfile.ZipFile, manifest: dict) -> dict[str, object]:
    """Check data.jsonl and every file against the manifest; return each file's storage."""
    data = manifest["data"]
    if not _matches(archive, DATA, data["size"], data["sha256"]):
        raise BackupError(
            f"Los datos de la copia ({DATA}) no coinciden con su suma SHA-256 del manifiesto: la "
            "copia está dañada o fue modificada. No se restauró nada."
        )
    storages = {}
    for entry in manifest["files"]:
        name = entry["path"]
        if not _matches(archive, FILES_DIR + name, entry["size"], entry["sha256"]):
            raise BackupError(
                f"El archivo «{name}» de la copia no coincide con su suma SHA-256 del manifiesto: "
                "la copia está dañada o fue modificada. No se restauró nada."
            )
        storages[name] = _storage_of(entry["field"])
    return storages


def _matches(archive: zipfile.ZipFile, member: str, size: int, sha256: str) -> bool:
    digest, read = hashlib.sha256(), 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK_SIZE):
                digest.update(chunk)
                read += len(chunk)
    except KeyError as exc:
        raise BackupError(
            f"Falta «{member}» en la copia: está incompleta. No se restauró nada."
        ) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise BackupError(
            f"La copia está dañada: no se pudo leer «{member}» ({exc}). No se restauró nada."
        ) from exc
    return read == size and digest.hexdigest() == sha256


def _storage_of(field_label: str):
    model_label, _, field_name = field_label.rpartition(".")
    try:
        return apps.get_model(model_label)._meta.get_field(field_name).storage
    except (LookupError, ValueError, AttributeError) as exc:
        raise BackupError(
            f"La copia guarda archivos del campo «{field_label}», que esta instalación no tiene."
        ) from exc


def _check_targets(manifest: dict, storages: dict) -> set[str]:
    """Names already stored with the same content (kept as they are); refuse a different one."""
    present = set()
    for entry in manifest["files"]:
        name, storage = entry["path"], storages[entry["path"]]
        if not storage.exists(name):
            continue
        digest = hashlib.sha256()
        with storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK_SIZE):
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"Ya existe «{name}» en el almacenamiento de archivos (MEDIA_ROOT) con otro "
                "contenido. Restaure con un MEDIA_ROOT vacío."
            )
        present.add(name)
    return present


def _load(archive, manifest, storages, already_present, using) -> dict[str, int]:
    """Write the verified files, then load the rows in one transaction; undo both on failure."""
    written: list[tuple[object, str]] = []
    try:
        for entry in manifest["files"]:
            if entry["path"] not in already_present:
                _write_file(archive, entry, storages[entry["path"]], written)
        with transaction.atomic(using=using):
            return _load_rows(archive, manifest, using)
    except BaseException as exc:
        for storage, name in written:
            _remove(storage, name)
        if isinstance(exc, CommandError) or not isinstance(exc, Exception):
            raise
        raise BackupError(
            f"No se pudo cargar la copia: {exc}. La base de datos quedó como estaba y se "
            "borraron los archivos ya escritos."
        ) from exc


def _load_rows(archive: zipfile.ZipFile, manifest: dict, using: str) -> dict[str, int]:
    connection = connections[using]
    model_list = backed_up_models(using)
    backed_up = set(model_list)
    for model in reversed(model_list):  # a MIPG policy before the dimension it belongs to
        if model._meta.label_lower in REPLACED_ON_RESTORE:
            model._base_manager.using(using).all().delete()
    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()

    counts: Counter[str] = Counter()
    deferred = []
    with connection.constraint_checks_disabled():
        with archive.open(DATA) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8")
            for row in serializers.deserialize(
                "jsonl", text, using=using, handle_forward_references=True
            ):
                model = type(row.object)
                if model not in backed_up:
                    raise BackupError(
                        f"La copia trae filas de «{model._meta.label}», que no se restaura."
                    )
                row.save(using=using)
                counts[model._meta.label] += 1
                if row.deferred_fields:
                    deferred.append(row)
        for row in deferred:
            row.save_deferred_fields(using=using)
    connection.check_constraints(table_names=[model._meta.db_table for model in model_list])

    expected = {label: count for label, count in manifest["counts"].items() if count}
    if dict(counts) != expected:
        differing = sorted(set(expected.items()) ^ set(counts.items()))
        raise BackupError(
            f"Las filas cargadas no coinciden con el manifiesto de la copia ({differing[0][0]})."
        )
    # Rows came with their ids: move the sequences past them so new rows get fresh ones
    # (PostgreSQL; SQLite's AUTOINCREMENT follows explicit ids by itself).
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return {model._meta.label: counts.get(model._meta.label, 0) for model in model_list}


def _remove(storage, name: str) -> None:
    """Delete a written file and the folders it left empty in a file-system storage."""
    storage.delete(name)
    if not isinstance(storage, FileSystemStorage):  # an object store has no folders to remove
        return
    root = Path(storage.location).resolve()
    folder = Path(storage.path(name)).resolve().parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


SPOOL_BYTES = 8 * 2**20


class _HashingReader:
    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


def _write_file(archive, entry: dict, storage, written: list) -> None:
    name = entry["path"]
    # Copied first into a spooled file (in memory up to a few MB): an object store's upload
    # seeks and closes what it is given, which a zip member read through a hash cannot do.
    with (
        archive.open(FILES_DIR + name) as member,
        tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy,
    ):
        reader = _HashingReader(member)
        shutil.copyfileobj(reader, copy)
        copy.seek(0)
        saved = storage.save(name, File(copy, name=name))
        written.append((storage, saved))
    copied = (reader.size, reader.sha256.hexdigest())
    if saved != name or copied != (entry["size"], entry["sha256"]):
        raise BackupError(f"No se pudo escribir «{name}» tal como está en la copia.")
