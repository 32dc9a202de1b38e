"""Fields every participation form shares: the grupo de valor, the plan activity an exercise
serves, and the Ley 1581 consent box; and the forms of the register and of personal-data
requests."""

from __future__ import annotations

from django import forms
from django.conf import settings

from organization.models import Entity
from participation import characterisation
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


class ValueGroupForm(forms.Form):
    name = forms.CharField(label="Nombre", max_length=150)
    description = forms.CharField(
        label="Descripción",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Quiénes lo forman y por qué la entidad los convoca.",
    )


class CharacterisationRowForm(forms.Form):
    """One aggregate of the characterisation: how many people (or what share) of the group
    fall in a category of a variable."""

    dimension = forms.ChoiceField(
        label="Dimensión", choices=[("", "Seleccione"), *ValueGroup.Dimension.choices]
    )
    variable = forms.CharField(label="Variable", max_length=120)
    category = forms.CharField(label="Categoría", max_length=120)
    value = forms.DecimalField(label="Valor", min_value=0, max_digits=12, decimal_places=2)
    # Its initial value is what the browser sends for an untouched row: that row stays blank.
    unit = forms.ChoiceField(
        label="Unidad", choices=characterisation.UNITS, initial=characterisation.PEOPLE
    )
    source = forms.CharField(label="Fuente", max_length=200, required=False)
    date = forms.DateField(
        label="Fecha del dato",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_variable(self) -> str:
        value = self.cleaned_data["variable"]
        if message := characterisation.variable_error(value):
            raise forms.ValidationError(message)
        return value

    def clean_category(self) -> str:
        value = self.cleaned_data["category"]
        if message := characterisation.category_error(value):
            raise forms.ValidationError(message)
        return value

    def clean(self):
        data = super().clean()
        if "value" in data and "unit" in data:
            try:
                characterisation.parse_value(
                    f"{data['value']}{'%' if data['unit'] == characterisation.PERCENT else ''}"
                )
            except ValueError as error:
                self.add_error("value", str(error))
        return data

    def aggregate(self) -> tuple[str, dict]:
        data = self.cleaned_data
        return characterisation.row(
            data["dimension"],
            data["variable"],
            data["category"],
            data["value"],
            unit=data["unit"],
            source=data["source"],
            date=data["date"],
        )


class _RowFormSet(forms.BaseFormSet):
    def aggregates(self) -> list[tuple[str, dict]]:
        return [
            form.aggregate()
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]


CharacterisationFormSet = forms.formset_factory(
    CharacterisationRowForm, formset=_RowFormSet, extra=3, can_delete=True
)


def characterisation_initial(group: ValueGroup) -> list[dict]:
    return [
        {
            "dimension": dimension,
            "variable": item["variable"],
            "category": item["category"],
            "value": item["value"],
            "unit": item.get("unit", characterisation.PEOPLE),
            "source": item.get("source", ""),
            "date": item.get("date") or None,
        }
        for dimension, item in characterisation.flattened(group.characterisation)
    ]


class CharacterisationImportForm(forms.Form):
    file = forms.FileField(
        label="Archivo CSV o XLSX",
        help_text="Columnas: dimensión, variable, categoría, valor, fuente. Reemplaza la "
        "caracterización actual del grupo.",
    )
    date = forms.DateField(
        label="Fecha de los datos",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Cargue un archivo .csv o .xlsx.")
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError("El archivo es demasiado pesado.")
        return upload


class PersonalDataRequestForm(forms.Form):
    """A titular's request (Ley 1581, art. 8), received by mail or in person."""

    email = forms.EmailField(label="Correo electrónico del titular")
    radicado = forms.CharField(label="Radicado o número de la solicitud", max_length=60)
    received = forms.DateField(
        label="Fecha de la solicitud", widget=forms.DateInput(attrs={"type": "date"})
    )

    def request_data(self) -> dict[str, str]:
        data = self.cleaned_data
        return {"radicado": data["radicado"].strip(), "fecha_solicitud": data["received"]}


class PersonalDataEraseForm(PersonalDataRequestForm):
    reason = forms.CharField(
        label="Motivo de la supresión",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Por ejemplo: «El titular pidió la supresión de sus datos por correo».",
    )

    def request_data(self) -> dict[str, str]:
        return {**super().request_data(), "motivo": self.cleaned_data["reason"].strip()}
