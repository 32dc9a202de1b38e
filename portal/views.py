"""Public pages: open without logging in (``@login_not_required``), showing only published data.

Anonymous visitors get cached pages; the cache key carries the entity's public version, which
publishing a plan or validating a report bumps (organization.public_cache).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from followup.downloads import evidence_response
from formats import writers
from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS
from organization import public_cache
from plans import exports
from plans import selectors as plans
from portal import selectors

CACHE_SECONDS = 60 * 60


def public_entity_page(view):
    """Login not required, entity looked up by NIT, response cached for anonymous visitors."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, nit: str, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, selectors.entity_by_nit(nit), *args, **kwargs)
        entity_id = public_cache.entity_id(nit)
        if entity_id is None:
            raise Http404("No existe una entidad con ese NIT.")
        # A cached page is served from the cache alone, without a database query. The day is
        # in the key: a period's light turns from «aún no vence» to «sin reporte» at midnight.
        day = timezone.localdate().isoformat()
        key = (
            f"public:{entity_id}:{public_cache.version(entity_id)}:{day}:{request.get_full_path()}"
        )
        response = cache.get(key)
        if response is None:
            response = view(request, selectors.entity_by_nit(nit), *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, CACHE_SECONDS)
        return response

    return wrapper


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    entities = selectors.entities_with_published_plans()
    return render(request, "portal/home.html", {"entities": entities})


@public_entity_page
def entity(request: HttpRequest, entity) -> HttpResponse:
    plans_by_year: dict[int, list] = {}
    for plan in selectors.published_plans(entity):
        plans_by_year.setdefault(plan.year, []).append(plan)
    context = {"entity": entity, "plans_by_year": plans_by_year, "public_entity": entity}
    return render(request, "portal/entity.html", context)


def _replaced(request: HttpRequest, entity, plan, url_name: str, *args) -> HttpResponse | None:
    """A replaced version's public address sends visitors to the version in force (with a
    notice there), unless they asked for the archived version itself (``?archivada=1``)."""
    if plan.status != plan.Status.ARCHIVED or "archivada" in request.GET:
        return None
    in_force = plans.version_in_force(plan)
    if in_force is None:
        return None
    target = reverse(url_name, args=[entity.nit, in_force.pk, *args])
    return redirect(f"{target}?anterior={plan.pk}" if not args else target)


@public_entity_page
def plan(request: HttpRequest, entity, pk: int) -> HttpResponse:
    shown = selectors.public_plan(entity, pk)
    moved = _replaced(request, entity, shown, "portal:plan")
    if moved:
        return moved
    context = plans.format_context(shown)
    reports = context["progress"].reports
    context |= {
        "entity": entity,
        "public_entity": entity,
        "evidence": selectors.public_evidence(reports),
        "verifications": selectors.public_verifications(reports),
        "came_from": plans.replaced_version(shown, request.GET.get("anterior", "")),
        "in_force": plans.version_in_force(shown)
        if shown.status == shown.Status.ARCHIVED
        else None,
    }
    return render(request, "portal/plan.html", context)


@public_entity_page
def plan_download(request: HttpRequest, entity, pk: int, fmt: str) -> HttpResponse:
    published = selectors.public_plan(entity, pk)
    moved = _replaced(request, entity, published, "portal:download", fmt)
    if moved:
        return moved
    if fmt == "pdf":
        content = exports.plan_pdf(published)
        content_type = "application/pdf"
    elif fmt in writers.CONTENT_TYPES:
        content = writers.render(fmt, *plans.open_data(published))
        content_type = writers.CONTENT_TYPES[fmt]
    else:
        raise Http404("Formato no disponible.")
    response = HttpResponse(content, content_type=content_type)
    name = f"plan-{entity.nit}-{published.year}-{published.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@public_entity_page
def transparency(request: HttpRequest, entity) -> HttpResponse:
    """The «4.3 Plan de Acción» items of the Resolución 1519 transparency menu."""
    published = list(selectors.published_plans(entity))
    by_type = {plan.plan_type.code: plan for plan in published}
    context = {
        "entity": entity,
        "public_entity": entity,
        "plans": published,
        "purchases": by_type.get("plan-anual-adquisiciones"),
    }
    return render(request, "portal/transparency.html", context)


@login_not_required
@require_GET
def evidence(request: HttpRequest, nit: str, pk: int) -> FileResponse:
    return evidence_response(selectors.public_evidence_file(selectors.entity_by_nit(nit), pk))


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@login_not_required
@require_GET
def data_dictionary(request: HttpRequest) -> HttpResponse:
    context = {"plan_fields": PLAN_FIELDS, "activity_fields": ACTIVITY_FIELDS}
    return render(request, "portal/data_dictionary.html", context)
