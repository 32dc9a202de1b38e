"""Each plan follows up at its own rhythm: chosen per plan type and per entity, kept by its
versions, and followed by its periods, pages and exports."""

import json

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from followup import periods
from plans.models import Plan, PlanType
from plans.services import editing, workflow


def _new(entity, planner, code):
    return editing.create_plan(
        entity, by=planner, plan_type=PlanType.objects.get(code=code), year=2026
    )


def test_the_plan_anticorrupcion_is_four_monthly_by_default_and_others_follow_the_entity(
    cartago, planner
):
    assert _new(cartago, planner, "plan-anticorrupcion").followup_scheme == "cuatrimestral"
    assert _new(cartago, planner, "pinar").followup_scheme == "trimestral"
    cartago.followup_scheme = "cuatrimestral"
    cartago.save()
    assert _new(cartago, planner, "peti").followup_scheme == "cuatrimestral"


def test_planeacion_chooses_the_rhythm_of_each_type_for_its_entity(client, cartago, planner):
    anticorruption = PlanType.objects.get(code="plan-anticorrupcion")
    client.force_login(planner)
    page = client.get("/planes/tipos/").content.decode()
    assert "Periodicidad del seguimiento en su entidad" in page
    response = client.post(
        "/planes/tipos/", {"action": "periodicidad", f"scheme_{anticorruption.pk}": "trimestral"}
    )
    assert response.status_code == 302
    assert _new(cartago, planner, "plan-anticorrupcion").followup_scheme == "trimestral"
    assert AuditEntry.objects.filter(action="plans.plan_type_scheme.changed").count() == 1


def test_a_four_monthly_plan_has_three_periods_everywhere(client, published_plan, planner, auditor):
    Plan.objects.filter(pk=published_plan.pk).update(followup_scheme="cuatrimestral")
    plan = Plan.objects.get(pk=published_plan.pk)
    assert [p.cutoff.isoformat() for p in periods.plan_periods(plan)] == [
        "2025-04-30",
        "2025-08-31",
        "2025-12-31",
    ]
    client.force_login(auditor)
    page = client.get(f"/planes/{plan.pk}/").content.decode()
    assert "Seguimiento cuatrimestral" in page and "Sin periodo IV" in page
    data = json.loads(client.get(f"/planes/{plan.pk}/datos.json").content)
    assert data["plan"]["periodicidad"] == "cuatrimestral"
    assert data["actividades"][0]["semaforo_iv"] is None
    api = client.get(f"/api/v1/planes/{plan.pk}/avance").json()
    assert [row["periodo"] for row in api] == ["I", "II", "III"]
    for path in (
        f"/planes/{plan.pk}/plan.xlsx",
        f"/planes/{plan.pk}/plan.pdf",
        f"/seguimiento/tablero/{plan.pk}/",
        "/seguimiento/tablero/?vigencia=2025",
        f"/api/v1/planes/{plan.pk}/actividades",
    ):
        assert client.get(path).status_code == 200, path
    client.logout()
    public = client.get(f"/entidades/{plan.entity.nit}/planes/{plan.pk}/")
    assert public.status_code == 200 and "Seguimiento cuatrimestral" in public.content.decode()


def test_a_new_version_keeps_the_rhythm_of_the_version_it_replaces(published_plan, planner):
    version = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
    with pytest.raises(ValidationError, match="conserva la periodicidad"):
        editing.update_plan_header(version, by=planner, followup_scheme="cuatrimestral")
    assert Plan.objects.get(pk=version.pk).followup_scheme == "trimestral"


def test_the_new_plan_page_takes_the_rhythm_of_the_type_unless_planeacion_chooses(
    client, cartago, planner
):
    client.force_login(planner)
    anticorruption = PlanType.objects.get(code="plan-anticorrupcion")
    client.post("/planes/nuevo/", {"year": "2027", "plan_type": anticorruption.pk})
    assert Plan.objects.get(year=2027).followup_scheme == "cuatrimestral"
    peti = PlanType.objects.get(code="peti")
    client.post(
        "/planes/nuevo/", {"year": "2027", "plan_type": peti.pk, "followup_scheme": "cuatrimestral"}
    )
    assert Plan.objects.get(year=2027, plan_type=peti).followup_scheme == "cuatrimestral"
