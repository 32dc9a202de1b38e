"""The pages of the planes de mejoramiento, under /mejoramiento/: the entity's findings, each
finding with its actions and their follow-up, and the forms of Control Interno (record, edit,
close, reopen a finding) and of Planeación (add an improvement action)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.feedback import on_form, refused
from core.params import whole_number
from followup.models import Verification
from improvement import selectors, services
from improvement.forms import ActionForm, CloseForm, FindingForm, ReopenForm
from improvement.models import Finding
from organization import policy
from organization.models import Entity, Unit


def _entity(request: HttpRequest) -> Entity:
    """The user's entity, or an entity it oversees when the list asks for one."""
    wanted = whole_number(request.GET.get("entidad", ""))
    if wanted is not None and wanted in policy.visible_entity_ids(request.user):
        return Entity.objects.get(pk=wanted)
    member = policy.membership(request.user)
    if member is None:
        raise PermissionDenied("Su usuario no pertenece a una entidad.")
    return member.entity


def _finding(request: HttpRequest, pk: int) -> Finding:
    return policy.get_visible_or_404(
        Finding.objects.select_related("entity", "unit", "plan", "closed_by"), request.user, pk=pk
    )


def _audited_finding(request: HttpRequest, pk: int) -> Finding:
    finding = _finding(request, pk)
    if not policy.is_auditor(request.user, finding.entity_id):
        raise PermissionDenied("Solo Control Interno de la entidad registra y cierra hallazgos.")
    return finding


@require_http_methods(["GET"])
def finding_list(request: HttpRequest) -> HttpResponse:
    entity = _entity(request)
    filters = {
        "status": request.GET.get("estado", "") if request.GET.get("estado") in Finding.Status
        else "",
        "source": request.GET.get("fuente", "") if request.GET.get("fuente") in Finding.Source
        else "",
        "unit": whole_number(request.GET.get("dependencia", "")),
        "year": whole_number(request.GET.get("vigencia", "")),
    }  # fmt: skip
    context = {
        "entity": entity,
        "findings": selectors.findings(entity.pk, **filters),
        "counts": selectors.counts(entity.pk),
        "filters": filters,
        "statuses": Finding.Status.choices,
        "sources": Finding.Source.choices,
        "units": Unit.objects.filter(entity=entity).order_by("name"),
        "years": sorted(
            {d.year for d in Finding.objects.filter(entity=entity).dates("found_on", "year")},
            reverse=True,
        ),
        "is_auditor": policy.is_auditor(request.user, entity.pk),
        "plans": selectors.improvement_plans(entity.pk),
    }
    return render(request, "improvement/finding_list.html", context)


def _initial_from_source(request: HttpRequest, entity: Entity) -> dict:
    """A finding started from a verification (?verificacion=) or a dialogue event (?espacio=)."""
    initial: dict = {"found_on": timezone.localdate()}
    verification_id = whole_number(request.GET.get("verificacion", ""))
    if verification_id is not None:
        verification = (
            Verification.objects.filter(pk=verification_id, report__activity__plan__entity=entity)
            .select_related("report__activity__plan")
            .first()
        )
        if verification is not None:
            report = verification.report
            initial |= {
                "source": Finding.Source.VERIFICATION,
                "verification": verification.pk,
                "source_reference": (
                    f"Verificación de Control Interno, {report.activity.plan.title}, actividad "
                    f"{report.activity.number}, periodo {report.period}"
                ),
                "condition": verification.observation,
                "unit": report.activity.responsible_units.first(),
            }
    event_id = whole_number(request.GET.get("espacio", ""))
    if event_id is not None:
        from dialogue.models import Event

        event = Event.objects.filter(pk=event_id, entity=entity).first()
        if event is not None:
            initial |= {
                "source": Finding.Source.PARTICIPATION,
                "event": event.pk,
                "source_reference": f"{event.get_kind_display()}: {event.title}",
            }
    return initial


@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest) -> HttpResponse:
    member = policy.membership(request.user)
    if member is None or not policy.is_auditor(request.user, member.entity_id):
        raise PermissionDenied("Solo Control Interno de la entidad registra hallazgos.")
    entity = member.entity
    if request.method == "POST":
        form = FindingForm(entity, request.POST)
        if form.is_valid():
            try:
                finding = services.create_finding(entity, by=request.user, **form.finding_fields())
            except ValidationError as error:
                on_form(form, error)
            else:
                messages.success(request, f"Se registró el hallazgo {finding.code}.")
                return redirect("improvement:detail", finding.pk)
    else:
        form = FindingForm(entity, initial=_initial_from_source(request, entity))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "entity": entity, "finding": None}
    return render(request, "improvement/finding_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _audited_finding(request, pk)
    stale = None
    if request.method == "POST":
        form = FindingForm(finding.entity, request.POST, instance=Finding(entity=finding.entity))
        if form.is_valid():
            try:
                services.update_finding(
                    finding,
                    by=request.user,
                    expected_revision=form.cleaned_data["revision"],
                    **form.finding_fields(),
                )
            except services.StaleFinding as error:
                stale = error
                finding = error.finding
                form = FindingForm(
                    finding.entity, instance=finding, initial={"revision": finding.revision}
                )
            except ValidationError as error:
                on_form(form, error)
            else:
                messages.success(request, f"Se guardó el hallazgo {finding.code}.")
                return redirect("improvement:detail", finding.pk)
    else:
        form = FindingForm(finding.entity, instance=finding, initial={"revision": finding.revision})
    status = 409 if stale else (422 if request.method == "POST" else 200)
    context = {"form": form, "entity": finding.entity, "finding": finding, "stale": stale}
    return render(request, "improvement/finding_form.html", context, status=status)


@require_http_methods(["GET"])
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    progress = selectors.action_progress(selectors.finding_actions(finding))
    is_auditor = policy.is_auditor(request.user, finding.entity_id)
    context = {
        "finding": finding,
        "progress": progress,
        "blockers": [] if finding.is_closed else selectors.closing_blockers(finding),
        "history": selectors.history(finding),
        "is_auditor": is_auditor,
        "is_planner": policy.is_planner(request.user, finding.entity_id),
        "close_form": CloseForm(
            initial={"revision": finding.revision, "closed_on": timezone.localdate()}
        ),
        "reopen_form": ReopenForm(initial={"revision": finding.revision}),
    }
    return render(request, "improvement/finding_detail.html", context)


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    if not policy.is_planner(request.user, finding.entity_id):
        raise PermissionDenied("Solo Planeación de la entidad formula las acciones de mejora.")
    if request.method == "POST":
        form = ActionForm(finding, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            choice = services.PlanChoice(
                plan=data["plan"], new_title=data["new_title"], new_year=data["new_year"]
            )
            try:
                action = services.add_action(
                    finding,
                    by=request.user,
                    data=form.activity_data(),
                    plan=choice,
                    linked=list(data["linked_activities"]),
                )
            except ValidationError as error:
                on_form(form, error)
            else:
                messages.success(
                    request,
                    f"Se agregó la acción {action.activity.number} al plan "
                    f"«{action.activity.plan.title}».",
                )
                return redirect("improvement:detail", finding.pk)
    else:
        form = ActionForm(finding)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "improvement/action_form.html", {"form": form, "finding": finding}, status=status
    )


def _invalid(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _change_state(request: HttpRequest, pk: int, form_class, change, done: str) -> HttpResponse:
    """Close or reopen a finding from its page: the refusal, or ``done``, shown back there."""
    finding = _audited_finding(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("improvement:detail", finding.pk)
    fields = dict(form.cleaned_data)
    revision = fields.pop("revision")
    try:
        change(finding, by=request.user, expected_revision=revision, **fields)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, done.format(code=finding.code))
    return redirect("improvement:detail", finding.pk)


@require_POST
def finding_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_state(
        request, pk, CloseForm, services.close_finding, "Se cerró el hallazgo {code}."
    )


@require_POST
def finding_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_state(
        request, pk, ReopenForm, services.reopen_finding, "Se reabrió el hallazgo {code}."
    )
