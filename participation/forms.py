"""Fields every participation form shares: the grupo de valor, the plan activity an exercise
serves, and the Ley 1581 consent box."""

from __future__ import annotations

from django import forms

from organization.models import Entity
from participation.models import ValueGroup
from plans.models import Activity, Plan


def value_groups(entity: Entity):
    return ValueGroup.objects.filter(entity=entity, active=True)


class ValueGroupField(forms.ModelChoiceField):
    def __init__(self, entity: Entity, **kwargs):
        kwargs.setdefault("label", "Grupo de valor")
        kwargs.setdefault("empty_label", "Seleccione su grupo de valor")
        super().__init__(queryset=value_groups(entity), **kwargs)


class ValueGroupsField(forms.ModelMultipleChoiceField):
    def __init__(self, entity: Entity, **kwargs):
        kwargs.setdefault("label", "Grupos de valor")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=value_groups(entity), **kwargs)


def served_activities(entity: Entity):
    """Activities an exercise can serve: those of the entity's plans in force or in
    formulation (the latest version of each, never an archived one)."""
    return (
        Activity.objects.filter(plan__entity=entity)
        .filter(plan__next_version__isnull=True)
        .exclude(plan__status=Plan.Status.ARCHIVED)
        .select_related("plan")
        .order_by("-plan__year", "plan__title", "number")
    )


class ServedActivityField(forms.ModelChoiceField):
    """«Actividad del plan a la que sirve»: what links a record to an indicator
    (followup.sources counts the records of an activity and of its earlier versions)."""

    def __init__(self, entity: Entity, **kwargs):
        kwargs.setdefault("label", "Actividad del plan a la que sirve")
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "Ninguna")
        super().__init__(queryset=served_activities(entity), **kwargs)

    def label_from_instance(self, activity: Activity) -> str:
        return f"{activity.plan.title} ({activity.plan.year}) · {activity}"


class ConsentField(forms.BooleanField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        kwargs.setdefault("label", "Acepto el tratamiento de mis datos en estos términos")
        kwargs.setdefault(
            "error_messages",
            {"required": "Debe aceptar el tratamiento de datos para que podamos guardar su envío."},
        )
        super().__init__(**kwargs)
