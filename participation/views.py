"""Pages of the participation register: the grupos de valor with their characterisation, the
titular's personal-data requests (Ley 1581) through Planeación, and their public pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import on_form
from organization import policy
from organization.models import Entity
from organization.selectors import entity_by_nit
from participation import characterisation, consent, personal_data, selectors, services
from participation.forms import (
    CharacterisationFormSet,
    CharacterisationImportForm,
    PersonalDataEraseForm,
    PersonalDataRequestForm,
    ValueGroupForm,
    characterisation_initial,
)
from participation.models import Consent, ValueGroup


def _member_entity(request: HttpRequest) -> Entity:
    member = policy.membership(request.user)
    if member is None:
        raise PermissionDenied("Los grupos de valor son de una entidad; usted no tiene una.")
    return member.entity


def _planner_entity(request: HttpRequest) -> Entity:
    entity = _member_entity(request)
    if not policy.is_planner(request.user, entity.pk):
        raise PermissionDenied("Solo Planeación de la entidad hace esto.")
    return entity


def _group(request: HttpRequest, pk: int, *, planner: bool = True) -> ValueGroup:
    # Looked up in the user's entity before the role is checked: another entity's id is a 404.
    entity = _member_entity(request)
    group = get_object_or_404(ValueGroup, pk=pk, entity=entity)
    if planner and not policy.is_planner(request.user, entity.pk):
        raise PermissionDenied("Solo Planeación de la entidad modifica los grupos de valor.")
    return group


# -- the participation section -------------------------------------------------------------------


@require_GET
def hub(request: HttpRequest) -> HttpResponse:
    """Where the office's participation pages start: each exercise, the register and, for
    Planeación, the titulares' requests."""
    entity = _member_entity(request)
    context = {"entity": entity, "is_planner": policy.is_planner(request.user, entity.pk)}
    return render(request, "participation/hub.html", context)


# -- the register ---------------------------------------------------------------------------------


@require_GET
def value_groups(request: HttpRequest) -> HttpResponse:
    entity = _member_entity(request)
    context = {
        "entity": entity,
        "groups": selectors.register(entity),
        "may_edit": policy.is_planner(request.user, entity.pk),
    }
    return render(request, "participation/value_groups.html", context)


@require_POST
def install_defaults(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    if entity.value_groups.exists():
        messages.info(
            request, "El registro ya tiene grupos de valor; no se cargaron los sugeridos."
        )
    else:
        groups = services.install_default_value_groups(entity, by=request.user)
        messages.success(request, f"Se cargaron {len(groups)} grupos de valor sugeridos.")
    return redirect("participation:value_groups")


@require_http_methods(["GET", "POST"])
def value_group_create(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    form = ValueGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_value_group(
                entity,
                form.cleaned_data["name"],
                by=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, f"Se agregó el grupo de valor «{group.name}».")
            return redirect("participation:value_groups")
    return render(request, "participation/value_group_form.html", {"form": form, "group": None})


@require_http_methods(["GET", "POST"])
def value_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    initial = {"name": group.name, "description": group.description}
    form = ValueGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_value_group(
                ValueGroup.objects.get(pk=group.pk),
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, f"Se guardó el grupo de valor «{form.cleaned_data['name']}».")
            return redirect("participation:value_groups")
    return render(request, "participation/value_group_form.html", {"form": form, "group": group})


@require_POST
def value_group_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    group = services.set_value_group_active(_group(request, pk), active, by=request.user)
    if active:
        messages.success(request, f"«{group.name}» vuelve a las listas de selección.")
    else:
        messages.success(
            request,
            f"«{group.name}» quedó inactivo: ya no aparece en las listas de selección, y los "
            "registros que lo nombran lo conservan.",
        )
    return redirect("participation:value_groups")


@require_POST
def value_group_move(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    step = {"subir": -1, "bajar": 1}.get(request.POST.get("direction", ""))
    if step:
        services.move_value_group(group, step, by=request.user)
        messages.success(request, f"Se movió «{group.name}» en el orden del registro.")
    return redirect(f"{reverse('participation:value_groups')}#grupo-{group.pk}")


@require_http_methods(["GET", "POST"])
def value_group_characterisation(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's aggregates by dimension; Planeación edits them here, row by row."""
    group = _group(request, pk, planner=request.method == "POST")
    may_edit = policy.is_planner(request.user, group.entity_id)
    formset = CharacterisationFormSet(
        request.POST or None, initial=characterisation_initial(group), prefix="fila"
    )
    if request.method == "POST" and formset.is_valid():
        try:
            services.characterise_value_group(group, formset.aggregates(), by=request.user)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, f"Se guardó la caracterización de «{group.name}».")
            return redirect("participation:value_group_characterisation", pk=group.pk)
    return _characterisation_page(request, group, formset, CharacterisationImportForm(), may_edit)


def _characterisation_page(request, group, formset, import_form, may_edit) -> HttpResponse:
    context = {
        "group": group,
        "tables": characterisation.tables(group.characterisation),
        "formset": formset if may_edit else None,
        "import_form": import_form if may_edit else None,
        "suggested": characterisation.SUGGESTED_VARIABLES,
        "dimensions": ValueGroup.Dimension,
    }
    return render(request, "participation/characterisation.html", context)


@require_POST
def value_group_characterisation_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the characterisation with a CSV or XLSX of aggregates: all rows or none."""
    group = _group(request, pk)
    form = CharacterisationImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = characterisation.read_file(
                upload.read(), upload.name, date=form.cleaned_data["date"]
            )
            services.characterise_value_group(group, rows, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request, f"Se cargaron {len(rows)} filas de caracterización de «{group.name}»."
            )
            return redirect("participation:value_group_characterisation", pk=group.pk)
    formset = CharacterisationFormSet(initial=characterisation_initial(group), prefix="fila")
    return _characterisation_page(request, group, formset, form, True)


# -- personal data (Ley 1581) ---------------------------------------------------------------------


def _found(entity: Entity, email: str) -> list[tuple[str, list[personal_data.Found]]]:
    return [(h.label, h.records) for h in selectors.personal_data_of(entity, email)]


EXPORT_FORMATS = (("json", "JSON"), ("csv", "CSV"))


@require_http_methods(["GET", "POST"])
def personal_data_request(request: HttpRequest) -> HttpResponse:
    """Planeación looks up a titular's records by e-mail (the request came by mail or in
    person) and from here exports or erases them. POST, so the e-mail stays out of the URL."""
    entity = _planner_entity(request)
    form = PersonalDataRequestForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = _found(entity, form.cleaned_data["email"])
    context = {
        "entity": entity,
        "form": form,
        "found": found,
        "total": sum(len(items) for _label, items in found or []),
        "formats": EXPORT_FORMATS,
    }
    return render(request, "participation/personal_data.html", context)


@require_POST
def personal_data_export(request: HttpRequest) -> HttpResponse:
    entity = _planner_entity(request)
    form = PersonalDataRequestForm(request.POST)
    fmt = request.POST.get("format")
    if not form.is_valid() or fmt not in ("json", "csv"):
        return render(
            request,
            "participation/personal_data.html",
            {"entity": entity, "form": form, "found": None},
        )
    email = form.cleaned_data["email"]
    found = _found(entity, email)
    services.record_personal_data_export(
        entity,
        email,
        by=request.user,
        request=form.request_data(),
        counts={label: len(items) for label, items in found},
    )
    writer = personal_data.as_json if fmt == "json" else personal_data.as_csv
    content_type = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(
        writer(entity, email, found), content_type=f"{content_type}; charset=utf-8"
    )
    name = f"datos-personales-{form.cleaned_data['radicado']}-{timezone.localdate():%Y%m%d}"
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def personal_data_erase(request: HttpRequest) -> HttpResponse:
    """Two steps: the confirmation page (with the reason), then the erasure."""
    entity = _planner_entity(request)
    confirmed = request.POST.get("confirm") == "1"
    form = PersonalDataEraseForm(request.POST if confirmed else None, initial=request.POST)
    if confirmed and form.is_valid():
        try:
            counts = services.erase_personal_data(
                entity, form.cleaned_data["email"], by=request.user, request=form.request_data()
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request,
                f"Se suprimieron los datos del titular en {sum(counts.values())} registros. "
                "Las autorizaciones se conservan, sin el correo, como prueba.",
            )
            return redirect("participation:personal_data")
    email = request.POST.get("email", "")
    found = _found(entity, email) if PersonalDataRequestForm(request.POST).is_valid() else []
    context = {"entity": entity, "form": form, "found": found, "email": email}
    return render(request, "participation/personal_data_erase.html", context)


# -- public pages ---------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_value_groups(request: HttpRequest, nit: str) -> HttpResponse:
    """The register and its characterisation, as published under transparency rules
    (aggregates only)."""
    entity = entity_by_nit(nit)
    groups = [
        (group, characterisation.tables(group.characterisation))
        for group in selectors.active_groups(entity)
    ]
    context = {"entity": entity, "public_entity": entity, "groups": groups}
    return render(request, "participation/public_value_groups.html", context)


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest, nit: str) -> HttpResponse:
    """The entity's policy for the personal data of participation (Ley 1581, Decreto 1377)."""
    entity = entity_by_nit(nit)
    purposes = [
        {
            "label": label,
            "text": consent.consent_text(entity, purpose),
            "years": consent.retention_days(purpose) // 365,
        }
        for purpose, label in Consent.Purpose.choices
    ]
    context = {"entity": entity, "public_entity": entity, "purposes": purposes}
    return render(request, "participation/privacy_notice.html", context)
