"""Dates and numbers as Colombians write them, for every template: {% load colombia %}.

Generic filters only: one that needs a domain app lives in that app's tag library (period
numbers as roman numerals: {% load periods %}, plans/templatetags/periods.py)."""

import datetime

from django import template

from core.dates import long_date, month_name
from core.money import pesos

register = template.Library()


@register.filter
def fecha_larga(value: datetime.date | None) -> str:
    """29 de octubre de 2024"""
    return long_date(value) if value else ""


@register.filter
def fecha(value: datetime.date | str | None) -> str:
    """29/10/2024, also from a date kept as ISO text in JSON (2024-10-29)."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y") if value else ""


register.filter("month_name", month_name)
# $ 1.234.567 and $ 1.234.567,50: core/money.py
register.filter("pesos", pesos)


@register.filter
def get_item(mapping: dict, key):
    """mapping[key] in a template, or an empty list."""
    return mapping.get(key, [])


@register.filter
def width_class(value) -> str:
    """A bar's width as a class (w-0 … w-100, in planaccion.css): the Content Security Policy
    forbids style attributes, so a percentage becomes one of 101 widths."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"w-{min(max(number, 0), 100)}"
