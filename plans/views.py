from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import refused
from core.params import whole_number
from organization import policy
from plans import selectors, values
from plans.forms import (
    ActivityForm,
    ApprovalForm,
    NewPlanForm,
    PlanHeaderForm,
    PlanTypeForm,
    ReasonForm,
    ReturnForm,
    TypeSchemesForm,
)
from plans.models import Activity, Plan, PlanType, PlanTypeScheme
from plans.services import editing, workflow
from plans.services.plan_types import save_plan_type, set_type_schemes


def _plan_for_planner(request: HttpRequest, pk: int) -> Plan:
    plan = selectors.plan_for_user(request.user, pk)
    if not policy.is_planner(request.user, plan.entity_id):
        raise PermissionDenied("Solo Planeación de la entidad formula sus planes.")
    return plan


def _activity_for_planner(request: HttpRequest, pk: int, activity_pk: int) -> Activity:
    plan = _plan_for_planner(request, pk)
    return get_object_or_404(Activity.objects.select_related("plan"), pk=activity_pk, plan=plan)


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Each plan's latest version, and the version in force while a newer one is being
    formulated; archived versions when that is the state asked for."""
    everything = selectors.plans_for_user(request.user)
    plans = everything.listed()
    years = sorted(set(everything.values_list("year", flat=True)), reverse=True)
    filters = {
        "year": _vigencia(request.GET.get("vigencia", "")),
        "type": request.GET.get("tipo", ""),
        "status": request.GET.get("estado", ""),
    }
    if filters["year"]:
        plans = plans.filter(year=int(filters["year"]))
    if filters["type"]:
        plans = plans.filter(plan_type__code=filters["type"])
    if filters["status"] == Plan.Status.ARCHIVED:
        plans = everything.filter(status=Plan.Status.ARCHIVED)
        if filters["year"]:
            plans = plans.filter(year=int(filters["year"]))
        if filters["type"]:
            plans = plans.filter(plan_type__code=filters["type"])
    elif filters["status"] in Plan.Status.values:
        plans = plans.filter(status=filters["status"])
    member = policy.membership(request.user)
    overseer = bool(policy.overseen_entity_ids(request.user))
    context = {
        "plans": plans,
        "years": years,
        "plan_types": PlanType.objects.filter(is_active=True),
        "statuses": Plan.Status.choices,
        "filters": filters,
        "show_entity": request.user.is_superuser or overseer,
        "can_create": bool(member and policy.is_planner(request.user, member.entity_id)),
        # Beside other entities' plans, the actions say whose plans they make.
        "create_for": member.entity if member and overseer else None,
    }
    return render(request, "plans/plan_list.html", context)


def _vigencia(text: str) -> str:
    """A ``?vigencia=`` that is a year a plan may have, else none (no filter)."""
    year = whole_number(text, digits=4)
    return text if year is not None and not values.year_problems(year) else ""


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación de una entidad crea planes.")
    form = NewPlanForm(
        request.POST or None,
        entity_id=member.entity_id,
        initial={"year": timezone.localdate().year + 1},
    )
    if request.method == "POST" and form.is_valid():
        header = form.header()
        plan = editing.create_plan(
            member.entity,
            by=request.user,
            plan_type=header.pop("plan_type"),
            year=header.pop("year"),
            **header,
        )
        messages.success(request, f"Se creó el plan «{plan.title}». Agregue sus actividades.")
        return redirect("plans:edit", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


# -- formulation ------------------------------------------------------------------------------


@require_GET
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_planner(request, pk)
    if not plan.is_editable:
        messages.info(
            request, "Este plan ya no es un borrador: para cambiarlo cree una nueva versión."
        )
        return redirect("plans:detail", plan.pk)
    context = {
        "plan": plan,
        "rows": selectors.plan_rows(plan),
        "new_form": ActivityForm(plan=plan, initial={"number": _next_number(plan), "weight": 1}),
        "problems": selectors.review_plan(plan),
    }
    return render(request, "plans/plan_edit.html", context)


def _next_number(plan: Plan) -> int:
    numbers = list(plan.activities.values_list("number", flat=True))
    return max(numbers, default=0) + 1


@require_http_methods(["GET", "POST"])
def plan_header_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_planner(request, pk)
    form = PlanHeaderForm(request.POST or None, instance=plan, entity_id=plan.entity_id)
    if request.method == "POST" and form.is_valid():
        try:
            editing.update_plan_header(plan, by=request.user, **form.header())
        except ValidationError as error:
            refused(request, error)
            return redirect("plans:detail", plan.pk)
        messages.success(request, "Se guardó el encabezado del plan.")
        return redirect("plans:edit", plan.pk)
    plan.refresh_from_db()
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_planner(request, pk)
    form = ActivityForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            activity = editing.add_activity(plan, by=request.user, data=form.activity_data())
        except ValidationError as error:
            refused(request, error)
            return redirect("plans:detail", plan.pk)
        messages.success(request, f"Se agregó la actividad {activity.number}.")
        return redirect(f"{plan_edit_url(plan)}#actividad-{activity.pk}")
    context = {
        "plan": plan,
        "rows": selectors.plan_rows(plan),
        "new_form": form,
        "problems": selectors.review_plan(plan),
    }
    return render(request, "plans/plan_edit.html", context, status=422)


def plan_edit_url(plan: Plan) -> str:
    return reverse("plans:edit", args=[plan.pk])


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    activity = _activity_for_planner(request, pk, activity_pk)
    plan = activity.plan
    stale = None
    if request.method == "POST":
        form = ActivityForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                editing.update_activity(
                    activity,
                    by=request.user,
                    data=form.activity_data(),
                    expected_revision=form.cleaned_data["revision"] or 0,
                )
            except editing.StaleEdit as error:
                stale = error
                form = ActivityForm.for_activity(error.activity)
            except ValidationError as error:
                refused(request, error)
                return redirect("plans:detail", plan.pk)
            else:
                if request.htmx:
                    row = next(r for r in selectors.plan_rows(plan) if r.activity.pk == activity.pk)
                    return render(request, "plans/_activity_card.html", {"plan": plan, "row": row})
                messages.success(request, f"Se guardó la actividad {activity.number}.")
                return redirect(f"{plan_edit_url(plan)}#actividad-{activity.pk}")
    else:
        form = ActivityForm.for_activity(activity)
    context = {
        "plan": plan,
        "activity": activity,
        "form": form,
        "stale": stale,
        "inline": bool(request.htmx),
    }
    template = "plans/_activity_form.html" if request.htmx else "plans/activity_form.html"
    status = 409 if stale else (422 if request.method == "POST" else 200)
    return render(request, template, context, status=status)


@require_GET
def activity_card(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    activity = _activity_for_planner(request, pk, activity_pk)
    row = next(r for r in selectors.plan_rows(activity.plan) if r.activity.pk == activity.pk)
    return render(request, "plans/_activity_card.html", {"plan": activity.plan, "row": row})


@require_POST
def activity_month(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    activity = _activity_for_planner(request, pk, activity_pk)
    try:
        month = int(request.POST.get("month", ""))
        revision = int(request.POST.get("revision", ""))
    except ValueError as exc:
        raise BadRequest("Mes o revisión inválidos.") from exc
    scheduled = request.POST.get("scheduled") == "1"
    try:
        activity = editing.set_month(
            activity, month, scheduled, by=request.user, expected_revision=revision
        )
    except editing.StaleEdit as error:
        messages.error(request, str(error))
        activity = error.activity
    except ValidationError as error:
        refused(request, error)
        return redirect("plans:detail", activity.plan_id)
    if request.htmx:
        row = next(r for r in selectors.plan_rows(activity.plan) if r.activity.pk == activity.pk)
        return render(request, "plans/_activity_card.html", {"plan": activity.plan, "row": row})
    return redirect(f"{plan_edit_url(activity.plan)}#actividad-{activity.pk}")


@require_POST
def activity_move(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    activity = _activity_for_planner(request, pk, activity_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        editing.move_activity(activity, by=request.user, offset=offset)
    except ValidationError as error:
        refused(request, error)
    return redirect(f"{plan_edit_url(activity.plan)}#actividad-{activity.pk}")


@require_POST
def activity_delete(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    activity = _activity_for_planner(request, pk, activity_pk)
    try:
        editing.delete_activity(activity, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, f"Se eliminó la actividad {activity.number}.")
    return redirect("plans:edit", activity.plan_id)


@require_POST
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_planner(request, pk)
    try:
        copy = editing.copy_plan_to_next_year(plan, by=request.user)
    except ValidationError as error:
        refused(request, error)
        return redirect("plans:detail", plan.pk)
    messages.success(
        request,
        f"Se creó «{copy.title}» con las actividades y meses de la vigencia {plan.year}; "
        "los resultados y el seguimiento quedaron vacíos.",
    )
    return redirect("plans:edit", copy.pk)


# -- review, workflow, versions ----------------------------------------------------------------


@require_GET
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, pk)
    problems = selectors.review_plan(plan)
    context = {
        "plan": plan,
        "problems": problems,
        "blocking": [p for p in problems if p.blocking],
        "is_planner": policy.is_planner(request.user, plan.entity_id),
    }
    return render(request, "plans/plan_review.html", context)


def run_transition(request: HttpRequest, pk: int, action, success: str, **kwargs) -> HttpResponse:
    """Answer a workflow button (submit, return, approve, publish): run ``action`` on the plan and
    go back to the plan, or to its review page when the refusal's code is ``BLOCKING``."""
    plan = selectors.plan_for_user(request.user, pk)
    try:
        plan = action(plan, by=request.user, **kwargs)
    except ValidationError as error:
        refused(request, error)
        if getattr(error, "code", None) == workflow.BLOCKING:
            return redirect("plans:review", pk)
        return redirect("plans:detail", pk)
    messages.success(request, success)
    return redirect("plans:detail", plan.pk)


@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return run_transition(request, pk, workflow.submit_for_review, "El plan se envió a revisión.")


@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return run_transition(
        request, pk, workflow.return_plan, "El plan se devolvió a Planeación.", comment=comment
    )


@require_http_methods(["GET", "POST"])
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The approval, confirmed on its own page with the Comité's acta."""
    plan = selectors.plan_for_user(request.user, pk)
    try:
        workflow.check_approvable(plan, by=request.user)
    except workflow.TransitionRefused as error:
        refused(request, error)
        return redirect("plans:detail", pk)
    form = ApprovalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.approve_plan(
                plan,
                by=request.user,
                act_number=data["act_number"],
                act_date=data["act_date"],
                act_file=data["act_file"],
            )
        except workflow.TransitionRefused as error:
            refused(request, error)
            return redirect("plans:detail", pk)
        except ValidationError as error:
            form.add_error(None, error)  # by field: act_number, act_date, act_file
        else:
            messages.success(request, "El plan quedó aprobado con el acta del Comité.")
            return redirect("plans:detail", pk)
    context = {
        "plan": plan,
        "form": form,
        "activities": plan.activities.count(),
        "problems": selectors.review_plan(plan),
    }
    return render(request, "plans/plan_approve.html", context, status=422 if form.errors else 200)


@require_GET
def plan_approval_act(request: HttpRequest, pk: int) -> FileResponse:
    """The Comité's acta, for whoever may see the plan; it is not public."""
    plan = selectors.plan_for_user(request.user, pk)
    if not plan.approval_act_file:
        raise Http404("Este plan no tiene el archivo del acta.")
    return FileResponse(
        plan.approval_act_file.open("rb"),
        as_attachment=True,
        filename=plan.approval_act_name or "acta.pdf",
        content_type="application/pdf",
    )


@require_POST
def plan_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    plan = selectors.plan_for_user(request.user, pk)
    try:
        version = workflow.start_new_version(plan, by=request.user, reason=reason)
    except ValidationError as error:
        refused(request, error)
        return redirect("plans:detail", pk)
    messages.success(
        request,
        f"Se creó la versión {version.version} como borrador; la versión {plan.version} sigue "
        "vigente hasta que la nueva se apruebe y publique.",
    )
    return redirect("plans:edit", version.pk)


@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft that never left Planeación, deleted after a confirmation page."""
    plan = selectors.plan_for_user(request.user, pk)
    try:
        workflow.check_deletable(plan, by=request.user)
        if request.method == "GET":
            context = {"plan": plan, "activities": plan.activities.count()}
            return render(request, "plans/plan_delete.html", context)
        activities = workflow.delete_draft_plan(plan, by=request.user)
    except workflow.TransitionRefused as error:
        refused(request, error)
        return redirect("plans:detail", pk)
    message = f"Se eliminó el borrador «{plan.title}» con {activities} actividad"
    message += "." if activities == 1 else "es."
    if plan.previous_version:
        message += f" La versión {plan.previous_version.version} sigue como estaba."
    messages.success(request, message)
    return redirect("plans:list")


@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, pk)
    entries = selectors.history(plan)
    return render(request, "plans/plan_history.html", {"plan": plan, "entries": entries})


@require_GET
def plan_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, pk)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "rows": selectors.plan_rows(plan),
        "months": selectors.MONTHS,
        "today": today,
        "today_month": today.month if today.year == plan.year else None,
    }
    return render(request, "plans/plan_gantt.html", context)


# -- catalogue --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_types(request: HttpRequest) -> HttpResponse:
    """The catalogue: every user with an entity reads it; the system administrator edits it, and
    Planeación chooses the follow-up rhythm of its entity's plans of each type."""
    member = policy.membership(request.user)
    if not (request.user.is_superuser or member):
        raise PermissionDenied("No tiene una entidad asignada.")
    editing_type = None
    editing_pk = whole_number(request.GET.get("editar"))
    if request.user.is_superuser and editing_pk is not None:
        editing_type = get_object_or_404(PlanType, pk=editing_pk)
    form = (
        PlanTypeForm(request.POST or None, instance=editing_type)
        if request.user.is_superuser
        else None
    )
    schemes_form = None
    if member and policy.is_planner(request.user, member.entity_id):
        chosen = dict(
            PlanTypeScheme.objects.filter(entity=member.entity).values_list(
                "plan_type_id", "followup_scheme"
            )
        )
        schemes_form = TypeSchemesForm(
            request.POST if request.POST.get("action") == "periodicidad" else None,
            types=PlanType.objects.filter(is_active=True),
            chosen=chosen,
            entity=member.entity,
        )
    if request.method == "POST":
        if request.POST.get("action") == "periodicidad":
            if schemes_form is None:
                raise PermissionDenied("Solo Planeación elige la periodicidad de sus planes.")
            if schemes_form.is_valid():
                set_type_schemes(member.entity, schemes_form.schemes(), by=request.user)
                messages.success(
                    request,
                    "Se guardó la periodicidad por tipo de plan; rige para los planes nuevos.",
                )
                return redirect("plans:types")
        elif form is None:
            raise PermissionDenied("Solo el administrador del sistema edita el catálogo.")
        elif form.is_valid():
            saved = save_plan_type(editing_type, by=request.user, **form.cleaned_data)
            messages.success(request, f"Se guardó el tipo de plan «{saved.name}».")
            return redirect("plans:types")
    context = {
        "types": PlanType.objects.all(),
        "form": form,
        "editing_type": editing_type,
        "schemes_form": schemes_form,
    }
    return render(request, "plans/plan_types.html", context)
