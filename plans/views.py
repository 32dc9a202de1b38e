from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from formats.writers import opendata
from plans import selectors
from plans.models import Plan, PlanType


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_user(request.user)
    years = sorted(set(plans.values_list("year", flat=True)), reverse=True)
    filters = {
        "year": request.GET.get("vigencia", ""),
        "type": request.GET.get("tipo", ""),
        "status": request.GET.get("estado", ""),
    }
    if filters["year"].isdigit():
        plans = plans.filter(year=int(filters["year"]))
    if filters["type"]:
        plans = plans.filter(plan_type__code=filters["type"])
    if filters["status"] in Plan.Status.values:
        plans = plans.filter(status=filters["status"])
    context = {
        "plans": plans,
        "years": years,
        "plan_types": PlanType.objects.filter(is_active=True),
        "statuses": Plan.Status.choices,
        "filters": filters,
        "show_entity": request.user.is_superuser,
    }
    return render(request, "plans/plan_list.html", context)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "rows": selectors.plan_rows(plan),
        "participating": plan.participating_units.all(),
        "months": selectors.MONTHS,
    }
    return render(request, "plans/plan_detail.html", context)


@require_GET
def plan_open_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in opendata.CONTENT_TYPES:
        raise Http404("Formato no disponible.")
    plan = selectors.plan_for_user(request.user, pk)
    record, activities = selectors.open_data(plan)
    response = HttpResponse(
        opendata.render(fmt, record, activities), content_type=opendata.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-{plan.year}.{fmt}"'
    return response
