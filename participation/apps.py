from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participación ciudadana"

    def ready(self) -> None:
        from participation import personal_data

        personal_data.register(personal_data.ConsentHolder())
