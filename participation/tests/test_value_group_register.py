"""The register of grupos de valor: Planeación keeps it, everyone of the entity reads it, and a
group is deactivated, never deleted."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from conftest import sign_in
from participation import services
from participation.forms import ValueGroupField
from participation.models import ValueGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(cartago, planner):
    return [
        services.create_value_group(cartago, name, by=planner)
        for name in ("Jóvenes", "Mujeres", "Juntas de Acción Comunal")
    ]


def test_everyone_of_the_entity_reads_the_register_but_only_planeacion_changes_it(
    client, groups, viewer
):
    sign_in(client, viewer)
    page = client.get(reverse("participation:value_groups"))
    assert page.status_code == 200
    assert "Jóvenes" in page.content.decode()
    assert "Agregar grupo de valor" not in page.content.decode()
    assert (
        client.post(reverse("participation:value_group_create"), {"name": "X"}).status_code == 403
    )
    deactivate = reverse("participation:value_group_deactivate", args=[groups[0].pk])
    assert client.post(deactivate).status_code == 403
    assert ValueGroup.objects.get(pk=groups[0].pk).active


def test_planeacion_adds_a_group_at_the_end_of_the_register(client, groups, planner, cartago):
    sign_in(client, planner)
    response = client.post(
        reverse("participation:value_group_create"),
        {"name": "Personas mayores", "description": "Mayores de 60 años"},
    )
    assert response.status_code == 302
    added = ValueGroup.objects.get(entity=cartago, name="Personas mayores")
    assert added.position == 4
    assert AuditEntry.objects.filter(action="participation.value_group.created").count() == 4


def test_a_second_group_with_the_same_name_is_refused_with_a_message(client, groups, planner):
    sign_in(client, planner)
    response = client.post(reverse("participation:value_group_create"), {"name": "jóvenes"})
    assert response.status_code == 200
    assert "Ya hay un grupo de valor llamado «jóvenes»." in response.content.decode()


def test_editing_a_group_is_audited_with_before_and_after(client, groups, planner):
    sign_in(client, planner)
    url = reverse("participation:value_group_edit", args=[groups[0].pk])
    response = client.post(url, {"name": "Jóvenes (14 a 28 años)", "description": "Ley 1622"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="participation.value_group.changed")
    assert entry.before["name"] == "Jóvenes"
    assert entry.after["name"] == "Jóvenes (14 a 28 años)"


def test_a_deactivated_group_leaves_the_pick_lists_and_stays_in_the_register(
    client, groups, planner, cartago
):
    sign_in(client, planner)
    client.post(reverse("participation:value_group_deactivate", args=[groups[1].pk]))
    group = ValueGroup.objects.get(pk=groups[1].pk)
    assert not group.active
    assert group not in ValueGroupField(cartago).queryset
    assert "Mujeres" in client.get(reverse("participation:value_groups")).content.decode()
    assert AuditEntry.objects.filter(action="participation.value_group.deactivated").exists()

    client.post(reverse("participation:value_group_reactivate", args=[groups[1].pk]))
    assert group in ValueGroupField(cartago).queryset
    assert AuditEntry.objects.filter(action="participation.value_group.reactivated").exists()


def test_the_register_offers_no_way_to_delete_a_group(client, groups, planner):
    sign_in(client, planner)
    page = client.get(reverse("participation:value_groups")).content.decode()
    assert "Eliminar" not in page
    assert "Desactivar" in page


def test_moving_a_group_up_renumbers_the_register(client, groups, planner, cartago):
    sign_in(client, planner)
    url = reverse("participation:value_group_move", args=[groups[2].pk])
    client.post(url, {"direction": "subir"})
    order = list(ValueGroup.objects.filter(entity=cartago).values_list("name", flat=True))
    assert order == ["Jóvenes", "Juntas de Acción Comunal", "Mujeres"]
    client.post(
        reverse("participation:value_group_move", args=[groups[0].pk]), {"direction": "subir"}
    )
    order = list(ValueGroup.objects.filter(entity=cartago).values_list("name", flat=True))
    assert order == ["Jóvenes", "Juntas de Acción Comunal", "Mujeres"]


def test_the_suggested_groups_load_only_into_an_empty_register(client, planner, cartago):
    sign_in(client, planner)
    page = client.get(reverse("participation:value_groups")).content.decode()
    assert "Cargar los grupos sugeridos" in page
    client.post(reverse("participation:value_groups_install"))
    assert cartago.value_groups.count() == len(services.DEFAULT_VALUE_GROUPS)
    client.post(reverse("participation:value_groups_install"))
    assert cartago.value_groups.count() == len(services.DEFAULT_VALUE_GROUPS)
    page = client.get(reverse("participation:value_groups")).content.decode()
    assert "Cargar los grupos sugeridos" not in page


def test_another_entitys_group_is_not_found(client, groups, other_planner):
    sign_in(client, other_planner)
    url = reverse("participation:value_group_edit", args=[groups[0].pk])
    assert client.get(url).status_code == 404
