"""Personal API tokens: how a program authenticates as its owner on the API (api.api).

The key is shown once and only its hash is kept. The tokens stay with the user they belong to,
in organization, rather than in accounts (docs/adr/0031-api-tokens-in-their-own-module.md): the API
authenticates with them and, by the layering of issue 19, no app imports accounts.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device

from audit import services as audit
from organization import policy
from organization.models import ApiToken, User


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; the key is returned once and only its hash is kept."""
    key = f"pa_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "Token", prefix=key[:8], key_hash=_token_hash(key)
    )
    membership = getattr(user, "membership", None)
    audit.record(
        "organization.api_token.created",
        token,
        by=user,
        after={"name": token.name, "prefix": token.prefix},
        entity_id=membership.entity_id if membership else None,
    )
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: Any) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        "organization.api_token.revoked",
        token,
        by=by,
        after={"name": token.name, "prefix": token.prefix},
    )


def user_for_api_key(key: str) -> User | None:
    """The active user behind a token that has not been revoked.

    A token has no second step: its owner made it in a session that passed one. So while the
    owner must use two-step verification and has not set it up (a token made before the entity
    required it, an administrator whose lost phone was removed), the token is refused with
    PermissionDenied until they do.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if policy.two_factor_required(token.user) and not user_has_device(token.user, confirmed=True):
        raise PermissionDenied(
            "Su cuenta exige la verificación en dos pasos y aún no la ha configurado: ingrese a "
            "planaccion y configúrela para volver a usar sus tokens de la API."
        )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
