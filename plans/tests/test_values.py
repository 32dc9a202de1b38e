"""What values a plan and its follow-up may take (plans.values): pure rules, no database."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from plans.values import (
    COLUMN_LIMIT,
    Indicator,
    adjustment_problems,
    plan_date_problems,
    report_problems,
    target_problems,
)

COUNT = Indicator()
PERCENTAGE = Indicator("porcentaje")
OVER_100 = Indicator("porcentaje", over_100=True)
NEGATIVE = Indicator(negative=True)


def messages(problems) -> list[tuple[str, str]]:
    return [(problem.field, problem.message) for problem in problems]


def test_it_refuses_a_negative_result_unless_the_indicator_allows_negatives():
    assert messages(report_problems(COUNT, value=Decimal(-50))) == [
        (
            "value",
            "Resultado acumulado: debe ser mayor o igual a 0 (el indicador no admite valores "
            "negativos).",
        )
    ]
    assert report_problems(NEGATIVE, value=Decimal(-50)) == []
    assert report_problems(COUNT, value=Decimal(0)) == []


def test_it_refuses_a_number_that_does_not_fit_its_column():
    for value in (Decimal("1e20"), COLUMN_LIMIT, -COLUMN_LIMIT, Decimal("1e999999999")):
        [(field, message)] = messages(report_problems(NEGATIVE, value=value))
        assert field == "value"
        assert message == (
            "Resultado acumulado: es demasiado grande para guardarse (el máximo es "
            "999.999.999.999,99 en valor absoluto)."
        )
    assert report_problems(NEGATIVE, value=Decimal("999999999999.99")) == []
    assert report_problems(NEGATIVE, value=Decimal("-999999999999.99")) == []


def test_it_refuses_more_than_two_decimals_but_not_trailing_zeros():
    for value in ("1e-20", "2.555", "0.001"):
        assert messages(report_problems(COUNT, value=Decimal(value))) == [
            ("value", "Resultado acumulado: admite a lo sumo 2 decimales.")
        ]
    assert report_problems(COUNT, value=Decimal("2.50000")) == []


def test_it_refuses_what_is_not_a_finite_number():
    for value in ("NaN", "sNaN", "Infinity", "-Infinity"):
        assert messages(report_problems(COUNT, value=Decimal(value))) == [
            ("value", "Resultado acumulado: debe ser un número.")
        ]


def test_a_percentage_result_keeps_the_numerator_within_the_denominator():
    refused = report_problems(PERCENTAGE, numerator=Decimal(13), denominator=Decimal(12))
    assert messages(refused) == [
        (
            "numerator",
            "Numerador: no puede superar al denominador; numerador ÷ denominador debe estar de "
            "0 a 100 %.",
        )
    ]
    assert report_problems(PERCENTAGE, numerator=Decimal(12), denominator=Decimal(12)) == []


def test_an_indicator_over_100_lets_the_numerator_reach_ten_times_the_denominator():
    assert report_problems(OVER_100, numerator=Decimal(120), denominator=Decimal(12)) == []
    [(field, message)] = messages(
        report_problems(OVER_100, numerator=Decimal("120.01"), denominator=Decimal(12))
    )
    assert field == "numerator"
    assert "a lo sumo 10 veces el denominador" in message
    assert "1.000 % (el indicador admite más de 100 %)" in message


def test_the_denominator_must_be_greater_than_zero():
    for denominator in (Decimal(0), Decimal(-3)):
        assert messages(report_problems(PERCENTAGE, numerator=Decimal(1), denominator=denominator))[
            -1
        ] == ("denominator", "Denominador: debe ser mayor que 0.")


def test_sending_requires_the_result_the_indicator_measures():
    assert messages(report_problems(COUNT, required=True)) == [
        ("value", "Indique el resultado acumulado del indicador.")
    ]
    assert messages(report_problems(PERCENTAGE, numerator=Decimal(1), required=True)) == [
        ("numerator", "Indique el numerador y el denominador del indicador.")
    ]
    assert messages(report_problems(Indicator("hito"), required=True)) == [
        ("delivered", "Indique si el hito se entregó.")
    ]
    assert report_problems(Indicator("hito"), delivered=False, required=True) == []


def test_a_number_the_indicator_does_not_use_is_still_checked():
    """The API may send a result to a milestone: the report stores it, so it must fit."""
    assert [p.field for p in report_problems(Indicator("hito"), value=Decimal("1e20"))] == ["value"]


def test_an_adjustment_needs_a_reason_and_stays_within_the_indicators_range():
    assert messages(adjustment_problems(COUNT, agrees=False, adjusted=None, observation="x")) == [
        (
            "adjusted_executed",
            "Si no está de acuerdo, indique el avance ajustado y la observación.",
        )
    ]
    assert adjustment_problems(COUNT, agrees=False, adjusted=Decimal(10), observation=" ") != []
    assert messages(
        adjustment_problems(COUNT, agrees=False, adjusted=Decimal(500), observation="Soporte")
    ) == [("adjusted_executed", "Avance ejecutado ajustado: debe estar de 0 a 100 %.")]
    assert adjustment_problems(COUNT, agrees=False, adjusted=Decimal(-1), observation="x") != []
    assert adjustment_problems(OVER_100, agrees=False, adjusted=Decimal(500), observation="x") == []
    [(_, message)] = messages(
        adjustment_problems(OVER_100, agrees=False, adjusted=Decimal(1001), observation="x")
    )
    assert message == (
        "Avance ejecutado ajustado: debe estar de 0 a 1.000 % (el indicador admite más de 100 %)."
    )
    assert adjustment_problems(COUNT, agrees=True, adjusted=Decimal(500), observation="") == []


def test_targets_of_a_percentage_indicator_stay_within_0_and_100():
    assert messages(target_problems(PERCENTAGE, target=Decimal(250), baseline=Decimal(-10))) == [
        ("indicator_target", "Meta anual: debe estar de 0 a 100 %."),
        (
            "indicator_baseline",
            "Línea base: debe ser mayor o igual a 0 (el indicador no admite valores negativos).",
        ),
    ]
    assert target_problems(OVER_100, target=Decimal(250)) == []
    assert target_problems(COUNT, target=Decimal(250)) == []
    assert target_problems(Indicator("porcentaje", negative=True), baseline=Decimal(-10)) == []


def test_per_period_targets_follow_the_same_rules():
    problems = target_problems(PERCENTAGE, period_targets={"1": "20", "2": "120", "3": "-1"})
    assert messages(problems) == [
        ("target_2", "Meta acumulada al periodo II: debe estar de 0 a 100 %."),
        (
            "target_3",
            "Meta acumulada al periodo III: debe ser mayor o igual a 0 (el indicador no admite "
            "valores negativos).",
        ),
    ]


def test_plan_dates_fall_between_2000_and_the_end_of_the_year_after_the_vigencia():
    day = datetime.date
    assert plan_date_problems(2026, day(2025, 10, 29), day(2010, 3, 6)) == []
    assert plan_date_problems(2026, day(2027, 12, 31), day(2000, 1, 1)) == []
    assert messages(plan_date_problems(2026, day(1900, 1, 1), day(2999, 1, 1))) == [
        ("plan_date", "Fecha del plan: el 01/01/1900 es anterior al 01/01/2000."),
        (
            "doc_approval_date",
            "Fecha de aprobación del formato: el 01/01/2999 es posterior al 31/12/2027 (la "
            "vigencia 2026 y el año siguiente).",
        ),
    ]
    assert [p.field for p in plan_date_problems(2026, day(2028, 1, 1), None)] == ["plan_date"]
    assert plan_date_problems(None, day(1900, 1, 1), None) == []


INDICATORS = st.builds(
    Indicator, st.sampled_from(["numero", "porcentaje", "hito"]), st.booleans(), st.booleans()
)
NUMBERS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-(10**13), max_value=10**13, places=2),
    st.decimals(min_value=-1000, max_value=1000, places=3),
)


@settings(max_examples=200, deadline=None)
@given(indicator=INDICATORS, value=NUMBERS, numerator=NUMBERS, denominator=NUMBERS)
def test_every_result_it_accepts_fits_its_column_and_the_indicators_range(
    indicator, value, numerator, denominator
):
    if report_problems(indicator, value=value, numerator=numerator, denominator=denominator):
        return
    for number in (value, numerator, denominator):
        assert number.is_finite() and abs(number) < COLUMN_LIMIT
        assert number == number.quantize(Decimal("0.01"))
        assert indicator.negative or number >= 0
    if indicator.kind == "porcentaje":
        assert denominator > 0
        assert indicator.within(numerator / denominator * 100)


@settings(max_examples=200, deadline=None)
@given(indicator=INDICATORS, adjusted=NUMBERS)
def test_every_adjustment_it_accepts_is_a_percentage_the_indicator_allows(indicator, adjusted):
    if adjustment_problems(indicator, agrees=False, adjusted=adjusted, observation="Motivo"):
        return
    assert (-indicator.percent_limit if indicator.negative else 0) <= adjusted
    assert adjusted <= (1000 if indicator.over_100 else 100)
    assert adjusted == adjusted.quantize(Decimal("0.01"))
