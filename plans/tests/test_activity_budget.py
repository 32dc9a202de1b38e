"""An activity's budget (issue 22): BPIN, rubro, fuente and apropiación, optional, judged by
plans.values in the form and the services, audited, carried to a new version and left empty in
next year's copy."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from conftest import edit_activity, sign_in
from plans.forms import ActivityForm
from plans.tests.test_activity_targets import form as targets_form


@pytest.fixture
def activity(seed_plan):
    return seed_plan.activities.get(number=2)


def form(activity, **data) -> ActivityForm:
    """The activity form of test_activity_targets, with a number indicator."""
    return targets_form(activity, **{"indicator_type": "numero"} | data)


def test_the_apropiacion_is_read_as_colombians_write_money(activity):
    for written, amount in [
        ("$ 12.500.000", Decimal("12500000")),
        ("12.500.000,50", Decimal("12500000.50")),
        ("12500000", Decimal("12500000")),
        ("", None),
    ]:
        filled = form(activity, appropriation=written)
        assert filled.is_valid(), filled.errors
        assert filled.activity_data().appropriation == amount


def test_bad_budget_values_are_refused_at_their_field(activity):
    refused = form(activity, appropriation="-5", bpin="2024-ABC")
    assert not refused.is_valid()
    assert refused.errors["appropriation"] == ["Apropiación: debe ser mayor o igual a 0."]
    assert "El código BPIN tiene solo dígitos" in refused.errors["bpin"][0]
    assert (
        "no es un valor en pesos" in form(activity, appropriation="doce").errors["appropriation"][0]
    )
    assert "2 decimales" in form(activity, appropriation="1.000,505").errors["appropriation"][0]


def test_the_planner_sets_the_budget_on_the_page_and_it_is_audited(client, planner, activity):
    sign_in(client, planner)
    page = client.get(reverse("plans:activity_edit", args=[activity.plan_id, activity.pk]))
    assert "Presupuesto (opcional)" in page.content.decode()
    answer = client.post(
        reverse("plans:activity_edit", args=[activity.plan_id, activity.pk]),
        {
            "number": 2,
            "description": activity.description,
            "indicator_type": "numero",
            "weight": "1",
            "revision": activity.revision,
            "bpin": "2024761470002",
            "budget_item": "2.3.2.02.02.009",
            "funding_source": "Recursos propios",
            "appropriation": "$ 18.000.000",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    activity.refresh_from_db()
    assert (activity.appropriation, activity.bpin) == (Decimal("18000000"), "2024761470002")
    entry = AuditEntry.objects.filter(action="plans.activity.changed").latest("at")
    assert entry.after["appropriation"] in ("18000000.00", "18000000", 18000000)
    page = client.get(reverse("plans:activity_edit", args=[activity.plan_id, activity.pk]))
    assert 'value="18.000.000"' in page.content.decode()


def test_the_service_refuses_an_apropiacion_beyond_the_column(activity, planner):
    with pytest.raises(ValidationError, match="demasiado grande"):
        edit_activity(activity, by=planner, appropriation=Decimal("10") ** 13)
