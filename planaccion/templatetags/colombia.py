"""Dates as Colombians write them, for every template: {% load colombia %}."""

import datetime

from django import template

from formats.text import long_date

register = template.Library()


@register.filter
def fecha_larga(value: datetime.date | None) -> str:
    """29 de octubre de 2024"""
    return long_date(value) if value else ""


@register.filter
def fecha(value: datetime.date | None) -> str:
    """29/10/2024"""
    return value.strftime("%d/%m/%Y") if value else ""
