"""What every participation exercise shares: the entity's grupos de valor and the consent a
citizen gives before anything personal is stored (Ley 1581 de 2012)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from organization.models import Entity


class ValueGroup(models.Model):
    """A grupo de valor of the entity: the pick list of comments, events and surveys, and the
    breakdown of every participation figure. Its characterisation is stored only as aggregates
    (the DAFP guide's variables with counts or shares), never as a list of people."""

    class Dimension(models.TextChoices):
        GEOGRAPHIC = "geografica", "Geográfica"
        DEMOGRAPHIC = "demografica", "Demográfica"
        INTRINSIC = "intrinseca", "Intrínseca"
        BEHAVIOURAL = "comportamiento", "De comportamiento"

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="value_groups"
    )
    name = models.CharField("nombre", max_length=150)
    description = models.TextField("descripción", blank=True)
    # {dimension: [{"variable", "category", "value" (people, or a share), "unit" ("personas" or
    # "porcentaje"), "source", "date" (ISO)}]}: aggregates only (participation.characterisation).
    characterisation = models.JSONField("caracterización (agregados)", default=dict, blank=True)
    active = models.BooleanField("activo", default=True)
    position = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        verbose_name = "grupo de valor"
        verbose_name_plural = "grupos de valor"
        ordering = ["entity", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="value_group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Consent(models.Model):
    """A citizen's authorisation to process personal data for one purpose, kept with the exact
    text they were shown and when. Erasing the data on request or at the end of retention blanks
    the e-mail and keeps the row: the entity can still show it had the authorisation."""

    class Purpose(models.TextChoices):
        COMMENT = "observacion", "Observación a un plan en consulta pública"
        ATTENDANCE = "asistencia", "Lista de asistencia a un espacio de diálogo"
        SURVEY = "encuesta", "Respuesta a una encuesta de satisfacción"

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField("finalidad", max_length=20, choices=Purpose.choices)
    text = models.TextField("texto aceptado")
    email = models.EmailField("correo", blank=True)
    given_at = models.DateTimeField("aceptado", default=timezone.now)
    erased_at = models.DateTimeField("datos suprimidos", null=True, blank=True)

    class Meta:
        verbose_name = "autorización de datos personales"
        verbose_name_plural = "autorizaciones de datos personales"
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["entity", "email"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.given_at:%d/%m/%Y}"
