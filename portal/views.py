"""Public pages: open without logging in (``@login_not_required``), showing only published data.

Anonymous visitors get cached pages, and everyone gets downloads kept in storage
(followup.publication). Both are filed under the entity's public version, which every write to
public data bumps on the entity's row (organization.public_cache), and under the path and the
few query parameters a view reads; any other parameter is dropped before the view sees it
(ADR 21).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from consultation import selectors as consultations
from core.params import whole_number
from followup import document, downloads, opendata, publication, tasks
from followup.downloads import evidence_response
from formats import datapackage
from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS
from organization import public_cache
from organization.selectors import entity_by_nit
from plans import selectors as plans
from portal import selectors

CACHE_SECONDS = 60 * 60

# The query parameters public views read, each with its normal form (None: dropped).
PARAMETERS: dict[str, Callable[[str], str | None]] = {
    # an archived version asked for itself: present or not
    "archivada": lambda _value: "1",
    # the earlier version a visitor was sent from: a plan id
    "anterior": lambda value: None if whole_number(value) is None else str(whole_number(value)),
}


def _known_parameters(request: HttpRequest, names: tuple[str, ...]) -> str:
    """Keep in ``request.GET`` only the parameters in ``names``, in their normal form, and
    return them as a query string: ``?x=1``, ``?x=2``... are the same page, one cache entry."""
    pairs = []
    for name in names:
        if name in request.GET:
            value = PARAMETERS[name](request.GET[name])
            if value is not None:
                pairs.append((name, value))
    query = urlencode(pairs)
    request.GET = QueryDict(query)
    return query


def public_entity_page(*parameters: str):
    """Login not required, GET only, entity looked up by NIT, only ``parameters`` reach the
    view, and the response is cached for anonymous visitors."""

    def decorator(view):
        @login_not_required
        @require_GET
        @wraps(view)
        def wrapper(request: HttpRequest, nit: str, *args, **kwargs) -> HttpResponse:
            query = _known_parameters(request, parameters)
            if request.user.is_authenticated:
                return view(request, entity_by_nit(nit), *args, **kwargs)
            found = public_cache.current(nit)
            if found is None:
                raise Http404("No existe una entidad con ese NIT.")
            # The version is read before the page is rendered: a page newer than its key is
            # harmless, an older one would be served until the next bump. The day is in the
            # key: a period's light turns from «aún no vence» to «sin reporte» at midnight.
            entity_id, version = found
            day = timezone.localdate().isoformat()
            key = f"public:{entity_id}:{version}:{day}:{request.path}?{query}"
            response = cache.get(key)
            if response is None:
                response = view(request, entity_by_nit(nit), *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    cache.set(key, response, CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def public_entity_file(*parameters: str):
    """Like a public page, but the response is not cached: the file is kept in storage."""

    def decorator(view):
        @login_not_required
        @require_GET
        @wraps(view)
        def wrapper(request: HttpRequest, nit: str, *args, **kwargs) -> HttpResponse:
            _known_parameters(request, parameters)
            return view(request, entity_by_nit(nit), *args, **kwargs)

        return wrapper

    return decorator


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    entities = opendata.entities_with_published_plans()
    return render(request, "portal/home.html", {"entities": entities})


@public_entity_page()
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


@public_entity_page("anterior", "archivada")
def plan(request: HttpRequest, entity, pk: int) -> HttpResponse:
    shown = selectors.public_plan(entity, pk)
    moved = _replaced(request, entity, shown, "portal:plan")
    if moved:
        return moved
    came_from = plans.replaced_version(shown, request.GET.get("anterior", ""))
    if came_from is None and "anterior" in request.GET:
        # Not an earlier version of this plan: the page without it, so that made-up ids cost
        # a redirect each, not a render and a cache entry each.
        kept = request.GET.copy()
        del kept["anterior"]
        return redirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)
    context = document.format_context(shown)
    reports = context["progress"].reports
    context |= {
        "entity": entity,
        "public_entity": entity,
        "evidence": selectors.public_evidence(reports),
        "verifications": selectors.public_verifications(reports),
        "came_from": came_from,
        "matrix": consultations.matrix_published(shown),
        "in_force": plans.version_in_force(shown)
        if shown.status == shown.Status.ARCHIVED
        else None,
    }
    return render(request, "portal/plan.html", context)


@public_entity_file("archivada")
def plan_download(request: HttpRequest, entity, pk: int, fmt: str) -> HttpResponse:
    published = selectors.public_plan(entity, pk)
    moved = _replaced(request, entity, published, "portal:download", fmt)
    if moved:
        return moved
    if fmt not in publication.CONTENT_TYPES:
        raise Http404("Formato no disponible.")
    return downloads.generated_file_response(
        request,
        fmt,
        lambda: tasks.public_file(published, fmt),
        as_attachment=True,
        filename=f"plan-{entity.nit}-{published.year}-{published.pk}.{fmt}",
        content_type=publication.CONTENT_TYPES[fmt],
    )


@public_entity_file("archivada")
def plan_datapackage(request: HttpRequest, entity, pk: int) -> HttpResponse:
    """The plan's datapackage.json (Frictionless), beside its CSV and JSON."""
    published = selectors.public_plan(entity, pk)
    moved = _replaced(request, entity, published, "portal:datapackage")
    if moved:
        return moved
    return FileResponse(
        publication.public_file(published, publication.DESCRIPTOR),
        content_type=publication.CONTENT_TYPES["json"],
    )


def _catalogue_context(entity=None) -> dict:
    by_entity: dict = {}
    for plan in opendata.published_plans(entity):
        by_entity.setdefault(plan.entity, []).append(plan)
    return {"by_entity": by_entity, "entity": entity, "license": datapackage.LICENSE}


@login_not_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every published plan of every entity with its open data, and the bulk downloads."""
    return render(request, "portal/catalogue.html", _catalogue_context())


@public_entity_page()
def entity_catalogue(request: HttpRequest, entity) -> HttpResponse:
    context = _catalogue_context(entity) | {"public_entity": entity}
    return render(request, "portal/catalogue.html", context)


def _zip(entity, filename: str) -> FileResponse:
    """A bulk download; a data package holds at least one resource, so none without plans."""
    if not opendata.published_plans(entity).exists():
        raise Http404("No hay planes publicados que descargar.")
    return FileResponse(
        publication.bulk_file(entity),
        as_attachment=True,
        filename=filename,
        content_type=opendata.ZIP_MEDIA_TYPE,
    )


@login_not_required
@require_GET
def bulk(request: HttpRequest) -> FileResponse:
    """Every published plan of the deployment: a zip data package kept in storage."""
    return _zip(None, f"{opendata.BULK_NAME}.zip")


@public_entity_file()
def entity_bulk(request: HttpRequest, entity) -> FileResponse:
    return _zip(entity, f"{opendata.BULK_NAME}-{entity.nit}.zip")


@login_not_required
@require_GET
def dcat(request: HttpRequest) -> FileResponse:
    """The DCAT catalogue (JSON-LD) harvesters read."""
    return FileResponse(publication.dcat_file(), content_type="application/ld+json; charset=utf-8")


@public_entity_page()
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
    return evidence_response(selectors.public_evidence_file(entity_by_nit(nit), pk))


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@login_not_required
@require_GET
def data_dictionary(request: HttpRequest) -> HttpResponse:
    context = {"plan_fields": PLAN_FIELDS, "activity_fields": ACTIVITY_FIELDS}
    return render(request, "portal/data_dictionary.html", context)
