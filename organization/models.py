from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower

from organization import divipola
from organization.directory import name_key
from organization.nit import InvalidNit, parse_nit


def validate_nit(value: str) -> None:
    try:
        parse_nit(value)
    except InvalidNit as exc:
        raise ValidationError(str(exc), code="invalid_nit") from exc


validate_username = UnicodeUsernameValidator(
    message=(
        "El usuario solo puede tener letras, números y los caracteres @ . + - _ "
        "(sin espacios, comillas ni otros signos)."
    )
)

_web_address = URLValidator(schemes=["http", "https"])


def validate_website(value: str) -> None:
    """A web address, with or without its scheme: the official format writes the entity's site
    as «www.cartago.gov.co», so that form is kept as written and checked as https://."""
    try:
        _web_address(value if "://" in value else f"https://{value}")
    except ValidationError as exc:
        raise ValidationError(
            "Escriba la dirección del sitio web, por ejemplo www.entidad.gov.co o "
            "https://www.entidad.gov.co.",
            code="invalid_website",
        ) from exc


EMAIL_TAKEN = "Ya existe un usuario con ese correo: cada persona tiene el suyo."


class User(AbstractUser):
    """A person who logs in. What they may do comes from their Membership in one entity."""

    username = models.CharField(
        "nombre de usuario",  # the log-in form's error message names it
        max_length=150,
        unique=True,
        help_text="Letras, números y los caracteres @ . + - _ (sin espacios).",
        validators=[validate_username],
        error_messages={"unique": "Ya existe un usuario con ese nombre."},
    )
    invited_at = models.DateTimeField(
        "invitación enviada",
        null=True,
        blank=True,
        help_text="Cuándo se le envió la última invitación (el enlace para elegir contraseña).",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
        constraints = [
            # One mailbox, one person: invitations and password resets go to it.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=EMAIL_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class FollowupScheme(models.TextChoices):
    """How often a plan is followed up: its periods and their cut-offs."""

    QUARTERLY = "trimestral", "Trimestral (I–IV)"
    FOUR_MONTHLY = "cuatrimestral", "Cuatrimestral (I–III)"


class EntityKind(models.TextChoices):
    """What kind of public body an entity is, as oversight offices group them."""

    ALCALDIA = "alcaldia", "Alcaldía"
    GOBERNACION = "gobernacion", "Gobernación"
    ESE = "ese", "Empresa Social del Estado (ESE)"
    EMPRESA = "empresa", "Empresa industrial y comercial del Estado o de servicios públicos"
    INSTITUTO = "instituto", "Establecimiento público o instituto descentralizado"
    CONCEJO = "concejo", "Concejo municipal o distrital"
    ASAMBLEA = "asamblea", "Asamblea departamental"
    PERSONERIA = "personeria", "Personería"
    CONTRALORIA = "contraloria", "Contraloría"
    NACIONAL = "nacional", "Entidad del orden nacional (ministerio, departamento administrativo…)"
    OTRA = "otra", "Otra"


class EntityOrder(models.TextChoices):
    TERRITORIAL = "territorial", "Territorial"
    NACIONAL = "nacional", "Nacional"


class MunicipalCategory(models.TextChoices):
    """The category of a municipality or department (Ley 617 de 2000, Ley 1551 de 2012)."""

    ESPECIAL = "especial", "Especial"
    PRIMERA = "1", "Primera"
    SEGUNDA = "2", "Segunda"
    TERCERA = "3", "Tercera"
    CUARTA = "4", "Cuarta"
    QUINTA = "5", "Quinta"
    SEXTA = "6", "Sexta"


def validate_department_code(value: str) -> None:
    if value and divipola.department(value) is None:
        raise ValidationError(
            f"«{value}» no es un código DIVIPOLA de departamento (dos dígitos, p. ej. 76).",
            code="invalid_department",
        )


def validate_municipality_code(value: str) -> None:
    if value and divipola.municipality(value) is None:
        raise ValidationError(
            f"«{value}» no es un código DIVIPOLA de municipio (cinco dígitos, p. ej. 76147).",
            code="invalid_municipality",
        )


# How the State identifies an entity: what only the system administrator sets.
IDENTIFICATION_FIELDS = (
    "name",
    "nit",
    "department_code",
    "municipality_code",
    "kind",
    "order",
    "category",
)


class Entity(models.Model):
    """A public body (alcaldía, gobernación, ESE...) identified by its NIT, and placed by its
    DIVIPOLA codes: ``department`` and ``municipality`` are the names of those codes, kept so
    that every page and export writes them without looking them up."""

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
    department_code = models.CharField(
        "código DIVIPOLA del departamento",
        max_length=2,
        blank=True,
        db_index=True,
        validators=[validate_department_code],
    )
    municipality_code = models.CharField(
        "código DIVIPOLA del municipio",
        max_length=5,
        blank=True,
        db_index=True,
        validators=[validate_municipality_code],
        help_text="Vacío para una entidad del orden departamental o nacional.",
    )
    kind = models.CharField(
        "tipo de entidad", max_length=20, choices=EntityKind.choices, blank=True, db_index=True
    )
    order = models.CharField(
        "orden", max_length=20, choices=EntityOrder.choices, default=EntityOrder.TERRITORIAL
    )
    category = models.CharField(
        "categoría",
        max_length=10,
        choices=MunicipalCategory.choices,
        blank=True,
        help_text="La del municipio o departamento (Ley 617 de 2000).",
    )
    address = models.CharField("dirección", max_length=300, blank=True)
    postal_code = models.CharField("código postal", max_length=10, blank=True)
    website = models.CharField(
        "sitio web",
        max_length=200,
        blank=True,
        validators=[validate_website],
        help_text="Como lo escribe el formato (www.entidad.gov.co) o con https://.",
    )
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
        "días de anticipación del recordatorio",
        default=3,
        help_text=(
            "El recordatorio sale estos días antes de que cierre la ventana; como mucho los días "
            "para reportar, para que llegue cuando el periodo ya terminó."
        ),
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
                condition=models.Q(municipality_code="")
                | models.Q(municipality_code__startswith=models.F("department_code")),
                name="entity_municipality_in_department",
                violation_error_message="El municipio no es del departamento elegido.",
            ),
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
            models.CheckConstraint(
                condition=models.Q(reminder_days_before__lte=models.F("report_window_days")),
                name="entity_reminder_within_window",
                violation_error_message=(
                    "Los días de anticipación del recordatorio no pueden ser más que los días "
                    "para reportar: el recordatorio saldría antes de que termine el periodo."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_place()
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

    def clean(self) -> None:
        super().clean()
        place = divipola.municipality(self.municipality_code)
        if place and self.department_code and place.department_code != self.department_code:
            raise ValidationError(
                {
                    "municipality_code": f"{place.name} ({place.code}) no es un municipio de "
                    f"{divipola.department(self.department_code).name}."
                }
            )

    def fill_place(self) -> None:
        """Names from the codes; codes from the names when only names were written (an entity
        created by an import, or registered before the codes existed)."""
        place = divipola.municipality(self.municipality_code)
        if place:
            self.department_code = place.department_code
            self.municipality = place.name
        elif not self.department_code and self.department:
            found = divipola.find_department(self.department)
            self.department_code = found.code if found else ""
        if not place and not self.municipality_code and self.municipality:
            found = divipola.find_municipality(self.municipality, self.department_code)
            if found:
                self.municipality_code, self.municipality = found.code, found.name
                self.department_code = found.department_code
        region = divipola.department(self.department_code)
        if region:
            self.department = region.name

    @property
    def nit_formatted(self) -> str:
        try:
            return parse_nit(self.nit).formatted
        except InvalidNit:
            return self.nit


KEY_HELP = (
    "El nombre como lo compara el directorio al importar: sin tildes, mayúsculas, signos ni "
    "palabras como «de»; abreviaturas completas."
)


class KeyedQuerySet(models.QuerySet):
    """Rows created in bulk carry their comparison key as those saved one by one."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.fill_key()
        return super().bulk_create(objs, *args, **kwargs)


def _keyed_save(obj: models.Model, source: str, kwargs: dict) -> None:
    obj.fill_key()
    fields = kwargs.get("update_fields")
    if fields is not None and source in fields:
        kwargs["update_fields"] = {*fields, "key"}


def directory_keys(entity_id: int, *, other_than_unit: int | None = None) -> dict[str, str]:
    """The comparison keys the entity's dependencias use, names and aliases, each with how it
    is written there; ``other_than_unit`` leaves one dependencia out."""
    units = Unit.objects.filter(entity_id=entity_id).exclude(pk=other_than_unit)
    taken = {
        key: f"la dependencia «{name}»" + ("" if active else " (inactiva)")
        for key, name, active in units.values_list("key", "name", "is_active")
    }
    aliases = UnitAlias.objects.filter(unit__in=units).values_list("key", "alias", "unit__name")
    for key, alias, unit in aliases:
        taken.setdefault(key, f"el alias «{alias}» de «{unit}»")
    return taken


class Unit(models.Model):
    """A dependencia (secretaría, oficina...) of an entity.

    No two dependencias of an entity read the same to the directory (``name_key``: accents,
    case, punctuation and abbreviations aside), by their names or their aliases, so a written
    name never matches two of them."""

    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField("nombre", max_length=200)
    key = models.CharField(
        "clave de comparación", max_length=600, blank=True, editable=False, help_text=KEY_HELP
    )
    is_whole_entity = models.BooleanField(
        "toda la administración",
        default=False,
        help_text=(
            "Marca una responsabilidad compartida por toda la entidad (p. ej. «Administración "
            "Municipal»); su seguimiento lo coordina Planeación."
        ),
    )
    is_active = models.BooleanField("activa", default=True)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "key"],
                name="unit_key_unique_per_entity",
                violation_error_message="Ya existe una dependencia con ese nombre en la entidad.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        _keyed_save(self, "name", kwargs)
        super().save(*args, **kwargs)

    def fill_key(self) -> None:
        self.key = name_key(self.name)

    def clean(self) -> None:
        self.fill_key()
        if not self.key:
            raise ValidationError({"name": "Escriba el nombre de la dependencia."})
        if self.entity_id is None:
            return
        taken = directory_keys(self.entity_id, other_than_unit=self.pk).get(self.key)
        if taken:
            raise ValidationError(
                {
                    "name": f"Ya existe una dependencia con ese nombre en la entidad. Se lee "
                    f"igual que {taken} (sin tildes, mayúsculas ni abreviaturas)."
                }
            )

    def clean_aliases(self, aliases: Iterable[str]) -> list[str]:
        """The aliases to keep for this dependencia, written ones first: blank ones and those
        that read the same as an earlier one dropped. Refused (ValidationError on "aliases")
        when one reads as another dependencia's name or alias, or as nothing at all."""
        kept: dict[str, str] = {}
        errors = []
        taken = directory_keys(self.entity_id, other_than_unit=self.pk)
        for alias in (text.strip() for text in aliases):
            key = name_key(alias)
            if not alias or key in kept:
                continue
            if not key:
                errors.append(f"«{alias}» no sirve como alias: no tiene palabras que lo distingan.")
            elif key in taken:
                errors.append(f"El alias «{alias}» se lee igual que {taken[key]}.")
            kept[key] = alias
        if errors:
            raise ValidationError({"aliases": errors})
        return list(kept.values())


class UnitAlias(models.Model):
    """Another name a dependencia is known by: an abbreviation, an old name, a common typo."""

    unit = models.ForeignKey(
        Unit, verbose_name="dependencia", on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField("alias", max_length=200)
    key = models.CharField(
        "clave de comparación", max_length=600, blank=True, editable=False, help_text=KEY_HELP
    )

    objects = KeyedQuerySet.as_manager()

    class Meta:
        verbose_name = "alias de dependencia"
        verbose_name_plural = "alias de dependencias"
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "key"],
                name="unit_alias_key_unique",
                violation_error_message="La dependencia ya tiene un alias que se lee igual.",
            ),
        ]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs) -> None:
        _keyed_save(self, "alias", kwargs)
        super().save(*args, **kwargs)

    def fill_key(self) -> None:
        self.key = name_key(self.alias)

    def clean(self) -> None:
        self.fill_key()
        if not self.key:
            raise ValidationError(
                {"alias": "Ese alias no sirve: no tiene palabras que lo distingan."}
            )
        unit = getattr(self, "unit", None)
        if unit is None:
            return
        if unit.pk is not None:
            siblings = UnitAlias.objects.filter(unit=unit, key=self.key).exclude(pk=self.pk)
            if siblings.exists():
                raise ValidationError(
                    {"alias": "La dependencia ya tiene un alias que se lee igual."}
                )
        taken = directory_keys(unit.entity_id, other_than_unit=unit.pk).get(self.key)
        if taken:
            raise ValidationError({"alias": f"El alias se lee igual que {taken}."})


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

    def check_links(self, *, units: Iterable[Unit], oversees: Iterable[Entity]) -> None:
        """Refuse dependencias and overseen entities that do not fit the member's entity and
        role (ValidationError on "units" or "oversees"): dependencias only of the member's own
        entity and only for reporters; oversight only by Planeación, of other entities.

        Many-to-many links cannot carry a database constraint, so every path that sets them
        asks here: the services and the admin's forms."""
        errors: dict[str, str] = {}
        units, oversees = list(units), list(oversees)
        foreign = [unit.name for unit in units if unit.entity_id != self.entity_id]
        if foreign:
            errors["units"] = (
                f"Estas dependencias no son de la entidad del usuario: {', '.join(foreign)}."
            )
        elif units and self.role != Role.REPORTER:
            errors["units"] = (
                "Solo un responsable de dependencia tiene dependencias: quítelas o elija ese rol."
            )
        if any(entity.pk == self.entity_id for entity in oversees):
            errors["oversees"] = "Una entidad no se consulta a sí misma: ya ve la suya."
        elif oversees and self.role != Role.PLANNER:
            errors["oversees"] = (
                "Solo Planeación (la oficina de planeación de un departamento) consulta otras "
                "entidades. Pida al administrador del sistema que quite esas entidades antes de "
                "cambiar el rol."
            )
        if errors:
            raise ValidationError(errors)


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


class Notification(models.Model):
    """A mail sent for an event, so the same event never mails twice (organization.notifications).

    Its table keeps the name it had in followup, where it was born: moving the model down to
    organization (issue 19) changed no row."""

    key = models.CharField("clave del evento", max_length=200, unique=True)
    recipient = models.EmailField("destinatario")
    subject = models.CharField("asunto", max_length=300)
    sent_at = models.DateTimeField("enviado", auto_now_add=True)

    class Meta:
        db_table = "followup_notification"
        verbose_name = "notificación enviada"
        verbose_name_plural = "notificaciones enviadas"

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"


class RequestOutcome(models.TextChoices):
    APPLIED = "applied", "Aplicada"
    DISMISSED = "dismissed", "Descartada"


class AccountRequest(models.Model):
    """A user's request, from «Mi cuenta», to correct their e-mail or other data (a name…).
    Planeación of the user's entity resolves it: applies it or dismisses it with a reason."""

    user = models.ForeignKey(
        User, verbose_name="usuario", on_delete=models.CASCADE, related_name="account_requests"
    )
    entity = models.ForeignKey(
        Entity, verbose_name="entidad", on_delete=models.CASCADE, related_name="account_requests"
    )
    email = models.EmailField("correo solicitado", blank=True)
    note = models.TextField("nota", blank=True)
    created_at = models.DateTimeField("solicitada", auto_now_add=True)
    resolved_at = models.DateTimeField("resuelta", null=True, blank=True)
    resolved_by = models.ForeignKey(
        User,
        verbose_name="resuelta por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        "resultado", max_length=20, choices=RequestOutcome.choices, blank=True
    )
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "solicitud de cambio de datos"
        verbose_name_plural = "solicitudes de cambio de datos"
        ordering = ["created_at"]
        constraints = [
            # One open request per person: a second one would only repeat the first.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(resolved_at__isnull=True),
                name="account_request_one_open",
            ),
            models.CheckConstraint(
                condition=~(models.Q(email="") & models.Q(note="")),
                name="account_request_says_something",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True, outcome="")
                | (models.Q(resolved_at__isnull=False) & ~models.Q(outcome="")),
                name="account_request_outcome_when_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"Solicitud de {self.user} ({self.created_at:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
