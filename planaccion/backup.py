"""Backup and restore of a whole instance: the database content and the stored files in one ZIP.

Layout of the archive (see docs/backup.md):

    data.jsonl      every row, as Django's JSON Lines serialization with natural foreign keys
    files/<name>    every file a FileField refers to, under its storage name
    manifest.json   format and version, creation time, the migrations applied per app, the row
                    count per model, and the size and SHA-256 of data.jsonl and of every file

Models come from the apps registry, so an app added later is included without touching this
module. Left out: content types and permissions (migrate recreates them; rows refer to them by
natural key), sessions, and django-axes' log-in attempts.

Both directions stream: rows are serialized one by one into the ZIP member and files are copied in
chunks, so neither the database nor the files are ever held in memory. A backup is written to a
temporary file beside the target and renamed at the end; a restore verifies the manifest, the
migrations, that the instance is empty and every checksum before it writes anything, loads the
rows in one transaction and removes the files it wrote if anything fails.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.files import File
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "planaccion-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES_DIR = "files/"
CHUNK_SIZE = 1024 * 1024
ROWS_PER_QUERY = 2000

# Recreated by migrate (contenttypes, permissions) or not worth keeping (sessions).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# django-axes keeps transient log-in attempts and access logs.
EXCLUDED_APPS = {"axes"}
# Catalogues a data migration fills in a freshly migrated database: a restore replaces them with
# the archive's version instead of counting them as data already there.
REPLACED_ON_RESTORE = {"plans.plantype"}
# The first things named when a target instance is not empty.
EMPTINESS_ORDER = ("organization.entity", settings.AUTH_USER_MODEL.lower(), "plans.plan")


class BackupError(CommandError):
    """A backup or restore refused or failed; the message is for the person running it."""


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


# --- What is backed up -------------------------------------------------------------------------


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every model whose rows go into the archive, ordered so natural keys load first."""
    app_list = [
        (
            app_config,
            [
                model
                for model in app_config.get_models()
                if not model._meta.proxy
                and model._meta.managed
                and model._meta.label_lower not in EXCLUDED_MODELS
                and router.allow_migrate_model(using, model)
            ],
        )
        for app_config in apps.get_app_configs()
        if app_config.label not in EXCLUDED_APPS
    ]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def file_fields(model_list) -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, model_field)
        for model in model_list
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


def migration_state(connection) -> dict[str, list[str]]:
    """The latest applied migrations of each app (more than one only after unmerged branches)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations) & set(loader.graph.nodes)
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        children = loader.graph.node_map[(app_label, name)].children
        if not any(child.key in applied and child.key[0] == app_label for child in children):
            state.setdefault(app_label, []).append(name)
    return state


# --- Backup ------------------------------------------------------------------------------------


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


# --- Restore -----------------------------------------------------------------------------------


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
            found.append(_quantity(count, model))
        if len(found) == 3:
            break
    if found:
        raise BackupError(
            f"La instancia de destino no está vacía: tiene {_enumerate(found)}. "
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
    for model in model_list:
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
    if not hasattr(storage, "location"):
        return
    root = Path(storage.location).resolve()
    folder = Path(storage.path(name)).resolve().parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


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
    with archive.open(FILES_DIR + name) as member:
        reader = _HashingReader(member)
        saved = storage.save(name, File(reader, name=name))
        written.append((storage, saved))
    copied = (reader.size, reader.sha256.hexdigest())
    if saved != name or copied != (entry["size"], entry["sha256"]):
        raise BackupError(f"No se pudo escribir «{name}» tal como está en la copia.")


# --- Wording -----------------------------------------------------------------------------------


def _quantity(count: int, model) -> str:
    opts = model._meta
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


def _enumerate(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} y {items[-1]}"


def plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def describe_date(iso: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%d/%m/%Y %H:%M}"


def describe_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{value:.1f} {unit}".replace(".", ",")


def project_counts(counts: dict[str, int]) -> list[str]:
    """The non-zero counts of the project's own models, worded for a summary."""
    base = Path(settings.BASE_DIR).resolve()
    lines = []
    for label, count in counts.items():
        if not count:
            continue
        model = apps.get_model(label)
        path = Path(model._meta.app_config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            lines.append(_quantity(count, model))
    return lines
