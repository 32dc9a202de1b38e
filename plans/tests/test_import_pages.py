"""Import in the browser: upload, preview (nothing saved), confirm or cancel."""

import io
import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.management import call_command
from django.test.client import FakePayload

from audit.models import AuditEntry
from formats.writers import render
from plans import pending_uploads, selectors
from plans.models import Plan


def test_a_preview_saves_nothing_and_confirming_imports(
    client, planner, seed_bytes, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(planner)
    entries = AuditEntry.objects.count()
    response = client.post(
        "/planes/importar/", {"file": SimpleUploadedFile("plan.txt", seed_bytes)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aún no se ha guardado nada" in page
    assert "<td>MES 4</td><td>Mes 4 del cronograma</td>" in page
    assert "Sec. de Sevicios Administrativos" in page and "línea 40" in page
    assert not Plan.objects.exists() and AuditEntry.objects.count() == entries
    token = response.context["token"]
    assert list((tmp_path / "importaciones").iterdir()) == [tmp_path / "importaciones" / token]
    response = client.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    plan = Plan.objects.get()
    assert response["Location"] == f"/planes/{plan.pk}/editar/"
    assert plan.activities.count() == 9
    assert not any((tmp_path / "importaciones").iterdir())


def test_cancelling_deletes_the_upload(client, planner, seed_bytes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(planner)
    response = client.post(
        "/planes/importar/", {"file": SimpleUploadedFile("plan.txt", seed_bytes)}
    )
    token = response.context["token"]
    client.post(f"/planes/importar/{token}/", {"action": "cancelar"})
    assert not Plan.objects.exists()
    assert not any((tmp_path / "importaciones").iterdir())
    assert client.post(f"/planes/importar/{token}/", {"action": "confirmar"}).status_code == 302
    assert not Plan.objects.exists()


def test_a_bad_file_gets_its_place_next_to_the_field(client, planner, seed_bytes):
    client.force_login(planner)
    lines = seed_bytes.decode().split("\n")
    lines[17] = "Fecha Aprobación: 31/02/2024"
    response = client.post(
        "/planes/importar/",
        {"file": SimpleUploadedFile("malo.txt", "\n".join(lines).encode())},
    )
    assert response.status_code == 422
    assert "malo.txt, línea 18" in response.content.decode()
    assert not Plan.objects.exists()


def test_an_excel_file_previews_with_sheet_and_rows(client, planner, seed_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = render("xlsx", *selectors.open_data(seed_plan))
    client.force_login(planner)
    response = client.post(
        "/planes/importar/",
        {"file": SimpleUploadedFile("plan.xlsx", data), "year": "2030"},
    )
    page = response.content.decode()
    assert "hoja «Plan de acción», fila 17" in page
    assert "<td>Vigencia</td>" not in page and ">2030<" in page


def test_only_planners_import(client, viewer):
    client.force_login(viewer)
    assert client.get("/planes/importar/").status_code == 403


# -- uploads past the cap (core.uploads) -------------------------------------------------

KEPT: list[int] = []  # bytes the handlers after the cap were given, by Kept


class Kept(FileUploadHandler):
    """Put after the capped handler: counts what it lets through."""

    def receive_data_chunk(self, raw_data, start):
        KEPT.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


def test_a_file_just_over_the_cap_is_refused_without_being_kept(client, planner, settings):
    handlers = settings.FILE_UPLOAD_HANDLERS
    settings.FILE_UPLOAD_HANDLERS = [handlers[0], f"{__name__}.Kept", *handlers[1:]]
    KEPT.clear()
    client.force_login(planner)
    cap = settings.UPLOAD_MAX_BYTES
    response = client.post(
        "/planes/importar/", {"file": SimpleUploadedFile("plan.xlsx", b"x" * (cap + 1))}
    )
    assert response.status_code == 422
    assert "El archivo pesa más de 20 MB; el máximo es 20 MB." in response.content.decode()
    assert sum(KEPT) <= cap


def test_a_body_far_over_the_cap_is_not_read_to_its_end(client, planner, settings, monkeypatch):
    settings.UPLOAD_MAX_BYTES = 2**20
    read = []
    original = FakePayload.read

    def counted(self, size=None):
        chunk = original(self, size)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(FakePayload, "read", counted)
    client.force_login(planner)
    response = client.post(
        "/planes/importar/", {"file": SimpleUploadedFile("plan.xlsx", b"x" * 8 * 2**20)}
    )
    assert response.status_code == 400
    assert sum(read) < 2 * 2**20, "stopped soon after the cap, not at the end of 8 MB"


# -- previews never confirmed nor cancelled --------------------------------------------------


def test_the_daily_task_deletes_the_files_of_previews_abandoned_for_a_day(
    client, planner, seed_bytes, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(planner)
    tokens = [
        client.post(
            "/planes/importar/", {"file": SimpleUploadedFile("plan.txt", seed_bytes)}
        ).context["token"]
        for _ in range(2)
    ]
    abandoned, recent = (tmp_path / "importaciones" / token for token in tokens)
    a_day_ago = time.time() - 24 * 3600 - 60
    os.utime(abandoned, (a_day_ago, a_day_ago))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "Archivos de importaciones abandonadas borrados: 1." in out.getvalue()
    assert not abandoned.exists() and recent.exists()
    response = client.post(f"/planes/importar/{tokens[0]}/", {"action": "confirmar"}, follow=True)
    assert "La importación ya no está disponible" in response.content.decode()
    assert not Plan.objects.exists()
    assert pending_uploads.delete_abandoned() == 0, "the recent one stays until it is a day old"
