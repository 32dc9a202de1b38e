"""The API's shapes. Public data uses the open-data field names (docs/datos-abiertos.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema


class Error(Schema):
    code: str
    message: str
    field: str | None = None  # the request field at fault, when the refusal is about one


class ErrorOut(Schema):
    error: Error


class EntityOut(Schema):
    nit: str
    nombre: str
    departamento: str
    municipio: str
    sitio_web: str


class PlanSummary(Schema):
    id: int
    entidad_nit: str
    titulo: str
    tipo: str
    vigencia: int
    version: int
    fecha_publicacion: datetime.datetime | None


class PlanOut(Schema):
    id: int
    entidad_nombre: str
    entidad_nit: str
    vigencia: int
    tipo: str
    periodicidad: str
    codigo_formato: str
    version_formato: int | None
    fecha_aprobacion_formato: datetime.date | None
    proceso: str
    subproceso: str
    objetivo: str
    alcance: str
    dependencia_responsable: str
    dependencias_participantes: list[str]
    fecha_plan: datetime.date | None
    estado: str
    avance: Decimal | None
    semaforo: str | None


class ActivityOut(Schema):
    id: int
    numero: int
    actividad: str
    tareas: list[str]
    meses_programados: list[int]
    productos_entregables: str
    indicador_formula: str
    indicador_meta: Decimal | None
    indicador_resultado: str
    responsables: list[str]
    responsables_texto: str
    seguimiento_i: str | None
    seguimiento_ii: str | None
    seguimiento_iii: str | None
    seguimiento_iv: str | None
    programado_i: Decimal | None
    programado_ii: Decimal | None
    programado_iii: Decimal | None
    programado_iv: Decimal | None
    ejecutado_i: Decimal | None
    ejecutado_ii: Decimal | None
    ejecutado_iii: Decimal | None
    ejecutado_iv: Decimal | None
    cumplimiento_i: Decimal | None
    cumplimiento_ii: Decimal | None
    cumplimiento_iii: Decimal | None
    cumplimiento_iv: Decimal | None
    semaforo_i: str | None
    semaforo_ii: str | None
    semaforo_iii: str | None
    semaforo_iv: str | None


class PeriodProgressOut(Schema):
    periodo: str
    programado: Decimal | None
    ejecutado: Decimal | None
    cumplimiento: Decimal | None
    semaforo: str


class ReportOut(Schema):
    id: int
    actividad_id: int
    plan_id: int
    periodo: int
    estado: str
    resultado: Decimal | None
    numerador: Decimal | None
    denominador: Decimal | None
    entregado: bool | None
    descripcion: str
    evidencias: int
    revision: int
