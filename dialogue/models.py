"""Dialogue spaces and rendición de cuentas (Ley 1757 de 2015): the events an entity holds with
citizens, who came (counted by grupo de valor; names only with consent), the acta, and the
compromisos that come out of them, followed until closed with their own evidence."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from organization.models import Entity, Unit
from participation.models import Consent, ValueGroup
from plans.models import Activity


def acta_path(event: Event, filename: str) -> str:
    # Stored by checksum, like a plan's acta: no user-chosen name reaches the disk.
    return f"dialogo/actas/{event.acta_sha256[:2]}/{event.acta_sha256}"


def evidence_path(evidence: CommitmentEvidence, filename: str) -> str:
    return f"dialogo/evidencias/{evidence.sha256[:2]}/{evidence.sha256}"


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(status=Event.Status.SCHEDULED).order_by("starts_at")

    def past(self):
        return self.exclude(status=Event.Status.SCHEDULED).order_by("-starts_at")


class Event(models.Model):
    """A dialogue space: an audiencia pública, a mesa de trabajo, a foro... One of the entity's
    planned exercises with citizens; held, it is part of the public record of rendición de
    cuentas."""

    class Kind(models.TextChoices):
        PUBLIC_HEARING = "audiencia_publica", "Audiencia pública de rendición de cuentas"
        WORKING_TABLE = "mesa_de_trabajo", "Mesa de trabajo"
        FORUM = "foro", "Foro"
        MEETING = "encuentro", "Encuentro ciudadano"
        TRAINING = "capacitacion", "Capacitación"
        OTHER = "otro", "Otro espacio"

    class Status(models.TextChoices):
        SCHEDULED = "programado", "Programado"
        HELD = "realizado", "Realizado"
        CANCELLED = "cancelado", "Cancelado"

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="dialogue_events"
    )
    title = models.CharField("tema", max_length=300)
    kind = models.CharField("tipo de espacio", max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField("inicia")
    ends_at = models.DateTimeField("termina", null=True, blank=True)
    place = models.CharField("lugar", max_length=300, blank=True)
    virtual_url = models.URLField("enlace de la transmisión o reunión virtual", blank=True)
    municipality = models.CharField("municipio", max_length=120, blank=True)
    vereda = models.CharField("vereda o corregimiento", max_length=120, blank=True)
    value_groups = models.ManyToManyField(
        ValueGroup, verbose_name="grupos de valor convocados", blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="actividad del plan a la que sirve",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dialogue_events",
    )
    description = models.TextField("descripción", blank=True)
    status = models.CharField(
        "estado", max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField("motivo de la cancelación", max_length=500, blank=True)
    held_at = models.DateTimeField("marcado como realizado", null=True, blank=True)
    acta_file = models.FileField("acta: archivo", upload_to=acta_path, blank=True)
    acta_name = models.CharField("acta: nombre del archivo", max_length=200, blank=True)
    acta_sha256 = models.CharField("acta: suma SHA-256", max_length=64, blank=True)
    acta_size = models.PositiveBigIntegerField("acta: tamaño (bytes)", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("registrado", auto_now_add=True)
    updated_at = models.DateTimeField("modificado", auto_now=True)
    # Raised by every write: an edit sent from an older revision is refused, not applied.
    revision = models.PositiveIntegerField("revisión", default=0)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "espacio de diálogo"
        verbose_name_plural = "espacios de diálogo"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["entity", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(virtual_url=""),
                name="dialogue_event_place_or_link",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="dialogue_event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:event", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def where(self) -> str:
        """Municipality and vereda, as a line."""
        return ", ".join(part for part in (self.vereda, self.municipality) if part)


class Attendance(models.Model):
    """How many people of a grupo de valor came: the public figure of attendance."""

    event = models.ForeignKey(
        Event, verbose_name="espacio", on_delete=models.CASCADE, related_name="attendance"
    )
    value_group = models.ForeignKey(
        ValueGroup, verbose_name="grupo de valor", on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField("asistentes", default=0)

    class Meta:
        verbose_name = "asistencia por grupo de valor"
        verbose_name_plural = "asistencia por grupo de valor"
        ordering = ["event", "value_group__position", "value_group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "value_group"], name="dialogue_attendance_unique_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value_group}: {self.count}"


class Attendee(models.Model):
    """A named attendee, kept only with their consent (Ley 1581) and never public. The e-mail,
    optional, is how a request to see or erase their data finds them."""

    event = models.ForeignKey(
        Event, verbose_name="espacio", on_delete=models.CASCADE, related_name="attendee_list"
    )
    name = models.CharField("nombre", max_length=200, blank=True)
    email = models.EmailField("correo", blank=True)
    value_group = models.ForeignKey(
        ValueGroup,
        verbose_name="grupo de valor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField("municipio o vereda", max_length=200, blank=True)
    consent = models.ForeignKey(
        Consent, verbose_name="autorización", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("registrado", auto_now_add=True)

    class Meta:
        verbose_name = "asistente"
        verbose_name_plural = "asistentes"
        ordering = ["event", "name", "pk"]

    def __str__(self) -> str:
        return self.name or "(datos suprimidos)"

    @property
    def erased(self) -> bool:
        return self.consent.erased_at is not None


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(status=Commitment.Status.OPEN, due_date__lt=today)


class Commitment(models.Model):
    """A compromiso the entity took in a dialogue space, with the dependencia that answers for
    it and its due date; open until closed with evidence."""

    class Status(models.TextChoices):
        OPEN = "abierto", "Abierto"
        CLOSED = "cerrado", "Cerrado"

    event = models.ForeignKey(
        Event, verbose_name="espacio", on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.TextField("compromiso")
    unit = models.ForeignKey(
        Unit,
        verbose_name="dependencia responsable",
        on_delete=models.PROTECT,
        related_name="dialogue_commitments",
    )
    due_date = models.DateField("fecha límite")
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("cerrado el", null=True, blank=True)
    closing_note = models.TextField("nota de cierre", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cerrado por",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("registrado", auto_now_add=True)
    updated_at = models.DateTimeField("modificado", auto_now=True)
    revision = models.PositiveIntegerField("revisión", default=0)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = "compromiso"
        verbose_name_plural = "compromisos"
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="abierto", closed_on__isnull=True)
                | models.Q(status="cerrado", closed_on__isnull=False),
                name="dialogue_commitment_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:120]

    def get_absolute_url(self) -> str:
        return reverse("dialogue:commitment", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open after its due date (the due day itself is still on time)."""
        today = today or timezone.localdate()
        return not self.is_closed and self.due_date < today


class CommitmentEvidence(models.Model):
    """What shows a compromiso was met: a file (type read from its content) or a link."""

    commitment = models.ForeignKey(
        Commitment, verbose_name="compromiso", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("archivo", upload_to=evidence_path, blank=True)
    original_name = models.CharField("nombre del archivo", max_length=200, blank=True)
    content_type = models.CharField("tipo de contenido", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("tamaño (bytes)", default=0)
    sha256 = models.CharField("suma SHA-256", max_length=64, blank=True)
    url = models.URLField("enlace", blank=True, max_length=500)
    description = models.CharField("descripción", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cargada por",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("cargada", auto_now_add=True)

    class Meta:
        verbose_name = "evidencia de un compromiso"
        verbose_name_plural = "evidencias de compromisos"
        ordering = ["commitment", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="dialogue_evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.original_name or self.url
