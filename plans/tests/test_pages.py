"""Internal pages: log-in required, scoped to the user's entity, the plan as its format shows it."""

import pytest
from django.test import Client

from plans.models import Plan


def test_pages_require_logging_in(client, seed_plan):
    for url in ["/planes/", f"/planes/{seed_plan.pk}/", f"/planes/{seed_plan.pk}/datos.json"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/ingresar/?next=")


def test_the_public_home_and_the_login_page_are_open(client, db):
    assert client.get("/").status_code == 200
    response = client.get("/ingresar/")
    assert response.status_code == 200
    assert "Contraseña" in response.content.decode()


def test_logging_in_with_a_wrong_password_says_so_in_spanish(client, planner):
    response = client.post("/ingresar/", {"username": "ana", "password": "equivocada"})
    assert response.status_code == 200
    assert (
        "Por favor, introduzca un nombre de usuario y clave correctos" in response.content.decode()
    )


@pytest.mark.parametrize("persona", ["planner", "reporter_a", "auditor", "viewer"])
def test_every_role_of_the_entity_sees_its_plans(request, client, seed_plan, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/planes/")
    assert seed_plan.title in response.content.decode()
    assert client.get(f"/planes/{seed_plan.pk}/").status_code == 200


def test_a_planner_of_another_entity_sees_nothing_of_cartago(client, other_planner, seed_plan):
    client.force_login(other_planner)
    assert seed_plan.title not in client.get("/planes/").content.decode()
    assert client.get(f"/planes/{seed_plan.pk}/").status_code == 404
    assert client.get(f"/planes/{seed_plan.pk}/datos.csv").status_code == 404


def test_a_user_without_entity_sees_no_plans(client, seed_plan, django_user_model):
    user = django_user_model.objects.create_user("suelto", password="x-123456789")
    client.force_login(user)
    assert seed_plan.title not in client.get("/planes/").content.decode()
    assert client.get(f"/planes/{seed_plan.pk}/").status_code == 404


def test_the_plan_page_shows_the_format_control_block_header_and_table(client, planner, seed_plan):
    client.force_login(planner)
    html = client.get(f"/planes/{seed_plan.pk}/").content.decode()
    for text in [
        "MESG-AS-F17",
        "06/03/2024",
        "NIT 891.900.493-2",
        "GESTION PLANEACION",
        "29 de octubre de 2024",
        "Secretaría de Servicios Administrativos",
        "Numero Planes de mejoramiento",
        "Como está escrito: «Sec. de Sevicios Administrativos»",
        "Seguimiento trimestral",
    ]:
        assert text in html, text
    assert html.count("<tr class") + html.count("<tr data-activity") == 9


def test_scheduled_months_are_shaded_and_announced(client, planner, seed_plan):
    activity = seed_plan.activities.get(number=2)
    activity.months = [3, 4]
    activity.save()
    client.force_login(planner)
    html = client.get(f"/planes/{seed_plan.pk}/").content.decode()
    assert html.count('class="month is-scheduled"') == 2
    assert "programado en el mes 3" in html and "programado en el mes 4" in html


def test_the_plan_list_filters_by_year_type_and_status(client, planner, seed_plan):
    client.force_login(planner)
    assert seed_plan.title in client.get("/planes/?vigencia=2025").content.decode()
    assert seed_plan.title not in client.get("/planes/?vigencia=2024").content.decode()
    assert seed_plan.title not in client.get("/planes/?estado=publicado").content.decode()
    assert seed_plan.title in client.get("/planes/?tipo=participacion-ciudadana").content.decode()


def test_the_plan_page_runs_the_same_queries_whatever_the_number_of_activities(
    client, planner, seed_plan, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(planner)
    with CaptureQueriesContext(connection) as nine:
        client.get(f"/planes/{seed_plan.pk}/")
    for activity in list(seed_plan.activities.all()):
        activity.pk = None
        activity.number += 100
        activity.save()
    assert Plan.objects.get(pk=seed_plan.pk).activities.count() == 18
    with CaptureQueriesContext(connection) as eighteen:
        client.get(f"/planes/{seed_plan.pk}/")
    assert len(eighteen) == len(nine)


def test_logging_out_needs_a_post_with_csrf(planner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(planner)
    assert client.post("/salir/").status_code == 403
