"""How progress is measured: one formula, one place (docs/domain.md, "Measuring progress").

Pure functions on plain values, used by every page, export, the API and the public portal.
Percentages are Decimals from 0 to 100 (executed progress may exceed 100; ``capped`` limits it
for display while the raw value is kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from formats.opendata import LIGHT_LABELS
from plans.values import MAX_PERCENT

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Shown next to the numbers, so readers know what each one means.
FORMULAS = {
    "programado": (
        "Avance programado = meses del cronograma cumplidos al cierre del periodo ÷ meses "
        "programados en el año × 100 (o la meta del periodo ÷ meta anual, si se fijó a mano)."
    ),
    "ejecutado": (
        "Avance ejecutado = resultado acumulado validado ÷ meta anual × 100 (porcentaje: "
        "numerador ÷ denominador frente a la meta; hito: 100 si se entregó, 0 si no)."
    ),
    "cumplimiento": (
        "Cumplimiento = avance ejecutado ÷ avance programado × 100; «no programado» cuando al "
        "cierre del periodo no había nada programado."
    ),
    "consolidado": (
        "Avance del plan o de la dependencia = promedio de las actividades ponderado por su "
        "ponderación (normalizada a 100 %), sin las que no aplican."
    ),
    "financiero": (
        "Avance financiero = obligaciones acumuladas ÷ apropiación × 100; ejecución "
        "presupuestal = compromisos acumulados ÷ apropiación × 100 (del último seguimiento "
        "validado). Del plan o de la entidad: la suma de las obligaciones (o compromisos) de "
        "las actividades con apropiación ÷ la suma de sus apropiaciones."
    ),
}


class Light(StrEnum):
    RED = "rojo"
    YELLOW = "amarillo"
    GREEN = "verde"
    NO_REPORT = "sin_reporte"
    NOT_DUE = "no_programado"
    NOT_YET = "aun_no_vence"

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self.value]


# Not a light: an entity with no published plan in the vigencia (of the chosen plan type) has
# nothing to measure, and dashboards of many entities count it apart. «No programado» (above) is
# the light of an entity whose published plans had nothing due by the period's end.
NO_PLAN = "Sin plan publicado"


@dataclass(frozen=True)
class Thresholds:
    """Compliance bands: below ``red_below`` red, below ``yellow_below`` yellow, else green."""

    red_below: Decimal = Decimal(60)
    yellow_below: Decimal = Decimal(80)

    def __post_init__(self) -> None:
        if not ZERO < self.red_below < self.yellow_below <= HUNDRED:
            raise ValueError("Los umbrales deben cumplir 0 < rojo < amarillo ≤ 100.")


def percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def stored(value: Decimal | None) -> Decimal | None:
    """Executed progress as a report keeps it: two decimals, half up, the same on every
    database, and bounded to ±1,000 % (``plans.values.MAX_PERCENT``).

    The column holds 7 digits with 2 decimals (less than 100,000 %), and a count far above a
    small target would pass it (50 done against a target of 0.01 is 500,000 %). 1,000 % is the
    most an indicator that admits more than 100 % may reach and the most Control Interno may
    adjust to, so above it a report keeps 1,000 %: every page shows it capped at 100 % anyway
    (``capped``), and the compliance read from it stays within what a report can be given.
    """
    if value is None:
        return None
    bounded = max(-MAX_PERCENT, min(value, MAX_PERCENT))
    return bounded.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def capped(value: Decimal | None) -> Decimal | None:
    """For display: executed progress above 100 % shows as 100 %."""
    return None if value is None else min(value, HUNDRED)


def programmed(
    months: Iterable[int],
    period_end_month: int,
    *,
    period_target: Decimal | None = None,
    annual_target: Decimal | None = None,
) -> Decimal:
    """Cumulative programmed progress (%) at a period's end.

    From the per-period target when one was set by hand, else from the share of scheduled months
    that fall up to the period's last month.
    """
    if period_target is not None and annual_target:
        return min(period_target / annual_target * HUNDRED, HUNDRED)
    months = sorted(set(months))
    if not months:
        return ZERO
    due = sum(1 for month in months if month <= period_end_month)
    return Decimal(due) / Decimal(len(months)) * HUNDRED


def executed(
    kind: str,
    *,
    target: Decimal | None,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    delivered: bool | None = None,
) -> Decimal | None:
    """Cumulative executed progress (%), uncapped; None when it cannot be measured.

    ``kind`` is the indicator type: "numero" (a count against the annual target), "porcentaje"
    (numerator ÷ denominator against a target percentage) or "hito" (delivered or not).
    """
    if kind == "hito":
        return None if delivered is None else (HUNDRED if delivered else ZERO)
    if kind == "porcentaje":
        if numerator is None or not denominator:
            return None
        achieved = numerator / denominator * HUNDRED
        return achieved / target * HUNDRED if target else achieved
    if value is None or not target:
        return None
    return value / target * HUNDRED


def compliance(executed_pct: Decimal | None, programmed_pct: Decimal) -> Decimal | None:
    """Executed against programmed (%); None when nothing was due or nothing was reported."""
    if programmed_pct <= 0 or executed_pct is None:
        return None
    return executed_pct / programmed_pct * HUNDRED


def traffic_light(
    compliance_pct: Decimal | None,
    *,
    programmed_pct: Decimal,
    reported: bool,
    thresholds: Thresholds = Thresholds(),
    elapsed: bool = True,
) -> Light:
    """The band of a period's compliance. ``elapsed``: the period's cut-off has passed; before
    it, nothing reported is «aún no vence», not «sin reporte» (which reads as a failure)."""
    if programmed_pct <= 0:
        return Light.NOT_DUE
    if not reported or compliance_pct is None:
        return Light.NO_REPORT if elapsed else Light.NOT_YET
    if compliance_pct < thresholds.red_below:
        return Light.RED
    if compliance_pct < thresholds.yellow_below:
        return Light.YELLOW
    return Light.GREEN


def weighted_average(items: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Weighted average of (weight, value) pairs; pairs whose value is None do not apply.

    Weights are normalised over the pairs that apply, so they need not add up to 100. None when
    nothing applies or every weight is zero.
    """
    applying = [(weight, value) for weight, value in items if value is not None and weight > 0]
    total = sum((weight for weight, _ in applying), ZERO)
    if not applying or total == 0:
        return None
    return sum((weight * value for weight, value in applying), ZERO) / total


@dataclass(frozen=True)
class Financial:
    """Budget execution of an activity, or of a plan or entity (sums): the apropiación, the
    cumulative compromisos and obligaciones, and the two percentages read from them."""

    appropriation: Decimal | None = None
    commitments: Decimal | None = None
    obligations: Decimal | None = None

    @property
    def progress(self) -> Decimal | None:
        """Avance financiero (%): obligaciones ÷ apropiación × 100; None without apropiación
        (or with a zero one) or without obligaciones reported."""
        return _share(self.obligations, self.appropriation)

    @property
    def execution(self) -> Decimal | None:
        """Ejecución presupuestal (%): compromisos ÷ apropiación × 100."""
        return _share(self.commitments, self.appropriation)

    @property
    def progress_shown(self) -> Decimal | None:
        return None if self.progress is None else percent(self.progress)

    @property
    def execution_shown(self) -> Decimal | None:
        return None if self.execution is None else percent(self.execution)

    def __add__(self, other: Financial) -> Financial:
        return Financial(
            _plus(self.appropriation, other.appropriation),
            _plus(self.commitments, other.commitments),
            _plus(self.obligations, other.obligations),
        )


def _share(amount: Decimal | None, appropriation: Decimal | None) -> Decimal | None:
    if amount is None or not appropriation:
        return None
    return amount / appropriation * HUNDRED


def _plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return a if b is None else (b if a is None else a + b)


def financial_total(items: Iterable[Financial]) -> Financial:
    """A plan's or an entity's budget execution: the sums over the activities that have an
    apropiación (an activity with only a BPIN adds nothing, so its obligaciones do not count
    against others' apropiación); compromisos and obligaciones not reported count as 0."""
    total = Financial()
    for item in items:
        if item.appropriation is None:
            continue
        total += Financial(item.appropriation, item.commitments or ZERO, item.obligations or ZERO)
    return total
