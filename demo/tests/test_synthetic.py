"""generate_synthetic builds realistic data whose roll-ups agree with the reports."""

import pytest
from django.core.management import call_command

from followup.models import ProgressSum, Report, Verification
from organization.models import Entity, Membership
from organization.nit import parse_nit
from plans.models import Activity, Plan

pytestmark = pytest.mark.django_db


def test_synthetic_data_has_every_state_valid_nits_and_consistent_roll_ups(capsys):
    call_command(
        "generate_synthetic",
        "--entities", "4", "--plans", "3", "--activities", "25", "--periods", "2",
    )  # fmt: skip
    assert "4 entidades, 12 planes, 300 actividades, 600 reportes" in capsys.readouterr().out
    for entity in Entity.objects.all():
        assert str(parse_nit(entity.nit)) == entity.nit  # the DIAN check digit is right
        assert entity.units.count() == 8
        assert Membership.objects.filter(entity=entity).count() == 2
    assert Plan.objects.filter(status=Plan.Status.PUBLISHED).count() == 12
    assert len({p.plan_type_id for p in Plan.objects.filter(entity=Entity.objects.first())}) == 3
    assert not Activity.objects.filter(responsible_units__isnull=True).exists()
    states = set(Report.objects.values_list("status", flat=True))
    assert states == {"borrador", "enviado", "devuelto", "validado"}
    assert Verification.objects.exists()
    assert set(Report.objects.values_list("period", flat=True)) == {1, 2}
    assert ProgressSum.objects.filter(scope="plan").count() == 12 * 4
    call_command("check_rollups")  # raises if any stored sum differs from the reports
    # Budget (issue 22): about 60 % of the activities, their reports within the apropiación.
    funded = Activity.objects.exclude(appropriation=None)
    assert 0.45 < funded.count() / 300 < 0.75
    assert not funded.filter(bpin="").exists()
    for report in Report.objects.filter(activity__in=funded).select_related("activity"):
        assert 0 <= report.obligations <= report.commitments <= report.activity.appropriation
    assert not Report.objects.filter(
        activity__appropriation=None, commitments__isnull=False
    ).exists()


def test_a_second_run_adds_entities_after_the_first(capsys):
    call_command("generate_synthetic", "--entities", "2", "--plans", "1", "--activities", "2")
    call_command("generate_synthetic", "--entities", "2", "--plans", "1", "--activities", "2")
    assert Entity.objects.count() == 4
    assert len(set(Entity.objects.values_list("nit", flat=True))) == 4
