import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from surveys import services
from surveys.models import Question, Survey
from surveys.services import QuestionData, SurveyData
from surveys.tests.factories import answers_for, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cartago, planner):
    today = timezone.localdate()
    return services.create_survey(
        cartago,
        by=planner,
        data=SurveyData(title="Encuesta", opens_on=today, closes_on=today + datetime.timedelta(5)),
    )


def test_a_survey_does_not_open_without_questions(draft, planner):
    with pytest.raises(ValidationError, match="al menos una pregunta"):
        services.open_survey(draft, by=planner, expected_revision=draft.revision)


def test_a_survey_does_not_open_without_dates(cartago, planner):
    survey = services.create_survey(cartago, by=planner, data=SurveyData(title="Sin fechas"))
    services.add_question(
        survey, by=planner, data=QuestionData("likert", "¿Qué tal?"), expected_revision=0
    )
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="fechas"):
        services.open_survey(survey, by=planner, expected_revision=survey.revision)


def test_a_survey_cannot_close_before_it_opens(cartago, planner):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.create_survey(
            cartago,
            by=planner,
            data=SurveyData(
                title="Al revés", opens_on=today, closes_on=today - datetime.timedelta(1)
            ),
        )


def test_a_choice_question_needs_two_options(draft, planner):
    with pytest.raises(ValidationError, match="dos opciones"):
        services.add_question(
            draft,
            by=planner,
            data=QuestionData("unica", "¿Cuál?", options=["Sola"]),
            expected_revision=draft.revision,
        )


def test_questions_are_added_reordered_and_removed_while_there_are_no_answers(draft, planner):
    for text in ("Primera", "Segunda", "Tercera"):
        draft.refresh_from_db()
        services.add_question(
            draft, by=planner, data=QuestionData("likert", text), expected_revision=draft.revision
        )
    third = draft.questions.get(text="Tercera")
    draft.refresh_from_db()
    services.move_question(third, by=planner, up=True, expected_revision=draft.revision)
    assert [q.text for q in draft.questions.all()] == ["Primera", "Tercera", "Segunda"]
    draft.refresh_from_db()
    services.delete_question(
        draft.questions.get(text="Primera"), by=planner, expected_revision=draft.revision
    )
    assert [(q.position, q.text) for q in draft.questions.all()] == [(1, "Tercera"), (2, "Segunda")]
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"surveys.question.added", "surveys.question.moved", "surveys.question.deleted"} <= codes


def test_a_stale_edit_is_refused_with_a_clear_message(draft, planner):
    services.add_question(
        draft, by=planner, data=QuestionData("likert", "¿Qué tal?"), expected_revision=0
    )
    with pytest.raises(ValidationError, match="Otra persona cambió la encuesta"):
        services.add_question(
            draft, by=planner, data=QuestionData("texto", "¿Algo más?"), expected_revision=0
        )


def test_questions_cannot_change_after_the_first_response(cartago, planner):
    survey = open_survey(cartago, planner)
    services.submit_response(survey, answers=answers_for(survey), value_group=None)
    question = survey.questions.first()
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="ya tiene respuestas"):
        services.update_question(
            question,
            by=planner,
            data=QuestionData("likert", "Otra cosa"),
            expected_revision=survey.revision,
        )


def test_a_survey_is_shown_closed_once_its_last_day_passed_and_the_read_records_it(
    cartago, planner, time_machine
):
    survey = open_survey(cartago, planner)
    assert survey.phase() == Survey.Status.OPEN
    day_after = survey.closes_on + datetime.timedelta(days=1)
    time_machine.move_to(f"{day_after.isoformat()} 10:00 -0500")
    assert survey.phase() == Survey.Status.CLOSED
    assert not survey.is_accepting()
    survey = services.settle(survey)
    assert survey.status == Survey.Status.CLOSED
    assert timezone.localdate(survey.closed_at) == survey.closes_on


def test_closing_early_records_the_day_and_the_survey_takes_no_more_answers(cartago, planner):
    survey = open_survey(cartago, planner)
    survey = services.close_survey(survey, by=planner, expected_revision=survey.revision)
    assert survey.close_date() == timezone.localdate()
    with pytest.raises(ValidationError, match="no está recibiendo"):
        services.submit_response(survey, answers=answers_for(survey), value_group=None)
    with pytest.raises(ValidationError, match="cerrada"):
        services.update_survey(
            survey, by=planner, data=SurveyData(title="Otra"), expected_revision=survey.revision
        )


def test_duplicating_makes_a_draft_with_the_same_questions_and_a_new_link(cartago, planner):
    survey = open_survey(cartago, planner)
    copy = services.duplicate_survey(survey, by=planner)
    assert copy.status == Survey.Status.DRAFT
    assert copy.token != survey.token
    assert [(q.kind, q.text, q.options) for q in copy.questions.all()] == [
        (q.kind, q.text, q.options) for q in survey.questions.all()
    ]
    assert AuditEntry.objects.filter(action="surveys.survey.duplicated").exists()


def test_a_scheduled_survey_takes_no_answers_before_its_first_day(cartago, planner):
    today = timezone.localdate()
    survey = services.create_survey(
        cartago,
        by=planner,
        data=SurveyData(
            title="Futura",
            opens_on=today + datetime.timedelta(3),
            closes_on=today + datetime.timedelta(9),
        ),
    )
    services.add_question(
        survey,
        by=planner,
        data=QuestionData(Question.Kind.LIKERT, "¿Qué tal?"),
        expected_revision=0,
    )
    survey.refresh_from_db()
    survey = services.open_survey(survey, by=planner, expected_revision=survey.revision)
    assert survey.phase() == Survey.SCHEDULED
    assert not survey.is_accepting()
