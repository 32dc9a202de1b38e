from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from organization.models import Entity, FollowupScheme, Unit
from plans import values


class PlanType(models.Model):
    """A kind of plan (Decreto 612 de 2018 and others): a catalogue administrators edit."""

    code = models.SlugField("código", max_length=60, unique=True)
    name = models.CharField("nombre", max_length=200, unique=True)
    legal_basis = models.CharField("norma", max_length=300, blank=True)
    keywords = models.CharField(
        "palabras clave",
        max_length=300,
        blank=True,
        help_text="Separadas por comas; sirven para reconocer el tipo al importar un documento.",
    )
    followup_scheme = models.CharField(
        "periodicidad del seguimiento",
        max_length=20,
        choices=FollowupScheme.choices,
        blank=True,
        help_text="Vacío: la que fije cada entidad.",
    )
    due_january = models.BooleanField(
        "se publica a más tardar el 31 de enero",
        default=False,
        help_text=(
            "El plan de acción (Ley 1474 de 2011, art. 74) y los planes del Decreto 612 de 2018: "
            "la vista de cumplimiento dice qué entidades los publicaron a tiempo."
        ),
    )
    is_active = models.BooleanField("activo", default=True)
    position = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        verbose_name = "tipo de plan"
        verbose_name_plural = "tipos de plan"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class PlanTypeScheme(models.Model):
    """The follow-up rhythm an entity chose for one type of plan, over its own default."""

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="plan_schemes"
    )
    plan_type = models.ForeignKey(
        PlanType, verbose_name="tipo de plan", on_delete=models.CASCADE, related_name="+"
    )
    followup_scheme = models.CharField(
        "periodicidad del seguimiento", max_length=20, choices=FollowupScheme.choices
    )

    class Meta:
        verbose_name = "periodicidad por tipo de plan"
        verbose_name_plural = "periodicidades por tipo de plan"
        constraints = [
            models.UniqueConstraint(fields=["entity", "plan_type"], name="plan_type_scheme_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_type} · {self.get_followup_scheme_display()}"


class MipgDimension(models.Model):
    """A dimension of the Modelo Integrado de Planeación y Gestión (Decreto 1499 de 2017): a
    catalogue administrators edit, like the plan types."""

    number = models.PositiveSmallIntegerField("número", unique=True)
    name = models.CharField("nombre", max_length=200, unique=True)
    is_active = models.BooleanField("activa", default=True)

    class Meta:
        verbose_name = "dimensión de MIPG"
        verbose_name_plural = "dimensiones de MIPG"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class MipgPolicy(models.Model):
    """A política de gestión y desempeño institucional (Decreto 1083 de 2015, art. 2.2.22.2.1),
    under its dimension: plans and activities are tagged with them, and FURAG asks for progress
    by policy."""

    dimension = models.ForeignKey(
        MipgDimension, verbose_name="dimensión", on_delete=models.PROTECT, related_name="policies"
    )
    code = models.SlugField("código", max_length=80, unique=True)
    name = models.CharField("nombre", max_length=200, unique=True)
    is_active = models.BooleanField("activa", default=True)
    position = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        verbose_name = "política de MIPG"
        verbose_name_plural = "políticas de MIPG"
        ordering = ["dimension__number", "position", "name"]

    def __str__(self) -> str:
        return self.name


def scheme_for(entity: Entity, plan_type: PlanType) -> str:
    """The follow-up rhythm of a new plan: the entity's choice for its type, else the type's
    (the Plan Anticorrupción is four-monthly by law), else the entity's own."""
    chosen = PlanTypeScheme.objects.filter(entity=entity, plan_type=plan_type).first()
    if chosen:
        return chosen.followup_scheme
    return plan_type.followup_scheme or entity.followup_scheme


class PlanQuerySet(models.QuerySet):
    def published(self) -> "PlanQuerySet":
        return self.filter(status=Plan.Status.PUBLISHED)

    def current(self) -> "PlanQuerySet":
        """The latest version of each plan (no newer version replaces it)."""
        return self.filter(next_version__isnull=True)

    def listed(self) -> "PlanQuerySet":
        """What a plan list shows: the latest version of each plan and, while that one is a
        draft of a new version, the version still in force (published or approved)."""
        return self.filter(
            models.Q(next_version__isnull=True)
            | models.Q(
                status__in=[Plan.Status.PUBLISHED, Plan.Status.APPROVED],
                next_version__status__in=[
                    Plan.Status.DRAFT,
                    Plan.Status.IN_REVIEW,
                    Plan.Status.RETURNED,
                    Plan.Status.APPROVED,
                ],
            )
        )


def approval_act_path(plan: "Plan", filename: str) -> str:
    # Stored by checksum, like evidence: no user-chosen name reaches the disk.
    return f"actas/{plan.approval_act_sha256[:2]}/{plan.approval_act_sha256}"


class Plan(models.Model):
    """A plan de acción for one vigencia, with the header and control block of its format."""

    class Status(models.TextChoices):
        DRAFT = "borrador", "Borrador"
        IN_REVIEW = "en_revision", "En revisión"
        RETURNED = "devuelto", "Devuelto"
        APPROVED = "aprobado", "Aprobado"
        PUBLISHED = "publicado", "Publicado"
        ARCHIVED = "archivado", "Archivado"

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.PROTECT, related_name="plans"
    )
    plan_type = models.ForeignKey(
        PlanType, verbose_name="tipo de plan", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(
        "vigencia",
        validators=[MinValueValidator(values.FIRST_YEAR), MaxValueValidator(values.LAST_YEAR)],
        db_index=True,
    )
    title = models.CharField("título", max_length=300)
    process = models.CharField("proceso", max_length=300, blank=True)
    subprocess = models.CharField("subproceso", max_length=300, blank=True)
    objective = models.TextField("objetivo", blank=True)
    scope = models.TextField("alcance", blank=True)
    formulating_unit = models.ForeignKey(
        Unit,
        verbose_name="dependencia responsable de la formulación",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="formulated_plans",
    )
    formulating_unit_text = models.CharField(
        "dependencia responsable (como está escrita)", max_length=300, blank=True
    )
    participating_units = models.ManyToManyField(
        Unit,
        verbose_name="dependencias participantes",
        blank=True,
        related_name="participated_plans",
    )
    participating_units_text = models.JSONField(
        "dependencias participantes (como están escritas)", default=list, blank=True
    )
    followup_scheme = models.CharField(
        "periodicidad del seguimiento",
        max_length=20,
        choices=FollowupScheme.choices,
        default=FollowupScheme.QUARTERLY,
    )
    plan_date = models.DateField("fecha del plan", null=True, blank=True)
    doc_code = models.CharField("código del formato", max_length=50, blank=True)
    doc_version = models.PositiveSmallIntegerField("versión del formato", null=True, blank=True)
    doc_approval_date = models.DateField("fecha de aprobación del formato", null=True, blank=True)
    status = models.CharField(
        "estado", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source_name = models.CharField("archivo de origen", max_length=300, blank=True)
    # The format's sign-off block: [{"role": "Elaboró", "name": ..., "position": ...}, ...].
    signoff = models.JSONField("firmas (elaboró, revisó, aprobó)", default=list, blank=True)
    version = models.PositiveSmallIntegerField("versión del plan", default=1)
    previous_version = models.OneToOneField(
        "self",
        verbose_name="versión anterior",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name="copiado de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    change_reason = models.TextField("motivo del cambio", blank=True)
    review_comment = models.TextField("observaciones de la revisión", blank=True)
    submitted_at = models.DateTimeField("enviado a revisión", null=True, blank=True)
    approved_at = models.DateTimeField("aprobado", null=True, blank=True)
    approved_by = models.ForeignKey(
        "organization.User",
        verbose_name="aprobado por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_act_number = models.CharField("acta del Comité: número", max_length=60, blank=True)
    approval_act_date = models.DateField("acta del Comité: fecha", null=True, blank=True)
    approval_act_file = models.FileField(
        "acta del Comité: archivo", upload_to=approval_act_path, blank=True
    )
    approval_act_name = models.CharField(
        "acta del Comité: nombre del archivo", max_length=200, blank=True
    )
    approval_act_sha256 = models.CharField(
        "acta del Comité: suma SHA-256", max_length=64, blank=True
    )
    published_at = models.DateTimeField("publicado", null=True, blank=True)
    mipg_policies = models.ManyToManyField(
        MipgPolicy,
        verbose_name="políticas de MIPG",
        blank=True,
        related_name="plans",
        help_text="Las actividades sin políticas propias toman las del plan.",
    )
    catch_up_until = models.DateField(
        "reporte de periodos vencidos hasta",
        null=True,
        blank=True,
        help_text=(
            "Para un plan publicado tarde: hasta esta fecha se reportan los periodos cuyo corte "
            "pasó antes de la publicación."
        ),
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("modificado", auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "plan de acción"
        verbose_name_plural = "planes de acción"
        ordering = ["-year", "plan_type__position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "borrador",
                        "en_revision",
                        "devuelto",
                        "aprobado",
                        "publicado",
                        "archivado",
                    ]
                ),
                name="plan_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Its dates within what its vigencia allows (plans.values)."""
        _refuse_by_field(
            values.plan_date_problems(self.year, self.plan_date, self.doc_approval_date)
        )

    @property
    def is_in_force(self) -> bool:
        """Published and not replaced: the version the follow-up is reported on."""
        return self.status == Plan.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """Only drafts and returned plans change in place; others change through a new version."""
        return self.status in {Plan.Status.DRAFT, Plan.Status.RETURNED}

    @property
    def is_unsent_draft(self) -> bool:
        """A draft that never left Planeación: the only plan that may be deleted."""
        return self.status == Plan.Status.DRAFT and self.submitted_at is None


def _refuse_by_field(problems: list[values.Problem], rename: dict[str, str] | None = None) -> None:
    """Raise the problems as a model's ValidationError, each under its field."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault((rename or {}).get(problem.field, problem.field), []).append(
            problem.message
        )
    if errors:
        raise ValidationError(errors)


def validate_months(value: object) -> None:
    if not isinstance(value, list) or any(
        not isinstance(month, int) or not 1 <= month <= 12 for month in value
    ):
        raise ValidationError("Los meses deben ser números del 1 al 12.", code="invalid_months")
    if len(set(value)) != len(value):
        raise ValidationError("Un mes aparece dos veces en el cronograma.", code="duplicate_month")


class Activity(models.Model):
    """A row of the plan: what will be done, when, what it delivers and how it is measured."""

    class IndicatorType(models.TextChoices):
        COUNT = "numero", "Número"
        PERCENTAGE = "porcentaje", "Porcentaje"
        MILESTONE = "hito", "Hito (entregado sí/no)"

    class IndicatorSource(models.TextChoices):
        """Records of the participation apps that can feed the indicator: each period's report
        form proposes the result counted from them (followup.sources)."""

        EVENTS_HELD = "espacios_realizados", "Espacios de diálogo realizados"
        ATTENDANCE = "asistentes", "Asistentes a los espacios de diálogo"
        EVENTS_WITH_COMMITMENTS = (
            "espacios_con_compromisos",
            "Espacios con plan de mejoramiento (compromisos acordados)",
        )
        COMMITMENTS_CLOSED = "compromisos_cerrados", "Compromisos cerrados"
        SURVEYS_CLOSED = "encuestas_cerradas", "Encuestas de satisfacción cerradas"
        SURVEY_RESPONSES = "respuestas_encuesta", "Respuestas a encuestas de satisfacción"
        COMMENTS_ANSWERED = (
            "observaciones_respondidas",
            "Observaciones de la consulta pública respondidas",
        )

    plan = models.ForeignKey(
        Plan, verbose_name="plan", on_delete=models.CASCADE, related_name="activities"
    )
    number = models.PositiveIntegerField("N°")
    position = models.PositiveIntegerField("orden", default=0)
    description = models.TextField("actividad")
    months = models.JSONField(
        "meses programados",
        default=list,
        blank=True,
        validators=[validate_months],
        help_text="Números de los meses (1 a 12) en que se ejecuta la actividad.",
    )
    deliverables = models.TextField("productos (bienes o servicios) entregables", blank=True)
    indicator_formula = models.TextField("indicador: fórmula", blank=True)
    indicator_type = models.CharField(
        "tipo de indicador",
        max_length=20,
        choices=IndicatorType.choices,
        default=IndicatorType.COUNT,
    )
    indicator_target = models.DecimalField(
        "meta", max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_result = models.TextField("indicador: resultado", blank=True)
    indicator_unit = models.CharField("unidad de medida", max_length=100, blank=True)
    indicator_over_100 = models.BooleanField(
        "el indicador admite más de 100 %",
        default=False,
        help_text="Para un porcentaje que puede superar la meta o el 100 % (p. ej. un incremento).",
    )
    indicator_negative = models.BooleanField(
        "el indicador admite valores negativos",
        default=False,
        help_text="Para una variación que puede ser negativa; por omisión los resultados son ≥ 0.",
    )
    indicator_baseline = models.DecimalField(
        "línea base", max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_source = models.CharField(
        "fuente del indicador",
        max_length=30,
        choices=IndicatorSource.choices,
        blank=True,
        help_text="Registros de participación de los que se propone el resultado de cada periodo.",
    )
    indicator_source_event_kind = models.CharField(
        "tipo de espacio de la fuente",
        max_length=30,
        blank=True,
        help_text="Solo los espacios de diálogo de este tipo; vacío: todos.",
    )
    period_targets = models.JSONField(
        "metas por periodo fijadas a mano",
        default=dict,
        blank=True,
        help_text="Vacío: se derivan del cronograma en proporción a los meses programados.",
    )
    start_date = models.DateField("fecha de inicio", null=True, blank=True)
    end_date = models.DateField("fecha de fin", null=True, blank=True)
    # Budget (issue 22): the investment project and the rubro that fund the activity and what
    # was programmed for it; each period's report adds compromisos and obligaciones. All blank
    # when the entity does not follow budget.
    bpin = models.CharField(
        "proyecto de inversión (código BPIN)",
        max_length=20,
        blank=True,
        validators=[values.validate_bpin],
    )
    budget_item = models.CharField("rubro presupuestal", max_length=120, blank=True)
    funding_source = models.CharField("fuente de financiación", max_length=200, blank=True)
    appropriation = models.DecimalField(
        "apropiación (valor programado, $)",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    mipg_policies = models.ManyToManyField(
        MipgPolicy,
        verbose_name="políticas de MIPG",
        blank=True,
        related_name="activities",
        help_text="Vacío: las del plan.",
    )
    revision = models.PositiveIntegerField(
        "revisión", default=1, help_text="Sube con cada cambio; detecta ediciones simultáneas."
    )
    responsible_units = models.ManyToManyField(
        Unit, verbose_name="responsables", blank=True, related_name="activities"
    )
    responsible_text = models.TextField("responsables (como están escritos)", blank=True)
    weight = models.DecimalField(
        "ponderación",
        max_digits=7,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    observations = models.TextField("observaciones", blank=True)
    extra = models.JSONField(
        "otros campos", default=dict, blank=True, help_text="Columnas del formato de origen."
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name="continúa la actividad",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text="La actividad de la versión anterior del plan que esta continúa.",
    )

    class Meta:
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        ordering = ["plan", "position", "number"]
        indexes = [models.Index(fields=["plan", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(indicator_type__in=["numero", "porcentaje", "hito"]),
                name="activity_indicator_type_valid",
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="activity_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:80]}"

    @property
    def uses_budget(self) -> bool:
        """Whether the activity follows budget: its reports carry compromisos and
        obligaciones."""
        return self.appropriation is not None or bool(self.bpin)

    def clean(self) -> None:
        """Its target, baseline and per-period targets within what its indicator allows."""
        problems = values.target_problems(
            values.Indicator.of(self),
            target=self.indicator_target,
            baseline=self.indicator_baseline,
            period_targets=self.period_targets if isinstance(self.period_targets, dict) else {},
        ) + values.budget_problems(appropriation=self.appropriation)
        _refuse_by_field(problems, rename={f"target_{n}": "period_targets" for n in range(1, 5)})


class Task(models.Model):
    """A step that helps carry out an activity, in order."""

    activity = models.ForeignKey(
        Activity, verbose_name="actividad", on_delete=models.CASCADE, related_name="tasks"
    )
    position = models.PositiveSmallIntegerField("orden", default=0)
    description = models.TextField("tarea")

    class Meta:
        verbose_name = "tarea"
        verbose_name_plural = "tareas"
        ordering = ["activity", "position", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class ImportTemplate(models.Model):
    """The entity's own reading of its files' columns, saved from an import preview and applied
    to its next imports: column (label normalised, or position) → field, ``ignore`` or ``extra``
    (formats.manual_mapping)."""

    entity = models.OneToOneField(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="import_template"
    )
    name = models.CharField("nombre", max_length=200, default="Plantilla de la entidad")
    mapping = models.JSONField("columnas y campos", default=dict)
    created_by = models.ForeignKey(
        "organization.User",
        verbose_name="guardada por",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("modificada", auto_now=True)

    class Meta:
        verbose_name = "plantilla de importación"
        verbose_name_plural = "plantillas de importación"

    def __str__(self) -> str:
        return f"{self.name} · {self.entity}"
