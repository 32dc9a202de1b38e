"""The pending page also lists the participation work each person has: the compromisos their
dependencias must close, and for Planeación the observations waiting for an answer."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from consultation import services as consultation
from dialogue import services as dialogue
from participation.services import install_default_value_groups
from plans.services import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_april(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def test_each_dependencia_sees_its_own_open_compromisos_and_planeacion_all(
    published_plan, cartago, planner, reporter_a, reporter_b
):
    event = dialogue.create_event(
        cartago,
        by=planner,
        title="Audiencia pública de rendición de cuentas",
        kind="audiencia_publica",
        starts_at=timezone.make_aware(datetime.datetime(2025, 3, 28, 9)),
        place="Teatro Municipal",
    )
    mine = cartago.units.get(name="Secretaría de Servicios Administrativos")
    dialogue.create_commitment(
        event,
        by=planner,
        description="Publicar el informe de PQRSD por vereda",
        unit=mine,
        due_date=datetime.date(2025, 4, 1),
    )
    reporter_page = sign_in(Client(), reporter_a).get("/seguimiento/").content.decode()
    assert "Publicar el informe de PQRSD por vereda" in reporter_page
    assert "01/04/2025 <strong>(vencido)</strong>" in reporter_page
    other_page = sign_in(Client(), reporter_b).get("/seguimiento/").content.decode()
    assert "Publicar el informe de PQRSD" not in other_page
    planner_page = sign_in(Client(), planner).get("/seguimiento/").content.decode()
    assert "Publicar el informe de PQRSD por vereda" in planner_page


def test_planeacion_sees_the_observations_waiting_for_an_answer(
    published_plan, cartago, planner, time_machine
):
    groups = install_default_value_groups(cartago, by=planner)
    draft = workflow.start_new_version(published_plan, by=planner, reason="Consulta")
    opened = consultation.open_consultation(
        draft, by=planner, opens_on=datetime.date(2025, 4, 1), closes_on=datetime.date(2025, 4, 20)
    )
    for n in range(2):
        consultation.submit_comment(
            opened,
            consultation.CommentData(
                email=f"persona{n}@example.com",
                value_group=groups[0],
                text="Incluyan la vereda Coloradas",
                consent=True,
            ),
            fingerprint=f"h{n}",
        )
    page = sign_in(Client(), planner).get("/seguimiento/").content.decode()
    assert "2 observaciones sin respuesta" in page
