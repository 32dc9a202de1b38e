"""What a page says when a service refuses an action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def refused(request: HttpRequest, error: Exception) -> None:
    """Show the refusal's Spanish message (a ValidationError may carry several)."""
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)
