"""Control Interno's predicates: who verifies follow-up, kept apart from reporting and review."""

from decimal import Decimal

import pytest

from conftest import sign_in
from followup import services
from followup.models import Report
from followup.services import ReportData
from organization import policy
from organization.models import Role, User

pytestmark = pytest.mark.django_db


def test_only_control_interno_of_the_entity_is_the_auditor(
    cartago, other_entity, auditor, planner, reporter_a, viewer, approver, superuser
):
    assert policy.is_auditor(auditor, cartago.pk)
    assert not policy.is_auditor(auditor, other_entity.pk)
    for someone in (planner, reporter_a, viewer, approver, superuser):
        assert not policy.is_auditor(someone, cartago.pk), someone


def test_only_control_interno_verifies_and_the_page_offers_it_to_no_one_else(
    client, published_plan, reporter_a, planner, auditor, superuser, time_machine
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    activity = published_plan.activities.get(number=3)
    report = services.submit_report(
        activity, 1, by=reporter_a, data=ReportData("Hecho", value=Decimal(1)), expected_revision=0
    )
    report = services.validate_report(report, by=planner, expected_revision=report.revision)
    assert report.status == Report.Status.VALIDATED
    assert policy.may_verify(auditor, report)
    assert not any(policy.may_verify(u, report) for u in (reporter_a, planner, superuser))
    for someone, offered in ((auditor, True), (planner, False), (superuser, False)):
        sign_in(client, someone)
        page = client.get(f"/seguimiento/reporte/{report.pk}/")
        assert (page.context["verify_form"] is not None) is offered, someone
    auditor.membership.role = Role.PLANNER
    auditor.membership.save()
    again = User.objects.get(pk=auditor.pk)
    assert not policy.may_verify(again, report), "the role, not the account, verifies"
