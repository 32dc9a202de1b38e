import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from participation.personal_data import holders
from participation.services import install_default_value_groups
from surveys import selectors, services
from surveys.tests.factories import answers_for, open_survey

pytestmark = pytest.mark.django_db


def _rows(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel shows accents"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_responses_csv_has_a_row_per_response_and_no_personal_data(client, cartago, planner):
    groups = install_default_value_groups(cartago, by=planner)
    survey = open_survey(cartago, planner)
    services.submit_response(
        survey,
        answers=answers_for(survey, likert=2, multiple=("Vías", "Salud"), text="Más buses"),
        value_group=groups[1],
        email="vecina@example.invalid",
    )
    services.submit_response(survey, answers=answers_for(survey), value_group=None)
    rows = _rows(sign_in(client, planner).get(reverse("surveys:responses_csv", args=[survey.pk])))
    assert rows[0][:3] == ["Respuesta", "Fecha", "Grupo de valor"]
    assert rows[0][3:] == [q.text for q in survey.questions.all()]
    assert rows[1][2:] == ["Juntas de Acción Comunal", "2", "Radio", "Vías; Salud", "Más buses"]
    assert len(rows) == 3
    assert "vecina@example.invalid" not in str(rows)


def test_the_public_csv_holds_only_totals_of_a_closed_survey(client, cartago, planner):
    survey = open_survey(cartago, planner)
    url = reverse("surveys:public_results_csv", args=[cartago.nit, survey.pk])
    assert client.get(url).status_code == 404
    for likert in (5, 4):
        services.submit_response(
            survey, answers=answers_for(survey, likert=likert), value_group=None
        )
    services.close_survey(survey, by=planner)
    rows = _rows(client.get(url))
    likert = survey.questions.get(kind="likert").text
    assert [likert, "Todos", "5 · Muy satisfecho", "1", "50", ""] in rows
    assert [likert, "Todos", "", "2", "", "4.5"] in rows


def test_the_lead_s_selectors_count_closed_surveys_and_responses_of_an_activity(
    cartago, planner, published_plan, time_machine
):
    activity = published_plan.activities.get(number=3)
    survey = open_survey(cartago, planner, activity=activity)
    other = open_survey(cartago, planner)
    for target in (survey, survey, other):
        services.submit_response(target, answers=answers_for(target), value_group=None)
    today = timezone.localdate()
    week = {"since": today - datetime.timedelta(7), "until": today + datetime.timedelta(30)}
    assert selectors.responses([activity.pk], **week).count() == 2
    assert not selectors.closed_surveys([activity.pk], **week).exists()
    day_after = survey.closes_on + datetime.timedelta(days=1)
    time_machine.move_to(f"{day_after.isoformat()} 10:00 -0500")
    (closed,) = selectors.closed_surveys([activity.pk], **week)
    assert closed == survey and closed.responses_count == 2
    assert closed.get_absolute_url() == f"/participacion/encuestas/{survey.pk}/"
    later = {"since": day_after, "until": day_after + datetime.timedelta(30)}
    assert not selectors.closed_surveys([activity.pk], **later).exists()


def test_a_person_s_e_mail_is_found_erased_and_expires_after_retention(
    cartago, planner, time_machine
):
    (holder,) = [h for h in holders() if h.label.startswith("Respuestas a encuestas")]
    survey = open_survey(cartago, planner)
    services.submit_response(
        survey, answers=answers_for(survey), value_group=None, email="Vecina@example.invalid"
    )
    services.submit_response(
        survey, answers=answers_for(survey), value_group=None, email="otra@example.invalid"
    )
    assert [f.data for f in holder.find(cartago, "vecina@example.invalid")] == [
        {"Correo para contactarle": "Vecina@example.invalid"}
    ]
    assert holder.erase(cartago, "vecina@example.invalid", by=planner) == 1
    assert holder.find(cartago, "vecina@example.invalid") == []
    survey = services.close_survey(survey, by=planner)
    assert holder.expire(timezone.localdate() + datetime.timedelta(days=30)) == 0
    assert holder.expire(timezone.localdate() + datetime.timedelta(days=400)) == 1
    assert survey.responses.exclude(email="").count() == 0
    assert survey.responses.count() == 2


def test_results_hide_small_groups_on_the_public_page(client, cartago, planner):
    groups = install_default_value_groups(cartago, by=planner)
    survey = open_survey(cartago, planner, min_group_size=3)
    for group in [groups[0]] * 4 + [groups[1]] * 2 + [groups[2]] * 1:
        services.submit_response(survey, answers=answers_for(survey), value_group=group)
    services.close_survey(survey, by=planner)
    html = client.get(reverse("surveys:public_results", args=[cartago.nit, survey.pk])).content
    html = html.decode()
    assert "Ciudadanía en general" in html
    assert "Juntas de Acción Comunal" not in html
    assert "Otros grupos (menos de 3 respuestas)" in html
