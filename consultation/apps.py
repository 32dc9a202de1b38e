from django.apps import AppConfig
from django.db.models.signals import pre_delete


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consulta pública de los planes"

    def ready(self) -> None:
        from consultation.guards import refuse_deleting_a_consulted_plan
        from consultation.personal_data import CommentHolder
        from participation.personal_data import register
        from plans.models import Plan

        register(CommentHolder())
        pre_delete.connect(
            refuse_deleting_a_consulted_plan, sender=Plan, dispatch_uid="consultation-plan-delete"
        )
