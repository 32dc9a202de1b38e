"""Surveys made through the services, as Planeación makes them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from surveys import services
from surveys.models import Question
from surveys.services import QuestionData, SurveyData


def open_survey(entity, planner, *, requires_code=False, min_group_size=5, activity=None):
    today = timezone.localdate()
    survey = services.create_survey(
        entity,
        by=planner,
        data=SurveyData(
            title="Satisfacción con la audiencia pública",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=10),
            requires_code=requires_code,
            min_group_size=min_group_size,
            activity=activity,
        ),
    )
    for data in (
        QuestionData(Question.Kind.LIKERT, "¿Qué tan satisfecho quedó con la audiencia?"),
        QuestionData(
            Question.Kind.SINGLE, "¿Cómo se enteró?", options=["Radio", "Redes sociales", "Vecinos"]
        ),
        QuestionData(
            Question.Kind.MULTIPLE,
            "¿Qué temas le interesan?",
            required=False,
            options=["Vías", "Salud", "Educación"],
        ),
        QuestionData(Question.Kind.TEXT, "¿Qué mejoraría?", required=False),
    ):
        survey.refresh_from_db()
        services.add_question(survey, by=planner, data=data, expected_revision=survey.revision)
    survey.refresh_from_db()
    return services.open_survey(survey, by=planner, expected_revision=survey.revision)


def answers_for(survey, likert=4, single="Radio", multiple=("Vías",), text=""):
    questions = {q.kind: q.pk for q in survey.questions.all()}
    return {
        questions[Question.Kind.LIKERT]: likert,
        questions[Question.Kind.SINGLE]: single,
        questions[Question.Kind.MULTIPLE]: list(multiple),
        questions[Question.Kind.TEXT]: text,
    }
