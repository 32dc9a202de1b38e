"""The office's pages for dialogue spaces and compromisos (under /participacion/), and the public
calendar, record and compromisos of an entity (under /entidades/<nit>/, no log-in).

The public pages are not cached: they are small, and a stale calendar or compromiso state is
worse than a few queries. The acta of a held event is public (why: ``public_acta``); attendees'
names never leave the office's pages."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.feedback import on_form, refused
from core.params import whole_number
from dialogue import calendar, selectors, services
from dialogue.forms import (
    ActaForm,
    AttendanceForm,
    AttendeeForm,
    CancelForm,
    CloseForm,
    CommitmentForm,
    EventForm,
    EvidenceForm,
    ReopenForm,
)
from dialogue.models import Attendee, Commitment, CommitmentEvidence, Event
from organization import policy
from organization.selectors import entity_by_nit
from participation.consent import Purpose, consent_text


def _member_entity(request: HttpRequest):
    member = policy.membership(request.user)
    if member is None:
        raise PermissionDenied("Su usuario no pertenece a una entidad.")
    return member.entity


def _event(request: HttpRequest, pk: int) -> Event:
    return policy.get_visible_or_404(
        Event.objects.select_related("entity", "activity__plan"), request.user, pk=pk
    )


def _managed_event(request: HttpRequest, pk: int) -> Event:
    event = _event(request, pk)
    if not services.may_manage(request.user, event):
        raise PermissionDenied("Solo Planeación de la entidad registra los espacios de diálogo.")
    return event


def _commitment(request: HttpRequest, pk: int) -> Commitment:
    return policy.get_visible_or_404(
        Commitment.objects.select_related("event__entity", "unit", "closed_by"),
        request.user,
        entity_field="event__entity",
        pk=pk,
    )


def _revision(request: HttpRequest) -> int | None:
    return whole_number(request.POST.get("revision", ""))


def _invalid(request: HttpRequest, form) -> None:
    """A small form of the event page came back invalid: its errors as messages there."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _file_response(file, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- events -------------------------------------------------------------------------------------


@require_GET
def events(request: HttpRequest) -> HttpResponse:
    entity = _member_entity(request)
    year = whole_number(request.GET.get("anio", ""))
    kind = request.GET.get("tipo", "")
    kind = kind if kind in Event.Kind.values else ""
    status = request.GET.get("estado", "")
    status = status if status in Event.Status.values else ""
    found = selectors.entity_events(entity.pk, year=year, kind=kind, status=status)
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming = found.filter(status=Event.Status.SCHEDULED, starts_at__gte=today_start)
    past = found.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")
    return render(
        request,
        "dialogue/events.html",
        {
            "entity": entity,
            "upcoming": upcoming.order_by("starts_at"),
            "past": past,
            "years": selectors.event_years(entity.pk),
            "year": year,
            "kind": kind,
            "status": status,
            "kinds": Event.Kind.choices,
            "statuses": Event.Status.choices,
            "may_manage": policy.is_planner(request.user, entity.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    entity = _member_entity(request)
    if not policy.is_planner(request.user, entity.pk):
        raise PermissionDenied("Solo Planeación registra los espacios de diálogo.")
    form = EventForm(entity, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("revision", None)
        groups = data.pop("value_groups")
        try:
            event = services.create_event(entity, by=request.user, value_groups=groups, **data)
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, "Se registró el espacio de diálogo.")
            return redirect(event)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "dialogue/event_form.html", {"form": form, "entity": entity}, status=status
    )


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = EventForm(event.entity, request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        groups = data.pop("value_groups")
        try:
            services.change_event(
                event, by=request.user, expected_revision=revision, value_groups=groups, **data
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, "Se guardaron los cambios del espacio.")
            return redirect(event)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "dialogue/event_form.html",
        {"form": form, "entity": event.entity, "event": event},
        status=status,
    )


@require_GET
def event(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    rows, total = selectors.attendance_rows(event)
    manage = services.may_manage(request.user, event)
    commitments = list(
        event.commitments.select_related("unit").prefetch_related("evidence").order_by("due_date")
    )
    return render(
        request,
        "dialogue/event.html",
        {
            "event": event,
            "attendance": rows,
            "total": total,
            "attendees": event.attendee_list.select_related("value_group", "consent"),
            "commitments": commitments,
            "today": timezone.localdate(),
            "may_manage": manage,
            "attendance_form": AttendanceForm(event) if manage else None,
            "attendee_form": AttendeeForm(event.entity) if manage else None,
            "consent_text": consent_text(event.entity, Purpose.ATTENDANCE),
            "acta_form": ActaForm() if manage else None,
            "cancel_form": CancelForm(initial={"revision": event.revision}) if manage else None,
            "commitment_form": CommitmentForm(event.entity) if manage else None,
        },
    )


@require_POST
def event_held(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    try:
        services.mark_held(event, by=request.user, expected_revision=_revision(request))
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "El espacio quedó registrado como realizado.")
    return redirect(event)


@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    try:
        services.cancel_event(
            event,
            by=request.user,
            reason=request.POST.get("reason", ""),
            expected_revision=_revision(request),
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "El espacio quedó cancelado.")
    return redirect(event)


@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = AttendanceForm(event, request.POST)
    if not form.is_valid():
        messages.error(request, "Los asistentes de cada grupo son un número igual o mayor que 0.")
        return redirect(event)
    try:
        services.record_attendance(event, form.counts(), by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "Se guardó la asistencia por grupo de valor.")
    return redirect(event)


@require_POST
def attendee_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = AttendeeForm(event.entity, request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(event)
    try:
        services.add_attendee(event, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "Se agregó la persona a la lista de asistencia.")
    return redirect(event)


@require_POST
def attendee_remove(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    attendee = get_object_or_404(Attendee, event=event, pk=attendee_pk)
    services.remove_attendee(attendee, by=request.user)
    messages.success(request, "Se quitó la persona de la lista y se suprimieron sus datos.")
    return redirect(event)


@require_POST
def acta_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = ActaForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Elija el archivo PDF del acta.")
        return redirect(event)
    try:
        services.upload_acta(event, form.cleaned_data["acta"], by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "Se cargó el acta.")
    return redirect(event)


@require_GET
def acta(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not event.acta_file:
        raise Http404("El espacio no tiene acta.")
    return _file_response(event.acta_file, event.acta_name, "application/pdf")


@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = CommitmentForm(event.entity, request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(event)
    data = form.cleaned_data
    try:
        services.create_commitment(
            event,
            by=request.user,
            description=data["description"],
            unit=data["unit"],
            due_date=data["due_date"],
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "Se registró el compromiso.")
    return redirect(event)


# -- compromisos --------------------------------------------------------------------------------


@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    entity = _member_entity(request)
    member = policy.membership(request.user)
    units = entity.units.order_by("name")
    unit_id = whole_number(request.GET.get("dependencia", ""))
    status = request.GET.get("estado", "")
    status = status if status in {*Commitment.Status.values, "vencido"} else ""
    mine = set(member.units.values_list("pk", flat=True))
    rows = list(selectors.entity_commitments(entity.pk, unit_id=unit_id, status=status))
    planner = policy.is_planner(request.user, entity.pk)
    return render(
        request,
        "dialogue/commitments.html",
        {
            "entity": entity,
            "commitments": rows,
            "units": units,
            "unit_id": unit_id,
            "status": status,
            "statuses": [*Commitment.Status.choices, ("vencido", "Vencido")],
            "closable": {c.pk for c in rows if planner or c.unit_id in mine},
            "mine": mine,
            "today": timezone.localdate(),
        },
    )


@require_GET
def commitment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _commitment(request, pk)
    planner = services.may_manage(request.user, item.event)
    return render(
        request,
        "dialogue/commitment.html",
        {
            "commitment": item,
            "event": item.event,
            "evidence": item.evidence.select_related("uploaded_by"),
            "today": timezone.localdate(),
            "may_close": services.may_close(request.user, item),
            "may_manage": planner,
            "edit_form": (
                CommitmentForm(item.event.entity, initial=CommitmentForm.initial_for(item))
                if planner
                else None
            ),
            "evidence_form": EvidenceForm(),
            "reopen_form": ReopenForm(initial={"revision": item.revision}),
        },
    )


@require_POST
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _commitment(request, pk)
    if not services.may_manage(request.user, item.event):
        raise PermissionDenied("Solo Planeación modifica los compromisos.")
    form = CommitmentForm(item.event.entity, request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(item)
    data = form.cleaned_data
    try:
        services.change_commitment(
            item,
            by=request.user,
            expected_revision=data["revision"],
            description=data["description"],
            unit=data["unit"],
            due_date=data["due_date"],
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "Se guardaron los cambios del compromiso.")
    return redirect(item)


@require_POST
def commitment_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _commitment(request, pk)
    if not services.may_close(request.user, item):
        raise PermissionDenied("Solo la dependencia responsable o Planeación cargan evidencias.")
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(item)
    data = form.cleaned_data
    try:
        services.add_commitment_evidence(
            item,
            services.EvidenceData(
                upload=data["file"], url=data["url"], description=data["description"]
            ),
            by=request.user,
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "Se cargó la evidencia.")
    return redirect(item)


@require_http_methods(["GET", "POST"])
def commitment_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _commitment(request, pk)
    if not services.may_close(request.user, item):
        raise PermissionDenied(
            "Solo la dependencia responsable o Planeación cierran el compromiso."
        )
    form = CloseForm(
        request.POST or None,
        request.FILES or None,
        initial={"revision": item.revision, "closed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close_commitment(
                item,
                by=request.user,
                note=data["note"],
                closed_on=data["closed_on"],
                expected_revision=data["revision"],
                evidence=services.EvidenceData(
                    upload=data["file"], url=data["url"], description=data["description"]
                ),
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, "El compromiso quedó cerrado.")
            return redirect(item)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "dialogue/commitment_close.html",
        {"commitment": item, "form": form, "evidence": item.evidence.all()},
        status=status,
    )


@require_POST
def commitment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    item = _commitment(request, pk)
    if not services.may_manage(request.user, item.event):
        raise PermissionDenied("Solo Planeación reabre un compromiso.")
    try:
        services.reopen_commitment(
            item,
            by=request.user,
            reason=request.POST.get("reason", ""),
            expected_revision=_revision(request),
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, "El compromiso quedó abierto de nuevo.")
    return redirect(item)


@require_GET
def commitment_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = policy.get_visible_or_404(
        CommitmentEvidence.objects.select_related("commitment"),
        request.user,
        entity_field="commitment__event__entity",
        pk=pk,
    )
    if not evidence.file:
        return redirect(evidence.url)
    return _file_response(evidence.file, evidence.original_name, evidence.content_type)


# -- public pages -------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_events(request: HttpRequest, nit: str) -> HttpResponse:
    entity = entity_by_nit(nit)
    past = list(selectors.public_past(entity.pk))
    return render(
        request,
        "dialogue/public_events.html",
        {
            "entity": entity,
            "months": selectors.by_month(selectors.public_upcoming(entity.pk)),
            "past": past,
        },
    )


@login_not_required
@require_GET
def public_event(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    entity = entity_by_nit(nit)
    event = selectors.public_event(entity.pk, pk)
    if event is None:
        raise Http404("No existe ese espacio de diálogo.")
    rows, total = selectors.attendance_rows(event) if event.is_held else ([], 0)
    return render(
        request,
        "dialogue/public_event.html",
        {
            "entity": entity,
            "event": event,
            "attendance": rows,
            "total": total,
            "commitments": event.commitments.select_related("unit") if event.is_held else [],
            "today": timezone.localdate(),
        },
    )


@login_not_required
@require_GET
def public_acta(request: HttpRequest, nit: str, pk: int) -> HttpResponse:
    """The acta of a held event is public: Ley 1757 de 2015 (art. 56) and the Manual Único de
    Rendición de Cuentas ask for the memoria of each space to be published, and Planeación is
    told on upload that it will be. Before the event is held there is nothing to publish."""
    entity = entity_by_nit(nit)
    event = selectors.public_event(entity.pk, pk)
    if event is None or not event.is_held or not event.acta_file:
        raise Http404("Este espacio no tiene un acta publicada.")
    return _file_response(event.acta_file, event.acta_name, "application/pdf")


@login_not_required
@require_GET
def public_commitments(request: HttpRequest, nit: str) -> HttpResponse:
    entity = entity_by_nit(nit)
    rows = list(selectors.public_commitments(entity.pk))
    today = timezone.localdate()
    return render(
        request,
        "dialogue/public_commitments.html",
        {
            "entity": entity,
            "commitments": rows,
            "today": today,
            "open_count": sum(1 for c in rows if not c.is_closed),
            "closed_count": sum(1 for c in rows if c.is_closed),
            "overdue_count": sum(1 for c in rows if c.is_overdue(today)),
        },
    )


@login_not_required
@require_GET
def public_calendar(request: HttpRequest, nit: str) -> HttpResponse:
    entity = entity_by_nit(nit)
    body = calendar.ics(
        entity,
        selectors.public_upcoming(entity.pk),
        lambda event: request.build_absolute_uri(
            reverse("dialogue:public_event", args=[entity.nit, event.pk])
        ),
        now=datetime.datetime.now(datetime.UTC),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="espacios-{entity.nit}.ics"'
    return response
