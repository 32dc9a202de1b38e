"""Pages of the Plan de Desarrollo: the dashboard, the plan's structure (edited by Planeación),
its import, the links of a plan de acción's activities to metas, and the public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import feedback, uploads
from core.params import whole_number
from development import columns, importing, selectors, services
from development.forms import FORMS, ImportForm, LinkForm, MeasureForm, PlanForm
from development.models import ActivityGoal, DevelopmentPlan, Goal, Program, StrategicLine
from formats.document import ImportFileError
from organization import policy
from organization.models import Entity
from organization.selectors import entity_by_nit
from plans import pending_uploads
from plans import selectors as plan_selectors
from plans.models import Activity, Plan

MODELS = {"line": StrategicLine, "program": Program, "goal": Goal}
PARENTS = {"line": DevelopmentPlan, "program": StrategicLine, "goal": Program}
ENTITY_FIELD = {
    DevelopmentPlan: "entity",
    StrategicLine: "plan__entity",
    Program: "plan__entity",
    Goal: "plan__entity",
}
SPREADSHEETS = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    "application/octet-stream",
}


def _visible(user, model, pk: int):
    """The object, or 404 when it is not of an entity the user may read."""
    queryset = model.objects.all()
    if model is not DevelopmentPlan:
        queryset = queryset.select_related("plan", "plan__entity")
    else:
        queryset = queryset.select_related("entity")
    return policy.get_visible_or_404(queryset, user, entity_field=ENTITY_FIELD[model], pk=pk)


def _editable(user, model, pk: int):
    obj = _visible(user, model, pk)
    entity_id = obj.entity_id if model is DevelopmentPlan else obj.plan.entity_id
    if not policy.is_planner(user, entity_id):
        raise PermissionDenied("Solo Planeación de la entidad modifica su Plan de Desarrollo.")
    return obj


def _year(request: HttpRequest, plan: DevelopmentPlan | None) -> int:
    today = timezone.localdate().year
    asked = whole_number(request.GET.get("anio", ""))
    if plan is None:
        return asked or today
    if asked in plan.years:
        return asked
    return today if plan.covers(today) else plan.start_year


def _entity(request: HttpRequest) -> tuple[Entity, bool]:
    """The entity the dashboard shows (the user's, or one they oversee) and whether it is
    read-only for them."""
    entity = policy.dashboard_entity(request.user, request.GET.get("entidad", ""))
    return entity, not policy.is_planner(request.user, entity.pk)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The entity's Plan de Desarrollo by línea, programa and meta, for a year."""
    entity, read_only = _entity(request)
    plans = list(selectors.entity_plans(entity.pk))
    asked = whole_number(request.GET.get("plan", ""))
    plan = next((p for p in plans if p.pk == asked), None) or selectors.current_plan(
        entity.pk, timezone.localdate().year
    )
    year = _year(request, plan)
    overseen = sorted(
        Entity.objects.filter(pk__in=policy.visible_entity_ids(request.user)),
        key=lambda e: e.name,
    )
    context = {
        "entity": entity,
        "entities": overseen if len(overseen) > 1 else [],
        "read_only": read_only,
        "plans": plans,
        "plan": plan,
        "year": year,
        "progress": selectors.plan_progress(plan, year) if plan else None,
        "formulas": selectors.FORMULAS,
        # The year's plans de acción, whose activities serve the metas.
        "action_plans": plan_selectors.plans_for_user(request.user)
        .filter(entity=entity, year=year)
        .exclude(status=Plan.Status.ARCHIVED)
        .order_by("plan_type__position", "title"),
    }
    return render(request, "development/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación de una entidad crea su Plan de Desarrollo.")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(member.entity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            feedback.on_form(form, error)
        else:
            messages.success(request, f"Se creó «{plan.name}».")
            return redirect("development:detail", pk=plan.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "development/plan_form.html", {"form": form}, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's líneas, programas and metas; Planeación edits them here."""
    plan = _visible(request.user, DevelopmentPlan, pk)
    lines = list(plan.lines.all())
    programs = list(plan.programs.all())
    goals = list(plan.goals.select_related("responsible_unit"))
    linked = set(
        ActivityGoal.objects.filter(goal__plan=plan).values_list("goal_id", flat=True).distinct()
    )
    for goal in goals:
        goal.linked = goal.pk in linked
    for program in programs:
        program.goal_list = [g for g in goals if g.program_id == program.pk]
    for line in lines:
        line.program_list = [p for p in programs if p.line_id == line.pk]
    context = {
        "plan": plan,
        "lines": lines,
        "can_edit": policy.is_planner(request.user, plan.entity_id),
    }
    return render(request, "development/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request.user, DevelopmentPlan, pk)
    form = PlanForm(request.POST or None, instance=DevelopmentPlan.objects.get(pk=plan.pk))
    stale = None
    if request.method == "POST" and form.is_valid():
        revision = whole_number(request.POST.get("revision", "")) or 0
        try:
            services.change_plan(
                plan, by=request.user, expected_revision=revision, **form.cleaned_data
            )
        except services.StaleEdit as error:
            stale = error
        except ValidationError as error:
            feedback.on_form(form, error)
        else:
            return redirect("development:detail", pk=plan.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "plan": plan, "stale": stale, "revision": plan.revision}
    return render(request, "development/plan_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A new línea (in a plan), programa (in a línea) or meta (in a programa)."""
    parent = _editable(request.user, PARENTS[kind], pk)
    plan = parent if kind == "line" else parent.plan
    return _item_form(request, kind, plan, parent, None)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    obj = _editable(request.user, MODELS[kind], pk)
    return _item_form(request, kind, obj.plan, None, obj)


def _item_form(request, kind, plan, parent, obj) -> HttpResponse:
    form_class = FORMS[MODELS[kind]]
    extra = {"plan": plan} if kind == "goal" else {}
    instance = MODELS[kind].objects.get(pk=obj.pk) if obj else None
    form = form_class(request.POST or None, instance=instance, **extra)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        revision = whole_number(request.POST.get("revision", "")) or 0
        save = {"line": services.save_line, "program": services.save_program}.get(
            kind, services.save_goal
        )
        target = parent if obj is None else (obj.plan if kind == "line" else None)
        if obj is not None and kind == "program":
            target = obj.line
        elif obj is not None and kind == "goal":
            target = obj.program
        try:
            saved = save(
                target,
                by=request.user,
                **({kind: obj, "expected_revision": revision} if obj else {}),
                **values,
            )
        except services.StaleEdit as error:
            stale = error
        except ValidationError as error:
            feedback.on_form(form, error)
        else:
            messages.success(request, "Se guardaron los cambios.")
            return redirect(reverse("development:detail", args=[plan.pk]) + f"#{kind}-{saved.pk}")
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "plan": plan,
        "kind": kind,
        "obj": obj,
        "parent": parent,
        "stale": stale,
        "revision": obj.revision if obj else "",
        "what": services.LABELS[MODELS[kind]],
    }
    return render(request, "development/item_form.html", context, status=status)


@require_POST
def delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    obj = _editable(request.user, MODELS[kind], pk)
    try:
        services.delete(obj, by=request.user)
    except ValidationError as error:
        feedback.refused(request, error)
    else:
        messages.success(request, f"Se eliminó {services.LABELS[MODELS[kind]]} «{obj}».")
    return redirect("development:detail", pk=obj.plan_id)


@require_POST
def move(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    obj = _editable(request.user, MODELS[kind], pk)
    services.move(obj, by=request.user, up=request.POST.get("direction") == "up")
    return redirect(reverse("development:detail", args=[obj.plan_id]) + f"#{kind}-{obj.pk}")


@require_http_methods(["GET", "POST"])
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    """A meta de resultado's measured value for a year."""
    goal = _editable(request.user, Goal, pk)
    form = MeasureForm(request.POST or None, plan=goal.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_outcome(
                goal,
                form.cleaned_data["year"],
                by=request.user,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            feedback.on_form(form, error)
        else:
            messages.success(request, f"Se registró la medición de la meta {goal.code}.")
            return redirect("development:detail", pk=goal.plan_id)
    status = 422 if request.method == "POST" else 200
    measured = goal.measures.order_by("year")
    context = {"form": form, "goal": goal, "plan": goal.plan, "measured": measured}
    return render(request, "development/measure_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a Plan Indicativo: read it and show the preview; nothing is saved yet."""
    plan = _editable(request.user, DevelopmentPlan, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content, _kind = uploads.read_checked(
                upload, allowed=SPREADSHEETS, what="un libro de Excel (.xlsx) ni un CSV"
            )
        except ValidationError as error:
            feedback.on_form(form, error)
        else:
            name = uploads.shown_name(upload.name, "plan-indicativo")
            token = pending_uploads.keep(
                request.session, content, name, {"development_plan": plan.pk, "columns": {}}
            )
            return _preview(request, plan, token)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "development/import_form.html", {"form": form, "plan": plan}, status=status
    )


def _pending(request, plan, token):
    found = pending_uploads.load(request.session, token)
    if found is None or found[1].get("development_plan") != plan.pk:
        raise Http404("Esa carga ya no está pendiente: cárguela de nuevo.")
    return found


def _preview(request, plan, token, *, status: int = 200) -> HttpResponse:
    content, info = _pending(request, plan, token)
    chosen = {int(k): v for k, v in info.get("columns", {}).items()}
    context = {"plan": plan, "token": token, "name": info["name"]}
    try:
        preview = importing.read(content, info["name"], plan, chosen)
    except ImportFileError as error:
        context["fatal"] = error
        return render(request, "development/import_preview.html", context, status=422)
    context.update(
        preview=preview,
        choices=columns.choices(plan.start_year),
        labels={
            f: columns.label_of(f, plan.start_year) for f, _ in columns.choices(plan.start_year)
        },
    )
    return render(request, "development/import_preview.html", context, status=status)


@require_POST
def import_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Change the columns' fields, confirm (everything or nothing) or cancel."""
    plan = _editable(request.user, DevelopmentPlan, pk)
    content, info = _pending(request, plan, token)
    action = request.POST.get("action", "")
    if action == "cancelar":
        pending_uploads.discard(request.session, token)
        messages.info(request, "Se canceló la importación; no se guardó nada.")
        return redirect("development:detail", pk=plan.pk)
    if action == "confirmar":
        chosen = {int(k): v for k, v in info.get("columns", {}).items()}
        try:
            preview = importing.read(content, info["name"], plan, chosen)
            counts = importing.save(plan, preview, by=request.user)
        except ImportFileError as error:
            messages.error(request, f"No se importó nada. {error}")
            return _preview(request, plan, token, status=422)
        pending_uploads.discard(request.session, token)
        messages.success(
            request,
            f"Se importó el Plan Indicativo: {counts['created']} elementos nuevos y "
            f"{counts['updated']} actualizados.",
        )
        return redirect("development:detail", pk=plan.pk)
    chosen = {}
    for key, value in request.POST.items():
        position = (
            whole_number(key.removeprefix("columna-")) if key.startswith("columna-") else None
        )
        if position and columns.valid_choice(value):
            chosen[position] = value
    pending_uploads.update(request.session, token, columns=chosen)
    return _preview(request, plan, token)


@require_http_methods(["GET", "POST"])
def plan_goals(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The activities of a plan de acción and the metas de producto each serves; Planeación
    links and unlinks, the entity's members and its overseer read."""
    action_plan = plan_selectors.plan_for_user(request.user, plan_pk)
    can_edit = policy.is_planner(request.user, action_plan.entity_id)
    goals = selectors.linkable_goals(action_plan)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Solo Planeación vincula las actividades a las metas.")
        _link_action(request, action_plan, goals)
        return redirect("development:plan_goals", plan_pk=action_plan.pk)
    activities = list(Activity.objects.filter(plan=action_plan).order_by("position", "number"))
    links = selectors.plan_links(action_plan)
    for activity in activities:
        activity.goal_links = links.get(activity.pk, [])
    context = {
        "action_plan": action_plan,
        "activities": activities,
        "goals": list(goals),
        "can_edit": can_edit,
    }
    return render(request, "development/plan_goals.html", context)


def _link_action(request, action_plan, goals) -> None:
    unlink = whole_number(request.POST.get("unlink", ""))
    if unlink:
        found = ActivityGoal.objects.filter(pk=unlink, activity__plan=action_plan).first()
        if found is None:
            raise Http404("Ese vínculo no existe.")
        try:
            services.unlink(found, by=request.user)
        except ValidationError as error:
            feedback.refused(request, error)
        else:
            messages.success(request, "Se quitó el vínculo.")
        return
    form = LinkForm(request.POST, goals=goals)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"No se vinculó: {problems}")
        return
    activity = Activity.objects.filter(pk=form.cleaned_data["activity"], plan=action_plan).first()
    if activity is None:
        raise Http404("Esa actividad no es de este plan.")
    try:
        services.link(
            activity, form.cleaned_data["goal"], by=request.user, weight=form.cleaned_data["weight"]
        )
    except ValidationError as error:
        feedback.refused(request, error)
    else:
        messages.success(
            request,
            f"La actividad {activity.number} sirve a la meta {form.cleaned_data['goal'].code}.",
        )


@login_not_required
@never_cache
@require_GET
def public(request: HttpRequest, nit: str) -> HttpResponse:
    """The Plan de Desarrollo's progress as published plans de acción show it."""
    entity = entity_by_nit(nit)
    plan = selectors.current_plan(entity.pk, timezone.localdate().year)
    year = _year(request, plan)
    context = {
        "entity": entity,
        "public_entity": entity,
        "plan": plan,
        "year": year,
        "progress": selectors.plan_progress(plan, year) if plan else None,
        "formulas": selectors.FORMULAS,
    }
    return render(request, "development/public.html", context)
