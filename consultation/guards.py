"""A plan that citizens commented cannot be deleted: their observations, and the consent they
gave, are kept (never deleted). plans cannot know about this app (layers), so the refusal
comes from here, as the same TransitionRefused the plan's delete page already shows."""

from __future__ import annotations

from plans.services.workflow import TransitionRefused


def refuse_deleting_a_consulted_plan(sender, instance, **kwargs) -> None:
    from consultation.models import Consultation

    if Consultation.objects.filter(plan=instance).exists():
        raise TransitionRefused(
            "No se puede eliminar este borrador: tuvo una consulta pública y las observaciones "
            "de la ciudadanía se conservan. Corríjalo o envíelo a revisión."
        )
