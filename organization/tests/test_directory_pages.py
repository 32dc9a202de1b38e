"""Planeación manages the entity's dependencias and their aliases; the catalogue is read by all."""

from audit.models import AuditEntry
from conftest import sign_in
from organization.models import Unit
from plans.models import PlanType


def test_a_planner_adds_a_dependencia_with_aliases(client, planner, cartago):
    client.force_login(planner)
    response = client.post(
        "/directorio/dependencias/nueva/",
        {"name": "Secretaría de Tránsito", "aliases": "Tránsito\nSec. de Tránsito\n\nTránsito"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(entity=cartago, name="Secretaría de Tránsito")
    assert sorted(unit.aliases.values_list("alias", flat=True)) == ["Sec. de Tránsito", "Tránsito"]
    assert "Secretaría de Tránsito" in client.get("/directorio/").content.decode()


def test_a_repeated_name_is_refused_next_to_the_field(client, planner):
    client.force_login(planner)
    response = client.post("/directorio/dependencias/nueva/", {"name": "secretaría de hacienda"})
    assert response.status_code == 200
    assert "Ya existe una dependencia con ese nombre en la entidad." in response.content.decode()


def test_editing_replaces_aliases_and_can_deactivate_with_an_audit_entry(client, planner, cartago):
    unit = cartago.units.get(name="Secretaría de Salud")
    client.force_login(planner)
    response = client.post(
        f"/directorio/dependencias/{unit.pk}/",
        {"name": "Secretaría de Salud Pública", "aliases": "Salud Pública"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.is_active) == ("Secretaría de Salud Pública", False)
    assert list(unit.aliases.values_list("alias", flat=True)) == ["Salud Pública"]
    entry = AuditEntry.objects.get(action="organization.unit.changed", object_id=str(unit.pk))
    assert entry.before["aliases"] == ["Salud"] and entry.after["aliases"] == ["Salud Pública"]


def test_only_planners_of_the_entity_manage_its_directory(
    client, reporter_a, other_planner, cartago
):
    unit = cartago.units.first()
    client.force_login(reporter_a)
    assert client.get("/directorio/").status_code == 403
    client.force_login(other_planner)
    assert client.get(f"/directorio/dependencias/{unit.pk}/").status_code == 404


def test_the_catalogue_is_read_by_planners_and_edited_by_the_system_administrator(
    client, planner, superuser
):
    client.force_login(planner)
    page = client.get("/planes/tipos/").content.decode()
    assert "Plan Anual de Vacantes" in page and "Guardar tipo de plan" not in page
    assert client.post("/planes/tipos/", {"name": "x"}).status_code == 403
    sign_in(client, superuser)
    response = client.post(
        "/planes/tipos/",
        {
            "name": "Plan de Gestión Ambiental",
            "code": "gestion-ambiental",
            "position": 20,
            "is_active": "on",
            "keywords": "gestion ambiental",
        },
    )
    assert response.status_code == 302
    assert PlanType.objects.filter(code="gestion-ambiental").exists()
    assert AuditEntry.objects.filter(action="plans.plan_type.created").exists()
