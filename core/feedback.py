"""What a page says when a service refuses an action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def refused(request: HttpRequest, error: Exception) -> None:
    """Show the refusal's Spanish message (a ValidationError may carry several)."""
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


def on_form(form, error: ValidationError) -> None:
    """A service's refusal on the form that sent it: next to the field it names, else above
    the form (a field the form does not have, or a refusal of the whole action)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
