"""`manage.py backup` and `restore`: one archive with the rows and the evidence files, restored
whole into an empty instance or not at all."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from audit.models import AuditEntry
from backup import writing
from backup.contents import backed_up_models, file_fields
from followup.models import Evidence
from organization.models import Entity, User
from plans.delivered_plan_types import install_plan_types
from plans.mipg_catalogue import install_mipg_catalogue
from plans.models import MipgDimension, MipgPolicy, Plan, PlanType

# Left out of the archive on purpose (migrate recreates them, or they are transient).
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def row_counts() -> dict[str, int]:
    """Rows of every model and many-to-many table, except those the archive leaves out."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in NOT_BACKED_UP and model._meta.app_label != "axes"
    }


def project_rows() -> int:
    return sum(
        model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"organization", "plans", "followup", "audit"}
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def anything_under(root: Path) -> list[Path]:
    return sorted(root.rglob("*")) if root.exists() else []


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rewrite(archive: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the archive with some members' bytes replaced."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            copy.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return target


def catalogue_rows() -> int:
    """What a freshly migrated instance holds: the plan types and the MIPG catalogue."""
    return PlanType.objects.count() + MipgDimension.objects.count() + MipgPolicy.objects.count()


def empty_the_instance(settings, media_root: Path) -> None:
    """What a freshly migrated instance holds: no rows but the catalogue, no stored files."""
    call_command("flush", interactive=False, verbosity=0)
    install_plan_types(PlanType)
    install_mipg_catalogue(MipgDimension, MipgPolicy)
    settings.MEDIA_ROOT = media_root


@pytest.fixture
def populated(plan_types, settings, tmp_path):
    """The demo instance, with a permission and an admin log entry that refer to content types
    by natural key; returns one user's log-in."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media-origen"
    output = run("load_demo")
    line = next(line for line in output.splitlines() if "usuario:" in line)
    username = line.split("usuario:")[1].split()[0]
    password = line.split("contraseña:")[1].split()[0]
    user = User.objects.get(username=username)
    user.user_permissions.add(Permission.objects.get(codename="view_plan"))
    plan = Plan.objects.filter(plan_type__code="participacion-ciudadana").get()
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Plan),
        object_id=str(plan.pk),
        object_repr=str(plan),
        action_flag=ADDITION,
    )
    return username, password


@pytest.mark.django_db(transaction=True)
def test_a_populated_instance_is_restored_whole_into_an_empty_one(populated, settings, tmp_path):
    username, password = populated
    before = row_counts()
    assert before["organization.Entity"] == 1 and before["followup.Evidence"] >= 1
    assert before["audit.AuditEntry"] > 0 and before["admin.LogEntry"] == 1
    source_media = Path(settings.MEDIA_ROOT)
    evidence = {e.pk: (e.file.name, e.sha256) for e in Evidence.objects.exclude(file="")}
    assert evidence
    for name, checksum in evidence.values():
        assert sha256(source_media / name) == checksum
    # Every file a row names is data: evidence, and the participation apps' actas and evidence.
    data_files = {
        name: sha256(source_media / name)
        for model, model_field in file_fields(backed_up_models())
        for name in model.objects.exclude(**{model_field.name: ""}).values_list(
            model_field.name, flat=True
        )
    }
    assert any(name.startswith("espacios/") or "acta" in name for name in data_files), data_files
    highest = {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first()
        for model in (Entity, AuditEntry, PlanType)
    }
    archive = tmp_path / "copias" / "planaccion.zip"
    archive.parent.mkdir()

    output = run("backup", str(archive))

    assert "Copia de respaldo escrita" in output
    assert [path.name for path in archive.parent.iterdir()] == ["planaccion.zip"]
    with zipfile.ZipFile(archive) as contents:
        manifest = json.loads(contents.read("manifest.json"))
        names = set(contents.namelist())
    assert manifest["format"] == "planaccion-backup"
    assert manifest["counts"]["organization.Entity"] == 1
    assert manifest["migrations"]["plans"]
    assert {f"files/{name}" for name in data_files} <= names
    assert {entry["sha256"] for entry in manifest["files"]} == set(data_files.values())

    empty_the_instance(settings, tmp_path / "media-destino")
    assert not Entity.objects.exists() and not User.objects.exists()
    assert run("restore", "--check", str(archive)).startswith(f"La copia {archive}")

    output = run("restore", str(archive))

    assert "Se restauró la copia" in output and "1 entidad" in output
    assert row_counts() == before
    restored_media = Path(settings.MEDIA_ROOT)
    for pk, (name, checksum) in evidence.items():
        assert Evidence.objects.get(pk=pk).sha256 == checksum
        assert sha256(restored_media / name) == checksum
    for name, checksum in data_files.items():
        assert sha256(restored_media / name) == checksum
    # The rows' files are data; the plans' generated files are not (their task makes them again).
    assert len(stored_files(restored_media)) == len(data_files)
    user = User.objects.get(username=username)
    assert authenticate(RequestFactory().post("/ingresar/"), username=username, password=password)
    assert user.has_perm("plans.view_plan")
    assert LogEntry.objects.get().content_type.model_class() is Plan
    # New rows get ids past the restored ones (sequences were reset on PostgreSQL).
    entity = Entity.objects.create(name="Alcaldía de Otra Parte", nit="890399029-5")
    assert entity.pk > highest[Entity]
    entry = AuditEntry.objects.create(actor_label="prueba", action="x", object_type="x")
    assert entry.pk > highest[AuditEntry]
    assert PlanType.objects.create(code="nuevo", name="Nuevo").pk > highest[PlanType]


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_instance_with_data_is_refused_and_changes_nothing(
    populated, settings, tmp_path
):
    archive = tmp_path / "copia.zip"
    run("backup", str(archive))
    before = row_counts()
    settings.MEDIA_ROOT = tmp_path / "otro-media"

    with pytest.raises(CommandError, match="La instancia de destino no está vacía: tiene 1 ent"):
        run("restore", str(archive))

    assert row_counts() == before
    assert anything_under(tmp_path / "otro-media") == []


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_naming_the_file_and_nothing_is_written(
    populated, settings, tmp_path
):
    archive = tmp_path / "copia.zip"
    run("backup", str(archive))
    name = Evidence.objects.exclude(file="").first().file.name
    with zipfile.ZipFile(archive) as contents:
        original = contents.read(f"files/{name}")
    tampered = rewrite(archive, tmp_path / "alterada.zip", {f"files/{name}": original + b"%"})
    empty_the_instance(settings, tmp_path / "media-destino")

    for command in (("restore", "--check"), ("restore",)):
        with pytest.raises(CommandError, match=f"El archivo «{name}» de la copia no coincide"):
            run(*command, str(tampered))

    assert project_rows() == catalogue_rows()
    assert anything_under(tmp_path / "media-destino") == []


@pytest.mark.django_db(transaction=True)
def test_rows_that_fail_to_load_leave_no_rows_and_no_files(populated, settings, tmp_path):
    archive = tmp_path / "copia.zip"
    run("backup", str(archive))
    with zipfile.ZipFile(archive) as contents:
        manifest = json.loads(contents.read("manifest.json"))
        data = contents.read("data.jsonl")
    # A membership that points at a user the archive does not hold: the files are written by
    # then, and the rows fail to load.
    lines = data.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if b'"organization.membership"' in line)
    row = json.loads(lines[index])
    row["fields"]["user"] = ["nadie"]
    lines[index] = json.dumps(row).encode() + b"\n"
    broken = b"".join(lines)
    manifest["data"].update(size=len(broken), sha256=hashlib.sha256(broken).hexdigest())
    damaged = rewrite(
        archive,
        tmp_path / "filas-rotas.zip",
        {"data.jsonl": broken, "manifest.json": json.dumps(manifest).encode()},
    )
    empty_the_instance(settings, tmp_path / "media-destino")

    with pytest.raises(CommandError, match="No se pudo cargar la copia"):
        run("restore", str(damaged))

    assert project_rows() == catalogue_rows()
    assert anything_under(tmp_path / "media-destino") == []


@pytest.mark.django_db
def test_an_archive_from_other_migrations_is_refused_naming_the_app(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "copia.zip"
    run("backup", str(archive))
    with zipfile.ZipFile(archive) as contents:
        manifest = json.loads(contents.read("manifest.json"))
    manifest["migrations"]["plans"] = ["0099_una_migracion_futura"]
    newer = rewrite(archive, tmp_path / "nueva.zip", {"manifest.json": json.dumps(manifest)})

    with pytest.raises(CommandError, match="la aplicación «plans» tiene la migración 0099"):
        run("restore", str(newer))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"nombre;valor\nplan;1\n", "no es una copia de respaldo de planaccion: no es un archivo"),
        (None, "no es una copia de respaldo de planaccion: no tiene manifest.json"),
        ({"format": "otra-cosa"}, "no es una copia de respaldo de planaccion: su manifest.json"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused(tmp_path, content, message):
    path = tmp_path / "copia.zip"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("data.jsonl", "")
            if content is not None:
                archive.writestr("manifest.json", json.dumps(content))

    with pytest.raises(CommandError, match=message):
        run("restore", str(path))
    with pytest.raises(CommandError, match="No existe el archivo"):
        run("restore", str(tmp_path / "no-existe.zip"))


@pytest.mark.django_db
def test_a_failed_backup_leaves_no_half_archive(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "copias"
    folder.mkdir()

    def broken_disk(*args, **kwargs):
        raise OSError("No queda espacio en el disco")

    monkeypatch.setattr(writing, "_referenced_files", broken_disk)
    with pytest.raises(OSError, match="No queda espacio"):
        run("backup", str(folder / "copia.zip"))

    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    run("backup", str(folder / "copia.zip"))
    with pytest.raises(CommandError, match="Ya existe"):
        run("backup", str(folder / "copia.zip"))
