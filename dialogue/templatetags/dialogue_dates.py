"""An event's date and time as the calendar writes it: «martes 10 de marzo de 2026, 9:00 a. m.»"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from core.dates import long_date, month_name

register = template.Library()

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def clock(moment: datetime.datetime) -> str:
    """9:00 a. m., 12:30 p. m. (the Colombian 12-hour clock)."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'a. m.' if local.hour < 12 else 'p. m.'}"


@register.filter
def fecha_hora(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{WEEKDAYS[local.weekday()]} {long_date(local.date())}, {clock(local)}"


@register.filter
def hora(moment: datetime.datetime | None) -> str:
    return clock(moment) if moment else ""


@register.filter
def mes_anio(day: datetime.date) -> str:
    """marzo de 2026"""
    return f"{month_name(day.month)} de {day.year}"
