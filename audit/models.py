from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change to the data, written in the same transaction as the change. Append-only."""

    at = models.DateTimeField("fecha y hora", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="usuario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        "actor",
        max_length=200,
        help_text="Usuario o proceso que hizo el cambio, como era entonces.",
    )
    action = models.CharField("acción", max_length=100, db_index=True)
    entity_id = models.BigIntegerField("entidad", null=True, blank=True, db_index=True)
    plan_id = models.BigIntegerField("plan", null=True, blank=True, db_index=True)
    object_type = models.CharField("tipo de objeto", max_length=100)
    object_id = models.CharField("id del objeto", max_length=64)
    object_repr = models.CharField("objeto", max_length=300)
    before = models.JSONField("antes", null=True, blank=True)
    after = models.JSONField("después", null=True, blank=True)
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "registro de auditoría"
        verbose_name_plural = "registros de auditoría"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
