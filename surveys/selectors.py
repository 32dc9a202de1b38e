"""Reads of the surveys: lists, results, and what the indicators count (followup.sources)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from organization.models import Entity
from surveys import results
from surveys.models import Answer, Question, Response, Survey

NO_GROUP = "Sin grupo de valor"


def _closed_q(today: datetime.date) -> Q:
    return Q(status=Survey.Status.CLOSED) | Q(status=Survey.Status.OPEN, closes_on__lt=today)


def _open_q(today: datetime.date) -> Q:
    return Q(status=Survey.Status.OPEN, opens_on__lte=today, closes_on__gte=today)


def closed_surveys(
    activity_ids: Iterable[int], *, since: datetime.date, until: datetime.date
) -> QuerySet[Survey]:
    """Surveys of these activities closed (by someone, or because their last day passed) on a
    day in [since, until], each with ``responses_count``."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    return (
        Survey.objects.filter(_closed_q(today), activity_id__in=list(activity_ids))
        .annotate(
            close_day=Coalesce(
                TruncDate("closed_at", tzinfo=tz), "closes_on", output_field=DateField()
            )
        )
        .filter(close_day__gte=since, close_day__lte=until)
        .annotate(responses_count=Count("responses"))
        .order_by("close_day", "pk")
    )


def responses(
    activity_ids: Iterable[int], *, since: datetime.date, until: datetime.date
) -> QuerySet[Response]:
    """Responses sent on a (Colombian) day in [since, until] to surveys of these activities."""
    tz = timezone.get_current_timezone()
    return (
        Response.objects.filter(survey__activity_id__in=list(activity_ids))
        .annotate(day=TruncDate("submitted_at", tzinfo=tz))
        .filter(day__gte=since, day__lte=until)
        .select_related("survey")
        .order_by("submitted_at", "pk")
    )


def entity_surveys(entity: Entity) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(entity=entity)
        .annotate(
            responses_count=Count("responses"), questions_count=Count("questions", distinct=True)
        )
        .select_related("activity__plan")
    )


def public_open(entity: Entity) -> QuerySet[Survey]:
    today = timezone.localdate()
    return Survey.objects.filter(_open_q(today), entity=entity).order_by("closes_on", "pk")


def public_closed(entity: Entity) -> QuerySet[Survey]:
    today = timezone.localdate()
    return (
        Survey.objects.filter(_closed_q(today), entity=entity)
        .annotate(responses_count=Count("responses"))
        .order_by("-closes_on", "-pk")
    )


def public_closed_survey(entity: Entity, pk: int) -> Survey | None:
    return public_closed(entity).filter(pk=pk).first()


@dataclass
class GroupLikert:
    question: Question
    rows: list[tuple[str, int, object]]  # group label, answers, average


@dataclass
class SurveyResults:
    survey: Survey
    total: int
    questions: list[results.QuestionResult]
    groups: list[results.GroupRow]
    group_likert: list[GroupLikert] = field(default_factory=list)
    per_day: list[tuple[datetime.date, int]] = field(default_factory=list)

    @property
    def groups_hidden(self) -> bool:
        return self.total > 0 and not self.groups


def survey_results(survey: Survey, *, per_day: bool = False) -> SurveyResults:
    """Every question's figures, the breakdown by grupo de valor (small groups merged), and
    for the internal page the responses per day."""
    questions = list(survey.questions.all())
    group_of = {
        pk: name or NO_GROUP for pk, name in survey.responses.values_list("pk", "value_group__name")
    }
    total = len(group_of)
    answers = defaultdict(list)
    for row in Answer.objects.filter(response__survey=survey).values(
        "question_id", "response_id", "value", "choices", "text"
    ):
        answers[row["question_id"]].append(row)
    computed = []
    for question in questions:
        rows = answers.get(question.pk, [])
        if question.kind == Question.Kind.LIKERT:
            computed.append(results.likert_result(question, [r["value"] for r in rows]))
        elif question.kind == Question.Kind.TEXT:
            computed.append(
                results.text_result(
                    question,
                    [r["text"] for r in rows],
                    responses=total,
                    min_size=survey.min_group_size,
                )
            )
        else:
            computed.append(
                results.choice_result(question, question.options, [r["choices"] for r in rows])
            )
    counts = Counter(group_of.values())
    groups = results.group_rows(dict(counts), survey.min_group_size)
    shown_as = results.grouped_members(dict(counts), survey.min_group_size)
    group_likert = []
    if groups:
        for question in questions:
            if question.kind != Question.Kind.LIKERT:
                continue
            by_row = defaultdict(list)
            for row in answers.get(question.pk, []):
                by_row[shown_as[group_of[row["response_id"]]]].append(row["value"])
            group_likert.append(
                GroupLikert(
                    question,
                    [
                        (g.label, len(by_row[g.label]), results.likert_average(by_row[g.label]))
                        for g in groups
                    ],
                )
            )
    days = []
    if per_day:
        tz = timezone.get_current_timezone()
        days = list(
            survey.responses.annotate(day=TruncDate("submitted_at", tzinfo=tz))
            .values("day")
            .annotate(n=Count("pk"))
            .order_by("day")
            .values_list("day", "n")
        )
    return SurveyResults(survey, total, computed, groups, group_likert, days)


def response_rows(survey: Survey) -> tuple[list[Question], list[tuple[Response, dict]]]:
    """Each response with its answers by question id, for the CSV (no personal data)."""
    questions = list(survey.questions.all())
    rows = []
    for response in survey.responses.select_related("value_group").prefetch_related("answers"):
        rows.append((response, {answer.question_id: answer for answer in response.answers.all()}))
    return questions, rows
