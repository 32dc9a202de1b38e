"""Recording findings and answering them with improvement actions: who may, all or nothing,
stale edits, and actions that follow a new version of their plan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from improvement import services
from improvement.models import Action, Finding
from improvement.tests.factories import add_action, finding, publish
from plans.models import Activity, Plan
from plans.services import workflow

pytestmark = pytest.mark.usefixtures("first_window")


@pytest.mark.parametrize("who", ["planner", "reporter_a", "viewer", "approver", "superuser"])
def test_only_control_interno_records_a_finding(who, cartago, request):
    with pytest.raises(PermissionDenied):
        finding(cartago, request.getfixturevalue(who))
    assert not Finding.objects.exists()


def test_control_interno_of_another_entity_cannot_record_here(cartago, other_entity):
    from organization import services as organization

    stranger = organization.create_member(
        other_entity, username="otra", password="x" * 12, role="auditor"
    )
    with pytest.raises(PermissionDenied):
        finding(cartago, stranger)


@pytest.mark.parametrize("who", ["auditor", "reporter_a", "viewer", "other_planner"])
def test_only_planeacion_adds_actions(who, found, request):
    with pytest.raises(PermissionDenied):
        add_action(found, request.getfixturevalue(who))
    assert not Action.objects.exists() and not Plan.objects.exists()


def test_an_action_is_an_activity_of_a_new_plan_de_mejoramiento(found, planner, seed_plan):
    linked = seed_plan.activities.get(number=9)
    action = add_action(found, planner, linked=[linked])
    activity = action.activity
    assert activity.plan.plan_type.code == "plan-mejoramiento"
    assert activity.plan.title == "Plan de Mejoramiento 2025" and activity.plan.is_editable
    assert activity.indicator_target == 2 and activity.start_date == datetime.date(2025, 2, 15)
    assert list(activity.responsible_units.all()) == [found.unit]
    assert list(action.linked_activities.all()) == [linked]
    found.refresh_from_db()
    assert found.plan == activity.plan


def test_a_failure_leaves_neither_activity_nor_link(found, planner, seed_plan, monkeypatch):
    """The last step (the action's audit entry) fails: the plan and its activity, written
    before through plans.services.editing, go too."""
    real = services.audit.record

    def broken(action, *args, **kwargs):
        if action == "improvement.action.created":
            raise ValidationError("falla simulada")
        return real(action, *args, **kwargs)

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(ValidationError):
        add_action(found, planner, linked=[seed_plan.activities.get(number=9)])
    assert not Plan.objects.filter(plan_type__code="plan-mejoramiento").exists()
    assert not Action.objects.exists()
    assert not Activity.objects.filter(plan__plan_type__code="plan-mejoramiento").exists()
    found.refresh_from_db()
    assert found.plan is None


def test_a_bad_activity_refuses_the_whole_action(found, planner):
    plan = add_action(found, planner).activity.plan
    with pytest.raises(ValidationError):
        add_action(found, planner, plan=plan, target="-1")
    assert plan.activities.count() == 1 and Action.objects.count() == 1


def test_plan_de_accion_activities_only_and_published_plans_through_a_new_version(
    found, planner, approver, seed_plan
):
    with pytest.raises(ValidationError, match="planes de acción"):
        first = add_action(found, planner)
        add_action(found, planner, plan=first.activity.plan, linked=[first.activity])
    first = Action.objects.get()
    published = publish(first.activity.plan, planner, approver)
    with pytest.raises(ValidationError, match="nueva versión"):
        add_action(found, planner, plan=published, number=2)


def test_actions_follow_a_new_version_of_the_plan_de_mejoramiento(
    found, planner, approver, seed_plan
):
    linked = seed_plan.activities.get(number=9)
    action = add_action(found, planner, linked=[linked])
    published = publish(action.activity.plan, planner, approver)
    version = workflow.start_new_version(published, by=planner, reason="Nueva acción")
    copy = Action.objects.get(activity__plan=version)
    assert copy.finding == found and list(copy.linked_activities.all()) == [linked]
    assert copy.activity.carried_from_id == action.activity_id
    # While the new version is formulated, the action in force is the one that counts.
    from improvement import selectors

    assert [a.pk for a in selectors.finding_actions(found)] == [action.pk]


def test_a_new_version_of_the_plan_de_accion_keeps_the_link(
    found, planner, approver, published_plan
):
    linked = published_plan.activities.get(number=9)
    action = add_action(found, planner, linked=[linked])
    version = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
    assert set(action.linked_activities.all()) == {linked, version.activities.get(number=9)}


def test_a_stale_edit_is_refused_with_the_values_saved_now(found, auditor):
    services.update_finding(found, by=auditor, expected_revision=0, title="Sin evidencias")
    with pytest.raises(services.StaleFinding) as stale:
        services.update_finding(found, by=auditor, expected_revision=0, title="Otro título")
    assert ("Título", "Otro título", "Sin evidencias") in stale.value.changes
    assert Finding.objects.get().title == "Sin evidencias"


def test_linked_records_must_be_of_the_same_entity(cartago, other_entity, auditor):
    with pytest.raises(ValidationError):
        finding(cartago, auditor, unit=other_entity.units.first())


def test_a_copy_for_the_next_vigencia_starts_without_actions(found, planner, approver):
    from plans.services.editing import copy_plan_to_next_year

    action = add_action(found, planner)
    published = publish(action.activity.plan, planner, approver)
    copy = copy_plan_to_next_year(published, by=planner)
    assert copy.activities.count() == 1
    assert not Action.objects.filter(activity__plan=copy).exists()
