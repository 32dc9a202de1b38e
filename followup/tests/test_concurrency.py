"""Twenty reporters submit at the same moment: no error, every report stored and counted.

Runs on whichever database the suite runs on (SQLite in WAL with immediate transactions and a
busy timeout; PostgreSQL), with real threads, each with its own connection, through the pages."""

import threading

import pytest
from django.db import connection
from django.test import Client

from conftest import sign_in
from demo.synthetic import generate
from followup import rollups, selectors
from followup.models import ProgressSum, Report
from organization import services
from organization.models import Role, Unit
from plans.models import Activity, Plan

pytestmark = pytest.mark.django_db(transaction=True)

REPORTERS = 20


@pytest.fixture
def twenty_activities(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)
    generate(entities=1, plans=1, activities=REPORTERS, year=2025, periods=0)
    plan = Plan.objects.get()
    units = list(Unit.objects.filter(entity=plan.entity))
    reporters = [
        services.create_member(
            plan.entity, username=f"enlace{i}", password=None, role=Role.REPORTER, units=units
        )
        for i in range(REPORTERS)
    ]
    return plan, list(Activity.objects.filter(plan=plan).order_by("number")), reporters


def test_twenty_reporters_submitting_at_once_all_succeed(twenty_activities):
    plan, activities, reporters = twenty_activities
    clients = [sign_in(Client(), reporter) for reporter in reporters]
    start = threading.Barrier(REPORTERS)
    statuses, errors = [], []

    def submit(client, activity):
        try:
            start.wait()
            response = client.post(
                f"/seguimiento/actividad/{activity.pk}/periodo/1/",
                {"value": "1", "narrative": "Avance del trimestre", "enviar": "1", "revision": "0"},
            )
            statuses.append(response.status_code)
        except Exception as error:  # every failure is the finding
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(client, activity))
        for client, activity in zip(clients, activities, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert statuses == [302] * REPORTERS
    submitted = Report.objects.filter(activity__plan=plan, status=Report.Status.SUBMITTED)
    assert submitted.count() == REPORTERS
    assert sorted(submitted.values_list("activity__number", flat=True)) == list(
        range(1, REPORTERS + 1)
    )
    # Each send rebuilds the plan's rows (their count of reports sent): none lost another's, and
    # the entity's rows add up the plan's.
    assert rollups.differences(plan, selectors.plan_progress(plan, stored=False)) == []
    assert rollups.entity_differences(plan.entity_id, 2025) == []
    [row] = ProgressSum.objects.filter(plan=plan, scope="plan", period=1)
    assert row.sent_reports == row.due_reports > 0


def test_twenty_validations_at_once_keep_the_roll_ups_exact(twenty_activities):
    """Each validation rebuilds the plan's sums; concurrent ones must not lose each other's."""
    plan, activities, reporters = twenty_activities
    from followup import services as followup
    from followup.services import ReportData

    for reporter, activity in zip(reporters, activities, strict=True):
        followup.submit_report(
            activity,
            1,
            by=reporter,
            data=ReportData("x", value=1),
            expected_revision=0,
        )
    planners = [
        services.create_member(plan.entity, username=f"planea{i}", password=None, role="planner")
        for i in range(REPORTERS)
    ]
    clients = [sign_in(Client(), planner) for planner in planners]
    reports = list(Report.objects.filter(activity__plan=plan).order_by("pk"))
    start = threading.Barrier(REPORTERS)
    statuses, errors = [], []

    def validate(client, report):
        try:
            start.wait()
            response = client.post(
                f"/seguimiento/reporte/{report.pk}/",
                {"action": "validar", "revision": str(report.revision)},
            )
            statuses.append(response.status_code)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=validate, args=pair) for pair in zip(clients, reports, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and set(statuses) == {302}
    assert Report.objects.filter(status=Report.Status.VALIDATED).count() == REPORTERS
    assert rollups.differences(plan, selectors.plan_progress(plan, stored=False)) == []
    assert ProgressSum.objects.get(plan=plan, scope="plan", period=1).reported
