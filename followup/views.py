from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from consultation import selectors as consultations
from core.feedback import on_form, refused
from core.params import whole_number
from dialogue import selectors as dialogue
from followup import measures, oversight_filters, periods, selectors, services, sources
from followup.downloads import evidence_response
from followup.forms import ReopenForm, ReportForm, ReviewForm, VerificationForm
from followup.models import Evidence, Report
from organization import policy
from organization import selectors as people
from organization.forms import EntitySettingsForm
from organization.models import Entity, FollowupScheme, Role
from plans import selectors as plan_selectors
from plans.models import Activity, Plan
from plans.schedule import PERIOD_LABELS


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("activity__plan__entity", "submitted_by"), pk=pk
    )
    if not policy.can_view_report(request.user, report):
        raise Http404("No existe o no tiene acceso a este seguimiento.")
    return report


@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    """What each person has to do now: report, review or verify; close the compromisos of
    their dependencias; answer a consultation's observations (Planeación)."""
    member = policy.membership(request.user)
    if member is None:
        raise PermissionDenied("No tiene una entidad asignada.")
    today = timezone.localdate()
    items, upcoming = selectors.reports_to_send(request.user, member.entity, today)
    is_planner = member.role == Role.PLANNER
    is_auditor = policy.is_auditor(request.user, member.entity_id)
    context = {
        "plans_to_do": plan_selectors.workflow_pending(request.user),
        "items": items,
        "upcoming": upcoming,
        "to_review": selectors.reports_to_review(member.entity) if is_planner else [],
        "to_verify": selectors.reports_to_verify(member.entity) if is_auditor else [],
        "commitments": _commitments_to_close(member, is_planner),
        "to_answer": consultations.awaiting_answer(member.entity_id) if is_planner else [],
        "account_requests": (
            people.open_account_requests(member.entity_id, for_user=request.user)
            if is_planner
            else []
        ),
        "today": today,
    }
    return render(request, "followup/pending.html", context)


def _commitments_to_close(member, is_planner: bool):
    """Planeación follows every open compromiso; a dependencia's people, their own."""
    if is_planner:
        return dialogue.open_commitments_for(member.entity_id, None)
    if member.role == Role.REPORTER:
        units = member.units.values_list("pk", flat=True)
        return dialogue.open_commitments_for(member.entity_id, units)
    return []


def _report_initial(report: Report | None, proposal: sources.Proposal | None = None) -> dict:
    """The form as the report left it; a report not yet written starts from what the
    indicator's records propose, if it has a source."""
    if report is None:
        initial = {"revision": 0}
        if proposal is not None:
            initial |= {
                "value": proposal.value,
                "numerator": proposal.numerator,
                "denominator": proposal.denominator,
                "delivered": {True: "1", False: "0"}.get(proposal.delivered, ""),
            }
        return initial
    return {
        "value": report.value,
        "numerator": report.numerator,
        "denominator": report.denominator,
        "delivered": {True: "1", False: "0"}.get(report.delivered, ""),
        "narrative": report.narrative,
        "commitments": report.commitments,
        "obligations": report.obligations,
        "correction_reason": report.source_correction,
        "revision": report.revision,
    }


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, activity_pk: int, period: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("plan__entity"), pk=activity_pk)
    if not policy.may_report(request.user, activity):
        raise Http404("No existe o no le corresponde reportar esta actividad.")
    plan = activity.plan
    plan_periods = periods.plan_periods(plan)
    if not 1 <= period <= len(plan_periods):
        raise Http404("Periodo inexistente.")
    report = Report.objects.filter(activity=activity, period=period).first()
    proposal = sources.proposal(activity, plan_periods[period - 1])
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        activity=activity,
        sourced=proposal is not None,
        initial=_report_initial(report, proposal),
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("evidence_file")
        url = form.cleaned_data.get("evidence_url")
        evidence = []
        if upload or url:
            evidence.append(
                services.EvidenceData(
                    upload=upload,
                    url=url or "",
                    description=form.cleaned_data["evidence_description"],
                    public=form.cleaned_data["evidence_public"],
                )
            )
        submit = "enviar" in request.POST
        write = services.submit_report if submit else services.save_report
        try:
            write(
                activity,
                period,
                by=request.user,
                data=form.report_data(),
                expected_revision=form.cleaned_data["revision"],
                evidence=evidence,
            )
        except services.StaleReport as error:
            stale = error
            report = error.report
            form = ReportForm(
                activity=activity,
                sourced=proposal is not None,
                initial=_report_initial(report, proposal),
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            if submit:
                messages.success(request, "El seguimiento se envió a Planeación.")
                return redirect("followup:pending")
            messages.success(request, "Se guardó el borrador del seguimiento.")
            return redirect("followup:report_form", activity.pk, period)
    current = plan_periods[period - 1]
    context = {
        "activity": activity,
        "plan": plan,
        "period_label": current.label,
        "report": report,
        "form": form,
        "stale": stale,
        "evidence": report.evidence.all() if report else [],
        "window": periods.submission_window(plan, current, report, timezone.localdate()),
        "goal": selectors.activity_goals(activity, plan_periods)[period - 1],
        "history": selectors.report_history(report) if report else [],
        "in_force": plan.status == Plan.Status.PUBLISHED,
        "proposal": proposal,
    }
    status = 409 if stale else (422 if form.errors else 200)
    return render(request, "followup/report_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    plan = report.activity.plan
    is_planner = policy.is_planner(request.user, plan.entity_id)
    is_auditor = policy.may_verify(request.user, report)
    revision = {"revision": report.revision}
    review_form = ReviewForm(request.POST or None, initial=revision) if is_planner else None
    verify_form = (
        VerificationForm(request.POST or None, activity=report.activity, initial=revision)
        if is_auditor
        else None
    )
    stale = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in {"validar", "devolver", "verificar"}:
            raise PermissionDenied("Acción no permitida.")
        form = verify_form if action == "verificar" else review_form
        if form is None:
            raise PermissionDenied("Acción no permitida.")
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("revision")
            try:
                if action == "validar":
                    services.validate_report(
                        report, by=request.user, comment=data["comment"], expected_revision=expected
                    )
                    done = "El seguimiento quedó validado."
                elif action == "devolver":
                    services.return_report(
                        report, by=request.user, comment=data["comment"], expected_revision=expected
                    )
                    done = "El seguimiento se devolvió al responsable."
                else:
                    services.verify_report(
                        report, by=request.user, expected_revision=expected, **data
                    )
                    done = "Se registró la verificación de Control Interno."
            except services.StaleReport as error:
                stale = error
                report = _report_or_404(request, pk)
            except ValidationError as error:
                refused(request, error)
                return redirect("followup:report", report.pk)
            else:
                messages.success(request, done)
                return redirect("followup:report", report.pk)
    if stale:
        review_form = ReviewForm(initial={"revision": report.revision}) if is_planner else None
        verify_form = (
            VerificationForm(activity=report.activity, initial={"revision": report.revision})
            if is_auditor
            else None
        )
    in_force = plan.status == Plan.Status.PUBLISHED
    context = {
        "report": report,
        "activity": report.activity,
        "plan": plan,
        "period_label": PERIOD_LABELS[report.period],
        "evidence": report.evidence.all(),
        "verifications": list(report.verifications.select_related("verified_by")),
        "executed": services.executed_progress(report),
        "financial": measures.Financial(
            report.activity.appropriation, report.commitments, report.obligations
        ),
        "review_form": review_form
        if in_force and report.status == Report.Status.SUBMITTED
        else None,
        "verify_form": verify_form
        if in_force and report.status == Report.Status.VALIDATED
        else None,
        "formulas": measures.FORMULAS,
        "history": selectors.report_history(report),
        "stale": stale,
        "in_force": in_force,
        "newer": _carried_copy(report) if plan.status == Plan.Status.ARCHIVED else None,
    }
    return render(request, "followup/report_detail.html", context, status=409 if stale else 200)


def _carried_copy(report: Report) -> Report | None:
    """The same report in the version that replaced the plan, if it went on there."""
    return Report.objects.filter(carried_from=report).first()


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report__activity__plan"), pk=pk)
    if not evidence.file or not policy.can_view_report(request.user, evidence.report):
        raise Http404("No existe o no tiene acceso a esta evidencia.")
    return evidence_response(evidence)


@require_http_methods(["GET", "POST"])
def periods_page(request: HttpRequest) -> HttpResponse:
    """Planeación's view of the vigencia's windows, for each follow-up scheme its plans use,
    with a reopening form for any period."""
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación administra los periodos de seguimiento.")
    entity = member.entity
    year = oversight_filters.requested_year(request.GET)
    form = ReopenForm(request.POST or None)
    if request.method == "POST":
        number = request.POST.get("period", "")
        scheme = request.POST.get("scheme", entity.followup_scheme)
        if scheme not in dict(FollowupScheme.choices):
            raise BadRequest("Periodicidad desconocida.")
        if form.is_valid() and whole_number(number, digits=1) is not None:
            try:
                period = services.reopen_period(
                    entity, year, int(number), by=request.user, scheme=scheme, **form.cleaned_data
                )
            except ValidationError as error:
                refused(request, error)
            else:
                messages.success(
                    request,
                    f"El periodo {period.label} de {year} queda abierto para enviar el "
                    f"seguimiento hasta el {period.reopened_until:%d/%m/%Y}.",
                )
        else:
            messages.error(request, "Indique hasta cuándo y el motivo para reabrir el periodo.")
        return redirect(f"{request.path}?vigencia={year}")
    today = timezone.localdate()
    used = set(
        Plan.objects.filter(entity=entity, year=year).values_list("followup_scheme", flat=True)
    )
    schemes = [entity.followup_scheme, *sorted(used - {entity.followup_scheme})]
    tables = [
        {
            "scheme": scheme,
            "label": FollowupScheme(scheme).label[0].lower() + FollowupScheme(scheme).label[1:],
            "rows": [
                {"period": period, "state": periods.window(None, period, today).state_label}
                for period in periods.periods_for(entity, year, scheme)
            ],
        }
        for scheme in schemes
    ]
    years = sorted(
        set(Plan.objects.filter(entity=entity).values_list("year", flat=True))
        | {year, today.year, today.year + 1},
        reverse=True,
    )
    context = {
        "tables": tables,
        "year": year,
        "years": years,
        "form": form,
        "today": today,
        "entity": entity,
    }
    return render(request, "followup/periods.html", context)


@require_GET
def consolidated(request: HttpRequest) -> HttpResponse:
    """The entity's published plans of a vigencia, by period and by dependencia; printable."""
    context = entity_vigencia(request)
    context["progress"] = selectors.entity_progress(context["entity"], context["year"])
    context["formulas"] = measures.FORMULAS
    return render(request, "followup/consolidated.html", context)


def entity_vigencia(request: HttpRequest) -> dict:
    """The entity and vigencia a consolidated page is asked for: the user's own entity, or with
    ``?entidad=`` one a department's planning office oversees (any, for the system
    administrator); the years with published plans to choose from."""
    member = policy.membership(request.user)
    entity = policy.dashboard_entity(request.user, request.GET.get("entidad", ""))
    year = oversight_filters.requested_year(request.GET)
    return {
        "entity": entity,
        "overseen": member is None or entity.pk != member.entity_id,
        "year": year,
        "years": oversight_filters.published_years([entity], year),
    }


@require_GET
def dashboard(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Where a plan stands: by period, by dependencia and by activity; printable for the Comité."""
    plan = plan_selectors.plan_for_user(request.user, plan_pk)
    progress = selectors.plan_progress(plan)
    context = {
        "plan": plan,
        "progress": progress,
        "period_labels": [period.label for period in progress.periods],
        "formulas": measures.FORMULAS,
    }
    return render(request, "followup/dashboard.html", context)


@require_GET
def oversight(request: HttpRequest) -> HttpResponse:
    """Many entities side by side, read-only, grouped by department then entity: those a
    department's planning office oversees, or for the system administrator every entity of the
    deployment (the national dashboard), narrowed by the oversight filters."""
    entities = oversight_filters.overseen_entities(request.user)
    filters = oversight_filters.read_filters(request.GET, entities)
    progress = selectors.oversight_progress(
        filters.apply(entities), filters.year, plan_type=filters.plan_type
    )
    page, groups = progress.page(request.GET.get("pagina"))
    context = {
        "filters": filters,
        "year": filters.year,
        "progress": progress,
        "page": page,
        "groups": groups,
        "national": request.user.is_superuser,
        "formulas": measures.FORMULAS,
        "no_plan": measures.NO_PLAN,
    }
    return render(request, "followup/oversight.html", context)


@require_http_methods(["GET", "POST"])
def entity_settings(request: HttpRequest) -> HttpResponse:
    """Planeación's settings of its entity, among them the follow-up scheme and windows; served
    as organization:entity_settings (planaccion/urls.py)."""
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación administra el directorio de la entidad.")
    entity = member.entity
    form = EntitySettingsForm(request.POST or None, instance=entity)
    if request.method == "POST" and form.is_valid():
        services.change_entity_settings(
            Entity.objects.get(pk=entity.pk),
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, "Se guardó la configuración de la entidad.")
        return redirect("organization:entity_settings")
    return render(request, "organization/entity_settings.html", {"form": form, "entity": entity})
