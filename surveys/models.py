"""Satisfaction surveys: a short questionnaire Planeación builds, a public link citizens answer
anonymously, and results shown only as totals (issue 21, point 3)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from organization.models import Entity
from participation.models import Consent, ValueGroup
from plans.models import Activity

LIKERT_LABELS = (
    (1, "Muy insatisfecho"),
    (2, "Insatisfecho"),
    (3, "Ni satisfecho ni insatisfecho"),
    (4, "Satisfecho"),
    (5, "Muy satisfecho"),
)
TEXT_ANSWER_MAX_LENGTH = 500
DEFAULT_MIN_GROUP_SIZE = 5


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "borrador", "Borrador"
        OPEN = "abierta", "Abierta"
        CLOSED = "cerrada", "Cerrada"

    # What a reader sees: an open survey before its first day is «programada», and one whose
    # last day passed is closed even before anything records it (phase()).
    SCHEDULED = "programada"
    PHASE_LABELS = {
        Status.DRAFT: "Borrador",
        SCHEDULED: "Programada",
        Status.OPEN: "Abierta",
        Status.CLOSED: "Cerrada",
    }

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField("título", max_length=200)
    intro = models.TextField("presentación", blank=True)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField("abre el", null=True, blank=True)
    closes_on = models.DateField("cierra el", null=True, blank=True)
    closed_at = models.DateTimeField("cerrada", null=True, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name="actividad del plan a la que sirve",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    min_group_size = models.PositiveSmallIntegerField(
        "mínimo de respuestas por grupo",
        default=DEFAULT_MIN_GROUP_SIZE,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=(
            "Los resultados de un grupo de valor con menos respuestas no se muestran, para que "
            "nadie pueda ser reconocido por sus respuestas."
        ),
    )
    requires_code = models.BooleanField(
        "requiere código",
        default=False,
        help_text="Cada persona responde con uno de los códigos de un solo uso que se entregan.",
    )
    token = models.CharField("enlace público", max_length=40, unique=True, default=new_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="creada por",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("creada", default=timezone.now)
    revision = models.PositiveIntegerField("revisión", default=0)

    class Meta:
        verbose_name = "encuesta de satisfacción"
        verbose_name_plural = "encuestas de satisfacción"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(opens_on__lte=models.F("closes_on")),
                name="survey_opens_before_it_closes",
            ),
            models.CheckConstraint(
                condition=models.Q(status="borrador")
                | (models.Q(opens_on__isnull=False) & models.Q(closes_on__isnull=False)),
                name="survey_open_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def phase(self, today: datetime.date | None = None) -> str:
        """The status as of ``today``: borrador, programada, abierta or cerrada."""
        today = today or timezone.localdate()
        if self.status == self.Status.OPEN:
            if self.closes_on and self.closes_on < today:
                return self.Status.CLOSED
            if self.opens_on and self.opens_on > today:
                return self.SCHEDULED
        return self.status

    def phase_label(self, today: datetime.date | None = None) -> str:
        return self.PHASE_LABELS[self.phase(today)]

    def is_accepting(self, today: datetime.date | None = None) -> bool:
        return self.phase(today) == self.Status.OPEN

    def is_closed(self, today: datetime.date | None = None) -> bool:
        return self.phase(today) == self.Status.CLOSED

    def close_date(self) -> datetime.date | None:
        """The day it closed: when someone closed it, else its last day."""
        if self.closed_at:
            return timezone.localdate(self.closed_at)
        return self.closes_on


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", "Escala de satisfacción (1 a 5)"
        SINGLE = "unica", "Una opción"
        MULTIPLE = "varias", "Varias opciones"
        TEXT = "texto", "Respuesta corta"

    survey = models.ForeignKey(
        Survey, verbose_name="encuesta", on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("orden", default=0)
    kind = models.CharField("tipo", max_length=10, choices=Kind.choices, default=Kind.LIKERT)
    text = models.CharField("pregunta", max_length=300)
    required = models.BooleanField("obligatoria", default=True)
    options = models.JSONField("opciones", default=list, blank=True)

    class Meta:
        verbose_name = "pregunta"
        verbose_name_plural = "preguntas"
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def choices(self) -> list[tuple[str, str]]:
        """What a citizen picks from: the Likert scale or the options."""
        if self.kind == self.Kind.LIKERT:
            return [(str(value), f"{value} · {label}") for value, label in LIKERT_LABELS]
        return [(option, option) for option in self.options]


class Response(models.Model):
    """One person's answers. No name and no address: an e-mail only if they ask to be
    contacted, a keyed hash of the address for the rate limit, and the authorisation given."""

    survey = models.ForeignKey(
        Survey, verbose_name="encuesta", on_delete=models.CASCADE, related_name="responses"
    )
    value_group = models.ForeignKey(
        ValueGroup,
        verbose_name="grupo de valor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    submitted_at = models.DateTimeField("enviada", default=timezone.now)
    consent = models.ForeignKey(
        Consent, verbose_name="autorización", on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField("correo para contactarle", blank=True)
    fingerprint = models.CharField("huella de la conexión (hash)", max_length=40, blank=True)

    class Meta:
        verbose_name = "respuesta"
        verbose_name_plural = "respuestas"
        ordering = ["survey", "submitted_at", "pk"]
        indexes = [
            models.Index(fields=["fingerprint", "submitted_at"]),
            models.Index(fields=["survey", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"Respuesta {self.pk} · {self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name="respuesta", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="pregunta", on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        "valor", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    choices = models.JSONField("opciones elegidas", default=list, blank=True)
    text = models.CharField("texto", max_length=TEXT_ANSWER_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = "respuesta a una pregunta"
        verbose_name_plural = "respuestas a las preguntas"
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="answer_likert_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} · {self.response_id}"


class ResponseCode(models.Model):
    """A single-use code handed out on paper at an event. Only its keyed hash is kept: the
    codes are shown once, on the printable version made when they are generated."""

    survey = models.ForeignKey(
        Survey, verbose_name="encuesta", on_delete=models.CASCADE, related_name="codes"
    )
    code_hash = models.CharField("código (hash)", max_length=64, unique=True)
    created_at = models.DateTimeField("generado", default=timezone.now)
    used_at = models.DateTimeField("usado", null=True, blank=True)
    response = models.OneToOneField(
        Response,
        verbose_name="respuesta",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="code",
    )

    class Meta:
        verbose_name = "código de respuesta"
        verbose_name_plural = "códigos de respuesta"

    def __str__(self) -> str:
        return f"Código de {self.survey}"
