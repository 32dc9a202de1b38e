"""What values a plan and its follow-up may take: within what the indicator allows and what the
database columns hold (issue 16, «Values within what the indicator allows»).

Pure functions, no database: the web forms, the services (and through them the API) and the
importer ask the same questions here and get the same Spanish answers. Each answer is a
``Problem`` that names the field it concerns and says what and where
(«Resultado acumulado: debe ser mayor o igual a 0 (el indicador no admite valores negativos).»).

The rules:
- every number is finite, has at most two decimals and fits its column (14 digits, 2 decimals:
  less than 10^12 in absolute value);
- results, targets and baselines are ≥ 0 unless the indicator admits negatives;
- a percentage (a percentage indicator's target or baseline, its numerator over its denominator,
  Control Interno's adjusted executed progress) is at most 100 %, or 1,000 % when the indicator
  admits more than 100 %; the denominator is > 0;
- a plan's dates fall between 1 January 2000 and 31 December of the year after its vigencia.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from core.money import pesos as _pesos

COUNT, PERCENTAGE, MILESTONE = "numero", "porcentaje", "hito"

HUNDRED = Decimal(100)
# The most an indicator that admits more than 100 % may reach, and the bound of the executed
# progress a report stores (followup.measures.stored).
MAX_PERCENT = Decimal(1000)
# A value column holds 14 digits with 2 decimals (Report.value, Activity.indicator_target...).
COLUMN_LIMIT = Decimal(10) ** 12
CENT = Decimal("0.01")
FIRST_DATE = datetime.date(2000, 1, 1)

# Money columns (apropiación, compromisos, obligaciones) hold 18 digits with 2 decimals, but
# SQLite keeps decimals as 8-byte floats: exact to the centavo only below about 9 × 10^13, and
# near 10^16 the read-back rounds past 18 digits and fails. Ten billones of pesos for one
# activity (a municipality's whole budget is far less) keeps every centavo on both databases.
MONEY_LIMIT = Decimal(10) ** 13

PERIODS = {"1": "I", "2": "II", "3": "III", "4": "IV"}
NOT_NEGATIVE = "debe ser mayor o igual a 0 (el indicador no admite valores negativos)."


@dataclass(frozen=True)
class Indicator:
    """What an activity's indicator allows: its type and its two permissions."""

    kind: str = COUNT
    over_100: bool = False
    negative: bool = False

    @classmethod
    def of(cls, activity: Any) -> Indicator:
        """The indicator of an Activity (or anything with its three attributes)."""
        return cls(
            activity.indicator_type,
            bool(activity.indicator_over_100),
            bool(activity.indicator_negative),
        )

    @property
    def percent_limit(self) -> Decimal:
        return MAX_PERCENT if self.over_100 else HUNDRED

    def within(self, percent: Decimal) -> bool:
        """Whether a percentage is in its range: from 0 (or minus the limit when negatives
        are allowed) to the limit."""
        limit = self.percent_limit
        return (-limit if self.negative else 0) <= percent <= limit

    @property
    def percent_range(self) -> str:
        """The range of its percentages, as the forms' help and the messages say it."""
        low = f"-{self.percent_limit:,.0f}".replace(",", ".") if self.negative else "0"
        if self.over_100:
            return f"de {low} a 1.000 % (el indicador admite más de 100 %)"
        return f"de {low} a 100 %"


@dataclass(frozen=True)
class Problem:
    """A value refused: ``field`` is the name of the form or data field it concerns."""

    field: str
    message: str


class Refused(ValidationError):
    """A ValidationError that keeps its problems, so the API can name the field at fault."""

    def __init__(self, problems: list[Problem]):
        super().__init__([problem.message for problem in problems])
        self.problems = problems


def refuse(problems: list[Problem]) -> None:
    """Raise ``Refused`` when there is any problem."""
    if problems:
        raise Refused(problems)


def _number(field: str, label: str, value: Any, *, negative: bool) -> Problem | None:
    """A finite number with at most two decimals that fits its column, and ≥ 0 unless
    negatives are allowed."""
    value = _decimal(value)
    if not value.is_finite():
        return Problem(field, f"{label}: debe ser un número.")
    # copy_abs and comparisons are exact: no context can overflow on 1E+999999999.
    if value.copy_abs() >= COLUMN_LIMIT:
        return Problem(
            field,
            f"{label}: es demasiado grande para guardarse (el máximo es 999.999.999.999,99 en "
            "valor absoluto).",
        )
    if value != value.quantize(CENT):
        return Problem(field, f"{label}: admite a lo sumo 2 decimales.")
    if value < 0 and not negative:
        return Problem(field, f"{label}: {NOT_NEGATIVE}")
    return None


def _percentage(field: str, label: str, value: Any, indicator: Indicator) -> Problem | None:
    """A number that is a percentage: within the indicator's range."""
    found = _number(field, label, value, negative=indicator.negative)
    if found:
        return found
    if not indicator.within(_decimal(value)):
        return Problem(field, f"{label}: debe estar {indicator.percent_range}.")
    return None


def report_problems(
    indicator: Indicator,
    *,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    delivered: bool | None = None,
    required: bool = False,
) -> list[Problem]:
    """What is wrong with a report's result: the count, the numerator and denominator of a
    percentage, or the milestone delivered. ``required``: the report is being sent, so the
    result its indicator measures must be there. Every number given is checked, even one the
    indicator does not use, since the report stores it."""
    problems = []
    for field, label, number, negative in (
        ("value", "Resultado acumulado", value, indicator.negative),
        ("numerator", "Numerador", numerator, indicator.negative),
        ("denominator", "Denominador", denominator, True),  # its own rule, below
    ):
        found = None if number is None else _number(field, label, number, negative=negative)
        if found:
            problems.append(found)
    if not problems and denominator is not None and _decimal(denominator) <= 0:
        problems.append(Problem("denominator", "Denominador: debe ser mayor que 0."))
    if indicator.kind == PERCENTAGE:
        if not problems and numerator is not None and denominator is not None:
            problems += _ratio_problems(indicator, _decimal(numerator), _decimal(denominator))
        if required and (numerator is None or denominator is None):
            problems.append(
                Problem("numerator", "Indique el numerador y el denominador del indicador.")
            )
    elif indicator.kind == MILESTONE:
        if required and delivered is None:
            problems.append(Problem("delivered", "Indique si el hito se entregó."))
    elif required and value is None:
        problems.append(Problem("value", "Indique el resultado acumulado del indicador."))
    return problems


def result_problems(activity: Any, data: Any, *, required: bool = False) -> list[Problem]:
    """``report_problems`` for an activity and what a reporter sends for it (anything with
    ``value``, ``numerator``, ``denominator`` and ``delivered``, such as a ReportData)."""
    return report_problems(
        Indicator.of(activity),
        value=data.value,
        numerator=data.numerator,
        denominator=data.denominator,
        delivered=data.delivered,
        required=required,
    )


def _ratio_problems(
    indicator: Indicator, numerator: Decimal, denominator: Decimal
) -> list[Problem]:
    """A percentage result: numerator ÷ denominator within the indicator's range (both numbers
    already known to fit their columns, the denominator > 0)."""
    if indicator.within(numerator / denominator * HUNDRED):
        return []
    if indicator.over_100:
        what = "puede ser a lo sumo 10 veces el denominador"
    else:
        what = "no puede superar al denominador"
    return [
        Problem(
            "numerator",
            f"Numerador: {what}; numerador ÷ denominador debe estar {indicator.percent_range}.",
        )
    ]


def adjustment_problems(
    indicator: Indicator, *, agrees: bool, adjusted: Decimal | None, observation: str
) -> list[Problem]:
    """Control Interno's verdict: agreeing needs nothing more; adjusting needs the adjusted
    executed progress, within the indicator's range, and the reason."""
    if agrees:
        return []
    if adjusted is None or not observation.strip():
        return [
            Problem(
                "adjusted_executed",
                "Si no está de acuerdo, indique el avance ajustado y la observación.",
            )
        ]
    found = _percentage("adjusted_executed", "Avance ejecutado ajustado", adjusted, indicator)
    return [found] if found else []


def target_problems(
    indicator: Indicator,
    *,
    target: Decimal | None = None,
    baseline: Decimal | None = None,
    period_targets: dict[Any, Any] | None = None,
) -> list[Problem]:
    """What is wrong with an activity's annual target, baseline and per-period targets
    (``{"1": "2.5", ...}`` as the activity keeps them): ≥ 0 unless negatives are allowed, and
    for a percentage indicator within its range. Fields are the activity form's."""
    check = _percentage if indicator.kind == PERCENTAGE else _counted
    items = [
        ("indicator_target", "Meta anual", target),
        ("indicator_baseline", "Línea base", baseline),
        *(
            (f"target_{key}", f"Meta acumulada al periodo {PERIODS.get(str(key), key)}", written)
            for key, written in sorted((period_targets or {}).items())
        ),
    ]
    found = [
        check(field, label, value, indicator) for field, label, value in items if value is not None
    ]
    return [problem for problem in found if problem]


def _money(field: str, label: str, value: Any) -> Problem | None:
    """An amount of pesos: finite, ≥ 0, at most two decimals, within its column."""
    value = _decimal(value)
    if not value.is_finite():
        return Problem(field, f"{label}: debe ser un valor en pesos.")
    if value < 0:
        return Problem(field, f"{label}: debe ser mayor o igual a 0.")
    if value >= MONEY_LIMIT:
        return Problem(
            field,
            f"{label}: es demasiado grande para guardarse (el máximo es "
            f"{_pesos(MONEY_LIMIT - CENT)}).",
        )
    if value != value.quantize(CENT):
        return Problem(field, f"{label}: admite a lo sumo 2 decimales (centavos).")
    return None


MONEY_LABELS = {
    "appropriation": "Apropiación",
    "commitments": "Compromisos acumulados",
    "obligations": "Obligaciones acumuladas",
}


def budget_problems(
    *,
    appropriation: Any = None,
    commitments: Any = None,
    obligations: Any = None,
) -> list[Problem]:
    """What is wrong with an activity's apropiación and a report's cumulative compromisos and
    obligaciones: each an amount of pesos (≥ 0, centavos at most, within its column); the
    obligaciones at most the compromisos (a payment obligation arises from a commitment); the
    compromisos at most the apropiación when the activity has one (nothing is committed beyond
    what was appropriated). Fields are the forms' (``appropriation``, ``commitments``,
    ``obligations``)."""
    given = {"appropriation": appropriation, "commitments": commitments, "obligations": obligations}
    problems = [
        found
        for name, value in given.items()
        if value is not None and (found := _money(name, MONEY_LABELS[name], value))
    ]
    if problems:
        return problems
    # (field, amount, ceiling, what the ceiling is): the obligaciones within the compromisos,
    # the compromisos within the apropiación (the obligaciones, when no compromisos are given).
    ceilings = (
        ("obligations", obligations, commitments, "los compromisos acumulados"),
        ("commitments", commitments, appropriation, "la apropiación de la actividad"),
        (
            "obligations",
            obligations if commitments is None else None,
            appropriation,
            "la apropiación de la actividad",
        ),
    )
    for name, amount, ceiling, what in ceilings:
        if amount is not None and ceiling is not None and _decimal(amount) > _decimal(ceiling):
            problems.append(
                Problem(
                    name,
                    f"{MONEY_LABELS[name]}: no pueden superar {what} ({_pesos(ceiling)}).",
                )
            )
    return problems


def _counted(field: str, label: str, value: Any, indicator: Indicator) -> Problem | None:
    return _number(field, label, value, negative=indicator.negative)


def _decimal(value: Any) -> Decimal:
    """The value as a Decimal; NaN for what is not a number (refused as such)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal("NaN")
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return Decimal("NaN")


# The vigencias a plan may have: the law of the plan de acción is from 2011; a deployment holds
# plans of this century.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_problems(year: int | None) -> list[Problem]:
    """A vigencia between 2000 and 2100."""
    if year is None or FIRST_YEAR <= year <= LAST_YEAR:
        return []
    return [Problem("year", f"Vigencia: {year} no es un año entre {FIRST_YEAR} y {LAST_YEAR}.")]


def plan_date_problems(
    year: int | None,
    plan_date: datetime.date | None,
    approval_date: datetime.date | None,
) -> list[Problem]:
    """The plan's date and its format's approval date fall between 1 January 2000 and
    31 December of the year after the vigencia (a plan is dated in the last months of the
    year before; the format may have been approved years earlier, not before 2000)."""
    if year is None:
        return []
    last = datetime.date(min(year + 1, datetime.MAXYEAR), 12, 31)
    problems = []
    for field, label, day in (
        ("plan_date", "Fecha del plan", plan_date),
        ("doc_approval_date", "Fecha de aprobación del formato", approval_date),
    ):
        if day is None:
            continue
        if day < FIRST_DATE:
            why = f"es anterior al {FIRST_DATE:%d/%m/%Y}"
        elif day > last:
            why = f"es posterior al {last:%d/%m/%Y} (la vigencia {year} y el año siguiente)"
        else:
            continue
        problems.append(Problem(field, f"{label}: el {day:%d/%m/%Y} {why}."))
    return problems


def validate_bpin(value: str) -> None:
    """A BPIN (Banco de Programas y Proyectos de Inversión) code: digits only, as the DNP's
    MGA and SUIFP write it (13 digits today: year, DANE code of the entity and a consecutive;
    older and national codes are shorter or longer)."""
    if value and (not value.isdigit() or not 10 <= len(value) <= 20):
        raise ValidationError(
            "El código BPIN tiene solo dígitos (entre 10 y 20; hoy son 13, p. ej. 2024763470012).",
            code="invalid_bpin",
        )
