from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Seguimiento"

    def ready(self) -> None:
        from followup import tasks  # noqa: F401  (connects the public files to public writes)
