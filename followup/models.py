from django.db import models

from plans.models import Activity

PERIOD_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Report(models.Model):
    """The follow-up of one activity for one period: what a SEGUIMIENTO TRIMESTRAL cell holds."""

    activity = models.ForeignKey(
        Activity, verbose_name="actividad", on_delete=models.CASCADE, related_name="reports"
    )
    period = models.PositiveSmallIntegerField(
        "periodo", choices=[(number, label) for number, label in PERIOD_LABELS.items()]
    )
    result_text = models.TextField("seguimiento", help_text="Lo que registra la celda del periodo.")
    created_at = models.DateTimeField("creado", auto_now_add=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.activity} · periodo {PERIOD_LABELS.get(self.period, self.period)}"
