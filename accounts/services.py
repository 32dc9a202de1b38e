"""Account security: the authenticator app (TOTP), the links mailed to set it up or to unlock
the account, and the personal data a user may download.

Each change audits in its transaction, like every other service; mail leaves after the commit.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlsafe_base64_decode
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountLockout
from audit import services as audit
from audit.models import AuditEntry
from organization import invitations, policy
from organization.models import Notification, User

DEVICE_NAME = "Aplicación autenticadora"
# The link that opens the set-up of the second step for someone who must use it.
ENROLMENT_LINK_MAX_AGE = 60 * 60  # seconds
_ENROLMENT_SALT = "accounts.two_factor_enrolment"


def _enrolment_state(user: User) -> str:
    """What an enrolment link is bound to: the password and the confirmed devices. Setting up a
    device (or changing the password) makes every earlier link useless: each works once."""
    devices = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")
    value = f"{user.pk}|{user.password}|{list(devices.values_list('pk', flat=True))}"
    return salted_hmac(_ENROLMENT_SALT, value).hexdigest()


def enrolment_token(user: User) -> str:
    return signing.TimestampSigner(salt=_ENROLMENT_SALT).sign_object(
        {"user": user.pk, "state": _enrolment_state(user)}
    )


def enrolment_token_is_valid(user: User, token: str | None) -> bool:
    """Whether the token of a mailed link is the user's own, unused and under an hour old."""
    if not token or not user.is_authenticated:
        return False
    try:
        data = signing.TimestampSigner(salt=_ENROLMENT_SALT).unsign_object(
            token, max_age=ENROLMENT_LINK_MAX_AGE
        )
    except signing.BadSignature:  # also an expired one
        return False
    return (
        isinstance(data, dict)
        and data.get("user") == user.pk
        and constant_time_compare(str(data.get("state")), _enrolment_state(user))
    )


def send_enrolment_link(user: User) -> None:
    """After the commit, mail the account's address a link to set up the second step: the
    password alone, perhaps stolen, does not enrol a phone."""
    link = reverse("accounts:two_factor_enrol", kwargs={"token": enrolment_token(user)})
    context = {
        "user": user,
        "link": settings.SITE_URL + link,
        "minutes": ENROLMENT_LINK_MAX_AGE // 60,
    }
    message = EmailMultiAlternatives(
        "planaccion: configure la verificación en dos pasos",
        render_to_string("accounts/email/two_factor_link.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/two_factor_link.html", context), "text/html"
    )
    transaction.on_commit(message.send)


def user_from_reset_link(uidb64: str, token: str) -> User | None:
    """The user a valid password-reset link names (the unlock step reads the same link)."""
    try:
        user = User._default_manager.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    return user if invitations.token_generator.check_token(user, token) else None


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up, created on first call and kept until confirmed, so
    reloading the page does not change the key the user is scanning."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_setup_data(device: TOTPDevice) -> dict[str, str]:
    """What the set-up page shows: a QR code (inline SVG) and the key to type by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    return {
        "qr_svg": qr.svg_inline(scale=5, title="Código QR para la aplicación autenticadora"),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, code: str) -> bool:
    """Confirm the device when the code from the app matches; other devices are removed."""
    if not device.verify_token(code.replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(
        "accounts.two_factor.enabled",
        device.user,
        by=device.user,
        entity_id=_entity_id(device.user),
        after={"dispositivo": device.name},
    )
    return True


def verify_code(user: User, code: str):
    """The confirmed device that accepts the code, or None (django-otp throttles failures)."""
    token = code.replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def disable_two_factor(user: User, *, by: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        "accounts.two_factor.disabled",
        user,
        by=by,
        entity_id=_entity_id(user),
    )


def _entity_id(user: User) -> int | None:
    member = policy.membership(user)
    return member.entity_id if member else None


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything planaccion holds about a person (Ley 1581 de 2012, derecho de acceso)."""
    from axes.models import AccessAttempt, AccessLog

    from followup.models import Evidence, Report, Verification

    member = policy.membership(user)
    data: dict[str, Any] = {
        "generado": _iso(timezone.now()),
        "responsable_del_tratamiento": member.entity.name if member else "",
        "cuenta": {
            "usuario": user.username,
            "nombres": user.first_name,
            "apellidos": user.last_name,
            "correo": user.email,
            "activo": user.is_active,
            "administrador_del_sistema": user.is_superuser,
            "fecha_de_creacion": _iso(user.date_joined),
            "ultimo_ingreso": _iso(user.last_login),
            "invitacion_enviada": _iso(user.invited_at),
        },
        "vinculacion": None,
        "verificacion_en_dos_pasos": [
            {"nombre": d.name, "confirmado": d.confirmed, "creado": _iso(d.created_at)}
            for d in TOTPDevice.objects.filter(user=user)
        ],
        "tokens_api": [
            {
                "nombre": t.name,
                "comienzo": t.prefix,
                "creado": _iso(t.created_at),
                "ultimo_uso": _iso(t.last_used_at),
                "revocado": _iso(t.revoked_at),
            }
            for t in user.api_tokens.all()
        ],
        "solicitudes_de_cambio": [
            {
                "solicitada": _iso(r.created_at),
                "correo_solicitado": r.email,
                "nota": r.note,
                "resuelta": _iso(r.resolved_at),
                "resultado": r.get_outcome_display(),
                "motivo": r.reason,
            }
            for r in user.account_requests.order_by("created_at")
        ],
        "ingresos": [
            {
                "ingreso": _iso(log.attempt_time),
                "salida": _iso(log.logout_time),
                "direccion_ip": log.ip_address,
                "navegador": log.user_agent,
            }
            for log in AccessLog.objects.filter(username=user.username).order_by("-attempt_time")
        ],
        "intentos_fallidos_vigentes": [
            {
                "ultimo_intento": _iso(a.attempt_time),
                "intentos": a.failures_since_start,
                "direccion_ip": a.ip_address,
            }
            for a in AccessAttempt.objects.filter(username=user.username)
        ],
        "intentos_fallidos_desde_cualquier_direccion": [
            {
                "desde": _iso(lock.window_started_at),
                "intentos": lock.failures,
                "bloqueada_hasta": _iso(lock.locked_until),
            }
            for lock in AccountLockout.objects.filter(username=user.username)
        ],
        "seguimientos_enviados": [
            {
                "plan": r.activity.plan.title,
                "actividad": r.activity.number,
                "periodo": r.period,
                "enviado": _iso(r.submitted_at),
            }
            for r in Report.objects.filter(submitted_by=user).select_related("activity__plan")
        ],
        "evidencias_cargadas": [
            {"archivo": e.original_name, "enlace": e.url, "cargada": _iso(e.uploaded_at)}
            for e in Evidence.objects.filter(uploaded_by=user)
        ],
        "verificaciones": [
            {"seguimiento": v.report_id, "fecha": _iso(v.verified_at)}
            for v in Verification.objects.filter(verified_by=user)
        ],
        "correos_recibidos": [
            {"asunto": n.subject, "enviado": _iso(n.sent_at)}
            for n in Notification.objects.filter(recipient=user.email).exclude(recipient="")
        ],
        "acciones_registradas_en_auditoria": [
            {"fecha": _iso(e.at), "accion": e.action, "objeto": e.object_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("at", "pk")
        ],
    }
    if member:
        data["vinculacion"] = {
            "entidad": member.entity.name,
            "nit": member.entity.nit,
            "rol": member.get_role_display(),
            "dependencias": [unit.name for unit in member.units.all()],
            "aprueba_planes": member.can_approve,
            "entidades_que_consulta": [e.name for e in member.oversees.all()],
        }
    return data
