from decimal import Decimal

from django import forms
from django.conf import settings
from django.db.models import Q

from core.dates import month_name
from core.money import pesos
from formats.limits import MAX_FILE_BYTES
from formats.text import parse_number
from organization.models import Entity, FollowupScheme, Unit
from plans import values
from plans.models import Activity, MipgDimension, MipgPolicy, Plan, PlanType, scheme_for
from plans.schedule import ScheduleError, months_between
from plans.services.editing import ActivityData

MONTH_CHOICES = [(number, month_name(number)[:3].capitalize()) for number in range(1, 13)]
PERIODS = (("I", 1), ("II", 2), ("III", 3), ("IV", 4))
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def value_field(label: str) -> forms.DecimalField:
    """A number of a plan or of its follow-up: what it may be is judged by plans.values in the
    form's clean, so the field itself sets no bounds of its own."""
    return forms.DecimalField(
        label=label, required=False, widget=forms.NumberInput(attrs={"step": "0.01"})
    )


class MoneyField(forms.Field):
    """An amount of pesos written as Colombians write it («$ 12.500.000», «12.500.000,50»,
    «12500000»): read by formats.text.parse_number, judged by plans.values.budget_problems in
    the form's clean."""

    def __init__(self, *, label: str, **kwargs):
        kwargs.setdefault("help_text", "En pesos, p. ej. 12.500.000 o 12.500.000,50.")
        super().__init__(
            label=label,
            required=False,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "40"}
            ),
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return pesos(value).removeprefix("$ ")
        return value

    def to_python(self, value):
        text = str(value or "").strip()[:40]
        if not text:
            return None
        try:
            written = parse_number(text)
        except ValueError:
            raise forms.ValidationError(
                f"«{text}» no es un valor en pesos (escríbalo como 12.500.000 o 12.500.000,50)."
            ) from None
        if written.percent:
            raise forms.ValidationError(f"«{text}» es un porcentaje, no un valor en pesos.")
        return written.value


def _units(entity_id: int):
    return Unit.objects.filter(entity_id=entity_id, is_active=True).order_by("name")


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group, its legend the group's name (the dimension)."""

    template_name = "plans/widgets/grouped_checkboxes.html"


def mipg_field(help_text: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Políticas de MIPG",
        queryset=MipgPolicy.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text=help_text,
    )


def offer_mipg_policies(field: forms.ModelMultipleChoiceField, chosen: list[int]) -> None:
    """The active policies, and any inactive one already chosen, grouped by dimension."""
    field.queryset = (
        MipgPolicy.objects.filter(Q(is_active=True) | Q(pk__in=chosen))
        .select_related("dimension")
        .order_by("dimension__number", "position", "name")
    )
    groups: dict[str, list] = {}
    for policy in field.queryset:
        groups.setdefault(str(policy.dimension), []).append((policy.pk, policy.name))
    field.widget.choices = list(groups.items())


# The sign-off block a new plan offers (the format's Elaboró / Revisó / Aprobó).
SIGNOFF_ROLES = ("Elaboró", "Revisó", "Aprobó")


class PlanHeaderForm(forms.ModelForm):
    participating_units = forms.ModelMultipleChoiceField(
        label="Dependencias participantes en la formulación",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mipg_policies = mipg_field("Las actividades sin políticas propias toman las del plan.")

    class Meta:
        model = Plan
        fields = [
            "title",
            "process",
            "subprocess",
            "objective",
            "scope",
            "formulating_unit",
            "followup_scheme",
            "plan_date",
            "doc_code",
            "doc_version",
            "doc_approval_date",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 2}),
            "plan_date": DATE_INPUT,
            "doc_approval_date": DATE_INPUT,
        }

    def __init__(self, *args, entity_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity_id = entity_id
        self.fields["formulating_unit"].queryset = _units(entity_id)
        scheme = self.fields["followup_scheme"]
        scheme.required = False  # missing: the plan keeps its own
        scheme.help_text = (
            "Trimestral (cortes 31/03, 30/06, 30/09, 31/12) o cuatrimestral (30/04, 31/08, 31/12)."
        )
        self.fields["participating_units"].queryset = _units(entity_id)
        self._add_signoff_fields()
        if self.instance.pk:
            self.initial["participating_units"] = list(
                self.instance.participating_units.values_list("pk", flat=True)
            )
            self.initial["mipg_policies"] = list(
                self.instance.mipg_policies.values_list("pk", flat=True)
            )
        offer_mipg_policies(self.fields["mipg_policies"], self.initial.get("mipg_policies", []))

    def clean_followup_scheme(self) -> str:
        return self.cleaned_data["followup_scheme"] or self.instance.followup_scheme

    def _add_signoff_fields(self) -> None:
        """A name and a cargo for each line of the sign-off block: the plan's own lines (an
        imported format may name other roles), or Elaboró, Revisó and Aprobó."""
        lines = list(self.instance.signoff or []) or [{"role": role} for role in SIGNOFF_ROLES]
        self.signoff_roles = [line.get("role") or "Firma" for line in lines]
        for index, (line, role) in enumerate(zip(lines, self.signoff_roles, strict=True)):
            for key, what in (("name", "nombre"), ("position", "cargo")):
                name = f"signoff_{index}_{key}"
                self.fields[name] = forms.CharField(
                    label=f"{role}: {what}", required=False, max_length=200
                )
                self.initial.setdefault(name, line.get(key, ""))

    def header(self) -> dict:
        data = {
            name: self.cleaned_data[name] for name in self.fields if not name.startswith("signoff_")
        }
        lines = (
            {
                "role": role,
                "name": self.cleaned_data[f"signoff_{index}_name"].strip(),
                "position": self.cleaned_data[f"signoff_{index}_position"].strip(),
            }
            for index, role in enumerate(self.signoff_roles)
        )
        data["signoff"] = [line for line in lines if line["name"] or line["position"]]
        return data


class NewPlanForm(PlanHeaderForm):
    class Meta(PlanHeaderForm.Meta):
        fields = ["plan_type", "year", *PlanHeaderForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_type"].queryset = PlanType.objects.filter(is_active=True)
        scheme = self.fields["followup_scheme"]
        scheme.required = False
        scheme.choices = [("", "La de su tipo de plan en la entidad"), *FollowupScheme.choices]
        self.initial["followup_scheme"] = ""
        self.fields["title"].required = False
        self.fields["title"].help_text = "Si lo deja vacío: el tipo de plan y la vigencia."

    def clean_followup_scheme(self) -> str:
        """Blank: the rhythm the entity chose for the plan's type (plans.models.scheme_for)."""
        chosen, plan_type = self.cleaned_data["followup_scheme"], self.cleaned_data.get("plan_type")
        if chosen or plan_type is None:
            return chosen or FollowupScheme.QUARTERLY
        return scheme_for(Entity.objects.get(pk=self.entity_id), plan_type)


class ActivityForm(forms.Form):
    number = forms.IntegerField(label="N°", min_value=1)
    description = forms.CharField(label="Actividad", widget=forms.Textarea(attrs={"rows": 2}))
    tasks = forms.CharField(
        label="Tareas",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Una tarea por línea, en el orden en que se hacen.",
    )
    months = forms.TypedMultipleChoiceField(
        label="Meses programados",
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label="Fecha de inicio", required=False, widget=DATE_INPUT)
    end_date = forms.DateField(
        label="Fecha de fin",
        required=False,
        widget=DATE_INPUT,
        help_text="Con inicio y fin, los meses se calculan de las fechas.",
    )
    deliverables = forms.CharField(
        label="Productos (bienes o servicios) entregables",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    indicator_type = forms.ChoiceField(
        label="Tipo de indicador", choices=Activity.IndicatorType.choices
    )
    indicator_formula = forms.CharField(label="Fórmula del indicador", required=False)
    indicator_unit = forms.CharField(label="Unidad de medida", required=False)
    indicator_over_100 = forms.BooleanField(
        label="El indicador admite más de 100 %",
        required=False,
        help_text=(
            "Para un porcentaje que puede pasar de 100 % (un incremento): sus metas, resultados "
            "y ajustes llegan hasta 1.000 %."
        ),
    )
    indicator_negative = forms.BooleanField(
        label="El indicador admite valores negativos",
        required=False,
        help_text=(
            "Para una variación que puede ser negativa; sin marcar, la línea base, las metas y "
            "los resultados son mayores o iguales a 0."
        ),
    )
    indicator_baseline = value_field("Línea base")
    indicator_target = value_field("Meta anual")
    responsible_units = forms.ModelMultipleChoiceField(
        label="Dependencias responsables",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mipg_policies = mipg_field(
        "Vacío: las del plan. Marque políticas solo si la actividad aporta a otras distintas."
    )
    weight = forms.DecimalField(
        label="Ponderación", max_digits=7, decimal_places=2, min_value=0, initial=1
    )
    observations = forms.CharField(
        label="Observaciones", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    bpin = forms.CharField(
        label="Proyecto de inversión (código BPIN)",
        required=False,
        max_length=20,
        validators=[values.validate_bpin],
        help_text="Solo dígitos, p. ej. 2024761470003.",
    )
    budget_item = forms.CharField(label="Rubro presupuestal", required=False, max_length=120)
    funding_source = forms.CharField(label="Fuente de financiación", required=False, max_length=200)
    appropriation = MoneyField(label="Apropiación ($)")
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["responsible_units"].queryset = _units(plan.entity_id)
        offer_mipg_policies(
            self.fields["mipg_policies"], [p.pk for p in self.initial.get("mipg_policies", [])]
        )
        for label, number in PERIODS:
            self.fields[f"target_{number}"] = value_field(f"Meta acumulada al periodo {label}")

    @classmethod
    def for_activity(cls, activity: Activity, **kwargs) -> "ActivityForm":
        initial = {
            "number": activity.number,
            "description": activity.description,
            "tasks": "\n".join(t.description for t in activity.tasks.all()),
            "months": activity.months,
            "start_date": activity.start_date,
            "end_date": activity.end_date,
            "deliverables": activity.deliverables,
            "indicator_type": activity.indicator_type,
            "indicator_formula": activity.indicator_formula,
            "indicator_unit": activity.indicator_unit,
            "indicator_over_100": activity.indicator_over_100,
            "indicator_negative": activity.indicator_negative,
            "indicator_baseline": activity.indicator_baseline,
            "indicator_target": activity.indicator_target,
            "responsible_units": list(activity.responsible_units.all()),
            "mipg_policies": list(activity.mipg_policies.all()),
            "weight": activity.weight,
            "observations": activity.observations,
            "bpin": activity.bpin,
            "budget_item": activity.budget_item,
            "funding_source": activity.funding_source,
            "appropriation": activity.appropriation,
            "revision": activity.revision,
        }
        for key, value in (activity.period_targets or {}).items():
            initial[f"target_{key}"] = Decimal(value)
        return cls(initial=initial, plan=activity.plan, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if bool(start) != bool(end):
            self.add_error(
                "end_date" if start else "start_date", "Indique inicio y fin, o ninguna."
            )
        elif start and end:
            try:
                data["months"] = months_between(start, end, self.plan.year)
            except ScheduleError as exc:
                self.add_error("end_date", str(exc))
        targets = [data.get(f"target_{number}") for _label, number in PERIODS]
        if any(t is not None for t in targets):
            if any(t is None for t in targets):
                self.add_error("target_4", "Fije las metas de los cuatro periodos, o de ninguno.")
            elif targets != sorted(targets):
                self.add_error(
                    "target_4",
                    "Las metas son acumuladas: no pueden bajar de un periodo al siguiente.",
                )
            elif (
                data.get("indicator_target") is not None and targets[-1] != data["indicator_target"]
            ):
                self.add_error("target_4", "La meta del último periodo debe ser la meta anual.")
        indicator = values.Indicator(
            data.get("indicator_type") or Activity.IndicatorType.COUNT,
            data.get("indicator_over_100", False),
            data.get("indicator_negative", False),
        )
        for problem in values.target_problems(
            indicator,
            target=data.get("indicator_target"),
            baseline=data.get("indicator_baseline"),
            period_targets={str(number): data.get(f"target_{number}") for _, number in PERIODS},
        ):
            if problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        if "appropriation" not in self.errors:
            for problem in values.budget_problems(appropriation=data.get("appropriation")):
                self.add_error(problem.field, problem.message)
        return data

    def activity_data(self) -> ActivityData:
        data = self.cleaned_data
        targets = {
            str(number): str(data[f"target_{number}"])
            for _label, number in PERIODS
            if data.get(f"target_{number}") is not None
        }
        return ActivityData(
            number=data["number"],
            description=data["description"].strip(),
            tasks=[line.strip() for line in data["tasks"].splitlines() if line.strip()],
            months=sorted(data["months"]),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            deliverables=data["deliverables"].strip(),
            indicator_type=data["indicator_type"],
            indicator_formula=data["indicator_formula"].strip(),
            indicator_unit=data["indicator_unit"].strip(),
            indicator_over_100=data["indicator_over_100"],
            indicator_negative=data["indicator_negative"],
            indicator_baseline=data["indicator_baseline"],
            indicator_target=data["indicator_target"],
            period_targets=targets,
            responsible_units=list(data["responsible_units"]),
            mipg_policies=list(data["mipg_policies"]),
            weight=data["weight"],
            observations=data["observations"].strip(),
            bpin=data["bpin"].strip(),
            budget_item=data["budget_item"].strip(),
            funding_source=data["funding_source"].strip(),
            appropriation=data["appropriation"],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Motivo del cambio", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PublishForm(forms.Form):
    catch_up_until = forms.DateField(
        label="Los periodos ya vencidos se reportan hasta",
        required=False,
        widget=DATE_INPUT,
        help_text="Para un plan publicado después de algún corte.",
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Qué debe corregirse", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ApprovalForm(forms.Form):
    """The Comité's acta, asked for when the approver records the approval. Its rules (date,
    file type and size) are the service's: workflow.approve_plan."""

    act_number = forms.CharField(
        label="Número del acta del Comité",
        max_length=60,
        help_text="Como aparece en el acta, p. ej. «CIGD-003 de 2025».",
    )
    act_date = forms.DateField(label="Fecha del acta", widget=DATE_INPUT)
    act_file = forms.FileField(label="Acta firmada (PDF)", required=False)
    confirm = forms.BooleanField(
        label="Confirmo que el Comité aprobó este plan",
        error_messages={"required": "Confirme que el Comité aprobó el plan."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act_file"].help_text = (
            f"Opcional, en PDF, hasta {settings.EVIDENCE_MAX_BYTES / 2**20:.0f} MB. Lo descargan "
            "las personas de la entidad; no se publica en el portal."
        )


class PlanTypeForm(forms.ModelForm):
    class Meta:
        model = PlanType
        fields = [
            "name",
            "code",
            "legal_basis",
            "keywords",
            "followup_scheme",
            "due_january",
            "position",
            "is_active",
        ]


class MipgDimensionForm(forms.ModelForm):
    class Meta:
        model = MipgDimension
        fields = ["number", "name", "is_active"]


class MipgPolicyForm(forms.ModelForm):
    class Meta:
        model = MipgPolicy
        fields = ["dimension", "name", "code", "position", "is_active"]
        help_texts = {"code": "Letras minúsculas, números y guiones; p. ej. «gobierno-digital»."}


class TypeSchemesForm(forms.Form):
    """The rhythm an entity chooses for each active plan type (blank: the type's default)."""

    def __init__(self, *args, types, chosen: dict[int, str], entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = list(types)
        for plan_type in self.types:
            default = plan_type.followup_scheme or entity.followup_scheme
            self.fields[f"scheme_{plan_type.pk}"] = forms.ChoiceField(
                label=plan_type.name,
                required=False,
                choices=[
                    ("", f"Por omisión ({FollowupScheme(default).label.lower()})"),
                    *FollowupScheme.choices,
                ],
                initial=chosen.get(plan_type.pk, ""),
            )

    def schemes(self) -> dict:
        return {t: self.cleaned_data[f"scheme_{t.pk}"] for t in self.types}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Archivo del plan",
        help_text=(
            "Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods), Word (.docx), texto del formato "
            "(.txt), CSV o JSON de datos abiertos; hasta 20 MB."
        ),
    )
    year = forms.IntegerField(
        label="Vigencia",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=(
            "Si la deja vacía se toma del archivo: VIGENCIA, AÑO, el año del título o la fecha "
            "del plan."
        ),
    )
    plan_type = forms.ModelChoiceField(
        label="Tipo de plan",
        queryset=PlanType.objects.filter(is_active=True),
        required=False,
        empty_label="Reconocerlo en el documento",
    )
    update_plan = forms.ModelChoiceField(
        label="Actualizar un plan en borrador existente",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="No: crear un plan nuevo",
        help_text=(
            "Para volver a cargar un plan exportado y editado en Excel: el borrador toma lo que "
            "dice el archivo. Antes de guardar verá cada cambio, campo por campo."
        ),
    )

    def __init__(self, *args, entity=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entity is None:  # the system administrator's import names its entity by NIT
            del self.fields["update_plan"]
        else:
            # Every plan of the entity is accepted, so that one that stopped being a draft gets
            # a message that says so; only the drafts are offered.
            field = self.fields["update_plan"]
            field.queryset = Plan.objects.filter(entity=entity).order_by("-year", "title")
            field.widget.choices = [("", field.empty_label)] + [
                (plan.pk, f"{plan.title} · vigencia {plan.year}")
                for plan in field.queryset.filter(status=Plan.Status.DRAFT)
            ]

    def clean_update_plan(self):
        plan = self.cleaned_data["update_plan"]
        if plan is not None and plan.status != Plan.Status.DRAFT:
            raise forms.ValidationError(
                f"El plan «{plan.title}» está {plan.get_status_display().lower()}: solo se "
                "actualiza un plan en borrador. Cree una nueva versión o importe el archivo como "
                "un plan nuevo."
            )
        return plan

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # A file past the upload cap arrives as core.uploads.TooLargeFile: its size, no
        # content.
        if upload.size > MAX_FILE_BYTES:
            megabytes = MAX_FILE_BYTES // 2**20
            raise forms.ValidationError(
                f"El archivo pesa más de {megabytes} MB; el máximo es {megabytes} MB."
            )
        return upload
