from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig


class CoreConfig(AppConfig):
    """Infrastructure with no domain knowledge: bulk inserts, the paused collector, upload caps,
    the read-replica router, refusals shown on a page, dates as Colombians write them, the one
    fold for comparing text, and the date and number filters of every template. It imports no
    other app of the project."""

    name = "core"
    verbose_name = "núcleo"


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db (the task queue of TASKS_BACKEND=database) under a Spanish name in the
    admin; its fields and statuses are translated in locale/es."""

    verbose_name = "Tareas en segundo plano"
