"""Work that leaves the request (issue 20): a plan's PDF and XLSX are made by a task when its
public content changes and served from storage; a request never renders them. With the
database backend the task waits for `manage.py task_worker`; a worker killed halfway gets its
task back when it starts again; the day's schedule is one command."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from conftest import acta, edit_activity
from core.management.commands.task_worker import requeue_unfinished
from followup import pdf, publication
from followup.tests import steps
from plans.models import Plan
from plans.services import workflow
from portal.tests.calls import count_calls

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def april(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def queued(settings, monkeypatch):
    """Tasks go to the database queue, as with TASKS_BACKEND=database. The worker runs in the
    test's own connection, which it must not close between tasks as a real one does."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def url(plan, fmt="pdf") -> str:
    return f"/entidades/{plan.entity.nit}/planes/{plan.pk}/plan.{fmt}"


def stored(plan, fmt="pdf") -> list[str]:
    try:
        names = default_storage.listdir(f"{publication.FOLDER}/{plan.pk}")[1]
    except FileNotFoundError:
        return []
    return sorted(name for name in names if name.endswith(f".{fmt}"))


def work_the_queue() -> None:
    call_command("task_worker", batch=True, interval=0, stderr=io.StringIO(), verbosity=0)


def test_publishing_makes_the_pdf_and_xlsx_before_anyone_asks(
    ready_plan, planner, approver, django_capture_on_commit_callbacks
):
    from followup import publishing

    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    with django_capture_on_commit_callbacks(execute=True):
        plan = publishing.publish_plan(ready_plan, by=planner)
    assert len(stored(plan, "pdf")) == 1 and len(stored(plan, "xlsx")) == 1


def test_with_a_queue_the_request_never_renders_and_the_worker_makes_the_file(
    client, published_plan, queued, april, monkeypatch
):
    renders = count_calls(monkeypatch, pdf, "plan_pdf")
    for _ in range(5):
        waiting = client.get(url(published_plan))
        assert waiting.status_code == 503
        assert waiting["Retry-After"] == "30"
        assert "El archivo se está preparando" in waiting.content.decode()
    assert renders == [], "no request rendered the PDF"
    assert DBTaskResult.objects.ready().count() == 1, "five requests, one task"
    work_the_queue()
    assert len(renders) == 1
    served = client.get(url(published_plan))
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF")
    assert len(renders) == 1


def test_after_a_change_the_previous_file_is_served_until_the_new_one_is_made(
    client, published_plan, reporter_a, planner, queued, april, django_capture_on_commit_callbacks
):
    publication.refresh(Plan.objects.select_related("entity").get(pk=published_plan.pk))
    before = b"".join(client.get(url(published_plan, "xlsx")).streaming_content)
    report = steps.submit(published_plan.activities.get(number=3), reporter_a, value="2")
    with django_capture_on_commit_callbacks(execute=True):
        steps.validate(report, planner)
    assert DBTaskResult.objects.ready().exists(), "the validation queued the plan's files"
    meanwhile = client.get(url(published_plan, "xlsx"))
    assert meanwhile.status_code == 200
    assert b"".join(meanwhile.streaming_content) == before, "the earlier file, whole"
    work_the_queue()
    after = b"".join(client.get(url(published_plan, "xlsx")).streaming_content)
    assert after != before
    assert len(stored(published_plan, "xlsx")) == 1, "the earlier file is deleted once replaced"


def test_a_worker_started_again_takes_back_what_it_left_running(published_plan, queued, april):
    from followup import tasks

    mine = tasks.refresh_plan_files.enqueue(published_plan.pk)
    other = tasks.refresh_plan_files.enqueue(published_plan.pk)
    for result, worker in ((mine, "nodo-1"), (other, "nodo-2")):
        DBTaskResult.objects.get(pk=result.id).claim(worker)  # then the worker was killed
    assert requeue_unfinished("nodo-1") == 1
    assert DBTaskResult.objects.get(pk=other.id).status == "RUNNING", "another worker's task"
    assert DBTaskResult.objects.get(pk=mine.id).status == "READY"
    work_the_queue()
    assert DBTaskResult.objects.get(pk=mine.id).status == "SUCCESSFUL"
    assert stored(published_plan, "pdf") and stored(published_plan, "xlsx")


def test_the_worker_refuses_to_start_when_tasks_run_in_process(db):
    with pytest.raises(CommandError, match="TASKS_BACKEND=database"):
        call_command("task_worker", batch=True)


def test_the_day_s_schedule_runs_every_task(published_plan, april):
    out = io.StringIO()
    call_command("scheduled_tasks", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "delete_abandoned_uploads: Terminada",
        "send_reminders: Terminada",
        "send_compliance_digests: Terminada",
        "check_rollups: Terminada",
        "refresh_stale_files: Terminada",
        "prune_task_results: Terminada",
        "expire_personal_data: Terminada",
    ]
    assert stored(published_plan, "pdf") and stored(published_plan, "xlsx")


def test_a_scheduled_task_that_fails_says_why_and_the_command_fails(published_plan, monkeypatch):
    from followup import services

    def broken(today):
        raise RuntimeError("el servidor de correo no responde")

    monkeypatch.setattr(services, "send_reminders", broken)
    out = io.StringIO()
    with pytest.raises(CommandError, match="send_reminders: RuntimeError: el servidor de correo"):
        call_command("scheduled_tasks", stdout=out)
    assert "send_reminders: Fallida" in out.getvalue()
    assert "refresh_stale_files: Terminada" in out.getvalue(), "the others still ran"


def test_a_draft_s_pdf_is_made_by_a_task_and_follows_its_changes(
    client, seed_plan, planner, queued
):
    client.force_login(planner)
    address = f"/planes/{seed_plan.pk}/plan.pdf"
    assert client.get(address).status_code == 503
    work_the_queue()
    first = client.get(address)
    assert first.status_code == 200
    first_bytes = b"".join(first.streaming_content)
    edit_activity(seed_plan.activities.get(number=1), by=planner, description="Marca nueva")
    assert client.get(address).status_code == 503, "the draft changed: a new PDF is made"
    work_the_queue()
    second = b"".join(client.get(address).streaming_content)
    assert second != first_bytes
    folder = f"{publication.DRAFTS_FOLDER}/{seed_plan.pk}"
    assert len(default_storage.listdir(folder)[1]) == 1, "the draft's earlier PDF is deleted"


def test_the_queue_forgets_finished_results_after_two_weeks_and_failed_ones_after_ninety_days(
    published_plan, queued, time_machine
):
    from core.tasks import prune_task_results
    from followup import tasks

    time_machine.move_to("2025-01-01 10:00 -0500", tick=False)
    done, failed = (tasks.refresh_plan_files.enqueue(published_plan.pk) for _ in range(2))
    work_the_queue()
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED")
    time_machine.move_to("2025-01-20 10:00 -0500", tick=False)
    pruning = prune_task_results.enqueue()
    work_the_queue()
    assert not DBTaskResult.objects.filter(pk=done.id).exists(), "successful, 19 days old"
    assert DBTaskResult.objects.filter(pk=failed.id).exists(), "failed ones are kept longer"
    assert DBTaskResult.objects.get(pk=pruning.id).status == "SUCCESSFUL"
    time_machine.move_to("2025-04-10 10:00 -0500", tick=False)
    prune_task_results.enqueue()
    work_the_queue()
    assert not DBTaskResult.objects.filter(pk=failed.id).exists()
