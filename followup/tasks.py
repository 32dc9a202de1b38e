"""The follow-up's background work (core.tasks): the public files of published plans, and the
day's schedule (reminders, roll-up checks, abandoned import uploads).

Each task takes ids, reads the rows afresh and does nothing twice: run again after a worker was
killed halfway (``task_worker`` puts its unfinished tasks back), it finishes the job.
"""

from __future__ import annotations

import datetime
import logging
from io import StringIO

from django.core import management
from django.utils import timezone

from core.tasks import enqueue_once, prune_task_results, task
from followup import compliance_digest, importing, opendata, publication, services
from followup.models import ImportJob
from formats.document import ImportFileError
from organization.models import Entity
from organization.public_cache import public_changed
from participation.tasks import expire_personal_data
from plans import pending_uploads
from plans.models import Plan

# How long one missing file's task is not enqueued again by the requests that miss it.
ENQUEUE_SECONDS = 120

logger = logging.getLogger(__name__)


@task()
def refresh_plan_files(plan_id: int) -> list[str]:
    """Generate the public plan's PDF and XLSX for its current public state, if missing: a
    published plan, or one replaced since (archived), whose files stay at its address."""
    plan = (
        Plan.objects.filter(
            pk=plan_id, status__in=publication.PUBLIC_STATUSES, published_at__isnull=False
        )
        .select_related("entity", "plan_type")
        .first()
    )
    return publication.refresh(plan) if plan is not None else []


@task()
def render_draft_pdf(plan_id: int) -> bool:
    """Generate the PDF of a plan the public cannot see yet, for its current content."""
    plan = Plan.objects.filter(pk=plan_id).select_related("entity", "plan_type").first()
    return publication.render_draft(plan) if plan is not None else False


@task()
def refresh_entity_files(entity_id: int) -> int:
    """The same for every published plan of the entity; how many plans got new files."""
    entity = Entity.objects.filter(pk=entity_id).first()
    if entity is None:
        return 0
    return sum(bool(publication.refresh(plan)) for plan in opendata.published_plans(entity))


def ask_for_public_files(plan: Plan, name: str) -> None:
    """A request missed the plan's current file ``name``: have it made (once, however many ask)."""
    enqueue_once(name, ENQUEUE_SECONDS, refresh_plan_files, plan.pk)


def ask_for_draft_pdf(plan: Plan, name: str) -> None:
    enqueue_once(name, ENQUEUE_SECONDS, render_draft_pdf, plan.pk)


def public_file(plan: Plan, fmt: str):
    """The plan's public file as a request gets it (followup.publication.public_file)."""
    return publication.public_file(plan, fmt, missing=ask_for_public_files)


def plan_pdf_file(plan: Plan):
    """The plan's PDF for its plan page: the public one once the public can see the plan,
    else its draft's, each made by a task (NotReady until the first is there)."""
    if publication.is_public(plan):
        return public_file(plan, "pdf")
    return publication.draft_pdf(plan, missing=ask_for_draft_pdf)


def on_public_change(sender, *, entity_ids: list[int], plan_id: int | None, **kwargs) -> None:
    """A write to public data committed: regenerate what it changed (connected in apps.ready)."""
    if plan_id is not None:
        refresh_plan_files.enqueue(plan_id)
        return
    for entity_id in entity_ids:
        refresh_entity_files.enqueue(entity_id)


public_changed.connect(on_public_change, dispatch_uid="followup.tasks.on_public_change")


@task()
def send_reminders(day: str | None = None) -> int:
    """The day's reminders (mail to each reporter with pending activities)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return services.send_reminders(today)


@task()
def send_compliance_digests(day: str | None = None) -> int:
    """The weekly compliance mail to each oversight office: sent on the week's first run (daily
    schedule: Mondays), only with what changed."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return compliance_digest.send_compliance_digests(today)


@task()
def delete_abandoned_uploads() -> int:
    """Import uploads left in preview more than a day without being confirmed or cancelled."""
    return pending_uploads.delete_abandoned(older_than=datetime.timedelta(days=1))


@task()
def check_rollups() -> str:
    """Recompute every published plan's roll-ups and correct any difference (logged)."""
    out = StringIO()
    management.call_command("check_rollups", rebuild=True, stdout=out)
    lines = out.getvalue().strip().splitlines()
    if len(lines) > 1:  # a line per difference before the summary
        logger.warning("check_rollups corrigió diferencias:\n%s", "\n".join(lines))
    return lines[-1] if lines else ""


@task()
def refresh_stale_files() -> int:
    """Enqueue the files of every entity with published plans: at the day's turn a plan's
    stage may move on (a cut-off passed), and refresh skips what is current."""
    entity_ids = opendata.published_plans().order_by().values_list("entity_id", flat=True)
    count = 0
    for entity_id in sorted(set(entity_ids)):
        refresh_entity_files.enqueue(entity_id)
        count += 1
    return count


@task()
def run_import_job(job_id: int) -> str:
    """Carry out a large import confirmed in its preview (followup.ImportJob): all or nothing,
    as in the request; the job says how it went, and the upload is deleted either way."""
    job = ImportJob.objects.select_related("entity", "requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "nada que hacer"
    job.status, job.stage = ImportJob.Status.RUNNING, f"Leyendo «{job.file_name}» y guardando "
    job.stage += f"sus {job.activities} actividades"
    job.save(update_fields=["status", "stage"])
    try:
        content = pending_uploads.read_stored(job.stored_name)
        _document, result = importing.import_upload(
            content, job.file_name, job.entity, job.options, by=job.requested_by, dry_run=False
        )
    except FileNotFoundError:
        _end(job, error="El archivo cargado ya no está disponible; cárguelo de nuevo.")
    except ImportFileError as error:
        _end(job, error=importing.refused(error)[1])
    else:
        _end(job, plan=result.plan, activities=result.activities)
    finally:
        pending_uploads.delete_stored(job.stored_name)
    return job.status


def _end(job: ImportJob, *, error: str = "", plan: Plan | None = None, activities: int = 0):
    job.status = ImportJob.Status.FAILED if error else ImportJob.Status.DONE
    job.error, job.plan, job.finished_at = error, plan, timezone.now()
    job.stage = "Importación rechazada" if error else f"{activities} actividades guardadas"
    job.save(update_fields=["status", "error", "plan", "finished_at", "stage"])


# What `manage.py scheduled_tasks` enqueues each time it runs (daily by cron, or its own loop).
SCHEDULE = (
    delete_abandoned_uploads,
    send_reminders,
    send_compliance_digests,
    check_rollups,
    refresh_stale_files,
    prune_task_results,
    expire_personal_data,
)
