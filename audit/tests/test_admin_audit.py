"""Changes made in the Django admin are audited like any other; the audit trail is read-only."""

from audit.models import AuditEntry
from conftest import sign_in


def activity_form(activity, **changes):
    data = {
        "plan": activity.plan_id,
        "number": activity.number,
        "position": activity.position,
        "description": activity.description,
        "months": "[]",
        "deliverables": activity.deliverables,
        "indicator_formula": activity.indicator_formula,
        "indicator_type": activity.indicator_type,
        "indicator_target": "",
        "indicator_result": activity.indicator_result,
        "responsible_units": [u.pk for u in activity.responsible_units.all()],
        "responsible_text": activity.responsible_text,
        "weight": "1",
        "observations": "",
        "extra": "{}",
        "indicator_unit": "",
        "indicator_baseline": "",
        "period_targets": "{}",
        "start_date": "",
        "end_date": "",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }
    return data | changes


def test_an_activity_changed_in_the_admin_leaves_before_and_after(client, superuser, seed_plan):
    activity = seed_plan.activities.get(number=1)
    sign_in(client, superuser)
    response = client.post(
        f"/admin/plans/activity/{activity.pk}/change/",
        activity_form(activity, months="[2, 3]", indicator_target="1"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="plans.activity.changed", object_id=str(activity.pk))
    assert entry.actor == superuser
    assert (entry.before["months"], entry.after["months"]) == ([], [2, 3])
    assert (entry.before["indicator_target"], entry.after["indicator_target"]) == (None, "1")
    assert (entry.entity_id, entry.plan_id) == (seed_plan.entity_id, seed_plan.pk)


def test_a_wrong_month_in_the_admin_is_refused_in_spanish_and_nothing_is_audited(
    client, superuser, seed_plan
):
    activity = seed_plan.activities.get(number=1)
    sign_in(client, superuser)
    response = client.post(
        f"/admin/plans/activity/{activity.pk}/change/", activity_form(activity, months="[13]")
    )
    assert response.status_code == 200
    assert "Los meses deben ser números del 1 al 12." in response.content.decode()
    assert not AuditEntry.objects.filter(action="plans.activity.changed").exists()


def test_a_plan_deleted_in_the_admin_is_audited(client, superuser, cartago, seed_document):
    from followup.importing import import_plan

    plan = import_plan(seed_document, entity=cartago).plan
    sign_in(client, superuser)
    response = client.post(f"/admin/plans/plan/{plan.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="plans.plan.deleted")
    assert entry.before["title"] == plan.title and entry.after is None


def test_the_audit_trail_cannot_be_edited_or_deleted_from_the_admin(client, superuser, seed_plan):
    entry = AuditEntry.objects.filter(plan_id=seed_plan.pk).first()
    sign_in(client, superuser)
    listing = client.get("/admin/audit/auditentry/")
    assert listing.status_code == 200
    assert "Se importó el plan de un documento" in listing.content.decode()
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_entity_with_a_wrong_nit_is_refused_in_the_admin(client, superuser):
    sign_in(client, superuser)
    response = client.post(
        "/admin/organization/entity/add/",
        {"name": "Alcaldía de Prueba", "nit": "891.900.493-7"},
    )
    assert response.status_code == 200
    assert "el dígito de verificación de 891900493 es 2, no 7" in response.content.decode()
