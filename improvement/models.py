"""Hallazgos (findings) and the improvement actions that answer them.

An improvement action is an activity of a plan de mejoramiento (a ``plans.Plan`` of the type
``plan-mejoramiento``): it is formulated, approved, published and followed up like any activity.
This app keeps only what the plans do not: the finding, and which finding and which plan de
acción activities each action belongs to (ADR 0040).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from dialogue.models import Commitment, Event
from followup.models import Verification
from organization.models import Entity, Unit
from plans.models import Activity, Plan

IMPROVEMENT_PLAN_TYPE = "plan-mejoramiento"


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(status=Finding.Status.OPEN)


class Finding(models.Model):
    """A hallazgo: what Control Interno (or an audit, an ente de control, a participation
    exercise) found, why it matters and which dependencia answers for it."""

    class Status(models.TextChoices):
        OPEN = "abierto", "Abierto"
        CLOSED = "cerrado", "Cerrado"

    class Source(models.TextChoices):
        VERIFICATION = "verificacion", "Verificación de Control Interno"
        INTERNAL_AUDIT = "auditoria_interna", "Auditoría interna"
        CONTROL_BODY = "ente_control", "Auditoría de un ente de control"
        PARTICIPATION = "participacion", "Ejercicio de participación ciudadana"
        OTHER = "otro", "Otra fuente"

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.PROTECT, related_name="findings"
    )
    code = models.CharField("número o código", max_length=40)
    title = models.CharField("título", max_length=300)
    condition = models.TextField("condición (lo que se encontró)")
    criterion = models.TextField("criterio (norma o requisito)", blank=True)
    cause = models.TextField("causa")
    effect = models.TextField("efecto")
    source = models.CharField("fuente", max_length=20, choices=Source.choices)
    source_reference = models.CharField(
        "referencia de la fuente",
        max_length=300,
        blank=True,
        help_text="Informe, acta o auditoría de donde sale el hallazgo.",
    )
    verification = models.ForeignKey(
        Verification,
        verbose_name="verificación de Control Interno",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        Event,
        verbose_name="espacio de diálogo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name="compromiso",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="dependencia responsable", on_delete=models.PROTECT, related_name="+"
    )
    found_on = models.DateField("fecha del hallazgo")
    plan = models.ForeignKey(
        Plan,
        verbose_name="plan de mejoramiento",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        limit_choices_to={"plan_type__code": IMPROVEMENT_PLAN_TYPE},
    )
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("cerrado el", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cerrado por",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_note = models.TextField("nota de cierre", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("registrado", default=timezone.now)
    updated_at = models.DateTimeField("modificado", auto_now=True)
    revision = models.PositiveIntegerField("revisión", default=0)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "hallazgo"
        verbose_name_plural = "hallazgos"
        ordering = ["-found_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "code"], name="finding_code_per_entity"),
            models.CheckConstraint(
                condition=models.Q(status__in=["abierto", "cerrado"]), name="finding_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="abierto", closed_on__isnull=True)
                | models.Q(status="cerrado", closed_on__isnull=False),
                name="finding_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Hallazgo {self.code}: {self.title[:80]}"

    @property
    def is_closed(self) -> bool:
        return self.status == Finding.Status.CLOSED


class Action(models.Model):
    """An improvement action: the activity of a plan de mejoramiento that answers a finding, and
    the plan de acción activities it supports."""

    activity = models.OneToOneField(
        Activity,
        verbose_name="actividad del plan de mejoramiento",
        on_delete=models.CASCADE,
        related_name="improvement_action",
    )
    finding = models.ForeignKey(
        Finding, verbose_name="hallazgo", on_delete=models.CASCADE, related_name="actions"
    )
    linked_activities = models.ManyToManyField(
        Activity,
        verbose_name="actividades del plan de acción relacionadas",
        blank=True,
        related_name="improvement_actions",
    )
    created_at = models.DateTimeField("registrada", default=timezone.now)

    class Meta:
        verbose_name = "acción de mejora"
        verbose_name_plural = "acciones de mejora"
        ordering = ["finding", "activity__number"]

    def __str__(self) -> str:
        return f"Acción {self.activity.number} del hallazgo {self.finding.code}"
