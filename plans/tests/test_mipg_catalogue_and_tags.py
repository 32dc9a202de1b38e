"""The MIPG catalogue kept by the system administrator, and Planeación tagging a plan's header
and its activities, audited like their other fields."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from conftest import sign_in
from plans.models import MipgDimension, MipgPolicy
from plans.services import mipg

pytestmark = pytest.mark.django_db


def test_only_the_system_administrator_edits_the_catalogue(planner, superuser):
    dimension = MipgDimension.objects.get(number=3)
    with pytest.raises(PermissionDenied):
        mipg.save_policy(None, by=planner, dimension=dimension, name="Nueva", code="nueva")
    created = mipg.save_policy(
        None, by=superuser, dimension=dimension, name="Política nueva", code="politica-nueva"
    )
    renamed = mipg.save_policy(created, by=superuser, name="Política renombrada")
    assert renamed.name == "Política renombrada"
    actions = AuditEntry.objects.filter(object_type="plans.mipgpolicy").values_list("action")
    assert sorted(a for (a,) in actions) == [
        "plans.mipg_policy.changed",
        "plans.mipg_policy.created",
    ]


def test_a_policy_in_use_is_deactivated_not_deleted(seed_plan, superuser):
    policy = MipgPolicy.objects.get(code="integridad")
    seed_plan.activities.first().mipg_policies.add(policy)
    with pytest.raises(ValidationError, match=r"está en uso .*desactívela"):
        mipg.delete_policy(policy, by=superuser)
    mipg.save_policy(policy, by=superuser, is_active=False)
    assert MipgPolicy.objects.filter(code="integridad", is_active=False).exists()
    unused = MipgPolicy.objects.get(code="mejora-normativa")
    mipg.delete_policy(unused, by=superuser)
    assert not MipgPolicy.objects.filter(code="mejora-normativa").exists()


def test_the_catalogue_page_reads_for_members_and_writes_for_the_administrator(
    client, planner, superuser
):
    sign_in(client, planner)
    page = client.get("/planes/mipg/").content.decode()
    assert "Participación Ciudadana en la Gestión Pública" in page
    assert "Guardar política" not in page
    assert client.post("/planes/mipg/", {"action": "politica"}).status_code == 403
    client.logout()
    sign_in(client, superuser)
    dimension = MipgDimension.objects.get(number=5)
    response = client.post(
        "/planes/mipg/",
        {
            "action": "politica",
            "p-dimension": dimension.pk,
            "p-name": "Archivos Abiertos",
            "p-code": "archivos-abiertos",
            "p-position": 9,
            "p-is_active": "on",
        },
    )
    assert response.status_code == 302
    assert MipgPolicy.objects.get(code="archivos-abiertos").dimension == dimension
    dimension_pk = MipgDimension.objects.get(number=7).pk
    response = client.post(
        f"/planes/mipg/?dimension={dimension_pk}",
        {"action": "dimension", "d-number": 7, "d-name": "Control Interno (MIPG)"},
    )
    assert response.status_code == 302
    assert MipgDimension.objects.get(number=7).is_active is False  # unchecked: deactivated
    unused = MipgPolicy.objects.get(code="archivos-abiertos")
    response = client.post("/planes/mipg/", {"action": "eliminar", "pk": unused.pk})
    assert response.status_code == 302
    assert not MipgPolicy.objects.filter(code="archivos-abiertos").exists()


def test_planeacion_tags_the_header_and_an_activity_and_the_audit_records_the_ids(
    client, planner, seed_plan
):
    sign_in(client, planner)
    participation = MipgPolicy.objects.get(code="participacion-ciudadana")
    transparency = MipgPolicy.objects.get(code="transparencia")
    form = client.get(f"/planes/{seed_plan.pk}/encabezado/").content.decode()
    assert "<legend>3. Gestión con Valores para Resultados</legend>" in form
    header = client.get(f"/planes/{seed_plan.pk}/encabezado/").context["form"].initial
    data = {k: v for k, v in header.items() if v is not None and not isinstance(v, list)}
    data["title"] = seed_plan.title
    data["mipg_policies"] = [participation.pk]
    response = client.post(f"/planes/{seed_plan.pk}/encabezado/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(seed_plan.mipg_policies.all()) == [participation]
    entry = AuditEntry.objects.filter(action="plans.plan.changed").latest("at")
    assert entry.after["mipg_policies"] == [participation.pk]

    activity = seed_plan.activities.get(number=8)
    edit_page = client.get(f"/planes/{seed_plan.pk}/actividades/{activity.pk}/editar/")
    assert "Sin marcar, la actividad toma las políticas del plan" in edit_page.content.decode()
    from plans.forms import ActivityForm

    initial = ActivityForm.for_activity(activity).initial
    posted = {
        key: value
        for key, value in initial.items()
        if value is not None and key not in ("responsible_units", "mipg_policies", "months")
    }
    posted["responsible_units"] = [u.pk for u in initial["responsible_units"]]
    posted["mipg_policies"] = [transparency.pk]
    response = client.post(f"/planes/{seed_plan.pk}/actividades/{activity.pk}/editar/", posted)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(activity.mipg_policies.all()) == [transparency]
    entry = AuditEntry.objects.filter(action="plans.activity.changed").latest("at")
    assert (entry.before["mipg_policies"], entry.after["mipg_policies"]) == ([], [transparency.pk])
