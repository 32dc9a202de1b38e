"""REST API v1 (django-ninja) at /api/v1/, OpenAPI at /api/v1/openapi.json.

Public, read-only endpoints give published data under the open-data field names; personal
tokens (created and revoked in «Mi cuenta») let a user submit follow-up reports with evidence,
with that user's permissions and no more. Every error has one shape:
{"error": {"code": "...", "message": "..."}}, with "field" (the request field at fault, such as
"resultado") when a number is refused.
"""

import json
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from ninja import File, Form, NinjaAPI, Query, Schema, UploadedFile
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import Field

from api.schemas import (
    ActivityOut,
    EntityOut,
    ErrorOut,
    PeriodProgressOut,
    PlanOut,
    PlanSummary,
    ReportOut,
)
from followup import selectors as followup
from followup import services as reporting
from followup.models import Report
from organization import policy
from organization.services import user_for_api_key
from plans import selectors as plans
from plans import values
from plans.models import Activity, Plan
from portal import publication
from portal import selectors as public


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="planaccion API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    docs_url=None,
)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MOVED = {302: None}  # a replaced version: to the version in force
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}
# The API's names of the report fields a refusal may name.
API_FIELDS = {
    "value": "resultado",
    "numerator": "numerador",
    "denominator": "denominador",
    "delivered": "entregado",
}


def _error(request, status: int, code: str, message: str, field: str | None = None):
    error = {"code": code, "message": message} | ({"field": field} if field else {})
    return api.create_response(request, {"error": error}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "no_encontrado", str(exc) or "No existe o no tiene acceso.")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, "sin_permiso", str(exc) or "No tiene permiso para esta acción.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "sin_autenticar", "Falta un token válido (Authorization: Bearer).")


@api.exception_handler(ValidationError)
def invalid(request, exc):
    if isinstance(exc, reporting.StaleReport):
        details = "; ".join(
            f"{label}: usted envió «{mine}», guardado «{theirs}»"
            for label, mine, theirs in exc.changes
        )
        return _error(request, 409, "conflicto", f"{exc} {details}".strip())
    field = API_FIELDS.get(exc.problems[0].field) if isinstance(exc, values.Refused) else None
    return _error(request, 422, "invalido", " ".join(exc.messages), field=field)


@api.exception_handler(NinjaValidationError)
def malformed(request, exc):
    details = "; ".join(
        f"{'.'.join(str(p) for p in error.get('loc', []))}: {error.get('msg', '')}"
        for error in exc.errors
    )
    return _error(request, 422, "invalido", f"Datos inválidos: {details}")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, exc.status_code, "error", str(exc))


# -- public, read-only ------------------------------------------------------------------------


@api.get("/entidades", response={200: list[EntityOut], **ERRORS}, tags=["público"])
@paginate(LimitOffsetPagination)
def entities(request):
    """Entities that have published plans."""
    return [
        {
            "nit": e.nit,
            "nombre": e.name,
            "departamento": e.department,
            "municipio": e.municipality,
            "sitio_web": e.website,
        }
        for e in public.entities_with_published_plans()
    ]


class PlanFilters(Schema):
    entidad_nit: str | None = None
    vigencia: int | None = None


def _links(**links: tuple[str, dict]) -> dict:
    """OpenAPI links from an operation's 200 answer to the operations it leads to, so a client
    (and schemathesis's stateful phase) can follow a write with the reads it affects."""
    return {
        "responses": {
            200: {
                "links": {
                    name: {"operationId": operation, "parameters": parameters}
                    for name, (operation, parameters) in links.items()
                }
            }
        }
    }


@api.get(
    "/planes",
    response={200: list[PlanSummary], **ERRORS},
    tags=["público"],
    operation_id="plans",
    openapi_extra=_links(Plan=("plan", {"plan_id": "$response.body#/items/0/id"})),
)
@paginate(LimitOffsetPagination)
def published_plans(request, filters: Query[PlanFilters]):
    """Published plans, newest vigencia first."""
    plans_ = Plan.objects.published().select_related("entity", "plan_type")
    if filters.entidad_nit:
        plans_ = plans_.filter(entity__nit=filters.entidad_nit)
    if filters.vigencia is not None:
        # A year no plan may have matches nothing (and never reaches a smallint column).
        plans_ = (
            plans_.filter(year=filters.vigencia)
            if not values.year_problems(filters.vigencia)
            else plans_.none()
        )
    return [
        {
            "id": p.pk,
            "entidad_nit": p.entity.nit,
            "titulo": p.title,
            "tipo": p.plan_type.name,
            "vigencia": p.year,
            "version": p.version,
            "fecha_publicacion": p.published_at,
        }
        for p in plans_.order_by("-year", "entity__name", "pk")
    ]


class Replaced(Exception):
    """The plan asked for was published and then replaced by a newer version."""

    def __init__(self, plan: Plan, in_force: Plan):
        self.plan, self.in_force = plan, in_force


@api.exception_handler(Replaced)
def replaced(request, exc):
    """A replaced version's address leads to the version in force, as on the portal."""
    path = request.path.replace(f"/planes/{exc.plan.pk}", f"/planes/{exc.in_force.pk}", 1)
    return HttpResponseRedirect(path)


def _published(plan_id: int) -> Plan:
    plan = (
        Plan.objects.filter(status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED])
        .exclude(published_at=None)
        .select_related("entity", "plan_type", "formulating_unit")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404("Ese plan no existe o no está publicado.")
    if plan.status == Plan.Status.ARCHIVED:
        in_force = plans.version_in_force(plan)
        if in_force is None:
            raise Http404("Ese plan no existe o no está publicado.")
        raise Replaced(plan, in_force)
    return plan


@api.get(
    "/planes/{plan_id}",
    response={200: PlanOut, **ERRORS, **MOVED},
    tags=["público"],
    operation_id="plan",
    openapi_extra=_links(
        Activities=("plan_activities", {"plan_id": "$response.body#/id"}),
        Progress=("plan_progress", {"plan_id": "$response.body#/id"}),
    ),
)
def published_plan(request, plan_id: int):
    """A published plan under the open-data field names."""
    plan = _published(plan_id)
    record, _rows = plans.open_data(plan)
    return {"id": plan.pk, **record}


@api.get(
    "/planes/{plan_id}/actividades",
    response={200: list[ActivityOut], **ERRORS, **MOVED},
    tags=["público"],
    operation_id="plan_activities",
    openapi_extra=_links(
        Report=("submit_report", {"activity_id": "$response.body#/items/0/id", "periodo": 1})
    ),
)
@paginate(LimitOffsetPagination)
def plan_activities(request, plan_id: int):
    """The activities of a published plan, with their measures per period."""
    plan = _published(plan_id)
    _record, rows = plans.open_data(plan)
    ids = list(plan.activities.order_by("position", "number").values_list("pk", flat=True))
    return [{"id": pk, **row} for pk, row in zip(ids, rows, strict=True)]


@api.get(
    "/planes/{plan_id}/avance",
    response={200: list[PeriodProgressOut], **ERRORS, **MOVED},
    tags=["público"],
    operation_id="plan_progress",
)
def plan_progress(request, plan_id: int):
    """The plan's programmed, executed and compliance per period, with its traffic light."""
    progress = followup.plan_progress(_published(plan_id))
    return [
        {
            "periodo": total.period.label,
            "programado": total.programmed_shown,
            "ejecutado": total.executed_shown,
            "cumplimiento": total.compliance_shown,
            "semaforo": str(total.light),
        }
        for total in progress.totals
    ]


@api.get(
    "/planes/{plan_id}/datapackage",
    response={200: dict, **ERRORS, **MOVED},
    tags=["público"],
    operation_id="plan_datapackage",
)
def plan_datapackage(request, plan_id: int):
    """The plan's Frictionless Data Package descriptor (datapackage.json): its CSV and JSON on
    the portal, with the Table Schema of the columns, the licence, version and cut-off date.
    The same document as the portal's, kept in storage for the plan's public state."""
    with publication.public_file(_published(plan_id), publication.DESCRIPTOR) as stored:
        return json.load(stored)


# -- authenticated: follow-up reports ---------------------------------------------------------


# NaN and Infinity get through to plans.values, which refuses them in Spanish like any number
# the indicator does not allow.
Number = Annotated[Decimal, Field(allow_inf_nan=True)]


class ReportIn(Schema):
    descripcion: str = ""
    resultado: Number | None = None
    numerador: Number | None = None
    denominador: Number | None = None
    entregado: bool | None = None
    enviar: bool = False
    enlace_evidencia: str = ""
    revision: int | None = None


def _report_out(report: Report) -> dict:
    return {
        "id": report.pk,
        "actividad_id": report.activity_id,
        "plan_id": report.activity.plan_id,
        "periodo": report.period,
        "estado": report.status,
        "resultado": report.value,
        "numerador": report.numerator,
        "denominador": report.denominator,
        "entregado": report.delivered,
        "descripcion": report.narrative,
        "evidencias": report.evidence.count(),
        "revision": report.revision,
    }


@api.post(
    "/actividades/{activity_id}/seguimientos/{periodo}",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["seguimiento"],
    operation_id="submit_report",
    openapi_extra=_links(
        Plan=("plan", {"plan_id": "$response.body#/plan_id"}),
        Activities=("plan_activities", {"plan_id": "$response.body#/plan_id"}),
        Progress=("plan_progress", {"plan_id": "$response.body#/plan_id"}),
    ),
)
def submit_report(
    request,
    activity_id: int,
    periodo: int,
    data: Form[ReportIn],
    evidencia: File[UploadedFile] = None,
):
    """Save (or, with enviar=true, submit) the report of an activity for a period, with an
    optional evidence file or link. Only the activity's reporters may; windows apply to sending.
    `revision` is the report's revision the client last read (0 or none for a new report): a
    save based on an older one answers 409 with what is saved now, and writes nothing."""
    activity = get_object_or_404(Activity.objects.select_related("plan__entity"), pk=activity_id)
    if not policy.may_report(request.user, activity):
        raise Http404("No existe o no le corresponde reportar esta actividad.")
    result = reporting.ReportData(
        narrative=data.descripcion,
        value=data.resultado,
        numerator=data.numerador,
        denominator=data.denominador,
        delivered=data.entregado,
    )
    evidence = []
    if evidencia is not None or data.enlace_evidencia:
        evidence.append(reporting.EvidenceData(upload=evidencia, url=data.enlace_evidencia))
    report = reporting.save_report(
        activity,
        periodo,
        by=request.user,
        data=result,
        expected_revision=data.revision or 0,
        submit=data.enviar,
        evidence=evidence,
    )
    return _report_out(report)
