import json

from django import forms
from django.urls import reverse

from organization import divipola
from organization.models import (
    EMAIL_TAKEN,
    IDENTIFICATION_FIELDS,
    Entity,
    EntityKind,
    EntityOrder,
    Membership,
    MunicipalCategory,
    Role,
    Unit,
    User,
    validate_username,
)
from organization.nit import InvalidNit, parse_nit

USERNAME_HELP = "Letras, números y los caracteres @ . + - _ (sin espacios)."


class UnitForm(forms.Form):
    name = forms.CharField(label="Nombre de la dependencia", max_length=200)
    aliases = forms.CharField(
        label="Alias",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Uno por línea: abreviaturas, nombres anteriores o formas en que los planes la "
            "escriben («Sec. de Planeación», «Planeación»). Sirven para reconocerla al importar."
        ),
    )
    is_whole_entity = forms.BooleanField(
        label="Representa a toda la administración",
        required=False,
        help_text="Como «Administración Municipal»: su seguimiento lo coordina Planeación.",
    )
    is_active = forms.BooleanField(label="Activa", required=False, initial=True)

    def __init__(self, *args, entity_id: int, unit: Unit | None = None, **kwargs):
        if unit is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": unit.name,
                    "aliases": "\n".join(unit.aliases.values_list("alias", flat=True)),
                    "is_whole_entity": unit.is_whole_entity,
                    "is_active": unit.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.entity_id, self.unit = entity_id, unit

    # Whether the name and the aliases read as another dependencia's is Unit's rule: the
    # services apply it and the views show its errors next to these fields.

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


# Kinds of entity that belong to one municipality: their municipality must be chosen.
MUNICIPAL_KINDS = {EntityKind.ALCALDIA, EntityKind.CONCEJO, EntityKind.PERSONERIA}


def municipality_options(department_code: str) -> list:
    """The municipality select's options: the department's municipalities when one is chosen;
    without one (a browser without JavaScript, which cannot reload the list), every
    municipality grouped by department, so the form still works in one step."""
    if divipola.department(department_code):
        return [("", "— Ninguno (entidad del orden departamental) —")] + [
            (m.code, f"{m.name} ({m.code})") for m in divipola.municipalities_of(department_code)
        ]
    return [("", "— Elija primero el departamento —")] + [
        (
            name,
            [(m.code, f"{m.name} ({m.code})") for m in divipola.municipalities_of(code)],
        )
        for code, name in divipola.department_choices()
    ]


class EntityIdentificationForm(forms.ModelForm):
    """How the State identifies an entity: name, NIT, DIVIPOLA codes, kind, order and category,
    chosen from lists. Only the system administrator sets them (registration and edit)."""

    department_code = forms.ChoiceField(label="Departamento", required=False)
    municipality_code = forms.ChoiceField(
        label="Municipio",
        required=False,
        help_text="Vacío para una entidad del orden departamental o nacional.",
    )

    class Meta:
        model = Entity
        fields = list(IDENTIFICATION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        department = self.fields["department_code"]
        department.choices = [("", "— Elija el departamento —"), *divipola.department_choices()]
        department.widget.attrs.update(
            {
                "hx-get": reverse("organization:divipola_municipalities"),
                "hx-target": "#id_municipality_code",
                "hx-swap": "innerHTML",
                "hx-trigger": "change",
            }
        )
        municipality = self.fields["municipality_code"]
        municipality.choices = [
            ("", ""),
            *((m.code, m.name) for m in divipola.municipalities().values()),
        ]
        chosen = self["department_code"].value() or ""
        municipality.widget.choices = municipality_options(chosen)
        self.fields["kind"].required = True
        self.fields["kind"].choices = [("", "— Elija el tipo —"), *EntityKind.choices]
        self.fields["category"].choices = [("", "— Sin categoría —"), *MunicipalCategory.choices]

    def clean_nit(self) -> str:
        try:
            nit = str(parse_nit(self.cleaned_data["nit"]))
        except InvalidNit as exc:
            raise forms.ValidationError(str(exc)) from exc
        if Entity.objects.filter(nit=nit).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Ya existe una entidad con el NIT {nit}.")
        return nit

    def clean(self) -> dict:
        data = super().clean()
        department = data.get("department_code", "")
        municipality = divipola.municipality(data.get("municipality_code", ""))
        if not department and data.get("order") == EntityOrder.TERRITORIAL:
            self.add_error(
                "department_code", "Elija el departamento: una entidad territorial tiene uno."
            )
        if municipality and department and municipality.department_code != department:
            # The model's own check would say it again about the code the entity had before.
            self.instance.municipality_code = ""
            self.add_error(
                "municipality_code",
                f"{municipality.name} ({municipality.code}) no es un municipio de "
                f"{divipola.department(department).name} ({department}): elija uno de ese "
                "departamento o cambie el departamento.",
            )
        kind = data.get("kind")
        if kind in MUNICIPAL_KINDS and not municipality and "municipality_code" not in self.errors:
            self.add_error(
                "municipality_code",
                f"Elija el municipio: una entidad de tipo «{EntityKind(kind).label}» es de un "
                "municipio.",
            )
        return data

    def identification(self) -> dict[str, str]:
        """The cleaned fields, as services.create_entity and update_entity take them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class EntityCorrectionForm(EntityIdentificationForm):
    """The administrator's correction: the page carries the values it showed, so that a save
    over someone else's newer one is refused (services.correct_identification)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            shown = {name: str(getattr(self.instance, name)) for name in IDENTIFICATION_FIELDS}
            self.fields["seen"].initial = json.dumps(shown)

    def clean_seen(self) -> dict[str, str]:
        try:
            seen = json.loads(self.cleaned_data["seen"] or "{}")
        except ValueError:
            seen = None
        if not isinstance(seen, dict):
            raise forms.ValidationError("Vuelva a abrir la página: el formulario está dañado.")
        return {str(name): str(value) for name, value in seen.items()}


class EntityCreateForm(EntityIdentificationForm):
    """A system administrator registers an entity and its first planner."""

    planner_username = forms.CharField(
        label="Usuario del primer planeador", max_length=150, help_text=USERNAME_HELP
    )
    planner_first_name = forms.CharField(label="Nombres", max_length=150)
    planner_last_name = forms.CharField(label="Apellidos", max_length=150, required=False)
    planner_email = forms.EmailField(
        label="Correo", help_text="Le llegará un enlace para elegir su contraseña."
    )

    def clean_planner_username(self) -> str:
        return _new_username(self.cleaned_data["planner_username"])

    def clean_planner_email(self) -> str:
        return _new_email(self.cleaned_data["planner_email"])


def _new_username(value: str) -> str:
    username = User.normalize_username(value.strip())
    validate_username(username)
    if User.objects.filter(username__iexact=username).exists():
        raise forms.ValidationError(f"El usuario «{username}» ya existe; elija otro.")
    return username


def _new_email(value: str) -> str:
    """A mailbox no other user has (case aside): invitations and resets go to it."""
    email = User.objects.normalize_email(value.strip())
    if email and User.objects.filter(email__iexact=email).exists():
        raise forms.ValidationError(EMAIL_TAKEN)
    return email


class EntitySettingsForm(forms.ModelForm):
    """What Planeación sets for its own entity."""

    class Meta:
        model = Entity
        fields = [
            "address",
            "postal_code",
            "phone",
            "email",
            "website",
            "office_hours",
            "followup_scheme",
            "submission_opens_days_before",
            "report_window_days",
            "reminder_days_before",
            "threshold_red_below",
            "threshold_yellow_below",
            "require_two_factor",
        ]


class MemberForm(forms.Form):
    """A member of the entity: invited (with user name and mail) or changed.

    It has no «aprueba planes»: only the system administrator grants the Comité's signature
    (separation of duties), in the admin; a posted ``can_approve`` is ignored."""

    username = forms.CharField(label="Usuario", max_length=150, help_text=USERNAME_HELP)
    first_name = forms.CharField(label="Nombres", max_length=150)
    last_name = forms.CharField(label="Apellidos", max_length=150, required=False)
    email = forms.EmailField(
        label="Correo", help_text="Le llegará un enlace para elegir su contraseña."
    )
    role = forms.ChoiceField(label="Rol", choices=Role.choices)
    units = forms.ModelMultipleChoiceField(
        label="Dependencias que reporta",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Para el rol «Responsable de dependencia».",
    )
    is_active = forms.BooleanField(label="Activo", required=False, initial=True)

    def __init__(self, *args, entity: Entity, membership: Membership | None = None, **kwargs):
        if membership is not None:
            kwargs.setdefault(
                "initial",
                {
                    "role": membership.role,
                    "units": list(membership.units.values_list("pk", flat=True)),
                    "is_active": membership.user.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(entity=entity, is_active=True)
        self.entity, self.membership = entity, membership
        if membership is not None:
            for name in ("username", "first_name", "last_name", "email"):
                del self.fields[name]
        else:
            del self.fields["is_active"]

    def clean_username(self) -> str:
        return _new_username(self.cleaned_data["username"])

    def clean_email(self) -> str:
        return _new_email(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.REPORTER and not data.get("units"):
            self.add_error("units", "Un responsable de dependencia debe tener al menos una.")
        elif data.get("role") and data.get("units"):
            member = Membership(entity=self.entity, role=data["role"])
            try:
                member.check_links(units=data["units"], oversees=())
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


class PersonForm(forms.Form):
    """Planeación (or the administrator) corrects a person's e-mail and names. Whether the
    e-mail is someone else's is the service's rule (correct_person), shown next to the field."""

    email = forms.EmailField(
        label="Correo",
        help_text=(
            "Si aún no ha elegido su contraseña, le llegará al correo nuevo otra invitación "
            "(el enlace anterior deja de servir). Al correo anterior se le avisa del cambio."
        ),
    )
    first_name = forms.CharField(label="Nombres", max_length=150)
    last_name = forms.CharField(label="Apellidos", max_length=150, required=False)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Motivo para descartarla",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Se le envía por correo a quien la pidió.",
    )
