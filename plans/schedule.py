"""The cronograma: months from dates, and the targets each period should have reached.

Pure functions, no database: forms, the importer, pages and later the follow-up measures use them.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

QUARTER_ENDS = (3, 6, 9, 12)
FOUR_MONTH_ENDS = (4, 8, 12)
# The follow-up periods of a vigencia: their roman numerals and, per scheme, their last months.
PERIOD_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}
PERIOD_ENDS = {"trimestral": QUARTER_ENDS, "cuatrimestral": FOUR_MONTH_ENDS}


class ScheduleError(ValueError):
    """A schedule that cannot be: the message is Spanish and says why."""


def months_between(start: datetime.date, end: datetime.date, year: int) -> list[int]:
    """The months of ``year`` that the activity runs through, from its start and end dates."""
    if end < start:
        raise ScheduleError("La fecha de fin es anterior a la fecha de inicio.")
    if end.year < year or start.year > year:
        raise ScheduleError(f"Las fechas no caen en la vigencia {year}.")
    first = 1 if start.year < year else start.month
    last = 12 if end.year > year else end.month
    return list(range(first, last + 1))


def scheduled_share(months: list[int], period_end: int) -> Decimal:
    """The share (0–1) of the scheduled months that fall up to a period's last month."""
    if not months:
        return Decimal(0)
    due = sum(1 for month in months if month <= period_end)
    return Decimal(due) / Decimal(len(months))


def derived_period_targets(
    target: Decimal | None,
    months: list[int],
    *,
    milestone: bool = False,
    period_ends: tuple[int, ...] = QUARTER_ENDS,
) -> dict[int, Decimal]:
    """Cumulative target per period, in proportion to the scheduled months.

    A milestone is all-or-nothing: its whole target falls in the period of its last scheduled
    month. Without a target or months there is nothing to derive.
    """
    if target is None or not months:
        return {}
    targets = {}
    for number, end in enumerate(period_ends, start=1):
        if milestone:
            share = Decimal(1) if max(months) <= end else Decimal(0)
        else:
            share = scheduled_share(months, end)
        targets[number] = (target * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return targets


def period_targets(
    target: Decimal | None,
    months: list[int],
    manual: dict[str, str] | None,
    *,
    milestone: bool = False,
    period_ends: tuple[int, ...] = QUARTER_ENDS,
) -> tuple[dict[int, Decimal], bool]:
    """The targets per period and whether they were set by hand (else derived)."""
    if manual:
        return {int(k): Decimal(v) for k, v in manual.items()}, True
    return derived_period_targets(
        target, months, milestone=milestone, period_ends=period_ends
    ), False
