"""The consulta pública in a real browser: a citizen comments an activity with the keyboard
only, Planeación answers, and once the plan is approved the matrix is public and downloadable."""

import re

import pytest
from playwright.sync_api import Page, expect

from consultation.models import Comment
from portal.tests.test_accessibility_browser import violations

from .conftest import approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's CSP rightly forbids."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def in_february(time_machine):
    time_machine.move_to("2025-02-10 10:00 -0500", tick=True)


def tab_to(page: Page, target, *, limit: int = 200) -> None:
    """Press Tab until ``target`` has the focus: it is reachable with the keyboard."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} is not reachable with Tab")


def test_a_citizen_comments_with_the_keyboard_and_planeacion_answers_and_publishes(
    consultation, live_server, page, log_in, planner, approver, time_machine
):
    nit = consultation.plan.entity.nit
    page.goto(f"{live_server.url}/entidades/{nit}/consultas/{consultation.pk}/")
    assert violations(page) == []

    link = page.get_by_role("link", name=re.compile(r"Comentar esta actividad \(3\)"))
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Comentar la actividad 3")).to_be_visible()

    # Sent empty first: the errors are announced and the page stays accessible.
    send = page.get_by_role("button", name="Enviar observación")
    tab_to(page, send)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Correo electrónico")).to_have_attribute(
        "aria-describedby", "id_email_error id_email_helptext"
    )
    assert violations(page) == []

    tab_to(page, page.get_by_label("Nombre"))
    page.keyboard.type("Camila Ríos")
    page.keyboard.press("Tab")
    page.keyboard.type("camila@example.com")
    page.keyboard.press("Tab")  # the grupo de valor: chosen with the arrow keys
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Vereda Zaragoza")
    page.keyboard.press("Tab")
    page.keyboard.type("Incluyan a las veredas del norte en las capacitaciones.")
    tab_to(page, page.get_by_label("Acepto el tratamiento de mis datos en estos términos"))
    page.keyboard.press("Space")
    tab_to(page, send)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gracias: recibimos su observación")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.activity.number == 3 and comment.place == "Vereda Zaragoza"
    assert comment.value_group.name != ""

    # Planeación answers from the consultation's page.
    log_in(planner)
    page.goto(f"{live_server.url}/participacion/consultas/{consultation.pk}/")
    page.get_by_role("link", name=re.compile("Responder")).click()
    page.get_by_label("Aceptada parcialmente").check()
    page.get_by_label("Respuesta (razón)").fill("Se incluyen dos veredas del norte.")
    page.get_by_label("Cambio realizado en el plan").fill("Actividad 3: veredas Zaragoza y Modín.")
    page.get_by_role("button", name="Guardar la respuesta").click()
    expect(page.get_by_text("Se guardó la respuesta.")).to_be_visible()

    # The window closes and the Comité approves the plan: the matrix is public.
    time_machine.move_to("2025-03-05 10:00 -0500", tick=True)
    approve(consultation.plan, approver)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/entidades/{nit}/consultas/{consultation.pk}/")
    page.get_by_role("link", name="Consulte la matriz de observaciones con las respuestas").click()
    expect(page.get_by_role("cell", name="Se incluyen dos veredas del norte.")).to_be_visible()
    expect(page.get_by_text("camila@example.com")).to_have_count(0)
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar Excel").click()
    assert (
        download.value.suggested_filename == f"matriz-observaciones-consulta-{consultation.pk}.xlsx"
    )
