"""A large import (over 500 activities) is carried out by a task; its page follows it (issue 20).
The threshold is lowered here so that the seed's nine activities count as large."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from followup import import_views
from followup.models import ImportJob
from followup.tests.test_background_work import DATABASE_TASKS
from plans.models import Plan

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401


@pytest.fixture
def large(monkeypatch, settings, tmp_path):
    """Nine activities count as large; uploads go to a folder of the test's own."""
    monkeypatch.setattr(import_views, "LARGE_IMPORT_ACTIVITIES", 5)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def queued(settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def work_the_queue() -> None:
    call_command("task_worker", batch=True, interval=0, stderr=io.StringIO(), verbosity=0)


def preview(client, seed_bytes) -> str:
    response = client.post(
        "/planes/importar/", {"file": SimpleUploadedFile("plan.txt", seed_bytes)}
    )
    assert response.status_code == 200
    return response.context["token"]


def uploads() -> list[str]:
    try:
        return default_storage.listdir("importaciones")[1]
    except FileNotFoundError:
        return []


def test_a_large_import_is_queued_and_its_page_follows_it_to_the_plan(
    client, planner, seed_bytes, large, queued
):
    client.force_login(planner)
    token = preview(client, seed_bytes)
    response = client.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/planes/importar/trabajos/{job.pk}/"
    assert not Plan.objects.exists(), "nothing saved by the request"
    assert uploads() == [token], "the upload waits for the task"
    page = client.get(response["Location"]).content.decode()
    assert "Estado: En cola" in page and "9 actividades" in page
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()

    work_the_queue()
    plan = Plan.objects.get()
    assert plan.activities.count() == 9
    job.refresh_from_db()
    assert (job.status, job.plan) == (ImportJob.Status.DONE, plan)
    done = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Estado: Terminada" in done and f"/planes/{plan.pk}/editar/" in done
    assert "hx-trigger" not in done, "the page stops asking"
    assert uploads() == [], "the upload is deleted once imported"


def test_a_large_import_refused_by_the_task_saves_nothing_and_says_why(
    client, planner, seed_bytes, large, queued
):
    client.force_login(planner)
    first, second = preview(client, seed_bytes), preview(client, seed_bytes)
    for token in (first, second):
        client.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    work_the_queue()
    done, refused = ImportJob.objects.order_by("pk")
    assert done.status == ImportJob.Status.DONE
    assert refused.status == ImportJob.Status.FAILED
    assert "Ya existe" in refused.error or "ya existe" in refused.error
    page = client.get(f"/planes/importar/trabajos/{refused.pk}/").content.decode()
    assert "No se importó nada" in page and "Estado: Rechazada" in page
    assert Plan.objects.count() == 1
    assert uploads() == []


def test_without_a_worker_the_large_import_is_done_when_its_page_opens(
    client, planner, seed_bytes, large
):
    client.force_login(planner)
    token = preview(client, seed_bytes)
    response = client.post(f"/planes/importar/{token}/", {"action": "confirmar"}, follow=True)
    assert "Estado: Terminada" in response.content.decode()
    assert Plan.objects.get().activities.count() == 9


def test_a_job_is_its_requester_s_alone(client, planner, other_planner, seed_bytes, large, queued):
    client.force_login(planner)
    token = preview(client, seed_bytes)
    client.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    job = ImportJob.objects.get()
    client.force_login(other_planner)
    assert client.get(f"/planes/importar/trabajos/{job.pk}/").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_job_page_shows_the_plan_when_the_worker_is_done_without_reloading(
    live_server, log_in, planner, seed_bytes, large, queued
):
    page = log_in(planner)
    page.goto(f"{live_server.url}/planes/importar/")
    page.get_by_label("Archivo del plan").set_input_files(
        {"name": "plan.txt", "mimeType": "text/plain", "buffer": seed_bytes}
    )
    page.get_by_role("button", name="Ver cómo se lee").click()
    page.get_by_role("button", name="Confirmar e importar").click()
    expect(page.get_by_role("heading", name="Estado: En cola")).to_be_visible()
    assert violations(page) == []
    job_url = page.url
    work_the_queue()
    expect(page.get_by_role("link", name="Abrir el plan importado")).to_be_visible(timeout=10_000)
    assert page.url == job_url, "updated in place"
    assert violations(page) == []
    page.get_by_role("link", name="Abrir el plan importado").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participación")
