from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import on_form
from organization import divipola, invitations, policy, selectors, services
from organization.api_tokens import create_api_token, revoke_api_token
from organization.forms import (
    DismissForm,
    EntityCorrectionForm,
    EntityCreateForm,
    MemberForm,
    PersonForm,
    UnitForm,
    municipality_options,
)
from organization.models import AccountRequest, ApiToken, Entity, EntityKind, Membership, Unit


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
            "requests": selectors.account_requests_for_administrator(),
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
    rows = selectors.members_with_state(entity.pk)
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
    context = {
        "form": form,
        "member": membership,
        "state": invitations.invitation_state(membership.user),
    }
    return render(request, "organization/member_form.html", context)


# -- People management (issue 23) ------------------------------------------------------------


def _managed_membership(request: HttpRequest, pk: int) -> Membership:
    """A membership the user manages: any for the system administrator; for Planeación, its
    entity's (another entity's answer 404, as if they did not exist)."""
    memberships = Membership.objects.select_related("user", "entity")
    if request.user.is_superuser:
        return get_object_or_404(memberships, pk=pk)
    entity = _planner_entity(request)
    return get_object_or_404(memberships, pk=pk, entity=entity)


def _people_url(request: HttpRequest, membership: Membership) -> str:
    if request.user.is_superuser:
        return reverse("organization:entity_members", args=[membership.entity_id])
    return reverse("organization:members")


@require_GET
def entity_members(request: HttpRequest, pk: int) -> HttpResponse:
    """The system administrator's view of one entity's people (its planners above all)."""
    _superuser(request)
    entity = get_object_or_404(Entity, pk=pk)
    context = {
        "entity": entity,
        "members": selectors.members_with_state(entity.pk),
        "requests": selectors.open_account_requests(entity.pk),
    }
    return render(request, "organization/entity_members.html", context)


@require_POST
def member_resend(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _managed_membership(request, pk)
    try:
        user = services.resend_invitation(membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Se envió una nueva invitación a {user.email}; el enlace anterior ya no sirve.",
        )
    return redirect(_people_url(request, membership))


@require_http_methods(["GET", "POST"])
def member_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a person's e-mail and names."""
    membership = _managed_membership(request, pk)
    user = membership.user
    initial = {"email": user.email, "first_name": user.first_name, "last_name": user.last_name}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.correct_person(membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _corrected_message(user, changed))
            return redirect(_people_url(request, membership))
    context = {
        "form": form,
        "member": membership,
        "state": invitations.invitation_state(user),
        "back": _people_url(request, membership),
    }
    return render(request, "organization/member_correct.html", context)


def _corrected_message(user, changed: dict) -> str:
    if not changed:
        return f"No había nada que cambiar en los datos de «{user.username}»."
    text = f"Se corrigieron los datos de «{user.username}»."
    if "email" in changed:
        text += f" El correo ahora es {changed['email'][1]}"
        text += "; se le avisó al correo anterior."
    return text


@require_http_methods(["GET", "POST"])
def request_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """A request from «Mi cuenta»: apply it (correcting the data) or dismiss it with a reason."""
    account_request = get_object_or_404(
        AccountRequest.objects.select_related("user__membership__entity", "resolved_by"), pk=pk
    )
    membership = _managed_membership(request, account_request.user.membership.pk)
    user = account_request.user
    initial = {
        "email": account_request.email or user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
    }
    decision = request.POST.get("decision") if request.method == "POST" else None
    form = PersonForm(request.POST if decision == "apply" else None, initial=initial)
    dismiss = DismissForm(request.POST if decision == "dismiss" else None)
    if decision == "apply" and form.is_valid():
        try:
            services.apply_account_request(account_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, f"Se aplicó la solicitud de «{user}» y se le avisó.")
            return redirect(_after_request(request))
    elif decision == "dismiss" and dismiss.is_valid():
        try:
            services.dismiss_account_request(
                account_request, by=request.user, reason=dismiss.cleaned_data["reason"]
            )
        except ValidationError as error:
            on_form(dismiss, error)
        else:
            messages.success(request, f"Se descartó la solicitud de «{user}» y se le avisó.")
            return redirect(_after_request(request))
    elif request.method == "POST" and decision not in ("apply", "dismiss"):
        messages.error(request, "Elija aplicar o descartar la solicitud.")
    context = {
        "account_request": account_request,
        "member": membership,
        "form": form,
        "dismiss": dismiss,
        "state": invitations.invitation_state(user),
        "is_own": account_request.user_id == request.user.pk,
    }
    return render(request, "organization/request_resolve.html", context)


def _after_request(request: HttpRequest) -> str:
    return reverse("organization:entities" if request.user.is_superuser else "followup:pending")
