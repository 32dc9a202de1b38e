"""A citizen answers a survey with the keyboard only, cannot answer twice, and Planeación reads
the results as charts with their tables; axe finds nothing on the public pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from participation.services import install_default_value_groups
from portal.tests.test_accessibility_browser import violations
from surveys import services
from surveys.models import Question, Response
from surveys.tests.factories import answers_for, open_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's CSP rightly forbids."""
    return {**browser_context_args, "bypass_csp": True}


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focus is on an element matching ``selector``."""
    for _ in range(120):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_citizen_answers_with_the_keyboard_once_and_planeacion_reads_the_results(
    live_server, page, log_in, cartago, planner
):
    groups = install_default_value_groups(cartago, by=planner)
    survey = open_survey(cartago, planner, min_group_size=3)
    questions = {q.kind: q for q in survey.questions.all()}
    url = f"{live_server.url}/encuestas/{survey.token}/"

    page.goto(url)
    assert violations(page) == [], "cuestionario"
    page.keyboard.press("Tab")
    tab_to(page, "input[name=value_group]")
    page.keyboard.press("Space")
    tab_to(page, f"input[name=pregunta_{questions[Question.Kind.LIKERT].pk}]")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # from 1 to 4, «Satisfecho»
    tab_to(page, f"input[name=pregunta_{questions[Question.Kind.SINGLE].pk}]")
    page.keyboard.press("Space")
    tab_to(page, f"input[name=pregunta_{questions[Question.Kind.MULTIPLE].pk}]")
    page.keyboard.press("Space")
    tab_to(page, f"textarea[name=pregunta_{questions[Question.Kind.TEXT].pk}]")
    page.keyboard.type("Más sillas para las personas mayores")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gracias por responder")).to_be_visible()

    answered = Response.objects.get()
    assert answered.value_group == groups[0]
    assert answered.answers.get(question=questions[Question.Kind.LIKERT]).value == 4

    page.goto(url)
    expect(page.get_by_text("Ya respondió esta encuesta. Gracias.")).to_be_visible()
    expect(page.get_by_role("button", name="Enviar mis respuestas")).to_have_count(0)

    for likert in (5, 3, 4):
        services.submit_response(
            survey, answers=answers_for(survey, likert=likert, text="Bien"), value_group=groups[0]
        )

    log_in(planner)
    page.goto(f"{live_server.url}/participacion/encuestas/{survey.pk}/resultados/")
    section = page.get_by_role("region", name=re.compile("1. ¿Qué tan satisfecho"))
    expect(
        section.get_by_role("img", name="¿Qué tan satisfecho quedó con la audiencia?")
    ).to_be_visible()
    expect(section.get_by_role("table")).to_contain_text("4 · Satisfecho")
    expect(section).to_contain_text("Promedio: 4,0 de 5.")
    expect(page.get_by_role("table", name="Respuestas por grupo de valor")).to_contain_text(
        "Ciudadanía en general"
    )
    expect(page.get_by_text("Más sillas para las personas mayores")).to_be_visible()

    services.close_survey(survey, by=planner)
    page.context.clear_cookies()
    for path in (
        f"/entidades/{cartago.nit}/encuestas/",
        f"/entidades/{cartago.nit}/encuestas/{survey.pk}/resultados/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
