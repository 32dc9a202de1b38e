"""Amounts of pesos as Colombians write them: «$ 1.234.567», «$ 1.234.567,50».

One place for the pages (the ``pesos`` filter, core/templatetags/colombia.py) and the messages
that quote an amount (plans.values.budget_problems)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")


def pesos(value: Any) -> str:
    """Dots between thousands, a comma before the centavos, shown only when there are any;
    the empty string for None or what is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if not amount.is_finite():
            return ""
        amount = amount.quantize(CENT)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{amount.copy_abs():.2f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    if cents != "00":
        text += f",{cents}"
    return f"{sign}$ {text}"
