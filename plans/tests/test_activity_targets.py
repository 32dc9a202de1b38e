"""An activity's target, baseline and per-period targets stay within what its indicator allows,
and the planner says what it allows: more than 100 %, negative values (issue 16 §4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from plans.forms import ActivityForm
from plans.models import Activity
from plans.services import editing
from plans.services.editing import ActivityData


@pytest.fixture
def activity(seed_plan):
    return seed_plan.activities.get(number=2)


def form(activity, **data) -> ActivityForm:
    base = {
        "number": 2,
        "description": activity.description,
        "indicator_type": "porcentaje",
        "weight": "1",
        "revision": activity.revision,
    }
    return ActivityForm(base | data, plan=activity.plan)


def test_a_percentage_target_and_baseline_stay_within_0_and_100(activity):
    refused = form(activity, indicator_target="250", indicator_baseline="-10")
    assert not refused.is_valid()
    assert refused.errors["indicator_target"] == ["Meta anual: debe estar de 0 a 100 %."]
    assert refused.errors["indicator_baseline"] == [
        "Línea base: debe ser mayor o igual a 0 (el indicador no admite valores negativos)."
    ]
    assert form(activity, indicator_target="250", indicator_over_100="on").is_valid()
    assert form(activity, indicator_baseline="-10", indicator_negative="on").is_valid()
    assert form(activity, indicator_type="numero", indicator_target="250").is_valid()
    assert not form(activity, indicator_type="numero", indicator_target="-1").is_valid()


def test_per_period_targets_follow_the_same_rules(activity):
    targets = {"target_1": "20", "target_2": "60", "target_3": "90", "target_4": "120"}
    refused = form(activity, indicator_target="120", **targets)
    assert not refused.is_valid()
    assert refused.errors["target_4"] == ["Meta acumulada al periodo IV: debe estar de 0 a 100 %."]
    assert form(activity, indicator_target="120", indicator_over_100="on", **targets).is_valid()


def test_the_two_permissions_are_saved_and_audited(client, planner, activity):
    client.force_login(planner)
    url = f"/planes/{activity.plan_id}/actividades/{activity.pk}/editar/"
    page = client.get(url).content.decode()
    assert "El indicador admite más de 100 %" in page
    assert "El indicador admite valores negativos" in page
    data = form(activity, indicator_target="250", indicator_over_100="on").data
    assert client.post(url, data).status_code == 302
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.indicator_over_100, saved.indicator_negative) == (True, False)
    assert saved.indicator_target == 250
    entry = AuditEntry.objects.filter(action="plans.activity.changed").latest("at")
    assert (entry.before["indicator_over_100"], entry.after["indicator_over_100"]) == (False, True)
    again = client.get(url).context["form"]
    assert again["indicator_over_100"].value() is True
    assert again["indicator_negative"].value() is False


def test_the_services_refuse_a_target_the_indicator_does_not_allow(activity, planner):
    data = ActivityData(
        number=2,
        description=activity.description,
        indicator_type="porcentaje",
        indicator_target=Decimal(250),
        period_targets={"1": "-5", "2": "10", "3": "20", "4": "250"},
    )
    with pytest.raises(ValidationError) as refused:
        editing.update_activity(activity, by=planner, data=data, expected_revision=1)
    assert refused.value.message_dict["indicator_target"] == [
        "Meta anual: debe estar de 0 a 100 %."
    ]
    assert len(refused.value.message_dict["period_targets"]) == 2
    with pytest.raises(ValidationError, match="Meta anual: debe estar de 0 a 100 %"):
        editing.add_activity(activity.plan, by=planner, data=data)
    data.indicator_over_100 = True
    data.period_targets = {"1": "5", "2": "10", "3": "20", "4": "250"}
    assert editing.update_activity(activity, by=planner, data=data, expected_revision=1)


def test_a_stale_edit_shows_the_permission_it_would_have_changed(activity, planner):
    data = ActivityData(number=2, description=activity.description, indicator_over_100=True)
    with pytest.raises(editing.StaleEdit) as stale:
        editing.update_activity(activity, by=planner, data=data, expected_revision=0)
    assert ("Admite más de 100 %", "Sí", "No") in stale.value.changes
