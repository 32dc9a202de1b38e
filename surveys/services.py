"""Writes of the surveys: each one a function, in one transaction, audited (a citizen's single
answer is not: the counts are the record)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import record, snapshot
from organization import public_cache
from organization.models import Entity
from participation.consent import Purpose, record_consent, retention_ends
from participation.models import Consent, ValueGroup
from surveys.models import Answer, Question, Response, ResponseCode, Survey

STALE_MESSAGE = (
    "Otra persona cambió la encuesta mientras usted la editaba. Revise cómo quedó y vuelva a "
    "hacer su cambio."
)
ANSWERED_MESSAGE = (
    "La encuesta ya tiene respuestas: sus preguntas no se pueden cambiar, porque las respuestas "
    "recibidas dejarían de corresponder. Si necesita otras preguntas, duplique la encuesta."
)
CLOSED_MESSAGE = "La encuesta está cerrada: ya no se puede cambiar."
CODE_MESSAGE = "El código no es válido o ya se usó. Revise que lo escribió como aparece impreso."
MAX_CODES = 500
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed


@dataclass
class SurveyData:
    title: str
    intro: str = ""
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    activity: Any = None
    min_group_size: int = 5
    requires_code: bool = False


@dataclass
class QuestionData:
    kind: str
    text: str
    required: bool = True
    options: list[str] = field(default_factory=list)


def _locked(survey: Survey, expected_revision: int | None) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if expected_revision is not None and survey.revision != expected_revision:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return survey


def _bump(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(revision=F("revision") + 1)
    survey.refresh_from_db(fields=["revision"])


def _require_not_closed(survey: Survey) -> None:
    if survey.is_closed():
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def _require_questions_editable(survey: Survey) -> None:
    _require_not_closed(survey)
    if survey.responses.exists():
        raise ValidationError(ANSWERED_MESSAGE, code="answered")


def _check_dates(data: SurveyData) -> None:
    if data.opens_on and data.closes_on and data.opens_on > data.closes_on:
        raise ValidationError(
            {"closes_on": "La fecha de cierre no puede ser anterior a la de apertura."}
        )


def _check_question(data: QuestionData) -> list[str]:
    options = [option.strip() for option in data.options if option.strip()]
    if data.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(options) < 2:
            raise ValidationError({"options": "Escriba al menos dos opciones, una por línea."})
        if len(set(options)) != len(options):
            raise ValidationError({"options": "Hay opciones repetidas."})
        return options
    return []


def _audit(action: str, obj, *, by: Any, survey: Survey, before=None, after=None) -> None:
    record(action, obj, by=by, before=before, after=after, entity_id=survey.entity_id)


@transaction.atomic
def create_survey(entity: Entity, *, by: Any, data: SurveyData) -> Survey:
    _check_dates(data)
    survey = Survey(entity=entity, created_by=by if by and by.is_authenticated else None)
    _apply(survey, data)
    survey.full_clean()
    survey.save()
    _audit("surveys.survey.created", survey, by=by, survey=survey, after=snapshot(survey))
    return survey


def _apply(survey: Survey, data: SurveyData) -> None:
    survey.title = data.title.strip()
    survey.intro = data.intro.strip()
    survey.opens_on = data.opens_on
    survey.closes_on = data.closes_on
    survey.activity = data.activity
    survey.min_group_size = data.min_group_size
    survey.requires_code = data.requires_code


@transaction.atomic
def update_survey(survey: Survey, *, by: Any, data: SurveyData, expected_revision: int) -> Survey:
    """Change the survey's details. An open survey keeps its first day and its code rule."""
    survey = _locked(survey, expected_revision)
    _require_not_closed(survey)
    _check_dates(data)
    if survey.status == Survey.Status.OPEN:
        if data.closes_on is None or data.opens_on is None:
            raise ValidationError("Una encuesta abierta necesita sus fechas de apertura y cierre.")
        if data.closes_on < timezone.localdate():
            raise ValidationError(
                {"closes_on": "Para cerrar la encuesta ahora use «Cerrar la encuesta»."}
            )
        if data.requires_code != survey.requires_code and survey.responses.exists():
            raise ValidationError(
                {"requires_code": "La encuesta ya tiene respuestas: no cambie si pide código."}
            )
    before = snapshot(survey)
    _apply(survey, data)
    survey.full_clean(exclude=["revision"])
    survey.save()
    _bump(survey)
    _audit(
        "surveys.survey.changed",
        survey,
        by=by,
        survey=survey,
        before=before,
        after=snapshot(survey),
    )
    public_cache.invalidate(survey.entity_id)
    return survey


@transaction.atomic
def add_question(
    survey: Survey, *, by: Any, data: QuestionData, expected_revision: int
) -> Question:
    survey = _locked(survey, expected_revision)
    _require_questions_editable(survey)
    options = _check_question(data)
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(
        survey=survey,
        position=(last or 0) + 1,
        kind=data.kind,
        text=data.text.strip(),
        required=data.required,
        options=options,
    )
    question.full_clean()
    question.save()
    _bump(survey)
    _audit("surveys.question.added", question, by=by, survey=survey, after=snapshot(question))
    return question


@transaction.atomic
def update_question(
    question: Question, *, by: Any, data: QuestionData, expected_revision: int
) -> Question:
    survey = _locked(question.survey, expected_revision)
    _require_questions_editable(survey)
    question = Question.objects.get(pk=question.pk)
    options = _check_question(data)
    before = snapshot(question)
    question.kind = data.kind
    question.text = data.text.strip()
    question.required = data.required
    question.options = options
    question.full_clean()
    question.save()
    _bump(survey)
    _audit(
        "surveys.question.changed",
        question,
        by=by,
        survey=survey,
        before=before,
        after=snapshot(question),
    )
    return question


@transaction.atomic
def delete_question(question: Question, *, by: Any, expected_revision: int) -> None:
    survey = _locked(question.survey, expected_revision)
    _require_questions_editable(survey)
    before = snapshot(question)
    _audit("surveys.question.deleted", question, by=by, survey=survey, before=before)
    question.delete()
    _renumber(survey)
    _bump(survey)


def _renumber(survey: Survey) -> None:
    for position, question in enumerate(survey.questions.order_by("position", "pk"), start=1):
        if question.position != position:
            Question.objects.filter(pk=question.pk).update(position=position)


@transaction.atomic
def move_question(question: Question, *, by: Any, up: bool, expected_revision: int) -> None:
    """Swap the question with the one before (``up``) or after it."""
    survey = _locked(question.survey, expected_revision)
    _require_questions_editable(survey)
    _renumber(survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, moved in enumerate(ordered, start=1):
        Question.objects.filter(pk=moved.pk).update(position=position)
    _bump(survey)
    _audit(
        "surveys.question.moved",
        ordered[other],
        by=by,
        survey=survey,
        after={"order": [q.pk for q in ordered]},
    )


@transaction.atomic
def open_survey(survey: Survey, *, by: Any, expected_revision: int) -> Survey:
    """Publish the link: it takes answers from ``opens_on`` to ``closes_on``."""
    survey = _locked(survey, expected_revision)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError("Solo se abre una encuesta en borrador.", code="state")
    problems = []
    questions = list(survey.questions.all())
    if not questions:
        problems.append("Agregue al menos una pregunta.")
    if any(q.has_options and len(q.options) < 2 for q in questions):
        problems.append("Cada pregunta de opciones necesita al menos dos opciones.")
    if survey.opens_on is None or survey.closes_on is None:
        problems.append("Escriba las fechas de apertura y de cierre.")
    elif survey.closes_on < timezone.localdate():
        problems.append("La fecha de cierre ya pasó: escriba una fecha de cierre futura.")
    if problems:
        raise ValidationError(problems, code="incomplete")
    before = snapshot(survey)
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status"])
    _bump(survey)
    _audit(
        "surveys.survey.opened",
        survey,
        by=by,
        survey=survey,
        before=before,
        after=snapshot(survey),
    )
    public_cache.invalidate(survey.entity_id)
    return survey


@transaction.atomic
def close_survey(survey: Survey, *, by: Any, expected_revision: int | None = None) -> Survey:
    """Close before the last day (or record a close the calendar already made)."""
    survey = _locked(survey, expected_revision)
    if survey.status != Survey.Status.OPEN:
        raise ValidationError("Solo se cierra una encuesta abierta.", code="state")
    before = snapshot(survey)
    survey.closed_at = _end_of_last_day(survey) if survey.is_closed() else timezone.now()
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "closed_at"])
    _bump(survey)
    _audit(
        "surveys.survey.closed",
        survey,
        by=by,
        survey=survey,
        before=before,
        after=snapshot(survey),
    )
    public_cache.invalidate(survey.entity_id)
    return survey


def _end_of_last_day(survey: Survey) -> datetime.datetime:
    end = datetime.datetime.combine(survey.closes_on, datetime.time(23, 59, 59))
    return timezone.make_aware(end)


def settle(survey: Survey) -> Survey:
    """Record the close of an open survey whose last day passed (by the system, when a page
    reads it), so its closed_at and the audit trail say when it closed."""
    if survey.status == Survey.Status.OPEN and survey.is_closed():
        return close_survey(survey, by=None)
    return survey


@transaction.atomic
def duplicate_survey(survey: Survey, *, by: Any) -> Survey:
    """A new draft with the same questions, to run the survey again or change its questions."""
    copy = Survey.objects.create(
        entity=survey.entity,
        title=f"Copia de {survey.title}"[:200],
        intro=survey.intro,
        activity=survey.activity,
        min_group_size=survey.min_group_size,
        requires_code=survey.requires_code,
        created_by=by if by and by.is_authenticated else None,
    )
    Question.objects.bulk_create(
        Question(
            survey=copy,
            position=q.position,
            kind=q.kind,
            text=q.text,
            required=q.required,
            options=list(q.options),
        )
        for q in survey.questions.all()
    )
    _audit(
        "surveys.survey.duplicated",
        copy,
        by=by,
        survey=copy,
        after={**snapshot(copy), "from": survey.pk},
    )
    return copy


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(survey_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    message = f"surveys.code:{survey_id}:{normalise_code(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def generate_codes(survey: Survey, count: int, *, by: Any) -> list[str]:
    """``count`` single-use codes. Returned once, to print: only their hashes are kept."""
    survey = _locked(survey, None)
    _require_not_closed(survey)
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": f"Genere entre 1 y {MAX_CODES} códigos a la vez."})
    codes: list[str] = []
    while len(codes) < count:
        code = _new_code()
        if code not in codes:
            codes.append(code)
    ResponseCode.objects.bulk_create(
        ResponseCode(survey=survey, code_hash=code_hash(survey.pk, code)) for code in codes
    )
    _audit(
        "surveys.codes.generated",
        survey,
        by=by,
        survey=survey,
        after={"count": count, "total": survey.codes.count()},
    )
    return codes


@transaction.atomic
def submit_response(
    survey: Survey,
    *,
    answers: dict[int, Any],
    value_group: ValueGroup | None,
    email: str = "",
    fingerprint: str = "",
    code: str = "",
) -> Response:
    """Store one person's answers with their authorisation. ``answers`` maps a question's id
    to an int (Likert), a str (one option, text) or a list of str (several options)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_accepting():
        raise ValidationError("La encuesta no está recibiendo respuestas.", code="closed")
    used = None
    if survey.requires_code:
        used = (
            ResponseCode.objects.select_for_update()
            .filter(survey=survey, code_hash=code_hash(survey.pk, code), used_at__isnull=True)
            .first()
        )
        if used is None:
            raise ValidationError({"code": CODE_MESSAGE}, code="code")
    consent = record_consent(survey.entity, Purpose.SURVEY, email=email)
    response = Response.objects.create(
        survey=survey,
        value_group=value_group,
        consent=consent,
        email=email,
        fingerprint=fingerprint,
    )
    rows = []
    for question in survey.questions.all():
        given = answers.get(question.pk)
        if given in (None, "", []):
            continue
        answer = Answer(response=response, question=question)
        if question.kind == Question.Kind.LIKERT:
            answer.value = int(given)
        elif question.kind == Question.Kind.TEXT:
            answer.text = str(given).strip()
        else:
            answer.choices = [given] if isinstance(given, str) else list(given)
        rows.append(answer)
    Answer.objects.bulk_create(rows)
    if used is not None:
        used.used_at = response.submitted_at
        used.response = response
        used.save(update_fields=["used_at", "response"])
    return response


@transaction.atomic
def erase_personal_data(entity: Entity, email: str, *, by: Any) -> int:
    """Blank the e-mail of this person's responses and of their authorisations (the answers
    stay, anonymous)."""
    responses = list(
        Response.objects.filter(survey__entity=entity, email__iexact=email).select_related("survey")
    )
    for response in responses:
        _erase(response, by=by)
    return len(responses)


def _erase(response: Response, *, by: Any) -> None:
    Response.objects.filter(pk=response.pk).update(email="")
    Consent.objects.filter(pk=response.consent_id).update(email="", erased_at=timezone.now())
    _audit(
        "surveys.response.personal_data_erased",
        response,
        by=by,
        survey=response.survey,
        after={"survey": response.survey_id},
    )


@transaction.atomic
def expire_personal_data(today: datetime.date) -> int:
    """Blank the e-mails of the responses whose survey closed longer ago than retention."""
    count = 0
    candidates = Response.objects.exclude(email="").select_related("survey")
    for response in candidates:
        closed = response.survey.close_date() if response.survey.is_closed(today) else None
        if closed and retention_ends(Purpose.SURVEY, closed) < today:
            _erase(response, by=None)
            count += 1
    return count
