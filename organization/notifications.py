"""Mail for the follow-up cycle and the plan workflow: Spanish, HTML and text, sent after the
transaction commits, never twice for the same event (a Notification row per event key). It lives
at the bottom, in organization, so that plans and followup both send through it; the templates
are still followup's (``followup/mail/<template>``).

Templates get ``site_url`` (settings.SITE_URL) to link to the item:
``{{ site_url }}{% url 'plans:detail' plan.pk %}``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string

from organization.models import Notification


def notify(key: str, recipients: Iterable[Any], subject: str, template: str, context: dict) -> int:
    """Queue one mail per recipient for after the commit; an event key is mailed only once.

    Returns how many mails were queued.
    """
    queued = 0
    for user in recipients:
        if not user.email:
            continue
        event = f"{key}:{user.pk}"
        if Notification.objects.filter(key=event).exists():
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(key=event, recipient=user.email, subject=subject)
        except IntegrityError:
            continue  # another process sent it first
        body = {"user": user, "site_url": settings.SITE_URL, **context}
        text = _plain_text(f"followup/mail/{template}.txt", body)
        html = render_to_string(f"followup/mail/{template}.html", body)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach_alternative(html, "text/html")
        transaction.on_commit(message.send)
        queued += 1
    return queued


def _plain_text(name: str, context: dict) -> str:
    """A text/plain part is not HTML: «», quotes and < stay as they are."""
    return get_template(name).template.render(Context(context, autoescape=False))
