from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure with no domain knowledge: bulk inserts, the paused collector, upload caps,
    the read-replica router, refusals shown on a page, dates as Colombians write them, the one
    fold for comparing text, and the date and number filters of every template. It imports no
    other app of the project."""

    name = "core"
    verbose_name = "núcleo"
