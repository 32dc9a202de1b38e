from django import forms

from core.money import pesos
from followup.services import ReportData
from plans import values
from plans.forms import MoneyField, value_field
from plans.models import Activity


class RevisionField(forms.IntegerField):
    """The revision of the report the page showed: a write based on an older one is refused.
    Missing, it counts as 0 (no report yet), so a stale page without it is refused too."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=0, required=False, **kwargs)

    def clean(self, value):
        return super().clean(value) or 0


class ReportForm(forms.Form):
    value = value_field("Resultado acumulado")
    numerator = value_field("Numerador")
    denominator = value_field("Denominador")
    delivered = forms.TypedChoiceField(
        label="¿Se entregó el hito?",
        required=False,
        choices=[("", "Sin definir"), ("1", "Sí"), ("0", "No")],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    correction_reason = forms.CharField(
        label="Motivo de la corrección",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=(
            "Solo si reporta una cifra distinta de la que proponen los registros de "
            "participación: por qué (un registro que falta o que no corresponde)."
        ),
    )
    commitments = MoneyField(
        label="Compromisos acumulados ($)",
        help_text="Lo comprometido de la apropiación desde el inicio de la vigencia.",
    )
    obligations = MoneyField(
        label="Obligaciones acumuladas ($)",
        help_text="Lo obligado (bienes y servicios recibidos) desde el inicio de la vigencia.",
    )
    narrative = forms.CharField(
        label="Descripción del avance",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Qué se hizo en el periodo y dónde está la evidencia. Obligatoria para enviar.",
        required=False,
    )
    evidence_file = forms.FileField(
        label="Evidencia (archivo)",
        required=False,
        help_text="PDF, imagen o documento de oficina; máximo 10 MB.",
    )
    evidence_url = forms.URLField(label="Evidencia (enlace)", required=False, assume_scheme="https")
    evidence_description = forms.CharField(
        label="Descripción de la evidencia", required=False, max_length=300
    )
    evidence_public = forms.BooleanField(
        label="Publicar esta evidencia en el portal de transparencia",
        required=False,
        help_text="Solo si no contiene datos personales (Ley 1581 de 2012).",
    )
    revision = RevisionField()

    def __init__(self, *args, activity: Activity, sourced: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = values.Indicator.of(activity)
        if not sourced:
            del self.fields["correction_reason"]
        kind = activity.indicator_type
        unused = {
            Activity.IndicatorType.COUNT: ("numerator", "denominator", "delivered"),
            Activity.IndicatorType.PERCENTAGE: ("value", "delivered"),
            Activity.IndicatorType.MILESTONE: ("value", "numerator", "denominator"),
        }[kind]
        self.appropriation = activity.appropriation
        if not activity.uses_budget:
            unused += ("commitments", "obligations")
        for name in unused:
            del self.fields[name]
        if activity.uses_budget and activity.appropriation is not None:
            self.fields[
                "commitments"
            ].help_text += f" La apropiación de la actividad es {pesos(activity.appropriation)}."
        if not self.indicator.negative:
            for name in ("value", "numerator", "denominator"):
                if name in self.fields:
                    self.fields[name].widget.attrs["min"] = "0"
        if "value" in self.fields and activity.indicator_target is not None:
            self.fields["value"].help_text = (
                f"Acumulado desde el inicio de la vigencia; la meta anual es "
                f"{activity.indicator_target.normalize():f}"
                f"{' ' + activity.indicator_unit if activity.indicator_unit else ''}."
            )

    def clean(self):
        data = super().clean()
        for problem in values.report_problems(
            self.indicator,
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            delivered=data.get("delivered"),
        ):
            self.add_error(problem.field, problem.message)
        if "commitments" in self.fields and not {"commitments", "obligations"} & set(self.errors):
            for problem in values.budget_problems(
                appropriation=self.appropriation,
                commitments=data.get("commitments"),
                obligations=data.get("obligations"),
            ):
                self.add_error(problem.field, problem.message)
        return data

    def report_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            narrative=data["narrative"],
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            delivered=data.get("delivered"),
            correction_reason=data.get("correction_reason", ""),
            commitments=data.get("commitments"),
            obligations=data.get("obligations"),
        )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Observaciones de Planeación",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=(
            "Obligatorias para devolver (qué debe corregir el responsable); al validar quedan "
            "en el historial del seguimiento."
        ),
    )
    revision = RevisionField()


class VerificationForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label="¿Está de acuerdo con el avance validado?",
        choices=[("1", "Sí, de acuerdo"), ("0", "No: ajusto el avance")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    observation = forms.CharField(
        label="Observación de Control Interno",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="Obligatoria si ajusta el avance: diga por qué.",
    )
    public = forms.BooleanField(label="Publicar esta verificación en el portal", required=False)
    revision = RevisionField()

    field_order = ["agrees", "adjusted_executed", "observation", "public"]

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = values.Indicator.of(activity)
        limit = self.indicator.percent_limit
        self.fields["adjusted_executed"] = forms.DecimalField(
            label="Avance ejecutado ajustado (%)",
            required=False,
            widget=forms.NumberInput(
                attrs={
                    "step": "0.01",
                    "min": f"{-limit if self.indicator.negative else 0}",
                    "max": f"{limit}",
                }
            ),
            help_text=f"{self.indicator.percent_range.capitalize()}.",
        )
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        if "agrees" in data:
            for problem in values.adjustment_problems(
                self.indicator,
                agrees=data["agrees"],
                adjusted=data.get("adjusted_executed"),
                observation=data.get("observation", ""),
            ):
                self.add_error(problem.field, problem.message)
        return data


class ReopenForm(forms.Form):
    until = forms.DateField(
        label="Reabrir hasta", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label="Motivo", max_length=500)


class IndicatorSourceForm(forms.Form):
    """Planeación links an activity's indicator to the participation records that feed it."""

    activity = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.ChoiceField(
        label="Fuente del indicador",
        required=False,
        choices=[
            ("", "Ninguna: el resultado se escribe a mano"),
            *Activity.IndicatorSource.choices,
        ],
    )
    event_kind = forms.ChoiceField(
        label="Tipo de espacio",
        required=False,
        help_text="Solo para las fuentes de espacios de diálogo; vacío: todos los tipos.",
    )

    def __init__(self, *args, event_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_kind"].choices = [("", "Todos los tipos"), *event_kinds]
