import re

import pytest
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Question, Response
from surveys.tests.factories import open_survey

pytestmark = pytest.mark.django_db


def _form(survey, **more):
    data = {"consent": "on"}
    for question in survey.questions.all():
        name = f"pregunta_{question.pk}"
        if question.kind == Question.Kind.LIKERT:
            data[name] = "5"
        elif question.kind == Question.Kind.SINGLE:
            data[name] = question.options[0]
    return data | more


def test_a_second_answer_from_the_same_browser_is_refused(cartago, planner):
    survey = open_survey(cartago, planner)
    client = Client()
    url = reverse("surveys:answer", args=[survey.token])
    response = client.post(url, _form(survey))
    assert response.status_code == 302
    assert response.url == reverse("surveys:thanks", args=[survey.token])
    again = client.get(url)
    assert "Ya respondió esta encuesta. Gracias." in again.content.decode()
    client.post(url, _form(survey))
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_response_keeps_no_name_no_address_and_the_consent_text(cartago, planner):
    survey = open_survey(cartago, planner)
    Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("surveys:answer", args=[survey.token]), _form(survey)
    )
    response = Response.objects.get()
    assert response.email == ""
    assert "203.0.113.9" not in response.fingerprint
    assert len(response.fingerprint) == 40
    assert response.consent.purpose == "encuesta"
    assert cartago.name in response.consent.text


def test_nothing_is_stored_without_the_consent(cartago, planner):
    survey = open_survey(cartago, planner)
    page = Client().post(reverse("surveys:answer", args=[survey.token]), _form(survey, consent=""))
    assert page.status_code == 422
    assert "Debe aceptar el tratamiento de datos" in page.content.decode()
    assert not Response.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(cartago, planner):
    survey = open_survey(cartago, planner)
    Client().post(
        reverse("surveys:answer", args=[survey.token]),
        _form(survey, sitio_web="http://spam.example"),
    )
    assert not Response.objects.exists()


def test_a_missing_required_answer_is_shown_linked_to_its_question(cartago, planner):
    survey = open_survey(cartago, planner)
    likert = survey.questions.get(kind=Question.Kind.LIKERT)
    page = Client().post(
        reverse("surveys:answer", args=[survey.token]),
        {k: v for k, v in _form(survey).items() if k != f"pregunta_{likert.pk}"},
    )
    html = page.content.decode()
    assert page.status_code == 422
    assert f'href="#id_pregunta_{likert.pk}_grupo"' in html
    assert re.search(
        rf'id="id_pregunta_{likert.pk}_grupo"[^>]*aria-describedby="[^"]*id_pregunta_{likert.pk}_error',
        html,
    )


def test_each_code_answers_once(cartago, planner):
    survey = open_survey(cartago, planner, requires_code=True)
    first, second = services.generate_codes(survey, 2, by=planner)
    url = reverse("surveys:answer", args=[survey.token])
    assert Client().post(url, _form(survey, code=first.lower())).status_code == 302
    reused = Client().post(url, _form(survey, code=first))
    assert reused.status_code == 422
    assert "no es válido o ya se usó" in reused.content.decode()
    assert Client().post(url, _form(survey, code="ZZZZ-ZZZZ")).status_code == 422
    assert Client().post(url, _form(survey, code=second)).status_code == 302
    assert survey.codes.filter(used_at__isnull=False).count() == 2
    assert Response.objects.filter(survey=survey).count() == 2


def test_codes_are_kept_only_as_hashes(cartago, planner):
    survey = open_survey(cartago, planner, requires_code=True)
    (code,) = services.generate_codes(survey, 1, by=planner)
    stored = survey.codes.get().code_hash
    assert code not in stored and code.replace("-", "") not in stored


def test_one_address_is_limited_to_a_number_of_answers_an_hour(cartago, planner):
    from participation.abuse import RATE_LIMIT

    survey = open_survey(cartago, planner)
    url = reverse("surveys:answer", args=[survey.token])
    for _ in range(RATE_LIMIT):
        assert Client(REMOTE_ADDR="198.51.100.7").post(url, _form(survey)).status_code == 302
    refused = Client(REMOTE_ADDR="198.51.100.7").post(url, _form(survey))
    assert refused.status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.8").post(url, _form(survey)).status_code == 302


def test_a_draft_survey_has_no_public_page(cartago, planner):
    survey = services.duplicate_survey(open_survey(cartago, planner), by=planner)
    assert Client().get(reverse("surveys:answer", args=[survey.token])).status_code == 404
