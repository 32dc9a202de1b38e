"""Pages of the surveys: Planeación's builder and results under /participacion/encuestas/, the
citizen's questionnaire under /encuestas/<token>/ and the public list and results under
/entidades/<nit>/encuestas/. Public pages are never cached: the questionnaire carries a CSRF
token, and a survey's phase changes with the calendar."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import on_form
from organization import policy
from organization.selectors import entity_by_nit
from participation.abuse import RATE_LIMITED_MESSAGE, fingerprint, rate_limited
from participation.consent import Purpose, consent_text
from surveys import selectors, services
from surveys.forms import CodesForm, QuestionForm, ResponseForm, SurveyForm
from surveys.models import Question, Response, Survey

ANSWERED_COOKIE = "encuesta_{pk}"
ANSWERED_SALT = "surveys.answered"
ANSWERED_MAX_AGE = 400 * 24 * 60 * 60  # the longest a browser keeps a cookie


# -- internal -------------------------------------------------------------------------------


def _entity(request: HttpRequest):
    member = policy.membership(request.user)
    if member is None:
        raise PermissionDenied("Las encuestas son de una entidad: su usuario no tiene una.")
    return member.entity


def _survey(request: HttpRequest, pk: int) -> Survey:
    survey = policy.get_visible_or_404(
        Survey.objects.select_related("entity", "activity__plan"), request.user, pk=pk
    )
    return services.settle(survey)


def _planner_survey(request: HttpRequest, pk: int) -> Survey:
    survey = _survey(request, pk)
    if not policy.is_planner(request.user, survey.entity_id):
        raise PermissionDenied("Solo Planeación cambia las encuestas.")
    return survey


def _posted(request: HttpRequest):
    """The POST data, even empty (a bound form that says what is missing), or None on GET."""
    return request.POST if request.method == "POST" else None


def _revision(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    entity = _entity(request)
    return render(
        request,
        "surveys/list.html",
        {
            "entity": entity,
            "surveys": selectors.entity_surveys(entity),
            "is_planner": policy.is_planner(request.user, entity.pk),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    entity = _entity(request)
    if not policy.is_planner(request.user, entity.pk):
        raise PermissionDenied("Solo Planeación crea encuestas.")
    form = SurveyForm(entity, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(entity, by=request.user, data=form.data_object())
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, "Se creó la encuesta. Agregue sus preguntas.")
            return redirect(survey)
    status = 422 if form.errors else 200
    return render(
        request, "surveys/survey_form.html", {"form": form, "survey": None}, status=status
    )


@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "responses_count": survey.responses.count(),
            "codes_count": survey.codes.count(),
            "codes_used": survey.codes.filter(used_at__isnull=False).count(),
            "is_planner": policy.is_planner(request.user, survey.entity_id),
            "public_url": request.build_absolute_uri(
                reverse("surveys:answer", args=[survey.token])
            ),
        },
    )


def _stale_status(error: ValidationError) -> int:
    return 409 if getattr(error, "code", None) == "stale" else 422


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    form = SurveyForm(survey.entity, _posted(request), initial=SurveyForm.initial_for(survey))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.update_survey(
                    survey,
                    by=request.user,
                    data=form.data_object(),
                    expected_revision=_revision(request),
                )
            except ValidationError as error:
                on_form(form, error)
                status = _stale_status(error)
            else:
                messages.success(request, "Se guardaron los cambios de la encuesta.")
                return redirect(survey)
    return render(
        request, "surveys/survey_form.html", {"form": form, "survey": survey}, status=status
    )


def _question_page(request, survey, question=None) -> HttpResponse:
    initial = (
        QuestionForm.initial_for(question, survey.revision)
        if question
        else {"revision": survey.revision, "required": True}
    )
    form = QuestionForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                if question is None:
                    services.add_question(
                        survey,
                        by=request.user,
                        data=form.data_object(),
                        expected_revision=form.cleaned_data["revision"],
                    )
                else:
                    services.update_question(
                        question,
                        by=request.user,
                        data=form.data_object(),
                        expected_revision=form.cleaned_data["revision"],
                    )
            except ValidationError as error:
                on_form(form, error)
                status = _stale_status(error)
            else:
                messages.success(request, "Se guardó la pregunta.")
                return redirect(survey)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": question},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _question_page(request, _planner_survey(request, pk))


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    question = get_object_or_404(Question, survey=survey, pk=question_pk)
    return _question_page(request, survey, question)


def _act(request: HttpRequest, survey: Survey, action, done: str) -> HttpResponse:
    """Run a POST action on the survey and go back to its page with the outcome."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(survey)


@require_POST
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    question = get_object_or_404(Question, survey=survey, pk=question_pk)
    return _act(
        request,
        survey,
        lambda: services.delete_question(
            question, by=request.user, expected_revision=_revision(request)
        ),
        "Se eliminó la pregunta.",
    )


@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    question = get_object_or_404(Question, survey=survey, pk=question_pk)
    return _act(
        request,
        survey,
        lambda: services.move_question(
            question,
            by=request.user,
            up=request.POST.get("direction") == "up",
            expected_revision=_revision(request),
        ),
        "Se cambió el orden de las preguntas.",
    )


@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    return _act(
        request,
        survey,
        lambda: services.open_survey(survey, by=request.user, expected_revision=_revision(request)),
        "La encuesta quedó abierta: comparta su enlace público.",
    )


@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    return _act(
        request,
        survey,
        lambda: services.close_survey(
            survey, by=request.user, expected_revision=_revision(request)
        ),
        "Se cerró la encuesta: sus resultados ya son públicos.",
    )


@require_POST
def survey_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _planner_survey(request, pk)
    copy = services.duplicate_survey(survey, by=request.user)
    messages.success(request, "Se creó una copia en borrador con las mismas preguntas.")
    return redirect(copy)


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": selectors.survey_results(survey, per_day=True),
            "is_planner": policy.is_planner(request.user, survey.entity_id),
        },
    )


def _csv(rows, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _answer_cell(question: Question, answer) -> str:
    if answer is None:
        return ""
    if question.kind == Question.Kind.LIKERT:
        return str(answer.value or "")
    if question.kind == Question.Kind.TEXT:
        return answer.text
    return "; ".join(answer.choices)


@require_GET
def responses_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per response, one column per question; no e-mail and no address."""
    survey = _planner_survey(request, pk)
    questions, rows = selectors.response_rows(survey)
    header = ["Respuesta", "Fecha", "Grupo de valor", *(q.text for q in questions)]
    body = [
        [
            number,
            timezone.localtime(response.submitted_at).strftime("%d/%m/%Y"),
            response.value_group.name if response.value_group else "",
            *(_answer_cell(q, answers.get(q.pk)) for q in questions),
        ]
        for number, (response, answers) in enumerate(rows, start=1)
    ]
    return _csv([header, *body], f"encuesta-{survey.pk}-respuestas.csv")


def _print_page(request: HttpRequest, survey: Survey, codes: list[str]) -> HttpResponse:
    return render(
        request,
        "surveys/print.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "copies": codes or [""],
            "codes": bool(codes),
            "value_groups": list(survey.entity.value_groups.filter(active=True)),
            "consent_text": consent_text(survey.entity, Purpose.SURVEY),
            "public_url": request.build_absolute_uri(
                reverse("surveys:answer", args=[survey.token])
            ),
        },
    )


@require_GET
def print_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _print_page(request, _survey(request, pk), [])


@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate single-use codes and print them at once, one per copy: they are not kept
    readable, so this page is the only time they are shown."""
    survey = _planner_survey(request, pk)
    form = CodesForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            made = services.generate_codes(survey, form.cleaned_data["count"], by=request.user)
        except ValidationError as error:
            on_form(form, error)
        else:
            return _print_page(request, survey, made)
    status = 422 if form.errors else 200
    return render(request, "surveys/codes.html", {"form": form, "survey": survey}, status=status)


# -- public ---------------------------------------------------------------------------------


def _public_survey(token: str) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("entity"), token=token)
    if survey.status == Survey.Status.DRAFT:
        raise Http404("La encuesta no existe.")
    return services.settle(survey)


def _answered(request: HttpRequest, survey: Survey) -> bool:
    name = ANSWERED_COOKIE.format(pk=survey.pk)
    return request.get_signed_cookie(name, default=None, salt=ANSWERED_SALT) == "si"


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_survey(token)
    context = {"survey": survey, "entity": survey.entity, "public_entity": survey.entity}
    if not survey.is_accepting():
        return render(request, "surveys/public_unavailable.html", context)
    if _answered(request, survey):
        return render(request, "surveys/public_answered.html", context)
    form = ResponseForm(survey, _posted(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            if form.is_bot():
                return redirect("surveys:thanks", token=survey.token)
            mark = fingerprint(request)
            # Codes already allow one answer each: an event's shared connection must not be
            # stopped by the address limit.
            if not survey.requires_code and rate_limited(
                Response.objects.all(), mark, at="submitted_at"
            ):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                status = 429
            else:
                try:
                    services.submit_response(
                        survey,
                        answers=form.answers(),
                        value_group=form.cleaned_data.get("value_group"),
                        email=form.cleaned_data["email"],
                        fingerprint=mark,
                        code=form.cleaned_data.get("code", ""),
                    )
                except ValidationError as error:
                    on_form(form, error)
                else:
                    response = redirect("surveys:thanks", token=survey.token)
                    response.set_signed_cookie(
                        ANSWERED_COOKIE.format(pk=survey.pk),
                        "si",
                        salt=ANSWERED_SALT,
                        max_age=ANSWERED_MAX_AGE,
                        httponly=True,
                        samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE,
                    )
                    return response
    context |= {
        "form": form,
        "consent_text": consent_text(survey.entity, Purpose.SURVEY),
    }
    return render(request, "surveys/public_answer.html", context, status=status)


@login_not_required
@never_cache
@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_survey(token)
    return render(
        request,
        "surveys/public_thanks.html",
        {"survey": survey, "entity": survey.entity, "public_entity": survey.entity},
    )


@login_not_required
@never_cache
@require_GET
def public_list(request: HttpRequest, nit: str) -> HttpResponse:
    entity = entity_by_nit(nit)
    return render(
        request,
        "surveys/public_list.html",
        {
            "entity": entity,
            "public_entity": entity,
            "open_surveys": selectors.public_open(entity),
            "closed_surveys": selectors.public_closed(entity),
        },
    )


def _closed_or_404(nit: str, pk: int) -> Survey:
    entity = entity_by_nit(nit)
    survey = Survey.objects.filter(entity=entity, pk=pk).select_related("entity").first()
    if survey is not None:
        survey = services.settle(survey)
    if survey is None or not survey.is_closed():
        raise Http404("La encuesta no existe o sus resultados aún no se publican.")
    return survey


@login_not_required
@never_cache
@require_GET
def public_results(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    survey = _closed_or_404(nit, pk)
    return render(
        request,
        "surveys/public_results.html",
        {
            "survey": survey,
            "entity": survey.entity,
            "public_entity": survey.entity,
            "results": selectors.survey_results(survey),
        },
    )


@login_not_required
@never_cache
@require_GET
def public_results_csv(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    """The aggregated results: counts and shares per option, the Likert averages, and the
    breakdown by grupo de valor (small groups merged). No single response."""
    survey = _closed_or_404(nit, pk)
    figures = selectors.survey_results(survey)
    rows = [["Pregunta", "Grupo de valor", "Opción", "Respuestas", "Porcentaje", "Promedio"]]
    for result in figures.questions:
        for bar in result.bars:
            rows.append([result.question.text, "Todos", bar.label, bar.count, bar.share, ""])
        if result.average is not None:
            rows.append([result.question.text, "Todos", "", result.answered, "", result.average])
    for item in figures.group_likert:
        for label, count, average in item.rows:
            rows.append([item.question.text, label, "", count, "", average or ""])
    for group in figures.groups:
        rows.append(
            ["Respuestas por grupo de valor", group.label, "", group.count, group.share, ""]
        )
    return _csv(rows, f"encuesta-{survey.pk}-resultados.csv")
