"""The Plan de Desarrollo of an entity (Ley 152 de 1994): for one cuatrienio, its líneas
estratégicas, their programas and each programa's metas, and the activities of the planes de
acción that serve each meta de producto (art. 41: the plan de acción is prepared from it)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

YEARS = 4  # a cuatrienio


class DevelopmentPlan(models.Model):
    entity = models.ForeignKey(
        "organization.Entity",
        on_delete=models.PROTECT,
        related_name="development_plans",
        verbose_name="entidad",
    )
    name = models.CharField("nombre", max_length=300)
    start_year = models.PositiveSmallIntegerField(
        "primer año del cuatrienio", validators=[MinValueValidator(2000)]
    )
    adopting_act = models.CharField(
        "acto que lo adopta", max_length=200, blank=True, help_text="p. ej. «Acuerdo 012 de 2024»"
    )
    revision = models.PositiveIntegerField("revisión", default=1)
    created_at = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        verbose_name = "plan de desarrollo"
        verbose_name_plural = "planes de desarrollo"
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "start_year"], name="development_one_plan_per_cuatrienio"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cuatrienio})"

    @property
    def end_year(self) -> int:
        return self.start_year + YEARS - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.start_year + YEARS))

    @property
    def cuatrienio(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class StrategicLine(models.Model):
    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="lines", verbose_name="plan"
    )
    code = models.CharField("código", max_length=30)
    name = models.CharField("nombre", max_length=300)
    position = models.PositiveIntegerField("orden", default=0)
    revision = models.PositiveIntegerField("revisión", default=1)

    class Meta:
        verbose_name = "línea estratégica"
        verbose_name_plural = "líneas estratégicas"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="development_line_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Program(models.Model):
    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="programs", verbose_name="plan"
    )
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.CASCADE,
        related_name="programs",
        verbose_name="línea estratégica",
    )
    sector = models.CharField("sector", max_length=200, blank=True)
    code = models.CharField("código", max_length=30)
    name = models.CharField("nombre", max_length=300)
    position = models.PositiveIntegerField("orden", default=0)
    revision = models.PositiveIntegerField("revisión", default=1)

    class Meta:
        verbose_name = "programa"
        verbose_name_plural = "programas"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="development_program_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Goal(models.Model):
    """A meta: de resultado (the change sought in the population, measured by Planeación) or
    de producto (what the administration delivers, served by plan activities)."""

    class Kind(models.TextChoices):
        OUTCOME = "resultado", "Meta de resultado"
        OUTPUT = "producto", "Meta de producto"

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="goals", verbose_name="plan"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="goals", verbose_name="programa"
    )
    kind = models.CharField("tipo de meta", max_length=12, choices=Kind.choices)
    code = models.CharField("código", max_length=30)
    description = models.TextField("meta")
    indicator = models.CharField("indicador", max_length=300, blank=True)
    unit = models.CharField("unidad de medida", max_length=100, blank=True)
    baseline = models.DecimalField(
        "línea base", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        "meta del cuatrienio", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_1 = models.DecimalField(
        "meta año 1", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_2 = models.DecimalField(
        "meta año 2", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_3 = models.DecimalField(
        "meta año 3", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_4 = models.DecimalField(
        "meta año 4", max_digits=14, decimal_places=2, null=True, blank=True
    )
    responsible_unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_goals",
        verbose_name="dependencia responsable",
    )
    position = models.PositiveIntegerField("orden", default=0)
    revision = models.PositiveIntegerField("revisión", default=1)

    class Meta:
        verbose_name = "meta"
        verbose_name_plural = "metas"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="development_goal_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:80]}"

    @property
    def is_output(self) -> bool:
        return self.kind == Goal.Kind.OUTPUT

    def yearly_targets(self) -> list:
        return [self.target_1, self.target_2, self.target_3, self.target_4]

    def target_for(self, year: int):
        index = year - self.plan.start_year
        return self.yearly_targets()[index] if 0 <= index < YEARS else None


class OutcomeMeasure(models.Model):
    """A meta de resultado's value for a year, entered by Planeación (no activity measures
    the change in the population)."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="measures", verbose_name="meta"
    )
    year = models.PositiveSmallIntegerField("año")
    value = models.DecimalField("valor alcanzado", max_digits=14, decimal_places=2)
    note = models.CharField("fuente u observación", max_length=300, blank=True)

    class Meta:
        verbose_name = "medición de meta de resultado"
        verbose_name_plural = "mediciones de metas de resultado"
        constraints = [
            models.UniqueConstraint(fields=["goal", "year"], name="development_measure_year")
        ]

    def __str__(self) -> str:
        return f"{self.goal.code} {self.year}: {self.value}"


class ActivityGoal(models.Model):
    """An activity of a plan de acción serves a meta de producto, with a weight among the
    activities that serve it."""

    activity = models.ForeignKey(
        "plans.Activity",
        on_delete=models.CASCADE,
        related_name="development_links",
        verbose_name="actividad",
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="links", verbose_name="meta de producto"
    )
    weight = models.DecimalField("peso", max_digits=7, decimal_places=2, default=1)

    class Meta:
        verbose_name = "actividad de una meta"
        verbose_name_plural = "actividades de las metas"
        constraints = [
            models.UniqueConstraint(fields=["activity", "goal"], name="development_link_once"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="development_link_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.goal_id} ({self.weight})"
