import pytest
from django.urls import reverse

from conftest import sign_in
from surveys import services
from surveys.models import Survey
from surveys.tests.factories import answers_for, open_survey

pytestmark = pytest.mark.django_db


def test_planeacion_builds_and_opens_a_survey_through_the_pages(client, cartago, planner):
    sign_in(client, planner)
    created = client.post(
        reverse("surveys:create"),
        {
            "title": "Atención en ventanilla",
            "opens_on": "2020-01-01",
            "closes_on": "2099-12-31",
            "min_group_size": "5",
        },
    )
    survey = Survey.objects.get()
    assert created.url == survey.get_absolute_url()
    client.post(
        reverse("surveys:question_add", args=[survey.pk]),
        {"text": "¿Cómo le atendimos?", "kind": "likert", "required": "on", "revision": "0"},
    )
    client.post(reverse("surveys:open", args=[survey.pk]), {"revision": "1"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    page = client.get(survey.get_absolute_url()).content.decode()
    assert f"/encuestas/{survey.token}/" in page


def test_a_stale_question_edit_says_someone_else_changed_the_survey(client, cartago, planner):
    survey = open_survey(cartago, planner)
    question = survey.questions.first()
    response = sign_in(client, planner).post(
        reverse("surveys:question_edit", args=[survey.pk, question.pk]),
        {"text": "Otra", "kind": "likert", "revision": "0"},
    )
    assert response.status_code == 409
    assert "Otra persona cambió la encuesta" in response.content.decode()


def test_editing_questions_after_a_response_is_refused_with_the_reason(client, cartago, planner):
    survey = open_survey(cartago, planner)
    services.submit_response(survey, answers=answers_for(survey), value_group=None)
    question = survey.questions.first()
    response = sign_in(client, planner).post(
        reverse("surveys:question_edit", args=[survey.pk, question.pk]),
        {"text": "Otra", "kind": "likert", "revision": str(survey.revision)},
    )
    assert response.status_code == 422
    assert "las respuestas recibidas dejarían de corresponder" in response.content.decode()


def test_generated_codes_are_printed_once_one_per_copy(client, cartago, planner):
    survey = open_survey(cartago, planner, requires_code=True)
    page = sign_in(client, planner).post(reverse("surveys:codes", args=[survey.pk]), {"count": "3"})
    html = page.content.decode()
    assert html.count('class="survey-print"') == 3
    assert html.count("survey-print__code") == 3
    assert survey.codes.count() == 3
    blank = client.get(reverse("surveys:print", args=[survey.pk])).content.decode()
    assert "survey-print__code" not in blank
    assert "Autorizo a" in blank
