"""The demo's plan carries its MIPG policy and a few activities others, so the roll-up by
policy shows more than one line."""

import io

from django.core.management import call_command

from followup import mipg
from plans.models import Plan


def test_the_demo_plan_is_tagged_and_its_rollup_shows_several_policies(
    plan_types, settings, tmp_path
):
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--if-empty", stdout=io.StringIO(), stderr=io.StringIO())
    plan = Plan.objects.get(plan_type__code="participacion-ciudadana")
    assert list(plan.mipg_policies.values_list("code", flat=True)) == ["participacion-ciudadana"]
    assert list(plan.activities.get(number=9).mipg_policies.values_list("code", flat=True)) == [
        "control-interno"
    ]
    progress = mipg.policy_progress(plan.entity, plan.year)
    counted = {
        row.policy.code: row.activities
        for group in progress.dimensions
        for row in group.policies
        if row.activities
    }
    # Activities 1 to 5 take the plan's; 6 and 7 carry it with another; 8 and 9 carry others.
    assert counted == {
        "participacion-ciudadana": 7,
        "servicio-ciudadano": 1,
        "transparencia": 2,
        "control-interno": 1,
    }
