from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from followup import measures, selectors, services
from followup.downloads import evidence_response
from followup.forms import ReopenForm, ReportForm, ReviewForm, VerificationForm
from followup.models import PERIOD_LABELS, Evidence, Report
from organization import policy
from organization.models import Entity, Role
from planaccion.feedback import refused
from plans import selectors as plan_selectors
from plans.models import Activity, Plan


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("activity__plan__entity", "submitted_by"), pk=pk
    )
    if not policy.can_view_report(request.user, report):
        raise Http404("No existe o no tiene acceso a este seguimiento.")
    return report


@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    """What each person has to do now: report, review or verify."""
    member = policy.membership(request.user)
    if member is None:
        raise PermissionDenied("No tiene una entidad asignada.")
    today = timezone.localdate()
    plans = Plan.objects.filter(entity=member.entity, status=Plan.Status.PUBLISHED)
    items = []
    for plan in plans:
        periods = services.periods_for(member.entity, plan.year)
        current = next((p for p in periods if p.is_open(today)), None)
        if current is None:
            continue
        activities = policy.reportable(request.user, plan.activities.all()).prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(period=current.number),
                to_attr="current_reports",
            )
        )
        for activity in activities.order_by("position", "number"):
            report = activity.current_reports[0] if activity.current_reports else None
            items.append({"plan": plan, "activity": activity, "period": current, "report": report})
    to_review = Report.objects.none()
    if member.role == Role.PLANNER:
        to_review = Report.objects.filter(
            activity__plan__entity=member.entity, status=Report.Status.SUBMITTED
        ).select_related("activity__plan")
    to_verify = Report.objects.none()
    if member.role == Role.AUDITOR:
        to_verify = Report.objects.filter(
            activity__plan__entity=member.entity,
            status=Report.Status.VALIDATED,
            verification__isnull=True,
            submitted_at__isnull=False,
        ).select_related("activity__plan")
    context = {"items": items, "to_review": to_review, "to_verify": to_verify, "today": today}
    return render(request, "followup/pending.html", context)


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, activity_pk: int, period: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("plan__entity"), pk=activity_pk)
    if not policy.may_report(request.user, activity):
        raise Http404("No existe o no le corresponde reportar esta actividad.")
    if period not in PERIOD_LABELS:
        raise Http404("Periodo inexistente.")
    report = Report.objects.filter(activity=activity, period=period).first()
    initial = {}
    if report:
        initial = {
            "value": report.value,
            "numerator": report.numerator,
            "denominator": report.denominator,
            "delivered": {True: "1", False: "0"}.get(report.delivered, ""),
            "narrative": report.narrative,
        }
    form = ReportForm(
        request.POST or None, request.FILES or None, activity=activity, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = services.ReportData(
            narrative=form.cleaned_data["narrative"],
            value=form.cleaned_data.get("value"),
            numerator=form.cleaned_data.get("numerator"),
            denominator=form.cleaned_data.get("denominator"),
            delivered=form.cleaned_data.get("delivered"),
        )
        submit = "enviar" in request.POST
        try:
            with transaction.atomic():
                report = services.save_report(activity, period, by=request.user, data=data)
                upload = form.cleaned_data.get("evidence_file")
                url = form.cleaned_data.get("evidence_url")
                if upload or url:
                    services.add_evidence(
                        report,
                        by=request.user,
                        upload=upload,
                        url=url or "",
                        description=form.cleaned_data["evidence_description"],
                        public=form.cleaned_data["evidence_public"],
                    )
                if submit:
                    report = services.save_report(
                        activity, period, by=request.user, data=data, submit=True
                    )
        except ValidationError as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            if submit:
                messages.success(request, "El seguimiento se envió a Planeación.")
                return redirect("followup:pending")
            messages.success(request, "Se guardó el borrador del seguimiento.")
            return redirect("followup:report_form", activity.pk, period)
    context = {
        "activity": activity,
        "period_label": PERIOD_LABELS[period],
        "report": report,
        "form": form,
        "evidence": report.evidence.all() if report else [],
    }
    return render(request, "followup/report_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    entity_id = report.activity.plan.entity_id
    is_planner = policy.is_planner(request.user, entity_id)
    member = policy.membership(request.user)
    is_auditor = bool(member and member.role == Role.AUDITOR)
    review_form = ReviewForm(request.POST or None) if is_planner else None
    verification = getattr(report, "verification", None)
    verify_form = None
    if is_auditor:
        initial = {}
        if verification:
            initial = {
                "agrees": "1" if verification.agrees else "0",
                "adjusted_executed": verification.adjusted_executed,
                "observation": verification.observation,
                "public": verification.public,
            }
        verify_form = VerificationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in {"validar", "devolver"} and review_form and review_form.is_valid():
                if action == "validar":
                    services.validate_report(report, by=request.user)
                    messages.success(request, "El seguimiento quedó validado.")
                else:
                    services.return_report(
                        report, by=request.user, comment=review_form.cleaned_data["comment"]
                    )
                    messages.success(request, "El seguimiento se devolvió al responsable.")
                return redirect("followup:report", report.pk)
            if action == "verificar" and verify_form and verify_form.is_valid():
                services.verify_report(report, by=request.user, **verify_form.cleaned_data)
                messages.success(request, "Se registró la verificación de Control Interno.")
                return redirect("followup:report", report.pk)
            if action not in {"validar", "devolver", "verificar"}:
                raise PermissionDenied("Acción no permitida.")
        except ValidationError as error:
            refused(request, error)
            return redirect("followup:report", report.pk)
    context = {
        "report": report,
        "activity": report.activity,
        "period_label": PERIOD_LABELS[report.period],
        "evidence": report.evidence.all(),
        "verification": verification,
        "executed": services.executed_progress(report),
        "review_form": review_form if report.status == Report.Status.SUBMITTED else None,
        "verify_form": verify_form if report.status == Report.Status.VALIDATED else None,
        "formulas": measures.FORMULAS,
    }
    return render(request, "followup/report_detail.html", context)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report__activity__plan"), pk=pk)
    if not evidence.file or not policy.can_view_report(request.user, evidence.report):
        raise Http404("No existe o no tiene acceso a esta evidencia.")
    return evidence_response(evidence)


@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest) -> HttpResponse:
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación administra los periodos de seguimiento.")
    year = int(request.GET.get("vigencia") or timezone.localdate().year)
    form = ReopenForm(request.POST or None)
    if request.method == "POST":
        number = request.POST.get("period", "")
        if form.is_valid() and number.isdigit():
            try:
                period = services.reopen_period(
                    member.entity, year, int(number), by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                refused(request, error)
            else:
                messages.success(request, f"El periodo {period.label} quedó reabierto.")
        else:
            messages.error(request, "Indique hasta cuándo y el motivo para reabrir el periodo.")
        return redirect(f"{request.path}?vigencia={year}")
    context = {
        "periods": services.periods_for(member.entity, year),
        "year": year,
        "form": form,
        "today": timezone.localdate(),
        "entity": member.entity,
    }
    return render(request, "followup/periods.html", context)


@require_GET
def consolidated(request: HttpRequest) -> HttpResponse:
    """The entity's published plans of a vigencia, by period and by dependencia; printable."""
    member = policy.membership(request.user)
    requested = request.GET.get("entidad", "")
    if requested:
        # Another entity: one a department's planning office oversees, or any for the system
        # administrator; nothing else exists.
        visible = requested.isdigit() and (
            request.user.is_superuser or int(requested) in policy.visible_entity_ids(request.user)
        )
        if not visible:
            raise Http404("No existe o no tiene acceso a esta entidad.")
        entity = get_object_or_404(Entity, pk=int(requested))
    elif member is not None:
        entity = member.entity
    else:
        raise PermissionDenied("No tiene una entidad asignada.")
    year = _year(request)
    years = _published_years([entity], year)
    context = {
        "entity": entity,
        "overseen": member is None or entity.pk != member.entity_id,
        "year": year,
        "years": years,
        "progress": selectors.entity_progress(entity, year),
        "formulas": measures.FORMULAS,
    }
    return render(request, "followup/consolidated.html", context)


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


def _year(request: HttpRequest) -> int:
    year = request.GET.get("vigencia", "")
    return int(year) if year.isdigit() else timezone.localdate().year


def _published_years(entities, year: int) -> list[int]:
    published = Plan.objects.filter(entity__in=entities, status=Plan.Status.PUBLISHED)
    return sorted(set(published.values_list("year", flat=True)) | {year}, reverse=True)


@require_GET
def oversight(request: HttpRequest) -> HttpResponse:
    """Many entities side by side, read-only: those a department's planning office oversees, or
    for the system administrator every entity of the deployment (the national dashboard)."""
    if request.user.is_superuser:
        entities = Entity.objects.all()
    else:
        overseen = policy.overseen_entity_ids(request.user)
        if not overseen:
            raise PermissionDenied("Su cuenta no tiene entidades asignadas para consultar.")
        entities = Entity.objects.filter(pk__in=overseen)
    department = request.GET.get("departamento", "")
    year = _year(request)
    progress = selectors.oversight_progress(entities.order_by("department", "name"), year)
    rows = [r for r in progress.entities if not department or r.entity.department == department]
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    context = {
        "year": year,
        "years": sorted({year, year - 1, year + 1}, reverse=True),
        "progress": progress,
        "page": page,
        "department": department,
        "national": request.user.is_superuser,
        "formulas": measures.FORMULAS,
    }
    return render(request, "followup/oversight.html", context)
