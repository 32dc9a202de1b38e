"""Abuse controls of the public forms, without third parties: a honeypot field, a length limit
and a rate limit per client address. The address is never stored, only a keyed hash of it."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from core.client import client_address

# The longest text a citizen can send in one field of a public form.
TEXT_MAX_LENGTH = 3000
# Submissions from one address: at most this many in the window.
RATE_LIMIT = 10
RATE_WINDOW = datetime.timedelta(hours=1)
HONEYPOT_FIELD = "sitio_web"


def fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client address: equal for the same address, and no address kept."""
    address = client_address(request) or ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"participation:{address}".encode(), hashlib.sha256).hexdigest()[:40]


def rate_limited(
    rows: QuerySet, fingerprint: str, *, field: str = "fingerprint", at: str = "created_at"
) -> bool:
    """Whether ``rows`` (a model's submissions) already hold RATE_LIMIT from this fingerprint
    within RATE_WINDOW."""
    since = timezone.now() - RATE_WINDOW
    return rows.filter(**{field: fingerprint, f"{at}__gte": since}).count() >= RATE_LIMIT


RATE_LIMITED_MESSAGE = (
    "Recibimos muchos envíos desde su conexión en la última hora. Por favor intente más tarde."
)


class HoneypotForm(forms.Form):
    """A field people never see or fill (hidden by CSS and from assistive technology); a bot
    that fills every field gives itself away. ``is_bot`` after validation."""

    sitio_web = forms.CharField(
        required=False,
        label="No llene este campo",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))
