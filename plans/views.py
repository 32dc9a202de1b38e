import datetime

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import refused
from core.params import whole_number
from formats import manual_mapping, writers
from formats.document import ImportFileError
from formats.readers.base import reader_for
from organization import policy
from plans import diff, exports, import_columns, pending_uploads, selectors, values
from plans.forms import (
    ActivityForm,
    ApprovalForm,
    ImportForm,
    NewPlanForm,
    PlanHeaderForm,
    PlanTypeForm,
    PublishForm,
    ReasonForm,
    ReturnForm,
    TypeSchemesForm,
)
from plans.models import Activity, Plan, PlanType, PlanTypeScheme
from plans.services import editing, import_plan, import_templates, importing, workflow
from plans.services.plan_types import save_plan_type, set_type_schemes
from plans.services.updating import update_plan_from_document


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


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan in its official format. A replaced version sends the visitor to the version in
    force, which says where they came from and links back (``?archivada=1`` reads it)."""
    plan = selectors.plan_for_user(request.user, pk)
    in_force = selectors.version_in_force(plan) if plan.status == Plan.Status.ARCHIVED else None
    if in_force is not None and "archivada" not in request.GET:
        return redirect(f"{reverse('plans:detail', args=[in_force.pk])}?anterior={plan.pk}")
    today = timezone.localdate()
    context = selectors.format_context(plan) | {
        "is_planner": policy.is_planner(request.user, plan.entity_id),
        "can_approve": policy.can_approve(request.user, plan.entity_id),
        "next_version": Plan.objects.filter(previous_version=plan).first(),
        "in_force": in_force,
        "came_from": selectors.replaced_version(plan, request.GET.get("anterior", "")),
        "reason_form": ReasonForm(),
        "return_form": ReturnForm(),
        "late_periods": selectors.periods_to_catch_up(plan, today),
        "catch_up_default": today + datetime.timedelta(days=plan.entity.report_window_days),
    }
    return render(request, "plans/plan_detail.html", context)


@require_GET
def plan_open_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in writers.CONTENT_TYPES:
        raise Http404("Formato no disponible.")
    plan = selectors.plan_for_user(request.user, pk)
    # The entity's own people get the follow-up in every state, so that their export imports
    # back as the same plan; an overseeing office gets what the public gets.
    member = policy.membership(request.user)
    internal = member is not None and member.entity_id == plan.entity_id
    record, activities = selectors.open_data(plan, internal=internal)
    response = HttpResponse(
        writers.render(fmt, record, activities), content_type=writers.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-{plan.year}.{fmt}"'
    return response


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


def _transition(request: HttpRequest, pk: int, action, success: str, **kwargs) -> HttpResponse:
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
    return _transition(request, pk, workflow.submit_for_review, "El plan se envió a revisión.")


@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _transition(
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
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La fecha para poner al día los periodos vencidos no es válida.")
        return redirect("plans:detail", pk)
    return _transition(
        request,
        pk,
        workflow.publish_plan,
        "El plan quedó publicado.",
        catch_up_until=form.cleaned_data["catch_up_until"],
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
def plan_diff(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, pk)
    chain = selectors.versions(plan)
    by_number = {version.version: version for version in chain}
    try:
        new = by_number[int(request.GET.get("b", plan.version))]
        old = by_number[int(request.GET.get("a", new.version - 1))]
    except (KeyError, ValueError) as exc:
        raise Http404("Esa versión del plan no existe.") from exc
    changes = diff.compare(selectors.version_content(old), selectors.version_content(new))
    removed = [a.number for a in changes.activities if a.kind == "eliminada"]
    context = {
        "plan": plan,
        "old": old,
        "new": new,
        "changes": changes,
        "versions": chain,
        "kept_reports": selectors.reported_periods(old, removed),
    }
    return render(request, "plans/plan_diff.html", context)


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


# -- import with preview ----------------------------------------------------------------------

# What to do about what the importer lacked (ImportFileError.code), in the upload form's words,
# and the form field the message goes next to.
IMPORT_REMEDIES = {
    importing.ENTITY: (
        "file",
        "Escriba el NIT con su dígito de verificación en el encabezado del archivo "
        "(por ejemplo, «NIT: 891.900.493-2»).",
    ),
    importing.YEAR: ("year", "Escriba la vigencia en el campo «Vigencia»."),
    importing.PLAN_TYPE: ("plan_type", "Elija el tipo en el campo «Tipo de plan»."),
    importing.EXISTS: (
        "year",
        "Escriba otra vigencia en el campo «Vigencia» o archive el plan existente.",
    ),
}


def _import_entity(request: HttpRequest):
    """Whose plan an upload is: the planner's entity (a document of another NIT is imported
    into it, with a warning); for the system administrator, the entity the document's NIT
    names, registered if new (None here). Anyone else may not import."""
    if request.user.is_superuser:
        return None
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación de una entidad importa planes.")
    return member.entity


def _choices(entity, options: dict) -> manual_mapping.Choices:
    """The entity's template (unless the planner set it aside) under the columns the planner
    chose in the preview, which name every column by position."""
    use = entity is not None and options.get("use_template")
    choices = import_templates.template_choices(entity) if use else {}
    chosen = options.get("columns") or []
    return {**choices, **{n: choice for n, choice in enumerate(chosen, start=1) if choice}}


def _read_upload(content: bytes, name: str, entity, options: dict, *, by, dry_run: bool):
    plan_type = PlanType.objects.filter(pk=options.get("plan_type")).first()
    with manual_mapping.choosing(_choices(entity, options)):
        document = reader_for(name).read(content, name)
    result = import_plan(
        document,
        entity=entity,
        year=options.get("year"),
        plan_type=plan_type,
        by=by,
        dry_run=dry_run,
        nit_may_differ=entity is not None,
    )
    return document, result


def _read_update(content: bytes, name: str, plan: Plan, *, by, dry_run: bool):
    document = reader_for(name).read(content, name)
    return document, update_plan_from_document(plan, document, by=by, dry_run=dry_run)


def _import_refused(error: ImportFileError) -> tuple[str, str]:
    """(form field, message) of a refused import, with the form's remedy."""
    field, remedy = IMPORT_REMEDIES.get(error.code, ("file", ""))
    return field, " ".join(filter(None, [str(error), remedy]))


def _preview(
    request, token: str, options: dict, entity, read=None, *, error: str = "", **more
) -> HttpResponse:
    """The preview page: how the file was read (``read`` = (document, result)), or, when the
    chosen columns could not be read (``error``), the columns to choose again."""
    document, result = read or (None, None)
    if document is not None:
        columns = [label for label, _field in document.mapping]
        fields = [field for _label, field in document.mapping]
        pending_uploads.update(request.session, token, labels=columns, fields=fields)
    else:  # what the planner chose, else the last reading that worked
        columns = options.get("labels") or []
        fields = options.get("columns") or options.get("fields") or [""] * len(columns)
    template = import_templates.template_choices(entity)
    using = bool(options.get("use_template") and template)
    context = {
        "document": document,
        "result": result,
        "token": token,
        "name": options["name"],
        "error": error,
        "mapping": import_columns.mapping_report(document) if document else [],
        "columns": [
            {
                "position": position,
                "label": label,
                "field": import_columns.field_name(field) if field else "—",
                "choice": import_columns.choice_of(field),
            }
            for position, (label, field) in enumerate(zip(columns, fields, strict=False), 1)
        ],
        "choices": import_columns.CHOICES,
        "has_template": bool(template),
        "can_save_template": entity is not None,
        "template_applied": bool(
            document and using and import_columns.template_applies(template, document)
        ),
        **more,
    }
    return render(request, "plans/import_preview.html", context, status=422 if error else 200)


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    entity = _import_entity(request)
    form = ImportForm(request.POST or None, request.FILES or None, entity=entity)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        target = form.cleaned_data.get("update_plan")
        options = {
            "year": form.cleaned_data["year"],
            "plan_type": form.cleaned_data["plan_type"].pk
            if form.cleaned_data["plan_type"]
            else None,
            "use_template": True,
            "update_plan": target.pk if target else None,
        }
        if target is not None:  # an edited export of a draft: its changes, field by field
            try:
                document, update = _read_update(
                    content, upload.name, target, by=request.user, dry_run=True
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                token = pending_uploads.keep(request.session, content, upload.name, options)
                context = {"document": document, "update": update, "token": token}
                return render(request, "plans/import_update_preview.html", context)
        else:
            template_error = ""
            try:
                read = _read_upload(
                    content, upload.name, entity, options, by=request.user, dry_run=True
                )
            except ImportFileError as error:
                read, refused = None, error
            if read is None and import_templates.template_choices(entity):
                # The entity's template may not fit this file: read it as its headers say.
                options["use_template"] = False
                try:
                    read = _read_upload(
                        content, upload.name, entity, options, by=request.user, dry_run=True
                    )
                    template_error = str(refused)
                except ImportFileError as error:
                    refused = error
            if read is None:
                form.add_error(*_import_refused(refused))
            else:
                token = pending_uploads.keep(request.session, content, upload.name, options)
                options = pending_uploads.load(request.session, token)[1]
                return _preview(
                    request, token, options, entity, read, template_error=template_error
                )
    return render(
        request, "plans/import_form.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
def plan_import_columns(request: HttpRequest, token: str) -> HttpResponse:
    """The preview again with the columns the planner chose, or without the entity's template;
    or, asked to, those columns kept as the entity's template."""
    entity = _import_entity(request)
    pending = pending_uploads.load(request.session, token)
    if pending is None:
        messages.error(request, "La importación ya no está disponible; cargue el archivo de nuevo.")
        return redirect("plans:import")
    content, options = pending
    action = request.POST.get("action", "")
    if action in ("sin-plantilla", "con-plantilla"):
        changes = {"use_template": action == "con-plantilla", "columns": None}
    else:
        count = len(options.get("labels") or [])
        chosen = [request.POST.get(f"columna-{n}", "") for n in range(1, count + 1)]
        if any(manual_mapping.choice_problem(choice) for choice in chosen if choice):
            raise BadRequest("Campo desconocido.")
        changes = {"columns": chosen}
    pending_uploads.update(request.session, token, **changes)
    options = {**options, **changes}
    try:
        read = _read_upload(
            content, options["name"], entity, options, by=request.user, dry_run=True
        )
    except ImportFileError as error:
        return _preview(request, token, options, entity, error=_import_refused(error)[1])
    saved = False
    if action == "guardar-plantilla":
        if entity is None:
            raise PermissionDenied("La plantilla es de una entidad: la guarda su Planeación.")
        import_templates.save_import_template(
            entity, import_columns.template_mapping(read[0]), by=request.user
        )
        pending_uploads.update(request.session, token, use_template=True)
        options["use_template"] = saved = True
    return _preview(request, token, options, entity, read, template_saved=saved)


@require_POST
def plan_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    entity = _import_entity(request)
    pending = pending_uploads.load(request.session, token)
    if pending is None:
        messages.error(request, "La importación ya no está disponible; cargue el archivo de nuevo.")
        return redirect("plans:import")
    content, info = pending
    if request.POST.get("action") != "confirmar":
        pending_uploads.discard(request.session, token)
        messages.info(request, f"Se canceló la importación de «{info['name']}»; no se guardó nada.")
        return redirect("plans:import")
    target = None
    if info.get("update_plan"):
        target = get_object_or_404(Plan, pk=info["update_plan"], entity=entity)
    try:
        if target is not None:
            _document, update = _read_update(
                content, info["name"], target, by=request.user, dry_run=False
            )
        else:
            _document, result = _read_upload(
                content, info["name"], entity, info, by=request.user, dry_run=False
            )
    except ImportFileError as error:
        messages.error(request, _import_refused(error)[1])
        return redirect("plans:import")
    finally:
        pending_uploads.discard(request.session, token)
    if target is not None:
        count = len(update.changes.header) + len(update.changes.activities)
        messages.success(
            request,
            f"Se actualizó «{target.title}» desde «{info['name']}»: "
            f"{count} cambio{'s' if count != 1 else ''}; cada uno queda en el historial.",
        )
        return redirect("plans:edit", target.pk)
    messages.success(
        request,
        f"Se importó «{result.plan.title}» con {result.activities} actividades. Revise las "
        "advertencias en la revisión del plan.",
    )
    return redirect("plans:edit", result.plan.pk)


@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page as a PDF for publication (same template as the page)."""
    plan = selectors.plan_for_user(request.user, pk)
    response = HttpResponse(exports.plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-{plan.year}.pdf"'
    return response
