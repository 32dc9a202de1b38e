"""Choosing a column's field in the import preview re-reads the file in place (htmx)."""

import pytest
from playwright.sync_api import expect

from plans.models import PlanType
from plans.tests.test_import_column_choices import csv_bytes

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_changing_a_columns_field_updates_the_preview(
    live_server, log_in, planner, plan_types, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = log_in(planner)
    page.goto(f"{live_server.url}/planes/importar/")
    page.get_by_label("Archivo del plan").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": csv_bytes()}
    )
    page.get_by_label("Vigencia").fill("2030")
    page.get_by_label("Tipo de plan").select_option(
        label=PlanType.objects.get(code="plan-accion-institucional").name
    )
    page.get_by_role("button", name="Ver cómo se lee").click()
    expect(page.get_by_role("heading", name="Vista previa: plan.csv")).to_be_visible()
    assert violations(page) == []
    page.wait_for_function("window.htmx !== undefined")
    preview_url = page.url
    activities = page.get_by_role("table", name="Primeras actividades tal como se guardarán")
    expect(activities).to_contain_text("Programa de participación")

    detail = page.get_by_label("Campo de la columna 3 (DETALLE)")
    detail.focus()  # as a keyboard user; Playwright's choosing alone does not move the focus
    detail.select_option("description")
    expect(page.get_by_role("alert")).to_contain_text(
        "las columnas 2 (ACTIVIDAD) y 3 (DETALLE) quedaron en el mismo campo"
    )
    expect(page.get_by_role("button", name="Confirmar e importar")).to_have_count(0)
    expect(page.get_by_label("Campo de la columna 3 (DETALLE)")).to_be_focused()
    # A person cannot choose again while htmx is still swapping and settling; Playwright can, and
    # its change would go to the select being replaced.
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )

    page.get_by_label("Campo de la columna 2 (ACTIVIDAD)").select_option("ignore")
    expect(activities).to_contain_text("Convocar las mesas de trabajo")
    expect(activities).not_to_contain_text("Programa de participación")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("row", name="DETALLE")).to_contain_text("Actividad")
    assert page.url == preview_url, "the preview changed in place"
    assert violations(page) == []

    page.get_by_role("button", name="Confirmar e importar").click()
    expect(page.get_by_text("Se importó")).to_be_visible()
