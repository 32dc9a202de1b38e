"""Dates as Colombians write them: month names and the long date of letters and formats."""

from __future__ import annotations

import datetime

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def month_name(number: int) -> str:
    """1 → "enero"."""
    return MONTHS[number - 1]


def long_date(value: datetime.date) -> str:
    """A date as Colombians write it in words: "29 de octubre de 2024"."""
    return f"{value.day} de {month_name(value.month)} de {value.year}"
