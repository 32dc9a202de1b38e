"""The open-data field names of a plan (datos.gov.co convention): the data dictionary.

Exports, the public portal, the API and the Table Schema of the data packages
(formats.datapackage) use these names, types and constraints; ``docs/datos-abiertos.md``
documents them and tests keep them all in step. A new field is one more ``Field`` here.
"""

from dataclasses import dataclass

# The values some fields take. Tests check them against plans.models.Plan.Status and
# followup.measures.Light (formats imports neither app).
PLAN_STATES = ("borrador", "en_revision", "devuelto", "aprobado", "publicado", "archivado")
# The traffic lights as the data dictionary names them, and as a person reads them.
LIGHT_LABELS = {
    "rojo": "Rojo",
    "amarillo": "Amarillo",
    "verde": "Verde",
    "sin_reporte": "Sin reporte",
    "no_programado": "No programado",
    "aun_no_vence": "Aún no vence",
}
LIGHTS = tuple(LIGHT_LABELS)
NIT_PATTERN = "[0-9]{1,15}-[0-9]"
MONTH = "(1[0-2]|[1-9])"


@dataclass(frozen=True)
class Field:
    """A column of the CSV and a key of the JSON. ``type`` is the dictionary's Spanish name
    (formats.datapackage maps it to a Table Schema type); ``enum``, ``pattern`` and
    ``required`` become the schema's constraints on the CSV's text (an empty cell is a missing
    value and meets every constraint but ``required``)."""

    name: str
    type: str
    description: str
    enum: tuple[str, ...] = ()
    pattern: str = ""
    required: bool = False


PLAN_FIELDS = (
    Field("entidad_nombre", "texto", "Nombre de la entidad pública.", required=True),
    Field(
        "entidad_nit",
        "texto",
        "NIT de la entidad con dígito de verificación (891900493-2).",
        pattern=NIT_PATTERN,
        required=True,
    ),
    Field(
        "entidad_codigo_departamento",
        "texto",
        "Código DIVIPOLA (DANE) del departamento de la entidad, dos dígitos (76).",
        pattern="[0-9]{2}",
    ),
    Field(
        "entidad_codigo_municipio",
        "texto",
        "Código DIVIPOLA (DANE) del municipio de la entidad, cinco dígitos (76147); vacío si es "
        "departamental o nacional.",
        pattern="[0-9]{5}",
    ),
    Field("vigencia", "entero", "Año fiscal del plan.", required=True),
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
        enum=PLAN_STATES,
        required=True,
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
        enum=LIGHTS,
    ),
    Field("titulo", "texto", "Título del plan."),
    Field("tipo_codigo", "texto", "Código del tipo de plan en el catálogo (pinar, pac...)."),
    Field(
        "politicas_mipg_plan",
        "lista de textos",
        "Políticas de MIPG (Decreto 1083 de 2015, art. 2.2.22.2.1) con que se etiquetó el plan; "
        "sus actividades sin políticas propias las toman.",
    ),
    # Budget (issue 22): sums over the activities with apropiación; empty without any.
    Field("apropiacion_total", "decimal", "Suma de las apropiaciones de las actividades (pesos)."),
    Field(
        "obligaciones_total",
        "decimal",
        "Suma de las obligaciones acumuladas de las actividades con apropiación, al último "
        "seguimiento validado de cada una (pesos).",
    ),
    Field(
        "avance_financiero_total",
        "decimal",
        "Avance financiero del plan (%): obligaciones_total ÷ apropiacion_total × 100.",
    ),
)

ACTIVITY_FIELDS = (
    Field("numero", "entero", "Número de la actividad en el plan (N°).", required=True),
    Field("actividad", "texto", "Descripción de la actividad."),
    Field("tareas", "lista de textos", "Tareas que ayudan a implementar la actividad, en orden."),
    Field(
        "meses_programados",
        "lista de enteros",
        "Meses del cronograma (1 = enero … 12 = diciembre) en que se ejecuta la actividad.",
        pattern=f"{MONTH}(; {MONTH})*",
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
                enum=LIGHTS,
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
    Field(
        "politicas_mipg",
        "lista de textos",
        "Políticas de MIPG propias de la actividad; vacío: las del plan.",
    ),
    # Budget (issue 22): empty when the entity does not follow budget.
    Field(
        "bpin",
        "texto",
        "Código BPIN del proyecto de inversión que financia la actividad (solo dígitos).",
        pattern="[0-9]{10,20}",
    ),
    Field("rubro", "texto", "Rubro presupuestal de la actividad."),
    Field("fuente_financiacion", "texto", "Fuente de financiación de la actividad."),
    Field("apropiacion", "decimal", "Apropiación de la actividad (valor programado, en pesos)."),
    Field(
        "compromisos",
        "decimal",
        "Compromisos acumulados (pesos) del último seguimiento validado.",
    ),
    Field(
        "obligaciones",
        "decimal",
        "Obligaciones acumuladas (pesos) del último seguimiento validado.",
    ),
    Field(
        "ejecucion_presupuestal",
        "decimal",
        "Ejecución presupuestal (%): compromisos ÷ apropiación × 100; vacío sin apropiación.",
    ),
    Field(
        "avance_financiero",
        "decimal",
        "Avance financiero (%): obligaciones ÷ apropiación × 100; vacío sin apropiación.",
    ),
)

PLAN_FIELD_NAMES = tuple(f.name for f in PLAN_FIELDS)
ACTIVITY_FIELD_NAMES = tuple(f.name for f in ACTIVITY_FIELDS)
