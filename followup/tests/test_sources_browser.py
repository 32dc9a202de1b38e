"""A period's result proposed from the records, in a real browser: Planeación links the
indicator to the dialogue spaces held, the reporter sees the proposal with the records, corrects
it with a reason, and Control Interno reads both figures and the records as evidence."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogue import services as dialogue
from followup.models import Report
from participation.services import install_default_value_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)


def _held(entity, planner, activity, day, title, people):
    event = dialogue.create_event(
        entity,
        by=planner,
        title=title,
        kind="encuentro",
        starts_at=timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 09:00")),
        place="Corregimiento de Zaragoza",
        activity=activity,
    )
    event = dialogue.mark_held(event, by=planner, expected_revision=event.revision)
    dialogue.record_attendance(event, people, by=planner)
    return event


def test_the_reporter_is_proposed_the_result_from_the_records_and_corrects_it_with_a_reason(
    in_the_first_window,
    live_server,
    page,
    log_in,
    published_plan,
    cartago,
    planner,
    reporter_a,
    auditor,
):
    activity = published_plan.activities.get(number=3)
    groups = install_default_value_groups(cartago, by=planner)
    _held(cartago, planner, activity, "2025-02-27", "Encuentro en Zaragoza", {groups[9].pk: 31})
    _held(cartago, planner, activity, "2025-03-21", "Encuentro en Coloradas", {groups[1].pk: 18})

    # Planeación links activity 3's indicator to the dialogue spaces held.
    log_in(planner)
    page.goto(f"{live_server.url}/planes/{published_plan.pk}/")
    page.get_by_role("link", name="Fuentes de los indicadores").click()
    form = page.get_by_role("form", name="Fuente del indicador de la actividad 3")
    form.get_by_label("Fuente del indicador").select_option(label="Espacios de diálogo realizados")
    form.get_by_role("button", name="Guardar la fuente de la actividad 3").click()
    expect(page.get_by_text("Se guardó la fuente del indicador de la actividad 3.")).to_be_visible()

    # The reporter opens the period's form: the result starts from the records.
    log_in(reporter_a)
    page.goto(f"{live_server.url}/seguimiento/")
    row = page.get_by_role("row", name=re.compile("Capacitar funcionarios"))
    row.get_by_role("link", name=re.compile("Reportar")).click()
    proposal = page.get_by_role("region", name=re.compile("Fuente del indicador"))
    expect(proposal).to_contain_text("los registros proponen 2")
    expect(proposal.get_by_role("link", name=re.compile("Encuentro en Coloradas"))).to_be_visible()
    expect(page.get_by_label("Resultado acumulado")).to_have_value("2")

    # Another figure without a reason is refused, with the reason asked for at its field.
    page.get_by_label("Resultado acumulado").fill("3")
    page.get_by_label("Descripción del avance").fill("Tres encuentros en la zona rural.")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text(re.compile("escriba por qué reporta otra cifra"))).to_be_visible()
    assert not Report.objects.filter(activity=activity).exists()
    page.get_by_label("Motivo de la corrección").fill(
        "El encuentro de Piedras de Moler del 28 de marzo aún no tiene su registro."
    )
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    report = Report.objects.get(activity=activity, period=1)
    assert report.value == 3 and report.source_proposal["propuesto"] == "2"

    # Control Interno sees what was proposed, what was reported, why, and the records.
    log_in(auditor)
    page.goto(f"{live_server.url}/seguimiento/reporte/{report.pk}/")
    expect(page.get_by_text(re.compile("Propuesto por los registros"))).to_be_visible()
    expect(page.get_by_text(re.compile("aún no tiene su registro"))).to_be_visible()
    expect(
        page.get_by_text(
            re.compile("fuente del indicador: Encuentro ciudadano: Encuentro en Zaragoza")
        )
    ).to_be_visible()
