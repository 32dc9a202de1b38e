from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consulta pública de los planes"

    def ready(self) -> None:
        from consultation.personal_data import CommentHolder
        from participation.personal_data import register

        register(CommentHolder())
