"""Background work through Django's task interface.

Django 6 has it built in (``django.tasks``); on Django 5.2 the ``django-tasks`` backport gives the
same names, so the code that defines and enqueues tasks moves to Django 6 by this import alone.
The backend is chosen in settings (TASKS_BACKEND): immediate by default, so that a single machine
needs no worker; the database backend (django-tasks-db) queues work for ``manage.py task_worker``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone

try:  # Django 6
    from django.tasks import task, task_backends  # type: ignore[import-not-found]
    from django.tasks.backends.immediate import ImmediateBackend  # type: ignore[import-not-found]
except ImportError:  # Django 5.2
    from django_tasks import task, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

__all__ = ["enqueue_once", "prune_task_results", "runs_in_process", "task"]

# How long the queue keeps a finished task's result: the successful ones, and the failed ones
# (read in the admin when something went wrong).
KEEP_DAYS, KEEP_FAILED_DAYS = 14, 90


def runs_in_process() -> bool:
    """Whether an enqueued task has already run when ``enqueue`` returns (no worker)."""
    return isinstance(task_backends["default"], ImmediateBackend)


def enqueue_once(key: str, seconds: int, work, *args: Any) -> bool:
    """Enqueue ``work`` unless the same ``key`` was enqueued in the last ``seconds``: many
    requests asking for one missing file queue one task. Whether it was enqueued now."""
    if not runs_in_process() and not cache.add(f"task-once:{key}", 1, seconds):
        return False
    work.enqueue(*args)
    return True


@task()
def prune_task_results() -> int:
    """Delete the queue's results finished more than KEEP_DAYS ago (failed: KEEP_FAILED_DAYS);
    how many. Nothing to do when tasks run in the process, which keeps no results."""
    if runs_in_process():
        return 0
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    finished = DBTaskResult.objects.finished()
    old = finished.exclude(status=TaskResultStatus.FAILED).filter(
        finished_at__lte=now - datetime.timedelta(days=KEEP_DAYS)
    )
    old_failed = finished.filter(
        status=TaskResultStatus.FAILED,
        finished_at__lte=now - datetime.timedelta(days=KEEP_FAILED_DAYS),
    )
    return old.delete()[0] + old_failed.delete()[0]
