from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Espacios de diálogo y rendición de cuentas"

    def ready(self) -> None:
        from dialogue.personal_data import AttendeeHolder
        from participation import personal_data

        personal_data.register(AttendeeHolder())
