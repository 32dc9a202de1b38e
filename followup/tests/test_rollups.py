"""Roll-ups kept on write agree with a recomputation from the reports, and dashboards use them."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from conftest import acta, sign_in
from followup import rollups, selectors, services
from followup.models import ProgressSum
from followup.tests.steps import submit, validate, verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def _differences(plan):
    return rollups.differences(plan, selectors.plan_progress(plan, stored=False))


def _validated(plan, number, value, reporter, planner):
    activity = plan.activities.get(number=number)
    return validate(submit(activity, reporter, value=value, narrative="x"), planner)


def test_publishing_and_validating_keep_the_sums_up_to_date(
    published_plan, reporter_a, planner, auditor
):
    def stored():
        return ProgressSum.objects.get(plan=published_plan, scope="plan", period=1)

    assert (stored().reported, stored().executed) == (False, 0)
    assert _differences(published_plan) == []
    report = _validated(published_plan, 3, 1, reporter_a, planner)
    assert stored().reported and stored().executed > 0
    assert _differences(published_plan) == []
    verify(report, auditor, agrees=False, adjusted=Decimal(10), observation="Soporte incompleto")
    assert _differences(published_plan) == []
    call_command("check_rollups")


def test_check_rollups_reports_a_difference_and_rebuilds(published_plan, capsys):
    ProgressSum.objects.filter(plan=published_plan, scope="plan", period=2).update(
        executed=Decimal("123.45")
    )
    # The plan's row and, with it, its entity's sum disagree.
    with pytest.raises(CommandError, match="2 planes o entidades tienen avances acumulados"):
        call_command("check_rollups")
    assert "periodo 2" in capsys.readouterr().out
    call_command("check_rollups", "--rebuild")
    call_command("check_rollups")


def test_dashboards_read_the_sums_and_not_the_reports(published_plan, reporter_a, planner):
    _validated(published_plan, 3, 2, reporter_a, planner)
    computed = selectors.plan_progress(published_plan, stored=False).totals
    entity = published_plan.entity
    # A stored sum that disagrees with the reports shows on the consolidated dashboard: proof
    # that it reads the roll-ups.
    ProgressSum.objects.filter(entity=entity, scope__in=["plan", "entity"], period=1).update(
        executed=0
    )
    consolidated = selectors.entity_progress(entity, 2025)
    assert consolidated.totals[0].executed == 0 != computed[0].executed
    assert selectors.oversight_progress([entity], 2025).entities[0].totals[0].executed == 0
    services.rebuild_rollups(published_plan)
    consolidated = selectors.entity_progress(entity, 2025)
    assert [r.compliance for r in consolidated.totals] == [r.compliance for r in computed]
    assert datetime.date(2025, 4, 3) > consolidated.totals[0].period.cutoff


def test_the_entity_row_sums_its_published_plans_and_forgets_an_archived_version(
    published_plan, reporter_a, planner, approver
):
    from followup import publishing
    from plans.services import workflow

    def entity_row():
        return ProgressSum.objects.get(
            entity=published_plan.entity, year=2025, scope="entity", period=1
        )

    _validated(published_plan, 3, 1, reporter_a, planner)
    plan_row = ProgressSum.objects.get(plan=published_plan, scope="plan", period=1)
    assert (entity_row().executed, entity_row().plans) == (plan_row.executed, 1)
    version = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
    workflow.submit_for_review(version, by=planner)
    workflow.approve_plan(version, by=approver, **acta(version))
    publishing.publish_plan(version, by=planner)
    assert entity_row().plans == 1  # the archived version no longer counts
    assert entity_row().executed == plan_row.executed  # its follow-up moved on with it
    assert rollups.entity_differences(published_plan.entity_id, 2025) == []


def _entity_rows(entity):
    return ProgressSum.objects.filter(entity=entity, year=2025, scope="entity").count()


def test_a_new_followup_scheme_on_the_settings_page_rebuilds_the_entity_rows(
    client, published_plan, planner
):
    entity = published_plan.entity
    assert _entity_rows(entity) == 4
    sign_in(client, planner)
    settings = {
        "followup_scheme": "cuatrimestral",
        "report_window_days": entity.report_window_days,
        "reminder_days_before": entity.reminder_days_before,
        "threshold_red_below": "60",
        "threshold_yellow_below": "80",
    }
    assert client.post("/directorio/entidad/", settings).status_code == 302
    # The plan keeps its quarterly follow-up, shown apart: the entity's rows no longer sum it.
    assert _entity_rows(entity) == 0
    assert rollups.entity_differences(entity.pk, 2025) == []


def test_a_new_followup_scheme_in_the_admin_rebuilds_the_entity_rows(
    client, published_plan, superuser
):
    entity = published_plan.entity
    sign_in(client, superuser)
    fields = ["name", "nit", "department", "municipality", "address", "postal_code", "website"]
    form = {name: getattr(entity, name) for name in fields} | {
        "phone": entity.phone,
        "email": "",
        "followup_scheme": "cuatrimestral",
        "submission_opens_days_before": "",
        "report_window_days": entity.report_window_days,
        "reminder_days_before": entity.reminder_days_before,
    }
    response = client.post(f"/admin/organization/entity/{entity.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _entity_rows(entity) == 0
    assert rollups.entity_differences(entity.pk, 2025) == []
