"""The one-time link that lets a person choose their password, and where an invitation stands.

Both the invitation and the «¿Olvidó su contraseña?» mail send a link that
``accounts:password_reset_confirm`` checks with ``token_generator``. Django's generator already
binds a link to the password, the last log-in and the e-mail (so changing the e-mail kills it);
this one binds it to ``User.invited_at`` too, so resending an invitation kills the link sent
before. A user never invited (``invited_at`` empty) gets exactly Django's token, so links mailed
before this existed keep working until they expire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    def _make_hash_value(self, user, timestamp: int) -> str:
        invited_at = getattr(user, "invited_at", None)
        stamp = "" if invited_at is None else invited_at.isoformat()
        return super()._make_hash_value(user, timestamp) + stamp


token_generator = InvitationTokenGenerator()


def link_lifetime() -> timedelta:
    return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


@dataclass(frozen=True)
class InvitationState:
    """Where a person's account stands: «Invitación pendiente (enviada el …)», «Invitación
    vencida», «Activo (último ingreso …)» or «Inactivo»."""

    code: str  # pending, expired, active, inactive
    sent_at: datetime | None = None
    last_login: datetime | None = None

    @property
    def may_resend(self) -> bool:
        """An invitation goes again to whoever never chose a password and may log in."""
        return self.code in ("pending", "expired")


def invitation_state(user, now: datetime | None = None) -> InvitationState:
    if not user.is_active:
        return InvitationState("inactive", last_login=user.last_login)
    if user.has_usable_password():
        return InvitationState("active", last_login=user.last_login)
    sent_at = user.invited_at or user.date_joined
    now = now or timezone.now()
    return InvitationState("expired" if now - sent_at > link_lifetime() else "pending", sent_at)
