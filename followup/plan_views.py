"""The plan pages and files that show the plan with its follow-up: the plan in its official
format, its open data and PDF, the differences between versions (with the reports a removed
activity keeps) and publishing. Their URLs are the plans app's (``plans:...``): the project's
urls.py lists these with plans.urls under one namespace."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import on_form
from dialogue.models import Event
from followup import document, downloads, periods, publishing, sources, tasks
from followup import selectors as followup
from followup.forms import IndicatorSourceForm
from formats import writers
from organization import policy
from plans import diff, selectors
from plans.forms import PublishForm, ReasonForm, ReturnForm
from plans.models import Plan
from plans.views import run_transition


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan in its official format. A replaced version sends the visitor to the version in
    force, which says where they came from and links back (``?archivada=1`` reads it)."""
    plan = selectors.plan_for_user(request.user, pk)
    in_force = selectors.version_in_force(plan) if plan.status == Plan.Status.ARCHIVED else None
    if in_force is not None and "archivada" not in request.GET:
        return redirect(f"{reverse('plans:detail', args=[in_force.pk])}?anterior={plan.pk}")
    today = timezone.localdate()
    context = document.format_context(plan) | {
        "is_planner": policy.is_planner(request.user, plan.entity_id),
        "can_approve": policy.can_approve(request.user, plan.entity_id),
        "next_version": Plan.objects.filter(previous_version=plan).first(),
        "in_force": in_force,
        "came_from": selectors.replaced_version(plan, request.GET.get("anterior", "")),
        "reason_form": ReasonForm(),
        "return_form": ReturnForm(),
        "late_periods": periods.periods_to_catch_up(plan, today),
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
    record, activities = document.open_data(plan, internal=internal)
    response = HttpResponse(
        writers.render(fmt, record, activities), content_type=writers.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-{plan.year}.{fmt}"'
    return response


@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page as a PDF for publication (same template as the page)."""
    plan = selectors.plan_for_user(request.user, pk)
    return downloads.generated_file_response(
        request,
        "pdf",
        lambda: tasks.plan_pdf_file(plan),
        as_attachment=True,
        filename=f"plan-{plan.pk}-{plan.year}.pdf",
        content_type="application/pdf",
    )


@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La fecha para poner al día los periodos vencidos no es válida.")
        return redirect("plans:detail", pk)
    return run_transition(
        request,
        pk,
        publishing.publish_plan,
        "El plan quedó publicado.",
        catch_up_until=form.cleaned_data["catch_up_until"],
    )


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
    changes = diff.compare(document.version_content(old), document.version_content(new))
    removed = [a.number for a in changes.activities if a.kind == "eliminada"]
    context = {
        "plan": plan,
        "old": old,
        "new": new,
        "changes": changes,
        "versions": chain,
        "kept_reports": followup.reported_periods(old, removed),
    }
    return render(request, "plans/plan_diff.html", context)


@require_http_methods(["GET", "POST"])
def plan_indicator_sources(request: HttpRequest, pk: int) -> HttpResponse:
    """Which participation records feed each activity's indicator (issue 21): everyone of the
    entity reads it, as Control Interno must; Planeación changes it."""
    plan = selectors.plan_for_user(request.user, pk)
    is_planner = policy.is_planner(request.user, plan.entity_id)
    kinds = Event.Kind.choices
    posted = None
    if request.method == "POST":
        if not is_planner:
            raise PermissionDenied("Solo Planeación define la fuente del indicador.")
        posted = IndicatorSourceForm(request.POST, event_kinds=kinds)
        if posted.is_valid():
            activity = get_object_or_404(plan.activities, pk=posted.cleaned_data["activity"])
            try:
                sources.set_indicator_source(
                    activity,
                    by=request.user,
                    source=posted.cleaned_data["source"],
                    event_kind=posted.cleaned_data["event_kind"],
                )
            except ValidationError as error:
                on_form(posted, error)
            else:
                messages.success(
                    request,
                    f"Se guardó la fuente del indicador de la actividad {activity.number}.",
                )
                url = reverse("plans:indicator_sources", args=[plan.pk])
                return redirect(f"{url}#actividad-{activity.number}")
    rows = []
    for activity in plan.activities.order_by("position", "number"):
        if posted is not None and posted.data.get("activity") == str(activity.pk):
            form = posted
            form.auto_id = f"a{activity.pk}-%s"
        else:
            form = IndicatorSourceForm(
                initial={
                    "activity": activity.pk,
                    "source": activity.indicator_source,
                    "event_kind": activity.indicator_source_event_kind,
                },
                event_kinds=kinds,
                auto_id=f"a{activity.pk}-%s",  # one page, many forms: ids stay unique
            )
        rows.append((activity, form))
    context = {"plan": plan, "rows": rows, "is_planner": is_planner, "kinds": dict(kinds)}
    status = 422 if posted is not None and posted.errors else 200
    return render(request, "followup/indicator_sources.html", context, status=status)
