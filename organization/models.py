from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from organization.nit import InvalidNit, parse_nit


def validate_nit(value: str) -> None:
    try:
        parse_nit(value)
    except InvalidNit as exc:
        raise ValidationError(str(exc), code="invalid_nit") from exc


class User(AbstractUser):
    """A person who logs in. What they may do comes from their Membership in one entity."""

    class Meta(AbstractUser.Meta):
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class FollowupScheme(models.TextChoices):
    """How often a plan is followed up: its periods and their cut-offs."""

    QUARTERLY = "trimestral", "Trimestral (I–IV)"
    FOUR_MONTHLY = "cuatrimestral", "Cuatrimestral (I–III)"


class Entity(models.Model):
    """A public body (alcaldía, gobernación, ESE...) identified by its NIT."""

    name = models.CharField("nombre", max_length=200)
    nit = models.CharField(
        "NIT",
        max_length=20,
        unique=True,
        validators=[validate_nit],
        help_text="Con dígito de verificación, por ejemplo 891900493-2.",
    )
    department = models.CharField("departamento", max_length=100, blank=True)
    municipality = models.CharField("municipio", max_length=100, blank=True)
    address = models.CharField("dirección", max_length=300, blank=True)
    postal_code = models.CharField("código postal", max_length=10, blank=True)
    website = models.CharField("sitio web", max_length=200, blank=True)
    phone = models.CharField("teléfono", max_length=60, blank=True)
    email = models.EmailField("correo de contacto", blank=True)
    office_hours = models.CharField("horario de atención", max_length=200, blank=True)
    followup_scheme = models.CharField(
        "periodicidad del seguimiento",
        max_length=20,
        choices=FollowupScheme.choices,
        default=FollowupScheme.QUARTERLY,
        help_text="La de los planes nuevos, salvo que su tipo de plan fije otra.",
    )
    submission_opens_days_before = models.PositiveSmallIntegerField(
        "el envío abre días antes del corte",
        null=True,
        blank=True,
        help_text=(
            "Desde cuándo se puede enviar el seguimiento de un periodo a Planeación. Vacío: desde "
            "el primer día del último mes del periodo. Los borradores se guardan en cualquier "
            "momento."
        ),
    )
    report_window_days = models.PositiveSmallIntegerField(
        "días para reportar",
        default=10,
        help_text="La ventana de reporte cierra estos días después del corte del periodo.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "días de anticipación del recordatorio", default=3
    )
    threshold_red_below = models.DecimalField(
        "semáforo: rojo por debajo de (%)", max_digits=5, decimal_places=2, default=60
    )
    threshold_yellow_below = models.DecimalField(
        "semáforo: amarillo por debajo de (%)", max_digits=5, decimal_places=2, default=80
    )
    require_two_factor = models.BooleanField(
        "exigir verificación en dos pasos a Planeación",
        default=False,
        help_text=(
            "Los usuarios de Planeación deberán configurar una aplicación autenticadora (TOTP) "
            "y usar su código en cada ingreso."
        ),
    )
    public_version = models.PositiveIntegerField(
        "versión pública",
        default=1,
        editable=False,
        help_text=(
            "Sube con cada cambio a lo que muestra el portal público; las páginas y los archivos "
            "públicos guardados llevan este número."
        ),
    )
    created_at = models.DateTimeField("creada", auto_now_add=True)

    class Meta:
        verbose_name = "entidad"
        verbose_name_plural = "entidades"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold_red_below__gt=0)
                & models.Q(threshold_yellow_below__gt=models.F("threshold_red_below"))
                & models.Q(threshold_yellow_below__lte=100),
                name="entity_thresholds_ordered",
                violation_error_message="Los umbrales deben cumplir 0 < rojo < amarillo ≤ 100.",
            ),
            models.CheckConstraint(
                condition=models.Q(followup_scheme__in=["trimestral", "cuatrimestral"]),
                name="entity_followup_scheme_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Only organization.public_cache moves the public version (an F() update). An entity
        # read before a bump and saved after it would otherwise write the older number back,
        # and pages cached under the number it reaches again would be served (ADR 21).
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.name != "public_version"
            ]
        super().save(*args, **kwargs)

    @property
    def nit_formatted(self) -> str:
        try:
            return parse_nit(self.nit).formatted
        except InvalidNit:
            return self.nit


class Unit(models.Model):
    """A dependencia (secretaría, oficina...) of an entity."""

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField("nombre", max_length=200)
    is_whole_entity = models.BooleanField(
        "toda la administración",
        default=False,
        help_text=(
            "Marca una responsabilidad compartida por toda la entidad (p. ej. «Administración "
            "Municipal»); su seguimiento lo coordina Planeación."
        ),
    )
    is_active = models.BooleanField("activa", default=True)

    class Meta:
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint("entity", Lower("name"), name="unit_name_unique_per_entity"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """Another name a dependencia is known by: an abbreviation, an old name, a common typo."""

    unit = models.ForeignKey(
        Unit, verbose_name="dependencia", on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField("alias", max_length=200)

    class Meta:
        verbose_name = "alias de dependencia"
        verbose_name_plural = "alias de dependencias"
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint("unit", Lower("alias"), name="unit_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias


class Role(models.TextChoices):
    PLANNER = "planner", "Planeación"
    REPORTER = "reporter", "Responsable de dependencia"
    AUDITOR = "auditor", "Control Interno"
    VIEWER = "viewer", "Consulta"


class Membership(models.Model):
    """A user's role in one entity; reporters answer for one or more dependencias."""

    user = models.OneToOneField(
        User, verbose_name="usuario", on_delete=models.CASCADE, related_name="membership"
    )
    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        Unit, verbose_name="dependencias", blank=True, related_name="members"
    )
    can_approve = models.BooleanField(
        "aprueba planes",
        default=False,
        help_text=(
            "Firma por el Comité Institucional de Gestión y Desempeño: aprueba o devuelve planes."
        ),
    )
    oversees = models.ManyToManyField(
        Entity,
        verbose_name="entidades que consulta",
        blank=True,
        related_name="overseen_by",
        help_text=(
            "Para la oficina de planeación de un departamento: consulta, sin modificar, los planes "
            "y el seguimiento de estas entidades, y su tablero consolidado."
        ),
    )

    class Meta:
        verbose_name = "vinculación"
        verbose_name_plural = "vinculaciones"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.entity}"


class ApiToken(models.Model):
    """A personal token for the API. It carries its user's permissions, no more; only its hash
    is stored, and the token itself is shown once, when it is created."""

    user = models.ForeignKey(
        User, verbose_name="usuario", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nombre", max_length=100)
    prefix = models.CharField("comienzo", max_length=8)
    key_hash = models.CharField("huella", max_length=64, unique=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True)
    revoked_at = models.DateTimeField("revocado", null=True, blank=True)

    class Meta:
        verbose_name = "token de la API"
        verbose_name_plural = "tokens de la API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
