"""Formulation and approval in a real browser, from an empty plan to a published version 2."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_activity(page: Page, description: str, formula: str, target: str, unit: str) -> None:
    form = page.locator("section", has=page.get_by_role("heading", name="Agregar actividad"))
    form.get_by_label("Actividad", exact=False).first.fill(description)
    form.get_by_label("Tareas").fill(f"Preparar {description.lower()}\nEjecutar y documentar")
    form.get_by_label("Productos (bienes o servicios) entregables").fill(
        f"Informe de {description}"
    )
    form.get_by_label("Fórmula del indicador").fill(formula)
    if target:
        form.get_by_label("Meta anual").fill(target)
    form.get_by_label(unit).check()
    form.get_by_role("button", name="Agregar actividad").click()
    expect(page.get_by_text(re.compile(r"Se agregó la actividad \d+"))).to_be_visible()


def card(page: Page, number: int):
    return page.locator(f"section.activity-card[data-number='{number}']")


def test_a_plan_is_formulated_returned_corrected_approved_published_and_versioned(
    live_server, log_in, planner, approver, cartago
):
    page = log_in(planner)

    # A new plan from scratch.
    page.get_by_role("link", name="Nuevo plan").click()
    page.get_by_label("Tipo de plan").select_option(label="Plan Anual de Adquisiciones")
    page.get_by_label("Vigencia").fill("2027")
    page.get_by_label("Objetivo").fill("Planear las compras de la vigencia 2027.")
    page.get_by_role("button", name="Crear plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan Anual de Adquisiciones 2027")

    # Three activities; the third without a target (a blocking problem).
    add_activity(
        page, "Consolidar necesidades", "Necesidades consolidadas", "1", "Secretaría de Hacienda"
    )
    add_activity(
        page,
        "Publicar el plan en SECOP",
        "Publicaciones realizadas",
        "2",
        "Secretaría de Servicios Administrativos",
    )
    add_activity(
        page,
        "Hacer seguimiento trimestral",
        "Seguimientos realizados",
        "",
        "Secretaría de Hacienda",
    )

    # The cronograma grid, by click and by keyboard.
    for number, months in ((1, [1, 2]), (2, [3]), (3, [3, 6, 9, 12])):
        for month in months:
            button = card(page, number).get_by_role("button", name=f"Mes {month}", exact=True)
            if month == 6:
                button.focus()
                page.keyboard.press("Enter")
            else:
                button.click()
            expect(
                card(page, number).get_by_role("button", name=f"Mes {month}, programado")
            ).to_have_attribute("aria-pressed", "true")

    # The review blocks the submission until activity 3 has a target.
    page.get_by_role("link", name="Revisar y enviar").first.click()
    expect(page.get_by_role("row", name=re.compile("Bloqueante 3 No tiene meta"))).to_be_visible()
    page.screenshot(path="var/screenshots/review.png", full_page=True)
    page.get_by_role("button", name="Enviar a revisión del Comité").click()
    expect(page.get_by_text("problema(s) que impiden enviarlo")).to_be_visible()
    page.get_by_role("link", name="Editar actividad 3").click()
    page.get_by_label("Meta anual").fill("4")
    page.get_by_role("button", name="Guardar actividad 3").click()
    expect(page.get_by_text("Se guardó la actividad 3.")).to_be_visible()
    plan = Plan.objects.get(year=2027)
    page.goto(f"{live_server.url}/planes/{plan.pk}/revision/")
    expect(page.get_by_role("cell", name="Bloqueante")).to_have_count(0)
    page.get_by_role("button", name="Enviar a revisión del Comité").click()
    expect(page.get_by_text("El plan se envió a revisión.")).to_be_visible()

    # The approver returns it with a comment.
    log_in(approver)
    page.goto(f"{live_server.url}/planes/{plan.pk}/")
    page.get_by_label("Qué debe corregirse").fill("Precise el producto de la actividad 2.")
    page.get_by_role("button", name="Devolver a Planeación").click()
    expect(page.get_by_text("El plan se devolvió a Planeación.")).to_be_visible()

    # The planner sees the comment, corrects in place (htmx) and resubmits.
    log_in(planner)
    page.goto(f"{live_server.url}/planes/{plan.pk}/editar/")
    page.screenshot(path="var/screenshots/formulation.png", full_page=True)
    expect(page.get_by_text("Precise el producto de la actividad 2.")).to_be_visible()
    card(page, 2).get_by_role("link", name="Editar actividad 2").click()
    editing = page.locator("section.activity-card--editing")
    editing.get_by_label("Productos (bienes o servicios) entregables").fill(
        "Plan publicado en SECOP II"
    )
    editing.get_by_role("button", name="Guardar actividad 2").click()
    expect(card(page, 2)).to_contain_text("Plan publicado en SECOP II")
    page.goto(f"{live_server.url}/planes/{plan.pk}/revision/")
    page.get_by_role("button", name="Enviar a revisión del Comité").click()

    # Approved, then published.
    log_in(approver)
    page.goto(f"{live_server.url}/planes/{plan.pk}/")
    page.get_by_role("link", name="Aprobar el plan").click()
    page.get_by_label("Número del acta del Comité").fill("CIGD-012")
    page.get_by_label("Fecha del acta").fill(timezone.localdate().isoformat())
    page.get_by_label("Confirmo que el Comité aprobó este plan").check()
    page.get_by_role("button", name="Aprobar el plan").click()
    expect(page.get_by_text("El plan quedó aprobado con el acta del Comité.")).to_be_visible()
    expect(page.get_by_text("Acta N.º CIGD-012")).to_be_visible()
    log_in(planner)
    page.goto(f"{live_server.url}/planes/{plan.pk}/")
    page.get_by_role("button", name="Publicar el plan").click()
    expect(page.get_by_text("El plan quedó publicado.")).to_be_visible()
    expect(page.get_by_role("link", name="Formular (editar)")).to_have_count(0)

    # A change to the published plan is a version 2 with a reason and a visible diff.
    page.get_by_label("Motivo del cambio").fill("Ajuste de metas por adición presupuestal.")
    page.get_by_role("button", name="Crear la versión 2").click()
    expect(page.get_by_text("Se creó la versión 2")).to_be_visible()
    card(page, 1).get_by_role("link", name="Editar actividad 1").click()
    page.locator("section.activity-card--editing").get_by_label("Meta anual").fill("3")
    page.locator("section.activity-card--editing").get_by_label(
        "Meta acumulada al periodo IV"
    ).fill("")
    page.get_by_role("button", name="Guardar actividad 1").click()
    expect(card(page, 1)).to_contain_text("· 3")
    version_2 = Plan.objects.get(year=2027, version=2)
    page.goto(f"{live_server.url}/planes/{version_2.pk}/diferencias/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("versión 1 y la versión 2")
    expect(page.get_by_text("Ajuste de metas por adición presupuestal.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Meta anual del indicador"))
    expect(row).to_contain_text("1")
    expect(row).to_contain_text("3")
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.PUBLISHED, "v1 stays public"
    page.screenshot(path="var/screenshots/diff.png", full_page=True)
    page.goto(f"{live_server.url}/planes/{plan.pk}/")
    page.screenshot(path="var/screenshots/published.png", full_page=True)
    page.goto(f"{live_server.url}/planes/{plan.pk}/cronograma/")
    page.screenshot(path="var/screenshots/gantt.png", full_page=True)
