"""A draft that never left Planeación can be deleted, with a confirmation and an audit entry."""

import pytest

from audit.models import AuditEntry
from plans.models import Activity, Plan, Task
from plans.services import workflow


def test_a_draft_never_sent_is_deleted_with_its_activities_after_a_confirmation(
    client, seed_plan, planner
):
    tasks = Task.objects.filter(activity__plan=seed_plan).count()
    assert tasks > 0
    client.force_login(planner)
    assert f'href="/planes/{seed_plan.pk}/eliminar/"' in (
        client.get(f"/planes/{seed_plan.pk}/").content.decode()
    )
    page = client.get(f"/planes/{seed_plan.pk}/eliminar/")
    assert page.status_code == 200
    assert "con sus 9 actividades y sus tareas" in page.content.decode()
    assert Plan.objects.filter(pk=seed_plan.pk).exists(), "the page alone deletes nothing"
    response = client.post(f"/planes/{seed_plan.pk}/eliminar/", follow=True)
    assert response.redirect_chain == [("/planes/", 302)]
    assert f"Se eliminó el borrador «{seed_plan.title}» con 9 actividades." in (
        response.content.decode()
    )
    assert not Plan.objects.filter(pk=seed_plan.pk).exists()
    assert not Activity.objects.filter(plan_id=seed_plan.pk).exists()
    assert not Task.objects.filter(activity__plan_id=seed_plan.pk).exists()


def test_the_deletion_is_audited_with_the_plan_as_it_was_and_its_activities(seed_plan, planner):
    workflow.delete_draft_plan(seed_plan, by=planner)
    entry = AuditEntry.objects.get(action="plans.plan.deleted")
    assert (entry.actor, entry.plan_id, entry.entity_id) == (
        planner,
        seed_plan.pk,
        seed_plan.entity_id,
    )
    assert entry.before["title"] == seed_plan.title
    assert entry.before["status"] == "borrador"
    assert entry.before["activities"] == 9
    assert entry.after is None


def test_a_new_versions_draft_is_deleted_and_the_version_in_force_stays(
    client, published_plan, planner
):
    draft = workflow.start_new_version(published_plan, by=planner, reason="Ajuste de metas")
    client.force_login(planner)
    response = client.post(f"/planes/{draft.pk}/eliminar/", follow=True)
    assert "La versión 1 sigue como estaba." in response.content.decode()
    assert not Plan.objects.filter(pk=draft.pk).exists()
    plan = Plan.objects.get(pk=published_plan.pk)
    assert plan.status == Plan.Status.PUBLISHED and plan.activities.count() == 9
    assert published_plan.title in client.get("/planes/").content.decode()
    assert workflow.start_new_version(plan, by=planner, reason="Otra vez").version == 2


@pytest.mark.parametrize("sent_back", [False, True], ids=["en revisión", "devuelto"])
def test_a_plan_that_was_sent_to_the_comite_is_not_deleted(
    client, ready_plan, planner, approver, sent_back
):
    plan = workflow.submit_for_review(ready_plan, by=planner)
    if sent_back:
        plan = workflow.return_plan(plan, by=approver, comment="Ajuste las metas.")
    client.force_login(planner)
    assert f"/planes/{plan.pk}/eliminar/" not in client.get(f"/planes/{plan.pk}/").content.decode()
    response = client.post(f"/planes/{plan.pk}/eliminar/", follow=True)
    assert response.redirect_chain == [(f"/planes/{plan.pk}/", 302)]
    assert "ya se envió al Comité y queda como registro" in response.content.decode()
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert not AuditEntry.objects.filter(action="plans.plan.deleted").exists()


def test_a_published_plan_is_not_deleted(published_plan, planner):
    with pytest.raises(workflow.TransitionRefused, match="No se puede eliminar este plan"):
        workflow.delete_draft_plan(published_plan, by=planner)
    assert Plan.objects.filter(pk=published_plan.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("reporter_a", 403),
        ("auditor", 403),
        ("viewer", 403),
        ("approver", 403),
        ("other_planner", 404),
    ],
)
def test_only_planeacion_of_the_entity_deletes_a_draft(request, client, seed_plan, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/planes/{seed_plan.pk}/eliminar/").status_code == status
    assert client.post(f"/planes/{seed_plan.pk}/eliminar/").status_code == status
    assert Plan.objects.filter(pk=seed_plan.pk).exists()


def test_a_draft_that_once_went_to_the_comite_is_not_deleted(seed_plan, planner):
    """A plan moved back to borrador by hand (old data) still keeps its record."""
    Plan.objects.filter(pk=seed_plan.pk).update(submitted_at="2025-01-05T10:00:00-05:00")
    seed_plan.refresh_from_db()
    with pytest.raises(workflow.TransitionRefused, match="ya se envió al Comité"):
        workflow.delete_draft_plan(seed_plan, by=planner)
    assert Plan.objects.filter(pk=seed_plan.pk).exists()
