"""Writes to the directory of entities and dependencias. Each one audits in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit import services as audit
from organization import invitations, policy, public_cache
from organization.directory import Candidate, Directory, candidates
from organization.models import (
    EMAIL_TAKEN,
    IDENTIFICATION_FIELDS,
    AccountRequest,
    Entity,
    Membership,
    RequestOutcome,
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


def _mail(subject: str, template: str, context: dict, to: str) -> None:
    """After the commit, mail ``to`` the text and HTML of ``organization/mail/<template>``."""
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"organization/mail/{template}.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
    )
    message.attach_alternative(
        render_to_string(f"organization/mail/{template}.html", context), "text/html"
    )
    transaction.on_commit(message.send)


def _send_invitation(user: User, entity: Entity, *, invited_by: Any, again: bool = False) -> None:
    """Stamp the invitation's time on the user (which kills any link sent before: the token
    carries it) and, after the commit, mail a one-time link to choose the password."""
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    context = {
        "user": user,
        "entity": entity,
        "invited_by": invited_by,
        "again": again,
        "role": user.membership.get_role_display(),
        "link": settings.SITE_URL
        + reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": invitations.token_generator.make_token(user),
            },
        ),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    _mail(f"planaccion: su cuenta en {entity.name}", "invitation", context, user.email)


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


# -- People management (issue 23): invitations again, corrections, requests from «Mi cuenta» ----

NOT_YOURS = "Solo Planeación de la entidad del usuario o el administrador del sistema lo hacen."
NOT_YOURSELF = (
    "Sus propios datos los corrige otro usuario de Planeación o el administrador del sistema: "
    "pídalo desde «Mi cuenta»."
)


def _check_manager(membership: Membership, by: Any) -> None:
    if not policy.may_manage_person(by, membership):
        raise PermissionDenied(NOT_YOURS)
    if by.pk == membership.user_id:
        raise PermissionDenied(NOT_YOURSELF)


@transaction.atomic
def resend_invitation(membership: Membership, *, by: Any) -> User:
    """Mail the member a new link to choose their password; the link sent before stops working.
    Only for someone active who has not chosen a password yet."""
    _check_manager(membership, by)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if not invitations.invitation_state(user).may_resend:
        raise ValidationError(
            f"«{user.username}» ya eligió su contraseña o está inactivo: no se le reenvía la "
            "invitación. Si olvidó la contraseña, puede recuperarla con «¿Olvidó su "
            "contraseña?» en la página de ingreso.",
            code="not_invited",
        )
    if not user.email:
        raise ValidationError(
            {"email": "El usuario no tiene correo: corríjalo primero."}, code="no_email"
        )
    before = {"invited_at": audit.snapshot(user)["invited_at"]}
    _send_invitation(user, membership.entity, invited_by=by, again=True)
    audit.record(
        "organization.member.invitation_resent",
        user,
        by=by,
        before=before,
        after={"invited_at": audit.snapshot(user)["invited_at"], "email": user.email},
        entity_id=membership.entity_id,
    )
    return user


PERSON_FIELDS = {"email": "Correo", "first_name": "Nombres", "last_name": "Apellidos"}


def masked_email(email: str) -> str:
    """ana.perez@cartago.gov.co as a…@cartago.gov.co: enough to know which mailbox."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}" if local and domain else ""


def _clean_email(user: User, email: str) -> str:
    email = User.objects.normalize_email(email.strip())
    if not email:
        raise ValidationError({"email": "Escriba el correo del usuario."}, code="required")
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": EMAIL_TAKEN}, code="email_taken")
    return email


@transaction.atomic
def correct_person(
    membership: Membership, *, by: Any, email: str, first_name: str, last_name: str
) -> dict[str, tuple[str, str]]:
    """Correct a member's e-mail and names: Planeación for its entity's people, the system
    administrator for anyone. A new e-mail is nobody else's (case aside); the old address is
    told of the change; someone who has not chosen a password yet gets a new invitation at the
    new one (the old link dies with the old address). Returns what changed: field → (before,
    after)."""
    _check_manager(membership, by)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    wanted = {
        "email": _clean_email(user, email),
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
    }
    changed = {
        name: (getattr(user, name), value)
        for name, value in wanted.items()
        if getattr(user, name) != value
    }
    if not changed:
        return changed
    for name, (_old, value) in changed.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changed))
    audit.record(
        "organization.member.corrected",
        user,
        by=by,
        before={name: old for name, (old, _new) in changed.items()},
        after={name: new for name, (_old, new) in changed.items()},
        entity_id=membership.entity_id,
    )
    if "email" in changed:
        old = changed["email"][0]
        if old:
            context = {"user": user, "new": masked_email(user.email), "by": by}
            _mail("planaccion: cambió el correo de su cuenta", "email_changed", context, old)
        if invitations.invitation_state(user).may_resend:
            _send_invitation(user, membership.entity, invited_by=by, again=True)
    return changed


DUPLICATE_REQUEST = (
    "Ya tiene una solicitud pendiente (del {date}). Espere a que Planeación la resuelva; si "
    "quiere cambiar lo que pidió, escríbalo en la misma solicitud cuando le respondan."
)


@transaction.atomic
def request_account_change(user: User, *, email: str = "", note: str = "") -> AccountRequest:
    """A member asks their entity's Planeación to correct their e-mail or other data."""
    membership = policy.membership(user)
    if membership is None:
        raise PermissionDenied("Solo quien pertenece a una entidad pide cambios a Planeación.")
    open_request = AccountRequest.objects.filter(user=user, resolved_at__isnull=True).first()
    if open_request is not None:
        raise ValidationError(
            DUPLICATE_REQUEST.format(date=open_request.created_at.strftime("%d/%m/%Y")),
            code="duplicate_request",
        )
    email, note = User.objects.normalize_email(email.strip()), note.strip()
    if not email and not note:
        raise ValidationError(
            "Escriba el correo nuevo o, en la nota, qué hay que corregir.", code="empty_request"
        )
    if email and email.lower() == user.email.lower():
        raise ValidationError({"email": "Ese ya es su correo."}, code="same_email")
    if email:
        _clean_email(user, email)
    account_request = AccountRequest(user=user, entity=membership.entity, email=email, note=note)
    account_request.full_clean()
    try:
        with transaction.atomic():  # two sends at once: the database keeps one open request
            account_request.save()
    except IntegrityError as error:
        raise ValidationError(
            "Ya tiene una solicitud pendiente: se acaba de enviar otra igual. Espere a que "
            "Planeación la resuelva.",
            code="duplicate_request",
        ) from error
    audit.record(
        "organization.account_request.created",
        account_request,
        by=user,
        after=audit.snapshot(account_request),
        entity_id=membership.entity_id,
    )
    return account_request


def _open_request_for(account_request: AccountRequest, by: Any) -> AccountRequest:
    locked = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
    if not locked.is_open:
        raise ValidationError("Esta solicitud ya fue resuelta.", code="resolved")
    membership = Membership.objects.filter(user_id=locked.user_id).first()
    if membership is None:
        raise ValidationError(
            "El usuario ya no pertenece a ninguna entidad: su solicitud no se puede resolver "
            "desde aquí.",
            code="no_membership",
        )
    _check_manager(membership, by)
    return locked


def _close_request(
    account_request: AccountRequest, *, by: Any, outcome: str, reason: str
) -> dict[str, Any]:
    """Mark the request resolved and mail the member the outcome; returns what it held, for
    the caller's audit entry."""
    before = audit.snapshot(account_request)
    account_request.resolved_at = timezone.now()
    account_request.resolved_by = by
    account_request.outcome = outcome
    account_request.reason = reason
    account_request.save()
    user = account_request.user
    if user.email:
        context = {"user": user, "request": account_request, "by": by}
        _mail("planaccion: respuesta a su solicitud", "request_resolved", context, user.email)
    return before


@transaction.atomic
def apply_account_request(
    account_request: AccountRequest, *, by: Any, email: str, first_name: str, last_name: str
) -> AccountRequest:
    """Apply what the member asked (through correct_person) and mail them the outcome."""
    account_request = _open_request_for(account_request, by)
    changed = correct_person(
        account_request.user.membership,
        by=by,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    account_request.user.refresh_from_db()
    reason = "; ".join(
        f"{PERSON_FIELDS[name]}: «{old}» → «{new}»" for name, (old, new) in changed.items()
    )
    before = _close_request(
        account_request,
        by=by,
        outcome=RequestOutcome.APPLIED,
        reason=reason or "Los datos ya estaban como se pidió.",
    )
    audit.record(
        "organization.account_request.applied",
        account_request,
        by=by,
        before=before,
        after=audit.snapshot(account_request),
        entity_id=account_request.entity_id,
        reason=account_request.reason,
    )
    return account_request


@transaction.atomic
def dismiss_account_request(
    account_request: AccountRequest, *, by: Any, reason: str
) -> AccountRequest:
    """Dismiss the request, saying why; the member is mailed the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Escriba por qué se descarta la solicitud: se le enviará al usuario."},
            code="required",
        )
    account_request = _open_request_for(account_request, by)
    before = _close_request(
        account_request,
        by=by,
        outcome=RequestOutcome.DISMISSED,
        reason=reason,
    )
    audit.record(
        "organization.account_request.dismissed",
        account_request,
        by=by,
        before=before,
        after=audit.snapshot(account_request),
        entity_id=account_request.entity_id,
        reason=reason,
    )
    return account_request


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
