"""Formulation services and pages: creating, copying, editing, ordering, deleting."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from followup.models import Report
from plans.models import Activity, Plan, PlanType
from plans.services import editing
from plans.services.editing import ActivityData


def test_a_planner_creates_an_empty_draft_with_an_audit_entry(cartago, planner):
    plan = editing.create_plan(
        cartago, by=planner, plan_type=PlanType.objects.get(code="pinar"), year=2027
    )
    assert (plan.title, plan.status, plan.version) == (
        "Plan Institucional de Archivos de la Entidad (PINAR) 2027",
        Plan.Status.DRAFT,
        1,
    )
    assert AuditEntry.objects.filter(action="plans.plan.created", plan_id=plan.pk).count() == 1


def test_the_new_plan_page_creates_a_plan_and_shows_errors_next_to_fields(client, planner):
    client.force_login(planner)
    response = client.post("/planes/nuevo/", {"year": "dos mil", "plan_type": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="errorlist"') == 2
    assert "Ingrese un número entero." in page
    response = client.post(
        "/planes/nuevo/",
        {"year": "2027", "plan_type": PlanType.objects.get(code="peti").pk, "objective": "TI"},
    )
    plan = Plan.objects.get(year=2027)
    assert response["Location"] == f"/planes/{plan.pk}/editar/"


@pytest.mark.parametrize("persona", ["reporter_a", "auditor", "viewer"])
def test_other_roles_cannot_formulate(request, client, seed_plan, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/planes/nuevo/").status_code == 403
    assert client.get(f"/planes/{seed_plan.pk}/editar/").status_code == 403
    activity = seed_plan.activities.first()
    url = f"/planes/{seed_plan.pk}/actividades/{activity.pk}/mes/"
    assert client.post(url, {"month": 1, "scheduled": "1", "revision": 1}).status_code == 403
    assert Activity.objects.get(pk=activity.pk).months == []


def test_a_planner_of_another_entity_gets_not_found(client, other_planner, seed_plan):
    client.force_login(other_planner)
    activity = seed_plan.activities.first()
    assert client.get(f"/planes/{seed_plan.pk}/editar/").status_code == 404
    url = f"/planes/{seed_plan.pk}/actividades/{activity.pk}/eliminar/"
    assert client.post(url).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_an_activity_is_added_with_its_tasks_in_order_and_units_of_the_entity(
    seed_plan, planner, cartago
):
    hacienda = cartago.units.get(name="Secretaría de Hacienda")
    activity = editing.add_activity(
        seed_plan,
        by=planner,
        data=ActivityData(
            number=10,
            description="Rendir cuentas",
            tasks=["Convocar", "", "Realizar la audiencia"],
            months=[11, 10],
            responsible_units=[hacienda],
        ),
    )
    assert activity.position == 10 and activity.months == [10, 11]
    assert list(activity.tasks.values_list("description", flat=True)) == [
        "Convocar",
        "Realizar la audiencia",
    ]
    assert activity.responsible_text == "Secretaría de Hacienda"


def test_units_of_another_entity_are_refused(seed_plan, planner, other_entity):
    with pytest.raises(ValidationError, match="dependencias de la entidad"):
        editing.add_activity(
            seed_plan,
            by=planner,
            data=ActivityData(
                number=10, description="x", responsible_units=[other_entity.units.first()]
            ),
        )


def test_activities_move_up_and_down(seed_plan, planner):
    third = seed_plan.activities.get(number=3)
    editing.move_activity(third, by=planner, offset=-1)
    order = list(seed_plan.activities.order_by("position").values_list("number", flat=True))
    assert order[:4] == [1, 3, 2, 4]
    first = seed_plan.activities.get(number=1)
    editing.move_activity(first, by=planner, offset=-1)  # already first: nothing moves
    assert seed_plan.activities.order_by("position").first().number == 1


def test_a_deleted_activity_leaves_its_content_in_the_audit_trail(seed_plan, planner):
    activity = seed_plan.activities.get(number=9)
    editing.delete_activity(activity, by=planner)
    entry = AuditEntry.objects.get(action="plans.activity.deleted")
    assert entry.before["description"].startswith("Elaborar planes de mejoramiento")
    assert entry.before["tasks"] and entry.after is None


def test_copying_to_the_next_vigencia_keeps_months_and_clears_results(seed_plan, planner):
    activity = seed_plan.activities.get(number=1)
    activity.months, activity.indicator_result = [2, 3], "1 autodiagnóstico"
    activity.save()
    Report.objects.create(activity=activity, period=1, result_text="Hecho")
    copy = editing.copy_plan_to_next_year(seed_plan, by=planner)
    assert (copy.year, copy.title, copy.copied_from) == (
        2026,
        "Plan de Acción de Participación Ciudadana 2026",
        seed_plan,
    )
    copied = copy.activities.get(number=1)
    assert copied.months == [2, 3] and copied.indicator_result == ""
    assert not Report.objects.filter(activity__plan=copy).exists()
    assert copied.tasks.count() == 1 and copied.responsible_units.count() == 1
    with pytest.raises(ValidationError, match="Ya existe"):
        editing.copy_plan_to_next_year(seed_plan, by=planner)


def test_only_planners_use_the_editing_services(seed_plan, viewer):
    with pytest.raises(PermissionDenied):
        editing.update_plan_header(seed_plan, by=viewer, objective="x")


def test_the_header_form_saves_and_is_audited(client, planner, seed_plan):
    client.force_login(planner)
    data = {
        "title": "Plan de Participación 2025",
        "process": "GESTION PLANEACION",
        "objective": "Nuevo objetivo",
        "doc_version": "3",
        "plan_date": "2024-10-29",
    }
    assert client.post(f"/planes/{seed_plan.pk}/encabezado/", data).status_code == 302
    plan = Plan.objects.get(pk=seed_plan.pk)
    assert (plan.objective, plan.doc_version) == ("Nuevo objetivo", 3)
    entry = AuditEntry.objects.get(action="plans.plan.changed")
    assert (entry.before["doc_version"], entry.after["doc_version"]) == (2, 3)


def test_dates_give_the_months_and_impossible_ones_are_explained(client, planner, seed_plan):
    activity = seed_plan.activities.get(number=2)
    client.force_login(planner)
    url = f"/planes/{seed_plan.pk}/actividades/{activity.pk}/editar/"
    base = {
        "number": 2,
        "description": activity.description,
        "indicator_type": "numero",
        "weight": "1",
        "revision": activity.revision,
    }
    bad = client.post(url, base | {"start_date": "2025-06-01", "end_date": "2025-03-01"})
    assert bad.status_code == 422
    assert "La fecha de fin es anterior a la fecha de inicio." in bad.content.decode()
    good = client.post(url, base | {"start_date": "2025-03-15", "end_date": "2025-05-10"})
    assert good.status_code == 302
    assert Activity.objects.get(pk=activity.pk).months == [3, 4, 5]


def test_period_targets_set_by_hand_must_be_cumulative(client, planner, seed_plan):
    activity = seed_plan.activities.get(number=2)
    client.force_login(planner)
    url = f"/planes/{seed_plan.pk}/actividades/{activity.pk}/editar/"
    base = {
        "number": 2,
        "description": activity.description,
        "indicator_type": "numero",
        "indicator_target": "4",
        "weight": "1",
        "revision": activity.revision,
        "target_1": "1",
        "target_2": "3",
        "target_3": "2",
        "target_4": "4",
    }
    response = client.post(url, base)
    assert "no pueden bajar de un periodo al siguiente" in response.content.decode()
    assert client.post(url, base | {"target_3": "3"}).status_code == 302
    assert Activity.objects.get(pk=activity.pk).period_targets == {
        "1": "1",
        "2": "3",
        "3": "3",
        "4": "4",
    }
