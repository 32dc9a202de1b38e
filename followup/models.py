import datetime
from functools import cached_property

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from organization.models import Entity, FollowupScheme
from plans.models import Activity
from plans.schedule import PERIOD_LABELS


class Period(models.Model):
    """A follow-up period of an entity's vigencia, with its reporting window."""

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField("vigencia")
    scheme = models.CharField(
        "periodicidad",
        max_length=20,
        choices=FollowupScheme.choices,
        default=FollowupScheme.QUARTERLY,
    )
    number = models.PositiveSmallIntegerField("periodo")
    end_month = models.PositiveSmallIntegerField("mes de cierre")
    cutoff = models.DateField("fecha de corte")
    closes_on = models.DateField("cierre de la ventana de reporte")
    reopened_on = models.DateField("reabierto desde", null=True, blank=True)
    reopened_until = models.DateField("reabierto hasta", null=True, blank=True)

    class Meta:
        verbose_name = "periodo de seguimiento"
        verbose_name_plural = "periodos de seguimiento"
        ordering = ["entity", "year", "scheme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year", "scheme", "number"], name="period_unique_per_scheme"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=4), name="period_number_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Periodo {self.label} de {self.year}"

    @property
    def label(self) -> str:
        return PERIOD_LABELS[self.number]

    @property
    def opens_on(self) -> datetime.date:
        """When reports of the period can be sent: some days before the cut-off as the entity
        sets, or from the first day of the period's last month."""
        days = self.entity.submission_opens_days_before
        if days is None:
            return self.cutoff.replace(day=1)
        return self.cutoff - datetime.timedelta(days=days)

    @property
    def deadline(self) -> datetime.date:
        """The last day a report can be sent, counting a reopening."""
        return max(self.closes_on, self.reopened_until or self.closes_on)

    def has_ended(self, today: datetime.date) -> bool:
        """Its cut-off has passed: from then on, a period without a report is «sin reporte»."""
        return today > self.cutoff


class Report(models.Model):
    """The follow-up of one activity for one period: result, narrative, evidence, review."""

    class Status(models.TextChoices):
        DRAFT = "borrador", "Borrador"
        SUBMITTED = "enviado", "Enviado a Planeación"
        RETURNED = "devuelto", "Devuelto para corregir"
        VALIDATED = "validado", "Validado"

    activity = models.ForeignKey(
        Activity, verbose_name="actividad", on_delete=models.CASCADE, related_name="reports"
    )
    period = models.PositiveSmallIntegerField(
        "periodo", choices=[(number, label) for number, label in PERIOD_LABELS.items()]
    )
    status = models.CharField(
        "estado", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    result_text = models.TextField(
        "seguimiento", blank=True, help_text="Lo que registra la celda del periodo en el formato."
    )
    value = models.DecimalField(
        "resultado acumulado",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    numerator = models.DecimalField(
        "numerador", max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        "denominador", max_digits=14, decimal_places=2, null=True, blank=True
    )
    delivered = models.BooleanField("entregado", null=True, blank=True)
    narrative = models.TextField("descripción del avance", blank=True)
    # Budget execution (issue 22), cumulative like the result: what was committed and obligated
    # of the activity's apropiación up to the period's cut-off.
    commitments = models.DecimalField(
        "compromisos acumulados ($)",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    obligations = models.DecimalField(
        "obligaciones acumuladas ($)",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    source_proposal = models.JSONField(
        "propuesta de la fuente del indicador",
        default=dict,
        blank=True,
        help_text="Lo que propusieron los registros de participación: cifra y registros.",
    )
    source_correction = models.TextField(
        "motivo de la corrección",
        blank=True,
        help_text="Por qué el resultado reportado no es el que propusieron los registros.",
    )
    review_comment = models.TextField("observaciones de Planeación", blank=True)
    executed = models.DecimalField(
        "avance ejecutado validado (%)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField("enviado", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField("validado", null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(
        "revisión", default=1, help_text="Sube con cada cambio; detecta escrituras simultáneas."
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name="viene de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="El mismo seguimiento en la versión anterior del plan.",
    )
    # Not auto_now_add: a report carried into a new version keeps its dates.
    created_at = models.DateTimeField("creado", default=timezone.now)
    updated_at = models.DateTimeField("modificado", auto_now=True)

    class Meta:
        verbose_name = "seguimiento"
        verbose_name_plural = "seguimientos"
        ordering = ["activity", "period"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "period"], name="report_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(period__gte=1, period__lte=4), name="report_period_1_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["borrador", "enviado", "devuelto", "validado"]),
                name="report_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · periodo {PERIOD_LABELS.get(self.period, self.period)}"

    @cached_property
    def verification(self) -> "Verification | None":
        """Control Interno's latest round (the one that counts), or None. Selectors that read
        many reports set it from one query."""
        if self.pk is None:
            return None
        return self.verifications.order_by("-round").first()


def evidence_path(evidence: "Evidence", filename: str) -> str:
    # The stored name is the checksum: no user-chosen path or name ever reaches the disk.
    return f"evidencias/{evidence.sha256[:2]}/{evidence.sha256}"


class Evidence(models.Model):
    """A file or a link that supports a report. Files are served only through a checked view."""

    report = models.ForeignKey(
        Report, verbose_name="seguimiento", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("archivo", upload_to=evidence_path, blank=True)
    original_name = models.CharField("nombre del archivo", max_length=200, blank=True)
    content_type = models.CharField("tipo de contenido", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("tamaño (bytes)", default=0)
    sha256 = models.CharField("suma SHA-256", max_length=64, blank=True)
    url = models.URLField("enlace", blank=True, max_length=500)
    description = models.CharField("descripción", max_length=300, blank=True)
    public = models.BooleanField("pública", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("cargada", default=timezone.now)

    class Meta:
        verbose_name = "evidencia"
        verbose_name_plural = "evidencias"
        ordering = ["report", "uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.url


class Verification(models.Model):
    """One round of Control Interno's independent check of a validated report. A new round
    never overwrites an earlier one: the latest is the one that counts."""

    report = models.ForeignKey(
        Report, verbose_name="seguimiento", on_delete=models.CASCADE, related_name="verifications"
    )
    round = models.PositiveSmallIntegerField("ronda", default=1)
    agrees = models.BooleanField("está de acuerdo con lo validado")
    adjusted_executed = models.DecimalField(
        "avance ejecutado ajustado (%)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    observation = models.TextField("observación", blank=True)
    public = models.BooleanField("publicar la verificación", default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField("verificado", default=timezone.now)

    class Meta:
        verbose_name = "verificación de Control Interno"
        verbose_name_plural = "verificaciones de Control Interno"
        ordering = ["report", "round"]
        constraints = [
            models.UniqueConstraint(fields=["report", "round"], name="verification_round_unique"),
        ]

    def __str__(self) -> str:
        return f"Verificación de {self.report}"


class ProgressSum(models.Model):
    """A plan's weighted sums for one period, kept on write (followup.rollups), so that no
    dashboard aggregates raw reports: one row for the whole plan and one per dependencia, and per
    entity and vigencia one row for all its published plans.

    Averages are sums over the activities with a positive weight divided by ``weight``; the
    compliance and the traffic light follow from them and the entity's thresholds when read.
    """

    class Scope(models.TextChoices):
        PLAN = "plan", "Plan"
        UNIT = "unit", "Dependencia"
        ENTITY = "entity", "Entidad"  # all the entity's published plans of the vigencia

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_sums",
    )
    year = models.PositiveSmallIntegerField("vigencia")
    period = models.PositiveSmallIntegerField("periodo")
    scope = models.CharField(max_length=6, choices=Scope.choices)
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    activities = models.PositiveIntegerField(default=0)
    plans = models.PositiveIntegerField(default=1)
    weight = models.DecimalField(max_digits=24, decimal_places=8)
    programmed = models.DecimalField("Σ peso × programado", max_digits=24, decimal_places=8)
    executed = models.DecimalField("Σ peso × ejecutado", max_digits=24, decimal_places=8)
    reported = models.BooleanField(default=False)
    # Plan rows (and their sum on the entity's rows; 0 on a dependencia's): the activities
    # programmed in the period (a scheduled month in it) and, of those, the ones whose report of
    # the period Planeación has (sent, validated): what the compliance view counts as missing
    # (ADR 42).
    due_reports = models.PositiveIntegerField("actividades programadas en el periodo", default=0)
    sent_reports = models.PositiveIntegerField("de ellas, con seguimiento enviado", default=0)

    class Meta:
        verbose_name = "avance acumulado"
        verbose_name_plural = "avances acumulados"
        indexes = [
            models.Index(fields=["year", "scope", "period", "entity"]),
            models.Index(fields=["plan", "scope"]),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.scope} {self.unit_id or ''} P{self.period}"


class ImportJob(models.Model):
    """A large import confirmed in the preview and carried out by a task (followup.tasks): the
    preview page follows it until the plan is saved or the import is refused."""

    class Status(models.TextChoices):
        QUEUED = "en_cola", "En cola"
        RUNNING = "en_curso", "En curso"
        DONE = "terminada", "Terminada"
        FAILED = "rechazada", "Rechazada"

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", null=True, blank=True, on_delete=models.CASCADE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="solicitada por", on_delete=models.CASCADE
    )
    file_name = models.CharField("archivo", max_length=200)
    # The upload in the default storage (plans.pending_uploads), deleted when the job ends.
    stored_name = models.CharField("archivo guardado", max_length=300)
    options = models.JSONField("opciones de la vista previa", default=dict)
    activities = models.PositiveIntegerField("actividades en la vista previa")
    status = models.CharField(
        "estado", max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField("paso", max_length=200, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", verbose_name="plan", null=True, blank=True, on_delete=models.SET_NULL
    )
    error = models.TextField("motivo del rechazo", blank=True)
    created_at = models.DateTimeField("solicitada", auto_now_add=True)
    finished_at = models.DateTimeField("terminada", null=True, blank=True)

    class Meta:
        verbose_name = "importación en segundo plano"
        verbose_name_plural = "importaciones en segundo plano"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Importación de «{self.file_name}» ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class ComplianceDigest(models.Model):
    """What an oversight office's weekly compliance mail last saw (followup.compliance), so the
    next one says only what changed; ``week`` (ISO, «2026-W06») is the last week it was
    checked, so an office is mailed at most once a week."""

    membership = models.ForeignKey(
        "organization.Membership",
        verbose_name="oficina que vigila",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("vigencia")
    state = models.JSONField("estado visto", default=dict)
    week = models.CharField("última semana revisada", max_length=8)
    sent_at = models.DateTimeField("último envío", null=True, blank=True)

    class Meta:
        verbose_name = "resumen semanal de cumplimiento"
        verbose_name_plural = "resúmenes semanales de cumplimiento"
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"], name="compliance_digest_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.year} · {self.week}"
