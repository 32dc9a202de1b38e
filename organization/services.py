"""Writes to the directory of entities and dependencias. Each one audits in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit import services as audit
from organization import public_cache
from organization.directory import Candidate, Directory, candidates
from organization.models import (
    IDENTIFICATION_FIELDS,
    Entity,
    Membership,
    Role,
    Unit,
    UnitAlias,
    User,
)
from organization.nit import parse_nit


@transaction.atomic
def create_entity(*, name: str, nit: str, by: Any = None, **fields: str) -> Entity:
    """Create an entity; the NIT is validated (DIAN check digit) and stored as 891900493-2."""
    entity = Entity(name=name, nit=str(parse_nit(nit)), **fields)
    entity.full_clean()
    entity.save()
    audit.record(
        "organization.entity.created",
        entity,
        by=by,
        after=audit.snapshot(entity),
        entity_id=entity.pk,
    )
    return entity


@transaction.atomic
def update_entity(entity: Entity, *, by: Any = None, **fields: str) -> Entity:
    """Change the entity's fields. A change of follow-up scheme goes through
    followup.services.change_entity_settings, which rebuilds the roll-ups with it."""
    before = audit.snapshot(entity)
    for name, value in fields.items():
        setattr(entity, name, value)
    entity.full_clean()
    entity.save()
    public_cache.invalidate(entity.pk)
    audit.record(
        "organization.entity.changed",
        entity,
        by=by,
        before=before,
        after=audit.snapshot(entity),
        entity_id=entity.pk,
    )
    return entity


@transaction.atomic
def create_unit(
    entity: Entity,
    name: str,
    *,
    by: Any = None,
    aliases: Iterable[str] = (),
    is_whole_entity: bool = False,
) -> Unit:
    """A new dependencia; its name and aliases may not read as another's (Unit.clean)."""
    unit = Unit(entity=entity, name=name.strip(), is_whole_entity=is_whole_entity)
    wanted = _validated_aliases(unit, aliases)
    unit.save()
    UnitAlias.objects.bulk_create(UnitAlias(unit=unit, alias=alias) for alias in wanted)
    public_cache.invalidate(entity.pk)
    after = _unit_snapshot(unit) | {"aliases": wanted}
    audit.record("organization.unit.created", unit, by=by, after=after, entity_id=entity.pk)
    return unit


def _validated_aliases(unit: Unit, aliases: Iterable[str]) -> list[str]:
    """The dependencia's aliases to store, once the dependencia and they pass Unit's checks;
    every reason to refuse them at once (ValidationError on "name" or "aliases")."""
    errors: dict = {}
    wanted: list[str] = []
    try:
        unit.full_clean(exclude=["key"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        wanted = unit.clean_aliases(aliases)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    return wanted


def _unit_snapshot(unit: Unit) -> dict[str, Any]:
    return audit.snapshot(unit, exclude=["key"])  # the key follows the name


def entity_directory(entity: Entity) -> Directory:
    """The entity's active dependencias, ready to match written names."""
    units = Unit.objects.filter(entity=entity, is_active=True).prefetch_related("aliases")
    return Directory(candidates(units))


def add_to_directory(directory: Directory, unit: Unit, aliases: Iterable[str] = ()) -> None:
    directory.add(Candidate(unit.pk, unit.name, tuple(aliases), unit.is_whole_entity))


APPROVAL_GRANTED_BY_ADMINISTRATOR = (
    "Solo el administrador del sistema asigna el permiso de aprobar planes (firma por el Comité)."
)


def _grants_approval(by: Any) -> bool:
    """Whether ``by`` may grant or withdraw «aprueba planes»: the system administrator, or the
    system itself (``by=None``: a management command such as load_demo, run by whoever
    administers the server). Never Planeación, whose plans the permission approves."""
    return by is None or bool(getattr(by, "is_superuser", False))


@transaction.atomic
def create_member(
    entity: Entity,
    *,
    username: str,
    password: str | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    units: Iterable[Unit] = (),
    can_approve: bool = False,
    by: Any = None,
) -> User:
    """Create a user with a role in one entity (and, for reporters, their dependencias).
    Without a password the account cannot log in until its owner sets one (invite_member).
    Only the system administrator creates a member who approves plans."""
    if can_approve and not _grants_approval(by):
        raise PermissionDenied(APPROVAL_GRANTED_BY_ADMINISTRATOR)
    units = list(units)
    user = User(
        username=User.normalize_username(username),
        first_name=first_name,
        last_name=last_name,
        email=User.objects.normalize_email(email),
    )
    user.set_password(password)  # None: an unusable password until the owner chooses one
    user.full_clean()  # the user name's characters, a mailbox nobody else has
    membership = Membership(user=user, entity=entity, role=Role(role), can_approve=can_approve)
    membership.check_links(units=units, oversees=())
    user.save()
    membership.user = user
    membership.save()
    membership.units.set(units)
    audit.record(
        "organization.member.created",
        membership,
        by=by,
        after=audit.snapshot(membership),
        entity_id=entity.pk,
    )
    return user


@transaction.atomic
def update_unit(
    unit: Unit,
    *,
    by: Any = None,
    name: str,
    aliases: Iterable[str],
    is_whole_entity: bool,
    is_active: bool,
) -> Unit:
    """Rename a dependencia, replace its aliases, or deactivate it (history keeps it)."""
    before = _unit_snapshot(unit) | {
        "aliases": sorted(unit.aliases.values_list("alias", flat=True))
    }
    unit.name = name.strip()
    unit.is_whole_entity = is_whole_entity
    unit.is_active = is_active
    wanted = _validated_aliases(unit, aliases)
    unit.save()
    unit.aliases.all().delete()
    UnitAlias.objects.bulk_create(UnitAlias(unit=unit, alias=alias) for alias in wanted)
    public_cache.invalidate(unit.entity_id)
    after = _unit_snapshot(unit) | {"aliases": sorted(wanted)}
    audit.record(
        "organization.unit.changed",
        unit,
        by=by,
        before=before,
        after=after,
        entity_id=unit.entity_id,
    )
    return unit


def _send_invitation(user: User, entity: Entity, *, invited_by: Any) -> None:
    """After the commit, mail the new user a one-time link to choose their password."""
    context = {
        "user": user,
        "entity": entity,
        "invited_by": invited_by,
        "role": user.membership.get_role_display(),
        "link": settings.SITE_URL
        + reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        ),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    message = EmailMultiAlternatives(
        f"planaccion: su cuenta en {entity.name}",
        render_to_string("organization/mail/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(
        render_to_string("organization/mail/invitation.html", context), "text/html"
    )
    transaction.on_commit(message.send)


@transaction.atomic
def invite_member(
    entity: Entity,
    *,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    units: Iterable[Unit] = (),
    can_approve: bool = False,
    by: Any = None,
) -> User:
    """Create a member without a password and mail them a link to choose it."""
    user = create_member(
        entity,
        username=username,
        password=None,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        units=units,
        can_approve=can_approve,
        by=by,
    )
    _send_invitation(user, entity, invited_by=by)
    return user


@transaction.atomic
def create_entity_with_planner(
    *, entity_fields: dict[str, str], planner: dict[str, str], by: Any
) -> tuple[Entity, User]:
    """What a system administrator does for a new entity: the entity, its Secretaría de
    Planeación, and its first planner, invited by mail."""
    entity = create_entity(by=by, **entity_fields)
    create_unit(entity, "Secretaría de Planeación", by=by)
    user = invite_member(entity, role=Role.PLANNER, by=by, **planner)
    return entity, user


@transaction.atomic
def update_member(
    membership: Membership,
    *,
    by: Any,
    role: str,
    units: Iterable[Unit],
    is_active: bool,
    can_approve: bool | None = None,
) -> Membership:
    """Change a member's role, dependencias or whether they may log in. «Aprueba planes»
    (``can_approve``, unchanged when None) only changes by the system administrator's hand, and
    nobody else makes the Comité's signer a planner: one person would formulate and approve."""
    if can_approve is None:
        can_approve = membership.can_approve
    if not _grants_approval(by):
        if can_approve != membership.can_approve:
            raise PermissionDenied(APPROVAL_GRANTED_BY_ADMINISTRATOR)
        if can_approve and role == Role.PLANNER and membership.role != Role.PLANNER:
            raise ValidationError(
                "Quien aprueba planes por el Comité no puede pasar a Planeación: formularía y "
                "aprobaría sus propios planes. Pídalo al administrador del sistema."
            )
    before = audit.snapshot(membership) | {"is_active": membership.user.is_active}
    units = list(units)
    membership.role = Role(role)
    membership.check_links(units=units, oversees=membership.oversees.all())
    membership.can_approve = can_approve
    membership.save(update_fields=["role", "can_approve"])
    membership.units.set(units)
    if membership.user.is_active != is_active:
        membership.user.is_active = is_active
        membership.user.save(update_fields=["is_active"])
    audit.record(
        "organization.member.changed",
        membership,
        by=by,
        before=before,
        after=audit.snapshot(membership) | {"is_active": is_active},
        entity_id=membership.entity_id,
    )
    return membership


@transaction.atomic
def correct_identification(
    entity_pk: int, *, by: Any, seen: dict[str, str], **fields: str
) -> Entity:
    """The system administrator's correction of how the State identifies an entity (name, NIT,
    DIVIPOLA codes, kind, order, category). ``seen`` holds the values the page showed: if someone
    saved others since, nothing is written and the refusal says what is saved now."""
    if not getattr(by, "is_superuser", False):
        raise PermissionDenied("Solo el administrador del sistema corrige la identificación.")
    entity = Entity.objects.select_for_update().get(pk=entity_pk)
    changed = [
        (Entity._meta.get_field(name).verbose_name, now)
        for name, was in seen.items()
        if name in IDENTIFICATION_FIELDS and (now := str(getattr(entity, name))) != was
    ]
    if changed:
        saved = "; ".join(f"{label}: «{now or 'vacío'}»" for label, now in changed)
        raise ValidationError(
            "Otra persona cambió la identificación de la entidad mientras usted la editaba; no "
            f"se guardaron sus cambios. Valores guardados ahora: {saved}. Revíselos y vuelva a "
            "aplicar los suyos."
        )
    return update_entity(entity, by=by, **fields)
