"""borrador → en revisión → aprobado (or devuelto) → publicado, and new versions."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from conftest import acta, sign_in
from followup import publishing
from plans.models import Plan
from plans.services import editing, workflow
from plans.services.editing import ActivityData

Status = Plan.Status


def test_a_planner_submits_a_plan_with_nothing_blocking(ready_plan, planner):
    plan = workflow.submit_for_review(ready_plan, by=planner)
    assert plan.status == Status.IN_REVIEW and plan.submitted_at
    assert AuditEntry.objects.filter(action="plans.plan.submitted", plan_id=plan.pk).exists()


def test_submission_is_refused_while_something_blocks(seed_plan, planner):
    with pytest.raises(workflow.TransitionRefused, match="problema") as refusal:
        workflow.submit_for_review(seed_plan, by=planner)
    assert refusal.value.code == workflow.BLOCKING
    assert Plan.objects.get(pk=seed_plan.pk).status == Status.DRAFT


def test_the_page_sends_a_blocked_submission_to_the_review_and_other_refusals_to_the_plan(
    client, seed_plan, planner
):
    """Where a refused submission lands follows the refusal's code, not its wording."""
    sign_in(client, planner)
    response = client.post(f"/planes/{seed_plan.pk}/enviar/")
    assert response.url == f"/planes/{seed_plan.pk}/revision/"
    seed_plan.activities.update(months=[3, 6], indicator_target=2)  # nothing blocks now
    workflow.submit_for_review(seed_plan, by=planner)
    refusal = client.post(f"/planes/{seed_plan.pk}/enviar/", follow=True)  # already in review
    assert refusal.redirect_chain[0][0] == f"/planes/{seed_plan.pk}/"
    assert "No se puede enviar a revisión" in refusal.content.decode()


@pytest.mark.parametrize(
    "persona", ["reporter_a", "auditor", "viewer", "approver", "other_planner"]
)
def test_only_planeacion_of_the_entity_submits(request, ready_plan, persona):
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(ready_plan, by=request.getfixturevalue(persona))


def test_the_approver_returns_the_plan_with_a_comment_and_it_is_editable_again(
    ready_plan, planner, approver
):
    workflow.submit_for_review(ready_plan, by=planner)
    plan = workflow.return_plan(ready_plan, by=approver, comment="Ajuste las metas.")
    assert (plan.status, plan.review_comment) == (Status.RETURNED, "Ajuste las metas.")
    assert plan.is_editable
    entry = AuditEntry.objects.get(action="plans.plan.returned")
    assert entry.reason == "Ajuste las metas." and entry.actor == approver
    assert workflow.submit_for_review(plan, by=planner).status == Status.IN_REVIEW


def test_returning_without_a_comment_is_refused(ready_plan, planner, approver):
    workflow.submit_for_review(ready_plan, by=planner)
    with pytest.raises(workflow.TransitionRefused, match="qué debe corregirse"):
        workflow.return_plan(ready_plan, by=approver, comment="  ")


def test_approving_needs_the_approval_permission(ready_plan, planner):
    workflow.submit_for_review(ready_plan, by=planner)
    with pytest.raises(PermissionDenied):
        workflow.approve_plan(ready_plan, by=planner, **acta(ready_plan))


@pytest.mark.parametrize("action", [workflow.approve_plan, publishing.publish_plan])
def test_a_draft_can_be_neither_approved_nor_published(ready_plan, planner, approver, action):
    approving = action is workflow.approve_plan
    user, more = (approver, acta(ready_plan)) if approving else (planner, {})
    with pytest.raises(workflow.TransitionRefused, match="No se puede"):
        action(ready_plan, by=user, **more)


def approved(plan, planner, approver) -> Plan:
    workflow.submit_for_review(plan, by=planner)
    return workflow.approve_plan(plan, by=approver, **acta(plan))


def test_an_approved_plan_is_read_only(ready_plan, planner, approver):
    plan = approved(ready_plan, planner, approver)
    assert plan.approved_by == approver
    with pytest.raises(editing.PlanLocked, match="nueva versión"):
        editing.add_activity(plan, by=planner, data=ActivityData(number=10, description="Otra"))
    with pytest.raises(editing.PlanLocked):
        editing.update_plan_header(plan, by=planner, objective="Otro")
    activity = plan.activities.first()
    with pytest.raises(editing.PlanLocked):
        editing.delete_activity(activity, by=planner)
    assert plan.activities.count() == 9


def test_a_change_to_a_published_plan_is_a_new_version_with_its_reason(
    ready_plan, planner, approver
):
    plan = publishing.publish_plan(approved(ready_plan, planner, approver), by=planner)
    with pytest.raises(workflow.TransitionRefused, match="motivo"):
        workflow.start_new_version(plan, by=planner, reason="")
    version = workflow.start_new_version(plan, by=planner, reason="Ajuste del cronograma")
    assert (version.version, version.status, version.change_reason) == (
        2,
        Status.DRAFT,
        "Ajuste del cronograma",
    )
    assert version.previous_version == plan
    assert version.activities.count() == 9
    assert Plan.objects.get(pk=plan.pk).status == Status.PUBLISHED, "v1 stays public meanwhile"
    with pytest.raises(workflow.TransitionRefused, match="más reciente"):
        workflow.start_new_version(plan, by=planner, reason="Otra vez")
    assert list(Plan.objects.current().filter(entity=plan.entity)) == [version]


def test_publishing_version_two_archives_version_one(ready_plan, planner, approver):
    v1 = publishing.publish_plan(approved(ready_plan, planner, approver), by=planner)
    v2 = workflow.start_new_version(v1, by=planner, reason="Nueva meta")
    v2 = publishing.publish_plan(approved(v2, planner, approver), by=planner)
    assert Plan.objects.get(pk=v1.pk).status == Status.ARCHIVED
    assert v2.status == Status.PUBLISHED
    assert list(Plan.objects.published().filter(entity=v1.entity)) == [v2]
    assert AuditEntry.objects.filter(action="plans.plan.archived", plan_id=v1.pk).exists()


def test_a_draft_cannot_be_versioned(ready_plan, planner):
    with pytest.raises(workflow.TransitionRefused):
        workflow.start_new_version(ready_plan, by=planner, reason="x")
