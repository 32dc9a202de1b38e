"""The reporter's and Control Interno's forms judge numbers by plans.values and put each
refusal on its field, in Spanish (no database: an unsaved activity is enough)."""

from decimal import Decimal

from followup.forms import ReportForm, VerificationForm
from plans.models import Activity


def report_form(data, **indicator) -> ReportForm:
    return ReportForm(
        {"narrative": "Avance", "revision": "0"} | data, activity=Activity(**indicator)
    )


def verification_form(data, **indicator) -> VerificationForm:
    return VerificationForm(
        {"agrees": "0", "observation": "Falta la lista.", "revision": "3"} | data,
        activity=Activity(**indicator),
    )


def test_the_report_form_puts_each_refusal_on_its_field():
    form = report_form({"value": "1e20"})
    assert not form.is_valid()
    assert form.errors["value"] == [
        "Resultado acumulado: es demasiado grande para guardarse (el máximo es "
        "999.999.999.999,99 en valor absoluto)."
    ]
    form = report_form({"numerator": "13", "denominator": "12"}, indicator_type="porcentaje")
    assert not form.is_valid()
    assert list(form.errors) == ["numerator"]
    assert form.errors["numerator"][0].startswith("Numerador: no puede superar al denominador")
    assert not report_form({"value": "2.555"}).is_valid()
    assert report_form({"value": "2.50"}).is_valid()


def test_the_report_form_takes_a_negative_result_only_when_the_indicator_allows_it():
    refused = report_form({"value": "-50"})
    assert not refused.is_valid()
    assert refused.errors["value"] == [
        "Resultado acumulado: debe ser mayor o igual a 0 (el indicador no admite valores "
        "negativos)."
    ]
    assert refused.fields["value"].widget.attrs["min"] == "0"
    allowed = report_form({"value": "-50"}, indicator_negative=True)
    assert allowed.is_valid() and allowed.report_data().value == Decimal(-50)
    assert "min" not in allowed.fields["value"].widget.attrs


def test_the_verification_form_keeps_an_adjustment_within_what_the_indicator_allows():
    refused = verification_form({"adjusted_executed": "500"})
    assert not refused.is_valid()
    assert refused.errors["adjusted_executed"] == [
        "Avance ejecutado ajustado: debe estar de 0 a 100 %."
    ]
    assert refused.fields["adjusted_executed"].help_text == "De 0 a 100 %."
    allowed = verification_form({"adjusted_executed": "500"}, indicator_over_100=True)
    assert allowed.is_valid(), allowed.errors
    assert allowed.fields["adjusted_executed"].help_text == (
        "De 0 a 1.000 % (el indicador admite más de 100 %)."
    )
    assert not verification_form(
        {"adjusted_executed": "1000.01"}, indicator_over_100=True
    ).is_valid()


def test_the_verification_form_asks_for_the_adjustment_and_its_reason():
    missing = verification_form({"adjusted_executed": "", "observation": "Falta."})
    assert not missing.is_valid()
    assert missing.errors["adjusted_executed"] == [
        "Si no está de acuerdo, indique el avance ajustado y la observación."
    ]
    assert not verification_form({"adjusted_executed": "20", "observation": " "}).is_valid()
    assert verification_form({"agrees": "1", "adjusted_executed": "900"}).is_valid()
