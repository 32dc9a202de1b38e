from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.feedback import on_form
from organization import divipola, policy, services
from organization.api_tokens import create_api_token, revoke_api_token
from organization.forms import (
    EntityCorrectionForm,
    EntityCreateForm,
    MemberForm,
    UnitForm,
    municipality_options,
)
from organization.models import ApiToken, Entity, EntityKind, Membership, Unit


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
        try:
            unit = services.create_unit(
                entity,
                form.cleaned_data["name"],
                by=request.user,
                aliases=form.alias_list(),
                is_whole_entity=form.cleaned_data["is_whole_entity"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, f"Se agregó la dependencia «{unit.name}».")
            return redirect("organization:directory")
    return render(request, "organization/unit_form.html", {"form": form, "unit": None})


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entity = _planner_entity(request)
    unit = get_object_or_404(Unit, pk=pk, entity=entity)
    form = UnitForm(request.POST or None, entity_id=entity.pk, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(
                Unit.objects.get(pk=unit.pk),  # a refused change leaves the page's copy alone
                by=request.user,
                name=form.cleaned_data["name"],
                aliases=form.alias_list(),
                is_whole_entity=form.cleaned_data["is_whole_entity"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, f"Se guardó la dependencia «{form.cleaned_data['name']}».")
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
            revoke_api_token(token, by=request.user)
            messages.success(request, f"Se revocó el token «{token.name}».")
            return redirect("organization:api_tokens")
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "Escriba un nombre para el token (para qué lo usará).")
        else:
            _token, new_key = create_api_token(request.user, name)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "organization/api_tokens.html", {"tokens": tokens, "new_key": new_key})


def _superuser(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied("Solo el administrador del sistema registra entidades.")


@require_GET
def entities(request: HttpRequest) -> HttpResponse:
    """The system administrator's list of entities, filtered by department and kind."""
    _superuser(request)
    rows = Entity.objects.annotate(
        member_count=Count("memberships", distinct=True), plan_count=Count("plans", distinct=True)
    )
    department = request.GET.get("departamento", "")
    kind = request.GET.get("tipo", "")
    if divipola.department(department):
        rows = rows.filter(department_code=department)
    else:
        department = ""
    if kind in EntityKind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "organization/entities.html",
        {
            "entities": rows,
            "department": department,
            "kind": kind,
            "department_choices": divipola.department_choices(),
            "kind_choices": EntityKind.choices,
            "filtered": bool(department or kind),
        },
    )


@require_http_methods(["GET", "POST"])
def entity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The system administrator corrects how the State identifies an entity: name, NIT,
    DIVIPOLA codes, kind, order and category. Planeación's settings page does not change them."""
    _superuser(request)
    entity = get_object_or_404(Entity, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = EntityCorrectionForm(data, instance=entity)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_identification(
                entity.pk, by=request.user, seen=form.cleaned_data["seen"], **form.identification()
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, f"Se guardó la identificación de {entity.name}.")
            return redirect("organization:entities")
    status = 422 if form.errors else 200
    return render(
        request, "organization/entity_form.html", {"form": form, "entity": entity}, status=status
    )


@require_GET
def divipola_municipalities(request: HttpRequest) -> HttpResponse:
    """The municipality select's options for the chosen department (htmx reloads them when the
    department changes; without JavaScript the form lists them all)."""
    department = request.GET.get("departamento") or request.GET.get("department_code", "")
    groups = [
        (label, choices) if isinstance(choices, list) else ("", [(label, choices)])
        for label, choices in municipality_options(department)
    ]
    return render(request, "organization/_municipality_options.html", {"groups": groups})


@require_http_methods(["GET", "POST"])
def entity_create(request: HttpRequest) -> HttpResponse:
    _superuser(request)
    form = EntityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entity, planner = services.create_entity_with_planner(
                entity_fields=form.identification(),
                planner={
                    "username": data["planner_username"],
                    "first_name": data["planner_first_name"],
                    "last_name": data["planner_last_name"],
                    "email": data["planner_email"],
                },
                by=request.user,
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request,
                f"Se registró {entity.name} (NIT {entity.nit}). {planner.get_full_name()} "
                f"recibirá en {planner.email} un enlace para elegir su contraseña.",
            )
            return redirect("organization:entities")
    return render(request, "organization/entity_form.html", {"form": form})


@require_GET
def members(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    rows = (
        Membership.objects.filter(entity=entity)
        .select_related("user")
        .prefetch_related("units")
        .order_by("-user__is_active", "user__first_name", "user__username")
    )
    return render(request, "organization/members.html", {"entity": entity, "members": rows})


@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    form = MemberForm(request.POST or None, entity=entity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invite_member(
                entity,
                username=data["username"],
                email=data["email"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                units=data["units"],
                by=request.user,
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request,
                f"Se creó el usuario «{user.username}»; le llegará la invitación a {user.email}.",
            )
            return redirect("organization:members")
    return render(request, "organization/member_form.html", {"form": form, "member": None})


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entity = _planner_entity(request)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, entity=entity)
    form = MemberForm(request.POST or None, entity=entity, membership=membership)
    if request.method == "POST" and form.is_valid():
        if membership.user_id == request.user.pk and (
            form.cleaned_data["role"] != membership.role or not form.cleaned_data["is_active"]
        ):
            # Nobody changes their own role or deactivates themselves.
            form.add_error(
                None,
                "No puede cambiar su propio rol ni desactivarse: pídalo a otro usuario de "
                "Planeación o al administrador del sistema.",
            )
        else:
            try:
                services.update_member(
                    membership,
                    by=request.user,
                    role=form.cleaned_data["role"],
                    units=form.cleaned_data["units"],
                    is_active=form.cleaned_data["is_active"],
                )
            except ValidationError as error:
                on_form(form, error)
            else:
                messages.success(request, f"Se guardaron los cambios de «{membership.user}».")
                return redirect("organization:members")
    return render(request, "organization/member_form.html", {"form": form, "member": membership})
