"""The API's shapes. Public data uses the open-data field names, described by the data
dictionary (formats.opendata, docs/datos-abiertos.md); numbers are JSON numbers, as in the
open-data JSON."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, PlainSerializer

from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS
from formats.writers.opendata import json_number

# Decimals (two places at most) go out as JSON numbers, never as strings.
Number = Annotated[Decimal, PlainSerializer(json_number, return_type=float)]

_DICTIONARY = {field.name: field.description for field in (*PLAN_FIELDS, *ACTIVITY_FIELDS)}
# The API's own fields beside the dictionary's: identifiers to follow its links.
API_ONLY = frozenset({"id"})


def about(name: str, description: str | None = None) -> Any:
    """A required field described in Spanish, by the data dictionary unless told."""
    return Field(description=description or _DICTIONARY[name])


class ErrorDetail(Schema):
    campo: str | None = Field(
        description="El campo de la solicitud al que se refiere, si se refiere a uno."
    )
    mensaje: str = Field(description="Qué está mal, en español.")


class Error(Schema):
    codigo: str = Field(
        description="Código estable del error: solicitud_invalida, sin_autenticar, sin_permiso, "
        "no_encontrado, metodo_no_permitido, conflicto, demasiado_grande, invalido, "
        "demasiadas_solicitudes o error_interno."
    )
    mensaje: str = Field(description="Explicación en español, para mostrar a una persona.")
    detalles: list[ErrorDetail] = Field(
        description="Un elemento por campo rechazado o por diferencia; vacío si no aplica."
    )


class ErrorOut(Schema):
    error: Error


class EntityOut(Schema):
    nit: str = about("nit", "NIT con dígito de verificación, como 891900493-2.")
    nombre: str = about("nombre", "Nombre de la entidad pública.")
    departamento: str = about("departamento", "Departamento de la entidad.")
    municipio: str = about("municipio", "Municipio de la entidad; vacío si es departamental.")
    codigo_departamento: str = about(
        "codigo_departamento",
        "Código DIVIPOLA (DANE) del departamento, dos dígitos como 76; vacío si no se conoce.",
    )
    codigo_municipio: str = about(
        "codigo_municipio",
        "Código DIVIPOLA (DANE) del municipio, cinco dígitos como 76147; vacío si es "
        "departamental o nacional.",
    )
    tipo_entidad: str = about(
        "tipo_entidad",
        "Tipo de entidad: alcaldia, gobernacion, ese, empresa, instituto, concejo, asamblea, "
        "personeria, contraloria, nacional u otra; vacío si no se ha registrado.",
    )
    orden: str = about("orden", "Orden de la entidad: territorial o nacional.")
    categoria: str = about(
        "categoria",
        "Categoría del municipio o departamento (Ley 617 de 2000): especial o 1 a 6; vacío si "
        "no se ha registrado.",
    )
    sitio_web: str = about("sitio_web", "Sitio web de la entidad.")


class PlanSummary(Schema):
    id: int = about("id", "Identificador del plan en esta API (para /planes/{plan_id}).")
    entidad_nit: str = about("entidad_nit")
    titulo: str = about("titulo", "Título del plan.")
    tipo: str = about("tipo")
    vigencia: int = about("vigencia")
    version: int = about("version", "Versión del plan (1 la primera; sube con cada ajuste).")
    fecha_publicacion: datetime.datetime | None = about(
        "fecha_publicacion", "Fecha y hora de publicación (ISO 8601, hora de Colombia)."
    )


class PlanOut(Schema):
    id: int = about("id", "Identificador del plan en esta API.")
    entidad_nombre: str = about("entidad_nombre")
    entidad_nit: str = about("entidad_nit")
    entidad_codigo_departamento: str = about("entidad_codigo_departamento")
    entidad_codigo_municipio: str = about("entidad_codigo_municipio")
    vigencia: int = about("vigencia")
    tipo: str = about("tipo")
    periodicidad: str = about("periodicidad")
    codigo_formato: str = about("codigo_formato")
    version_formato: int | None = about("version_formato")
    fecha_aprobacion_formato: datetime.date | None = about("fecha_aprobacion_formato")
    proceso: str = about("proceso")
    subproceso: str = about("subproceso")
    objetivo: str = about("objetivo")
    alcance: str = about("alcance")
    dependencia_responsable: str = about("dependencia_responsable")
    dependencias_participantes: list[str] = about("dependencias_participantes")
    fecha_plan: datetime.date | None = about("fecha_plan")
    estado: str = about("estado")
    avance: Number | None = about("avance")
    semaforo: str | None = about("semaforo")
    titulo: str = about("titulo")
    tipo_codigo: str = about("tipo_codigo")
    politicas_mipg_plan: list[str] = about("politicas_mipg_plan")
    apropiacion_total: Number | None = about("apropiacion_total")
    obligaciones_total: Number | None = about("obligaciones_total")
    avance_financiero_total: Number | None = about("avance_financiero_total")


class ActivityOut(Schema):
    id: int = about("id", "Identificador de la actividad (para reportar su seguimiento).")
    numero: int = about("numero")
    actividad: str = about("actividad")
    tareas: list[str] = about("tareas")
    meses_programados: list[int] = about("meses_programados")
    productos_entregables: str = about("productos_entregables")
    indicador_formula: str = about("indicador_formula")
    indicador_meta: Number | None = about("indicador_meta")
    indicador_resultado: str = about("indicador_resultado")
    responsables: list[str] = about("responsables")
    responsables_texto: str = about("responsables_texto")
    seguimiento_i: str | None = about("seguimiento_i")
    seguimiento_ii: str | None = about("seguimiento_ii")
    seguimiento_iii: str | None = about("seguimiento_iii")
    seguimiento_iv: str | None = about("seguimiento_iv")
    programado_i: Number | None = about("programado_i")
    programado_ii: Number | None = about("programado_ii")
    programado_iii: Number | None = about("programado_iii")
    programado_iv: Number | None = about("programado_iv")
    ejecutado_i: Number | None = about("ejecutado_i")
    ejecutado_ii: Number | None = about("ejecutado_ii")
    ejecutado_iii: Number | None = about("ejecutado_iii")
    ejecutado_iv: Number | None = about("ejecutado_iv")
    cumplimiento_i: Number | None = about("cumplimiento_i")
    cumplimiento_ii: Number | None = about("cumplimiento_ii")
    cumplimiento_iii: Number | None = about("cumplimiento_iii")
    cumplimiento_iv: Number | None = about("cumplimiento_iv")
    semaforo_i: str | None = about("semaforo_i")
    semaforo_ii: str | None = about("semaforo_ii")
    semaforo_iii: str | None = about("semaforo_iii")
    semaforo_iv: str | None = about("semaforo_iv")
    ponderacion: Number | None = about("ponderacion")
    indicador_tipo: str = about("indicador_tipo")
    indicador_unidad: str = about("indicador_unidad")
    indicador_linea_base: Number | None = about("indicador_linea_base")
    indicador_supera_100: bool | None = about("indicador_supera_100")
    indicador_admite_negativos: bool | None = about("indicador_admite_negativos")
    fecha_inicio: datetime.date | None = about("fecha_inicio")
    fecha_fin: datetime.date | None = about("fecha_fin")
    meta_i: Number | None = about("meta_i")
    meta_ii: Number | None = about("meta_ii")
    meta_iii: Number | None = about("meta_iii")
    meta_iv: Number | None = about("meta_iv")
    observaciones: str = about("observaciones")
    otros_campos: dict[str, str] = about("otros_campos")
    estado_seguimiento_i: str | None = about("estado_seguimiento_i")
    estado_seguimiento_ii: str | None = about("estado_seguimiento_ii")
    estado_seguimiento_iii: str | None = about("estado_seguimiento_iii")
    estado_seguimiento_iv: str | None = about("estado_seguimiento_iv")
    valor_i: Number | None = about("valor_i")
    valor_ii: Number | None = about("valor_ii")
    valor_iii: Number | None = about("valor_iii")
    valor_iv: Number | None = about("valor_iv")
    numerador_i: Number | None = about("numerador_i")
    numerador_ii: Number | None = about("numerador_ii")
    numerador_iii: Number | None = about("numerador_iii")
    numerador_iv: Number | None = about("numerador_iv")
    denominador_i: Number | None = about("denominador_i")
    denominador_ii: Number | None = about("denominador_ii")
    denominador_iii: Number | None = about("denominador_iii")
    denominador_iv: Number | None = about("denominador_iv")
    entregado_i: bool | None = about("entregado_i")
    entregado_ii: bool | None = about("entregado_ii")
    entregado_iii: bool | None = about("entregado_iii")
    entregado_iv: bool | None = about("entregado_iv")
    politicas_mipg: list[str] = about("politicas_mipg")
    bpin: str = about("bpin")
    rubro: str = about("rubro")
    fuente_financiacion: str = about("fuente_financiacion")
    apropiacion: Number | None = about("apropiacion")
    compromisos: Number | None = about("compromisos")
    obligaciones: Number | None = about("obligaciones")
    ejecucion_presupuestal: Number | None = about("ejecucion_presupuestal")
    avance_financiero: Number | None = about("avance_financiero")


class PeriodProgressOut(Schema):
    periodo: str = about("periodo", "Periodo de seguimiento: I, II, III o IV.")
    programado: Number | None = about(
        "programado", "Avance programado del plan al cierre del periodo (%, ponderado)."
    )
    ejecutado: Number | None = about(
        "ejecutado", "Avance ejecutado del plan al periodo (%, ponderado); vacío sin reportes."
    )
    cumplimiento: Number | None = about(
        "cumplimiento", "Ejecutado frente a programado (%); vacío si nada estaba programado."
    )
    semaforo: str = about(
        "semaforo",
        "Semáforo: rojo, amarillo, verde, sin_reporte, no_programado o aun_no_vence.",
    )


class ReportOut(Schema):
    id: int = about("id", "Identificador del reporte.")
    actividad_id: int = about("actividad_id", "La actividad reportada.")
    plan_id: int = about("plan_id", "El plan de la actividad.")
    periodo: int = about("periodo", "Número del periodo (1 a 4, o 1 a 3 si es cuatrimestral).")
    estado: str = about("estado", "Estado del reporte: borrador, enviado, devuelto o validado.")
    resultado: Number | None = about("resultado", "Resultado acumulado (indicador de conteo).")
    numerador: Number | None = about("numerador", "Numerador (indicador de porcentaje).")
    denominador: Number | None = about("denominador", "Denominador (indicador de porcentaje).")
    entregado: bool | None = about("entregado", "Si se entregó el hito (indicador de hito).")
    descripcion: str = about("descripcion", "Narración del avance del periodo.")
    compromisos: Number | None = about("compromisos", "Compromisos acumulados (pesos).")
    obligaciones: Number | None = about("obligaciones", "Obligaciones acumuladas (pesos).")
    evidencias: int = about("evidencias", "Cuántas evidencias (archivos o enlaces) tiene.")
    revision: int = about(
        "revision", "Revisión del reporte; envíela en la siguiente escritura (ver «revision»)."
    )
