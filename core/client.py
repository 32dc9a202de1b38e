"""The address a request came from, as the login lockout and the public forms' limits see it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the lockout keys on (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR`` unless ``LOGIN_TRUSTED_PROXIES`` says how many proxies in front of the
    application append the address they saw to ``X-Forwarded-For``: then the entry that many
    places from the right, the one the outermost trusted proxy wrote. Entries further left come
    from the client and are never believed; a header too short or not an address falls back to
    ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.LOGIN_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
