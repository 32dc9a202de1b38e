"""REST API v1 (django-ninja) at /api/v1/: documentation page at /api/v1/docs, OpenAPI at
/api/v1/openapi.json, both in Spanish (api.openapi).

Public, read-only endpoints give published data under the open-data field names; personal
tokens (created and revoked in «Mi cuenta») let a user submit follow-up reports with evidence,
with that user's permissions and no more. Every error has one shape (api.errors); public reads
may be called from any web page (api.middleware).
"""

import json
from decimal import Decimal
from typing import Annotated

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from ninja import File, Form, Path, Query, Schema, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import AfterValidator, Field

from api import errors
from api.openapi import DESCRIPTION, TAGS, DocsPage, SpanishApi
from api.schemas import (
    ActivityOut,
    EntityOut,
    ErrorOut,
    PeriodProgressOut,
    PlanOut,
    PlanSummary,
    ReportOut,
)
from followup import document, opendata, publication
from followup import selectors as followup
from followup import services as reporting
from followup.models import Report
from organization import policy
from organization.api_tokens import user_for_api_key
from organization.nit import InvalidNit, nit_readings
from plans import selectors as plans
from plans import values
from plans.models import Activity, Plan


class TokenAuth(HttpBearer):
    openapi_description = (
        "Token personal, creado en «Mi cuenta» › «Tokens personales de la API»: "
        "Authorization: Bearer <token>."
    )

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


api = SpanishApi(
    title="API de planes de acción",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=DocsPage(),
    docs_url="/docs",
    openapi_extra={"tags": TAGS},
)
errors.install(api)
PUBLIC = "Datos públicos"
ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 500: ErrorOut}
MOVED = {302: None}  # a replaced version: to the version in force
WRITE_ERRORS = {**ERRORS, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut}


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, description="Cuántos elementos dar (100 si no se dice).")
        offset: int = Field(0, ge=0, description="Desde cuál elemento empezar (0 el primero).")

    # A page is sliced in the database, whose integers have 64 bits (SQLite's and PostgreSQL's
    # bigint): a limit or offset past this asks for nothing more, and must not overflow the query.
    LARGEST = 2**61

    def paginate_queryset(self, queryset, pagination, request, **params):
        pagination.offset = min(pagination.offset, self.LARGEST)
        pagination.limit = min(pagination.limit, self.LARGEST)
        return super().paginate_queryset(queryset, pagination, request, **params)


# -- public, read-only ------------------------------------------------------------------------


@api.get(
    "/entidades",
    response={200: list[EntityOut], **ERRORS},
    tags=[PUBLIC],
    summary="Entidades con planes publicados",
    description="Las entidades públicas que tienen al menos un plan publicado, por nombre. "
    "Use su `nit` para filtrar los planes.",
)
@paginate(Pages)
def entities(request):
    """Entities that have published plans."""
    return [
        {
            "nit": e.nit,
            "nombre": e.name,
            "departamento": e.department,
            "municipio": e.municipality,
            "codigo_departamento": e.department_code,
            "codigo_municipio": e.municipality_code,
            "tipo_entidad": e.kind,
            "orden": e.order,
            "categoria": e.category,
            "sitio_web": e.website,
        }
        for e in opendata.entities_with_published_plans()
    ]


def _checked_nit(text: str) -> str:
    """Refuses (422, naming the field) a text that cannot be a NIT or has a wrong check digit."""
    try:
        nit_readings(text)
    except InvalidNit as exc:
        raise ValueError(str(exc)) from exc
    return text


class PlanFilters(Schema):
    entidad_nit: Annotated[str, AfterValidator(_checked_nit)] | None = Field(
        None,
        description="NIT de la entidad, escrito como sea: 891.900.493-2, 891900493-2, "
        "891900493 (sin dígito de verificación)… Si trae dígito de verificación, debe ser el "
        "correcto.",
    )
    vigencia: int | None = Field(None, description="Año fiscal del plan, como 2025.")


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
    tags=[PUBLIC],
    operation_id="plans",
    summary="Planes publicados",
    description="Los planes publicados y vigentes (no las versiones reemplazadas), de la vigencia "
    "más reciente a la más antigua; se filtran por entidad y por vigencia.",
    openapi_extra=_links(Plan=("plan", {"plan_id": "$response.body#/items/0/id"})),
)
@paginate(Pages)
def published_plans(request, filters: Query[PlanFilters]):
    """Published plans, newest vigencia first."""
    plans_ = Plan.objects.published().select_related("entity", "plan_type")
    if filters.entidad_nit:
        nits = [str(nit) for nit in nit_readings(filters.entidad_nit)]
        plans_ = plans_.filter(entity__nit__in=nits)
    if filters.vigencia is not None:
        # A year no plan may have matches nothing (and never reaches a smallint column).
        plans_ = (
            plans_.filter(year=filters.vigencia)
            if not values.year_problems(filters.vigencia)
            else plans_.none()
        )
    # A queryset of the page's fields: the pagination counts and slices it in the database
    # (13,608 plans built whole took 1.4 s a request on the national preset).
    return plans_.order_by("-year", "entity__name", "pk").values(
        "id",
        "version",
        entidad_nit=F("entity__nit"),
        titulo=F("title"),
        tipo=F("plan_type__name"),
        vigencia=F("year"),
        fecha_publicacion=F("published_at"),
    )


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


PlanId = Annotated[int, Path(description="Identificador del plan (el «id» que da /planes).")]


@api.get(
    "/planes/{plan_id}",
    response={200: PlanOut, **ERRORS, **MOVED},
    tags=[PUBLIC],
    operation_id="plan",
    summary="Un plan publicado",
    description="Los datos del plan con los nombres de campo de los datos abiertos, con su avance "
    "y semáforo al último periodo cerrado. Si esa versión fue reemplazada, redirige (302) a la "
    "versión vigente.",
    openapi_extra=_links(
        Activities=("plan_activities", {"plan_id": "$response.body#/id"}),
        Progress=("plan_progress", {"plan_id": "$response.body#/id"}),
    ),
)
def published_plan(request, plan_id: PlanId):
    """A published plan under the open-data field names."""
    plan = _published(plan_id)
    record, _rows = document.open_data(plan)
    return {"id": plan.pk, **record}


@api.get(
    "/planes/{plan_id}/actividades",
    response={200: list[ActivityOut], **ERRORS, **MOVED},
    tags=[PUBLIC],
    operation_id="plan_activities",
    summary="Actividades de un plan publicado",
    description="Las actividades del plan en su orden, con tareas, cronograma, indicador, "
    "responsables y, por periodo, el resultado validado, el avance programado y ejecutado, el "
    "cumplimiento y el semáforo. Los borradores de seguimiento nunca aparecen.",
    openapi_extra=_links(
        Report=("submit_report", {"activity_id": "$response.body#/items/0/id", "periodo": 1})
    ),
)
@paginate(Pages)
def plan_activities(request, plan_id: PlanId):
    """The activities of a published plan, with their measures per period."""
    plan = _published(plan_id)
    _record, rows = document.open_data(plan)
    ids = list(plan.activities.order_by("position", "number").values_list("pk", flat=True))
    return [{"id": pk, **row} for pk, row in zip(ids, rows, strict=True)]


@api.get(
    "/planes/{plan_id}/avance",
    response={200: list[PeriodProgressOut], **ERRORS, **MOVED},
    tags=[PUBLIC],
    operation_id="plan_progress",
    summary="Avance de un plan por periodo",
    description="Para cada periodo de seguimiento, el avance programado y ejecutado del plan "
    "(promedio ponderado de sus actividades), el cumplimiento y el semáforo.",
)
def plan_progress(request, plan_id: PlanId):
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
    tags=[PUBLIC],
    operation_id="plan_datapackage",
    summary="Paquete de datos (Frictionless) de un plan publicado",
    description="El descriptor datapackage.json del plan: sus recursos CSV y JSON en el portal, "
    "el esquema de cada columna (tipos, valores permitidos de estado y semáforo, clave "
    "primaria), la licencia, la versión y la fecha de corte. Es el mismo documento del portal.",
)
def plan_datapackage(request, plan_id: PlanId):
    """The plan's Frictionless Data Package descriptor (datapackage.json): its CSV and JSON on
    the portal, with the Table Schema of the columns, the licence, version and cut-off date.
    The same document as the portal's, kept in storage for the plan's public state."""
    with publication.public_file(_published(plan_id), publication.DESCRIPTOR) as stored:
        return json.load(stored)


# -- authenticated: follow-up reports ---------------------------------------------------------


# NaN and Infinity get through to plans.values, which refuses them in Spanish like any number
# the indicator does not allow.
NumberIn = Annotated[Decimal, Field(allow_inf_nan=True)]


class ReportIn(Schema):
    descripcion: str = Field(
        "", description="Narración del avance del periodo (obligatoria al enviar)."
    )
    resultado: NumberIn | None = Field(
        None, description="Resultado acumulado, para un indicador de conteo (hasta 2 decimales)."
    )
    numerador: NumberIn | None = Field(
        None, description="Numerador, para un indicador de porcentaje."
    )
    denominador: NumberIn | None = Field(
        None, description="Denominador, para un indicador de porcentaje (mayor que 0)."
    )
    entregado: bool | None = Field(None, description="Si se entregó, para un indicador de hito.")
    enviar: bool = Field(
        False, description="true envía el reporte a Planeación; false lo guarda como borrador."
    )
    enlace_evidencia: str = Field("", description="Enlace (https://…) a una evidencia.")
    motivo_correccion: str = Field(
        "",
        max_length=2000,
        description="Si el indicador tiene fuente (registros de participación) y el resultado no "
        "es el que ellos proponen: por qué. Sin motivo, enviar una cifra distinta responde 422.",
    )
    compromisos: NumberIn | None = Field(
        None,
        description="Compromisos acumulados en pesos (hasta 2 decimales), para una actividad "
        "con apropiación o BPIN; no pueden superar la apropiación.",
    )
    obligaciones: NumberIn | None = Field(
        None,
        description="Obligaciones acumuladas en pesos; no pueden superar los compromisos.",
    )
    revision: int | None = Field(
        None,
        description="La «revision» del reporte que usted leyó (0 o vacío si es nuevo). Si el "
        "reporte cambió desde entonces, responde 409 con las diferencias y no guarda nada.",
    )


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
        "compromisos": report.commitments,
        "obligaciones": report.obligations,
        "evidencias": report.evidence.count(),
        "revision": report.revision,
    }


@api.post(
    "/actividades/{activity_id}/seguimientos/{periodo}",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["Seguimiento"],
    operation_id="submit_report",
    summary="Reportar el seguimiento de una actividad",
    description="Guarda (o, con `enviar=true`, envía a Planeación) el reporte de la actividad en "
    "el periodo, con un archivo de evidencia (PDF, imagen, hoja de cálculo…) o un enlace, "
    "opcionales. Pide un token de alguien que reporte esa actividad; enviar solo se puede con "
    "la ventana del periodo abierta. Se manda como formulario (`multipart/form-data`).",
    openapi_extra=_links(
        Plan=("plan", {"plan_id": "$response.body#/plan_id"}),
        Activities=("plan_activities", {"plan_id": "$response.body#/plan_id"}),
        Progress=("plan_progress", {"plan_id": "$response.body#/plan_id"}),
    ),
)
def submit_report(
    request,
    activity_id: Annotated[
        int, Path(description="Identificador de la actividad (el «id» de /actividades).")
    ],
    periodo: Annotated[
        int, Path(description="Número del periodo: 1 a 4 (1 a 3 si es cuatrimestral).")
    ],
    data: Form[ReportIn],
    evidencia: Annotated[UploadedFile, File(description="Archivo de evidencia, opcional.")] = None,
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
        correction_reason=data.motivo_correccion,
        commitments=data.compromisos,
        obligations=data.obligaciones,
    )
    evidence = []
    if evidencia is not None or data.enlace_evidencia:
        evidence.append(reporting.EvidenceData(upload=evidencia, url=data.enlace_evidencia))
    write = reporting.submit_report if data.enviar else reporting.save_report
    report = write(
        activity,
        periodo,
        by=request.user,
        data=result,
        expected_revision=data.revision or 0,
        evidence=evidence,
    )
    return _report_out(report)
