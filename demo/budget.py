"""The demo's budget (issue 22): some activities of Cartago's plan funded by investment projects,
and what their first-quarter reports say was committed and obligated.

Cartago's DANE code is 76147: its BPIN codes read 2024 76147 0003 (year, DANE, consecutive)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# Activity number → (BPIN, rubro presupuestal, fuente de financiación, apropiación).
APPROPRIATIONS = {
    1: ("2024761470001", "2.3.2.02.02.009", "Recursos propios", Decimal("18000000")),
    3: (
        "2024761470003",
        "2.3.2.02.02.008",
        "Sistema General de Participaciones",
        Decimal("45500000"),
    ),
    5: ("2024761470005", "2.3.2.02.02.009", "Recursos propios", Decimal("12000000")),
    8: ("2024761470008", "2.3.2.02.02.006", "Recursos propios", Decimal("9750000.50")),
}

# Activity number → cumulative (compromisos, obligaciones) reported for period I.
FIRST_PERIOD = {
    1: (Decimal("15000000"), Decimal("6000000")),
    3: (Decimal("22750000"), Decimal("11375000")),
    8: (Decimal("9750000.50"), Decimal("4875000.25")),
}


def formulate(data: Any, number: int) -> None:
    """Put the activity's budget on the ActivityData the demo formulates it with."""
    if number in APPROPRIATIONS:
        data.bpin, data.budget_item, data.funding_source, data.appropriation = APPROPRIATIONS[
            number
        ]


def first_period(number: int) -> dict[str, Decimal]:
    """The compromisos and obligaciones of the activity's period-I report, as ReportData's
    keywords (none for an activity without budget)."""
    if number not in FIRST_PERIOD:
        return {}
    commitments, obligations = FIRST_PERIOD[number]
    return {"commitments": commitments, "obligations": obligations}
