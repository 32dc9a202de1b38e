"""The task worker: django-tasks-db's ``db_worker`` under a stable id, which first puts back the
tasks it left running when it was stopped without finishing them (killed, or its machine
restarted), so that they run again."""

from __future__ import annotations

import os
import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.tasks import runs_in_process


class Command(BaseCommand):
    help = (
        "Ejecuta las tareas en segundo plano (TASKS_BACKEND=database). Al arrancar vuelve a poner "
        "en cola las tareas que este mismo trabajador (TASK_WORKER_ID, por defecto el nombre de "
        "la máquina) dejó a medias. Un solo proceso por identificador."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Segundos entre consultas.")
        parser.add_argument(
            "--batch", action="store_true", help="Terminar cuando no queden tareas en cola."
        )

    def handle(self, *args, interval: float, batch: bool, **options):
        if runs_in_process():
            raise CommandError(
                "Las tareas se ejecutan en el mismo proceso (TASKS_BACKEND=immediate): no hay "
                "cola que atender. Fije TASKS_BACKEND=database."
            )
        worker_id = os.environ.get("TASK_WORKER_ID") or socket.gethostname()
        requeued = requeue_unfinished(worker_id)
        if requeued:
            self.stderr.write(f"Tareas interrumpidas vueltas a la cola: {requeued}.")
        call_command(
            "db_worker",
            worker_id=worker_id[:64],
            interval=interval,
            batch=batch,
            queue_name="*",
            reload=False,
            verbosity=options["verbosity"],
        )


def requeue_unfinished(worker_id: str) -> int:
    """Put back to READY the tasks whose last claim is this worker's and that are still RUNNING:
    a worker runs one task at a time, so at its start none of them is really running."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        mine = [r.pk for r in running if r.worker_ids and r.worker_ids[-1] == worker_id[:64]]
        return DBTaskResult.objects.filter(pk__in=mine).update(
            status=TaskResultStatus.READY, started_at=None
        )
