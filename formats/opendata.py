"""The open-data field names of a plan (datos.gov.co convention): the data dictionary.

Exports, the public portal and the API use these names; ``docs/datos-abiertos.md`` documents
them and a test keeps the two in step.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


PLAN_FIELDS = (
    Field("entidad_nombre", "texto", "Nombre de la entidad pública."),
    Field("entidad_nit", "texto", "NIT de la entidad con dígito de verificación (891900493-2)."),
    Field("vigencia", "entero", "Año fiscal del plan."),
    Field("tipo", "texto", "Tipo de plan (catálogo del Decreto 612 de 2018 y otros)."),
    Field(
        "periodicidad",
        "texto",
        "Periodicidad del seguimiento: trimestral (periodos I a IV) o cuatrimestral (I a III; "
        "los campos del periodo IV quedan vacíos).",
    ),
    Field("codigo_formato", "texto", "Código del formato en el sistema de calidad de la entidad."),
    Field("version_formato", "entero", "Versión del formato."),
    Field("fecha_aprobacion_formato", "fecha", "Fecha de aprobación del formato (AAAA-MM-DD)."),
    Field("proceso", "texto", "Proceso al que pertenece el plan."),
    Field("subproceso", "texto", "Subproceso al que pertenece el plan."),
    Field("objetivo", "texto", "Objetivo del plan."),
    Field("alcance", "texto", "Alcance del plan."),
    Field(
        "dependencia_responsable",
        "texto",
        "Dependencia responsable de la formulación del plan, como está escrita.",
    ),
    Field(
        "dependencias_participantes",
        "lista de textos",
        "Dependencias participantes en la formulación, como están escritas.",
    ),
    Field("fecha_plan", "fecha", "Fecha del plan (AAAA-MM-DD)."),
    Field(
        "estado",
        "texto",
        "Estado del plan: borrador, en_revision, devuelto, aprobado, publicado o archivado.",
    ),
    Field(
        "avance",
        "decimal",
        "Avance ejecutado del plan (%, ponderado) al cierre del último periodo cerrado.",
    ),
    Field(
        "semaforo",
        "texto",
        "Semáforo del plan en ese periodo: rojo, amarillo, verde, sin_reporte, no_programado o "
        "aun_no_vence.",
    ),
    Field("titulo", "texto", "Título del plan."),
    Field("tipo_codigo", "texto", "Código del tipo de plan en el catálogo (pinar, pac...)."),
)

ACTIVITY_FIELDS = (
    Field("numero", "entero", "Número de la actividad en el plan (N°)."),
    Field("actividad", "texto", "Descripción de la actividad."),
    Field("tareas", "lista de textos", "Tareas que ayudan a implementar la actividad, en orden."),
    Field(
        "meses_programados",
        "lista de enteros",
        "Meses del cronograma (1 = enero … 12 = diciembre) en que se ejecuta la actividad.",
    ),
    Field("productos_entregables", "texto", "Productos (bienes o servicios) entregables."),
    Field("indicador_formula", "texto", "Fórmula del indicador."),
    Field("indicador_meta", "decimal", "Meta anual del indicador; vacío si no se ha fijado."),
    Field("indicador_resultado", "texto", "Resultado del indicador, como está registrado."),
    Field(
        "responsables",
        "lista de textos",
        "Dependencias responsables, con el nombre del directorio de la entidad.",
    ),
    Field("responsables_texto", "texto", "Responsables como están escritos en el plan."),
    *(
        field
        for label in ("I", "II", "III", "IV")
        for field in (
            Field(
                f"seguimiento_{label.lower()}",
                "texto",
                f"Resultado validado del periodo {label}; vacío si no hay.",
            ),
            Field(
                f"programado_{label.lower()}",
                "decimal",
                f"Avance programado acumulado al cierre del periodo {label} (%), del cronograma.",
            ),
            Field(
                f"ejecutado_{label.lower()}",
                "decimal",
                f"Avance ejecutado acumulado al periodo {label} (%); vacío sin reporte validado.",
            ),
            Field(
                f"cumplimiento_{label.lower()}",
                "decimal",
                f"Cumplimiento del periodo {label} (%); vacío si nada estaba programado.",
            ),
            Field(
                f"semaforo_{label.lower()}",
                "texto",
                f"Semáforo del periodo {label}: rojo, amarillo, verde, sin_reporte (venció sin "
                "reporte validado), no_programado o aun_no_vence (su corte no ha llegado).",
            ),
        )
    ),
    Field("ponderacion", "decimal", "Ponderación (peso) de la actividad en el avance del plan."),
    Field("indicador_tipo", "texto", "Tipo de indicador: numero, porcentaje o hito."),
    Field("indicador_unidad", "texto", "Unidad de medida del indicador."),
    Field("indicador_linea_base", "decimal", "Línea base del indicador; vacío si no la tiene."),
    Field(
        "indicador_supera_100",
        "booleano",
        "Si el indicador (un porcentaje) admite más de 100 %: true o false.",
    ),
    Field(
        "indicador_admite_negativos",
        "booleano",
        "Si el indicador admite valores negativos: true o false.",
    ),
    Field("fecha_inicio", "fecha", "Fecha de inicio de la actividad (AAAA-MM-DD)."),
    Field("fecha_fin", "fecha", "Fecha de fin de la actividad (AAAA-MM-DD)."),
    *(
        Field(
            f"meta_{label.lower()}",
            "decimal",
            f"Meta acumulada al periodo {label} fijada a mano; vacío si se deriva del cronograma.",
        )
        for label in ("I", "II", "III", "IV")
    ),
    Field("observaciones", "texto", "Observaciones de la actividad."),
    Field(
        "otros_campos",
        "objeto",
        "Columnas del formato de origen que no tienen campo propio (nombre → texto); en CSV, "
        "un objeto JSON.",
    ),
    *(
        field
        for label in ("I", "II", "III", "IV")
        for field in (
            Field(
                f"estado_seguimiento_{label.lower()}",
                "texto",
                f"Estado del seguimiento del periodo {label}: borrador, enviado, devuelto o "
                "validado; vacío si no hay. Los datos abiertos publicados solo traen validados.",
            ),
            Field(
                f"valor_{label.lower()}",
                "decimal",
                f"Resultado acumulado reportado en el periodo {label} (indicador de número).",
            ),
            Field(
                f"numerador_{label.lower()}",
                "decimal",
                f"Numerador reportado en el periodo {label} (indicador de porcentaje).",
            ),
            Field(
                f"denominador_{label.lower()}",
                "decimal",
                f"Denominador reportado en el periodo {label} (indicador de porcentaje).",
            ),
            Field(
                f"entregado_{label.lower()}",
                "booleano",
                f"Si el hito se entregó en el periodo {label}: true, false o vacío.",
            ),
        )
    ),
)

PLAN_FIELD_NAMES = tuple(f.name for f in PLAN_FIELDS)
ACTIVITY_FIELD_NAMES = tuple(f.name for f in ACTIVITY_FIELDS)
