from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Max

from dialogue.models import Commitment, Event
from followup.models import Verification
from improvement.models import IMPROVEMENT_PLAN_TYPE, Finding
from organization.models import Unit
from plans.models import Activity, Plan
from plans.services.editing import ActivityData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, activity: Activity) -> str:
        return f"{activity.plan.title} (v{activity.plan.version}) · {activity}"


class FindingForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Finding
        fields = [
            "code",
            "title",
            "source",
            "source_reference",
            "found_on",
            "unit",
            "condition",
            "criterion",
            "cause",
            "effect",
            "verification",
            "event",
            "commitment",
        ]
        widgets = {
            "found_on": DATE,
            "verification": forms.HiddenInput,
            "condition": forms.Textarea(attrs={"rows": 4}),
            "criterion": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, entity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(entity=entity, is_active=True)
        self.fields["verification"].queryset = Verification.objects.filter(
            report__activity__plan__entity=entity
        )
        self.fields["event"].queryset = Event.objects.filter(entity=entity).order_by("-starts_at")
        self.fields["commitment"].queryset = Commitment.objects.filter(
            event__entity=entity
        ).select_related("event")
        self.fields["event"].label = "Espacio de diálogo de donde sale (si aplica)"
        self.fields["commitment"].label = "Compromiso de donde sale (si aplica)"

    def finding_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def validate_unique(self) -> None:
        """The service checks the whole finding (full_clean) before saving."""


class ActionForm(forms.Form):
    """An improvement action: the activity it becomes in the plan de mejoramiento."""

    plan = forms.ModelChoiceField(
        label="Plan de mejoramiento",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="Crear un plan de mejoramiento nuevo",
        help_text=(
            "Solo se listan los planes en borrador o devueltos. Un plan publicado recibe acciones "
            "nuevas por una nueva versión, como cualquier plan."
        ),
    )
    new_title = forms.CharField(
        label="Título del plan nuevo", max_length=300, required=False,
        help_text="Si crea un plan nuevo. Por omisión, «Plan de Mejoramiento <vigencia>».",
    )  # fmt: skip
    new_year = forms.IntegerField(
        label="Vigencia del plan nuevo", min_value=2000, max_value=2100, required=False
    )
    number = forms.IntegerField(label="N° de la acción", min_value=1)
    description = forms.CharField(
        label="Acción de mejora", widget=forms.Textarea(attrs={"rows": 3})
    )
    deliverables = forms.CharField(label="Producto entregable", required=False)
    indicator_type = forms.ChoiceField(
        label="Tipo de indicador", choices=Activity.IndicatorType.choices
    )
    indicator_formula = forms.CharField(label="Indicador: fórmula", required=False)
    indicator_target = forms.DecimalField(
        label="Meta", required=False, min_value=Decimal(0), max_digits=14, decimal_places=2,
        help_text="Para un hito (entregado sí/no), escriba 1.",
    )  # fmt: skip
    start_date = forms.DateField(label="Fecha de inicio", widget=DATE)
    end_date = forms.DateField(label="Fecha de fin", widget=DATE)
    responsible_units = forms.ModelMultipleChoiceField(
        label="Dependencias responsables",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    linked_activities = ActivityChoiceField(
        label="Actividades del plan de acción relacionadas",
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, finding: Finding, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entity = finding.entity
        drafts = Plan.objects.filter(
            entity=entity,
            plan_type__code=IMPROVEMENT_PLAN_TYPE,
            status__in=[Plan.Status.DRAFT, Plan.Status.RETURNED],
        )
        self.fields["plan"].queryset = drafts.select_related("plan_type")
        self.fields["responsible_units"].queryset = Unit.objects.filter(
            entity=entity, is_active=True
        )
        self.fields["linked_activities"].queryset = (
            Activity.objects.filter(plan__entity=entity)
            .exclude(plan__plan_type__code=IMPROVEMENT_PLAN_TYPE)
            .exclude(plan__status=Plan.Status.ARCHIVED)
            .filter(plan__next_version__isnull=True)
            .select_related("plan")
            .order_by("-plan__year", "plan__title", "position")
        )
        if not self.is_bound:
            plan = finding.plan if finding.plan and finding.plan.is_editable else drafts.first()
            self.initial.setdefault("plan", plan)
            self.initial.setdefault("number", _next_number(plan))
            self.initial.setdefault("responsible_units", [finding.unit_id])
            self.initial.setdefault("indicator_type", Activity.IndicatorType.MILESTONE)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fecha de fin debe ser posterior a la de inicio.")
        return data

    def activity_data(self) -> ActivityData:
        data = self.cleaned_data
        return ActivityData(
            number=data["number"],
            description=data["description"],
            deliverables=data["deliverables"],
            indicator_type=data["indicator_type"],
            indicator_formula=data["indicator_formula"],
            indicator_target=data["indicator_target"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            months=_months(data["start_date"], data["end_date"]),
            responsible_units=list(data["responsible_units"]),
        )


def _next_number(plan: Plan | None) -> int:
    if plan is None:
        return 1
    return (plan.activities.aggregate(last=Max("number"))["last"] or 0) + 1


def _months(start, end) -> list[int]:
    """The cronograma of an action within its vigencia: the months from its start to its end."""
    if start.year != end.year:
        return list(range(start.month, 13))
    return list(range(start.month, end.month + 1))


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Nota de cierre: cómo se subsanó el hallazgo",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closed_on = forms.DateField(label="Fecha de cierre", widget=DATE)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Motivo para reabrir", max_length=500)
    revision = forms.IntegerField(widget=forms.HiddenInput)
