from __future__ import annotations

from django import forms

from development.models import DevelopmentPlan, Goal, Program, StrategicLine
from organization.models import Unit


class PlanForm(forms.ModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["name", "start_year", "adopting_act"]
        labels = {"start_year": "Primer año del cuatrienio (p. ej. 2024 para 2024–2027)"}


class LineForm(forms.ModelForm):
    class Meta:
        model = StrategicLine
        fields = ["code", "name"]


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["sector", "code", "name"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "kind",
            "code",
            "description",
            "indicator",
            "unit",
            "baseline",
            "target",
            "target_1",
            "target_2",
            "target_3",
            "target_4",
            "responsible_unit",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            entity_id=plan.entity_id
        ).order_by("name")
        for index, year in enumerate(plan.years, start=1):
            self.fields[f"target_{index}"].label = f"Meta {year}"


FORMS = {StrategicLine: LineForm, Program: ProgramForm, Goal: GoalForm}


class MeasureForm(forms.Form):
    year = forms.TypedChoiceField(label="Año", coerce=int)
    value = forms.DecimalField(
        label="Valor alcanzado (vacío: sin medición)",
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(label="Fuente u observación", max_length=300, required=False)

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in plan.years]


class LinkForm(forms.Form):
    activity = forms.IntegerField(widget=forms.HiddenInput)
    goal = forms.ModelChoiceField(label="Meta de producto", queryset=Goal.objects.none())
    weight = forms.DecimalField(
        label="Peso", min_value=0.01, max_digits=7, decimal_places=2, initial=1
    )

    def __init__(self, *args, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if goals is not None:
            self.fields["goal"].queryset = goals


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Plan Indicativo (.xlsx o .csv)",
        help_text="Una fila por meta, con columnas como Línea estratégica, Programa, Código, "
        "Meta de producto, Indicador, Unidad de medida, Línea base, Meta cuatrienio y la meta "
        "de cada año.",
    )
