"""Planeación creates the Plan de Desarrollo, imports its Plan Indicativo through the preview
(changing how a column is read), links an activity to a meta de producto and reads the meta's
progress on the dashboard; the public page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from development.tests import indicativo
from followup.tests import steps

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)


def test_planeacion_imports_the_plan_indicativo_links_an_activity_and_sees_its_progress(
    in_the_first_window,
    live_server,
    log_in,
    published_plan,
    planner,
    reporter_a,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    activity = published_plan.activities.get(number=3)  # Servicios Administrativos reports it
    steps.validate(steps.submit(activity, reporter_a, value="1"), planner)  # 1 of 2: 50 %

    page = log_in(planner)
    page.get_by_role("link", name="Plan de Desarrollo").first.click()
    page.get_by_role("link", name="Crear el Plan de Desarrollo").click()
    page.get_by_label("Nombre").fill("Plan de Desarrollo Municipal 2024-2027")
    page.get_by_label(re.compile("Primer año del cuatrienio")).fill("2024")
    page.get_by_label("Acto que lo adopta").fill("Acuerdo 012 de 2024")
    page.get_by_role("button", name="Guardar").click()
    expect(
        page.get_by_role("heading", name="Plan de Desarrollo Municipal 2024-2027")
    ).to_be_visible()

    page.get_by_role("link", name="Importar el Plan Indicativo").click()
    headers = [*indicativo.HEADERS[:9], "Total esperado", *indicativo.HEADERS[10:]]
    page.get_by_label(re.compile("Plan Indicativo")).set_input_files(
        {
            "name": "plan-indicativo.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": indicativo.xlsx(headers=headers),
        }
    )
    page.get_by_role("button", name="Ver la vista previa").click()
    expect(page.get_by_role("heading", name="Vista previa: plan-indicativo.xlsx")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Total esperado"))).to_contain_text(
        "No se importa"
    )
    assert violations(page) == []
    page.get_by_label("Campo de la columna 10 (Total esperado)").select_option(
        label="Meta del cuatrienio"
    )
    page.get_by_role("button", name="Actualizar la vista previa").click()
    expect(page.get_by_role("row", name=re.compile("Total esperado"))).to_contain_text(
        "Meta del cuatrienio (elegido)"
    )
    metas = page.get_by_role("table", name="Primeras metas tal como se guardarán")
    expect(metas.get_by_role("row", name=re.compile("MP-002"))).to_contain_text("4")
    page.get_by_role("button", name="Confirmar e importar").click()
    expect(page.get_by_text(re.compile("Se importó el Plan Indicativo"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Programa 4501"))).to_be_visible()

    page.goto(f"{live_server.url}/plan-de-desarrollo/planes/{published_plan.pk}/metas/")
    page.get_by_label("Meta para la actividad 3").select_option(
        label="MP-002 Caracterizar 4 grupos de valor"
    )
    page.get_by_label("Peso").nth(2).fill("2")
    page.get_by_role("button", name="Vincular la actividad 3").click()
    expect(page.get_by_text("La actividad 3 sirve a la meta MP-002.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Capacitar funcionarios"))).to_contain_text(
        "(peso 2)"
    )

    page.goto(f"{live_server.url}/plan-de-desarrollo/?anio=2025")
    row = page.get_by_role("row", name=re.compile("MP-002"))
    expect(row).to_contain_text("50,0 %")
    expect(row).to_contain_text("1 de 1")
    expect(row).to_contain_text("12,5 %")  # the cuatrienio: 50 % of the first of four equal years
    expect(page.get_by_role("img", name="Avance por línea estratégica")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/entidades/{published_plan.entity.nit}/")
    page.get_by_role("link", name="Plan de Desarrollo").click()
    expect(page.get_by_role("row", name=re.compile("MP-002"))).to_contain_text("50,0 %")
    assert violations(page) == []
