from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from organization import policy, services
from organization.forms import UnitForm
from organization.models import ApiToken, Entity, Unit


def _planner_entity(request: HttpRequest) -> Entity:
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación administra el directorio de la entidad.")
    return member.entity


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    units = (
        Unit.objects.filter(entity=entity)
        .prefetch_related("aliases")
        .order_by("-is_active", "name")
    )
    return render(request, "organization/directory.html", {"entity": entity, "units": units})


@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    form = UnitForm(request.POST or None, entity_id=entity.pk)
    if request.method == "POST" and form.is_valid():
        unit = services.create_unit(
            entity,
            form.cleaned_data["name"],
            by=request.user,
            aliases=form.alias_list(),
            is_whole_entity=form.cleaned_data["is_whole_entity"],
        )
        messages.success(request, f"Se agregó la dependencia «{unit.name}».")
        return redirect("organization:directory")
    return render(request, "organization/unit_form.html", {"form": form, "unit": None})


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entity = _planner_entity(request)
    unit = get_object_or_404(Unit, pk=pk, entity=entity)
    form = UnitForm(request.POST or None, entity_id=entity.pk, unit=unit)
    if request.method == "POST" and form.is_valid():
        services.update_unit(
            unit,
            by=request.user,
            name=form.cleaned_data["name"],
            aliases=form.alias_list(),
            is_whole_entity=form.cleaned_data["is_whole_entity"],
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, f"Se guardó la dependencia «{unit.name}».")
        return redirect("organization:directory")
    return render(request, "organization/unit_form.html", {"form": form, "unit": unit})


@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's personal API tokens: create one (shown once) or revoke one."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            token = get_object_or_404(
                ApiToken, pk=request.POST["revoke"], user=request.user, revoked_at__isnull=True
            )
            services.revoke_api_token(token, by=request.user)
            messages.success(request, f"Se revocó el token «{token.name}».")
            return redirect("organization:api_tokens")
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "Escriba un nombre para el token (para qué lo usará).")
        else:
            _token, new_key = services.create_api_token(request.user, name)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "organization/api_tokens.html", {"tokens": tokens, "new_key": new_key})
