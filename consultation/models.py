"""The consulta pública of a draft plan: the window Planeación opens, and the observations
citizens send during it, each moderated and answered (Ley 1757 de 2015, MIPG)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from participation.abuse import TEXT_MAX_LENGTH
from participation.models import Consent, ValueGroup
from plans.models import Activity, Plan


class Consultation(models.Model):
    """A window of dates in which citizens comment a plan still in formulation or in review."""

    # A consulted plan is never deleted: the citizens' observations are kept. The plan's
    # delete service asks Django's collector first and says so (plans.services.workflow).
    plan = models.ForeignKey(
        Plan,
        verbose_name="plan consultado",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    opens_on = models.DateField("abre el")
    closes_on = models.DateField("cierra el")
    intro = models.TextField("presentación", blank=True)
    # What this exercise counts for: e.g. the participation plan's activity «consulta pública».
    activity = models.ForeignKey(
        Activity,
        verbose_name="actividad del plan a la que sirve",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="abierta por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("creada", auto_now_add=True)
    closed_at = models.DateTimeField("cerrada antes de tiempo", null=True, blank=True)

    class Meta:
        verbose_name = "consulta pública"
        verbose_name_plural = "consultas públicas"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"Consulta pública de {self.plan.title} ({self.opens_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("consultation:detail", args=[self.pk])

    @property
    def entity_id(self) -> int:
        return self.plan.entity_id


class Comment(models.Model):
    """A citizen's observation on the whole plan or on one activity. Never deleted: Planeación
    hides it with a reason, and answers it."""

    class Status(models.TextChoices):
        PENDING = "pendiente", "Pendiente de respuesta"
        ACCEPTED = "aceptada", "Aceptada"
        PARTLY_ACCEPTED = "aceptada_parcialmente", "Aceptada parcialmente"
        NOT_ACCEPTED = "no_aceptada", "No aceptada"

    consultation = models.ForeignKey(
        Consultation, verbose_name="consulta", on_delete=models.PROTECT, related_name="comments"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="actividad",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
        help_text="Vacía: la observación es sobre todo el plan.",
    )
    # The activity as the citizen read it («3. Capacitar…»; empty: the whole plan). It stays in
    # the matrix when Planeación deletes the activity, perhaps because of this very comment.
    activity_label = models.TextField("actividad comentada", blank=True)
    name = models.CharField("nombre", max_length=150, blank=True)
    email = models.EmailField("correo", blank=True)  # blank only once erased
    value_group = models.ForeignKey(
        ValueGroup, verbose_name="grupo de valor", on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField("municipio o vereda", max_length=150, blank=True)
    text = models.TextField("observación", max_length=TEXT_MAX_LENGTH)
    consent = models.ForeignKey(
        Consent, verbose_name="autorización", on_delete=models.PROTECT, related_name="+"
    )
    fingerprint = models.CharField("huella de la conexión", max_length=40, db_index=True)
    created_at = models.DateTimeField("recibida", auto_now_add=True)

    hidden = models.BooleanField("oculta por moderación", default=False)
    hidden_reason = models.TextField("motivo de la moderación", blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="moderada por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_at = models.DateTimeField("moderada", null=True, blank=True)

    status = models.CharField(
        "estado de la respuesta",
        max_length=30,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    answer = models.TextField("respuesta (razón)", blank=True)
    change_made = models.TextField("cambio realizado en el plan", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="respondida por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("respondida", null=True, blank=True)
    answer_mailed_at = models.DateTimeField("respuesta enviada por correo", null=True, blank=True)
    # Moves on with every answer: a planner's form carries the number it was opened with.
    revision = models.PositiveIntegerField("revisión", default=0)

    class Meta:
        verbose_name = "observación"
        verbose_name_plural = "observaciones"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Observación {self.pk} · {self.created_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("consultation:comment", args=[self.pk])
