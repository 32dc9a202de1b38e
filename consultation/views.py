"""Pages of the consulta pública: Planeación's (open, moderate, answer), read-only for the
entity's viewers and Control Interno, and the public ones where citizens comment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultation import exports, selectors, services
from consultation.forms import AnswerForm, CommentForm, OpenConsultationForm, ReasonForm
from consultation.models import Comment, Consultation
from core.feedback import refused
from organization import policy
from organization.models import Role
from organization.selectors import entity_by_nit
from participation.abuse import fingerprint
from participation.consent import Purpose, consent_text

FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


# -- internal ---------------------------------------------------------------------------------


def _may_read(user, entity_id: int) -> bool:
    """Planeación, Control Interno and the entity's viewers (and an overseeing office) read the
    observations; a dependencia's reporter does not need them."""
    if user.is_superuser:
        return True
    member = policy.membership(user)
    if member is None:
        return False
    if member.entity_id == entity_id:
        return member.role != Role.REPORTER
    return entity_id in policy.overseen_entity_ids(user)


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    consultation = policy.get_visible_or_404(
        Consultation.objects.select_related("plan__entity", "activity__plan"),
        request.user,
        entity_field="plan__entity",
        pk=pk,
    )
    if not _may_read(request.user, consultation.plan.entity_id):
        raise PermissionDenied("Su rol no consulta las observaciones de la consulta pública.")
    return consultation


def _comment(request: HttpRequest, pk: int) -> Comment:
    comment = policy.get_visible_or_404(
        Comment.objects.select_related(
            "consultation__plan__entity", "activity", "value_group", "answered_by", "hidden_by"
        ),
        request.user,
        entity_field="consultation__plan__entity",
        pk=pk,
    )
    if not _may_read(request.user, comment.consultation.plan.entity_id):
        raise PermissionDenied("Su rol no consulta las observaciones de la consulta pública.")
    return comment


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    member = policy.membership(request.user)
    if member is None and not request.user.is_superuser:
        raise PermissionDenied("No tiene una entidad asignada.")
    if member is not None and member.role == Role.REPORTER:
        raise PermissionDenied("Su rol no consulta las observaciones de la consulta pública.")
    consultations = policy.scope_to_user(
        selectors.consultations_of_all(), request.user, entity_field="plan__entity"
    )
    entity = member.entity if member else None
    return render(
        request,
        "consultation/consultation_list.html",
        {
            "consultations": [(c, selectors.state_label(c)) for c in consultations],
            "can_open": entity is not None and policy.is_planner(request.user, entity.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación de la entidad abre una consulta pública.")
    entity = member.entity
    initial = {"opens_on": timezone.localdate()}
    if request.GET.get("plan", "").isdigit():
        initial["plan"] = int(request.GET["plan"])
    form = OpenConsultationForm(request.POST or None, entity=entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.open_consultation(
                data["plan"],
                by=request.user,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                intro=data["intro"],
                activity=data["activity"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Se abrió la consulta pública.")
            return redirect(consultation)
    return render(request, "consultation/consultation_form.html", {"form": form})


@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    filters = {
        "status": request.GET.get("estado", ""),
        "activity": request.GET.get("actividad", ""),
        "value_group": request.GET.get("grupo", ""),
    }
    comments = selectors.comments_of(consultation, **filters)
    is_planner = policy.is_planner(request.user, consultation.plan.entity_id)
    return render(
        request,
        "consultation/consultation_detail.html",
        {
            "consultation": consultation,
            "entity": consultation.plan.entity,
            "state": selectors.state_label(consultation),
            "is_open": selectors.is_open(consultation),
            "has_ended": selectors.has_ended(consultation),
            "matrix_public": selectors.matrix_is_public(consultation),
            "comments": comments,
            "filters": filters,
            "statuses": Comment.Status.choices,
            "activities": consultation.plan.activities.order_by("position", "number"),
            "value_groups": consultation.plan.entity.value_groups.all(),
            "counts": selectors.counts(consultation),
            "is_planner": is_planner,
        },
    )


@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    try:
        services.close_consultation(consultation, by=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "La consulta se cerró: ya no recibe observaciones.")
    return redirect(consultation)


@require_POST
def consultation_mail_answers(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    try:
        sent = services.mail_answers(consultation, by=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, f"Se enviaron {sent} respuesta(s) por correo.")
    return redirect(consultation)


@require_GET
def consultation_matrix_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    consultation = _consultation(request, pk)
    return _matrix_file(consultation, fmt)


def _matrix_file(consultation: Consultation, fmt: str) -> HttpResponse:
    if fmt not in FILE_TYPES:
        raise Http404("Formato no disponible.")
    content = (
        exports.matrix_xlsx(consultation) if fmt == "xlsx" else exports.matrix_csv(consultation)
    )
    response = HttpResponse(content, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(consultation, fmt)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    is_planner = policy.is_planner(request.user, comment.consultation.plan.entity_id)
    stale = None
    form = AnswerForm(
        initial={
            "status": comment.status if comment.status != Comment.Status.PENDING else None,
            "answer": comment.answer,
            "change_made": comment.change_made,
            "revision": comment.revision,
        }
    )
    if request.method == "POST":
        if not is_planner:
            raise PermissionDenied("Solo Planeación responde las observaciones.")
        form = AnswerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.answer_comment(
                    comment,
                    by=request.user,
                    status=data["status"],
                    answer=data["answer"],
                    change_made=data["change_made"],
                    expected_revision=data["revision"],
                )
            except services.StaleAnswer as error:
                stale = error
                comment = _comment(request, pk)
                form = AnswerForm(
                    initial={**data, "revision": comment.revision},
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Se guardó la respuesta.")
                return redirect(comment.consultation)
    return render(
        request,
        "consultation/comment_detail.html",
        {
            "comment": comment,
            "consultation": comment.consultation,
            "form": form,
            "reason_form": ReasonForm(),
            "stale": stale,
            "is_planner": is_planner,
        },
        status=409 if stale else 200,
    )


def _moderate(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    comment = _comment(request, pk)
    if not policy.is_planner(request.user, comment.consultation.plan.entity_id):
        raise PermissionDenied("Solo Planeación modera las observaciones.")
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Escriba el motivo.")
        action(comment, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        refused(request, error)
        return redirect(comment)
    messages.success(request, done)
    return redirect(comment)


@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderate(
        request, pk, services.hide_comment, "La observación se retiró de la vista pública."
    )


@require_POST
def comment_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderate(request, pk, services.unhide_comment, "La observación se volvió a mostrar.")


# -- public -----------------------------------------------------------------------------------


def _public(nit: str, pk: int) -> Consultation:
    entity = entity_by_nit(nit)
    return get_object_or_404(
        Consultation.objects.select_related(
            "plan__entity", "plan__plan_type", "plan__formulating_unit"
        ),
        pk=pk,
        plan__entity=entity,
    )


def _public_context(consultation: Consultation) -> dict:
    return {
        "consultation": consultation,
        "entity": consultation.plan.entity,
        "plan": consultation.plan,
        "state": selectors.state_label(consultation),
        "is_open": selectors.is_open(consultation)
        and consultation.plan.status in selectors.CONSULTABLE,
        "has_ended": selectors.has_ended(consultation),
        "ends_on": selectors.ends_on(consultation),
        "matrix_public": selectors.matrix_is_public(consultation),
    }


@login_not_required
@never_cache
@require_GET
def public_list(request: HttpRequest, nit: str) -> HttpResponse:
    entity = entity_by_nit(nit)
    consultations = selectors.public_consultations(entity.pk)
    return render(
        request,
        "consultation/public_list.html",
        {
            "entity": entity,
            "consultations": [
                (c, selectors.state_label(c), selectors.matrix_is_public(c)) for c in consultations
            ],
        },
    )


@login_not_required
@never_cache
@require_GET
def public_detail(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    consultation = _public(nit, pk)
    return render(
        request,
        "consultation/public_detail.html",
        {
            **_public_context(consultation),
            "activities": selectors.plan_activities(consultation.plan),
            "received": consultation.comments.count(),
        },
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_comment(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    consultation = _public(nit, pk)
    context = _public_context(consultation)
    entity = consultation.plan.entity
    activity = None
    number = request.GET.get("actividad", "")
    if number:
        if not number.isdigit():
            raise Http404("No existe esa actividad en el plan.")
        activity = get_object_or_404(consultation.plan.activities, number=int(number))
    form = CommentForm(request.POST or None, entity=entity)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_comment(
                consultation,
                services.CommentData(
                    email=data["email"],
                    value_group=data["value_group"],
                    text=data["text"],
                    consent=data["consent"],
                    activity=activity,
                    name=data["name"],
                    place=data["place"],
                    honeypot=data.get("sitio_web", ""),
                ),
                fingerprint=fingerprint(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 429 if getattr(error, "code", "") == "rate_limited" else 200
        else:
            return render(
                request, "consultation/public_thanks.html", {**context, "activity": activity}
            )
    return render(
        request,
        "consultation/public_comment.html",
        {
            **context,
            "activity": activity,
            "form": form,
            "consent_text": consent_text(entity, Purpose.COMMENT),
        },
        status=status,
    )


def _published(nit: str, pk: int) -> Consultation:
    consultation = _public(nit, pk)
    if not selectors.matrix_is_public(consultation):
        raise Http404("La matriz de observaciones se publica con el plan aprobado.")
    return consultation


@login_not_required
@never_cache
@require_GET
def public_matrix(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    consultation = _published(nit, pk)
    return render(
        request,
        "consultation/public_matrix.html",
        {**_public_context(consultation), "rows": list(selectors.matrix(consultation))},
    )


@login_not_required
@require_GET
def public_matrix_file(request: HttpRequest, nit: str, pk: int, fmt: str) -> HttpResponse:
    return _matrix_file(_published(nit, pk), fmt)
