"""The columns of an imported table in the planner's words: what each was read as (the preview
and the ``import_plan`` report), what the preview's select offers, and an entity's template."""

from __future__ import annotations

from formats import manual_mapping
from formats.text import normalize

FIELD_NAMES = {
    "number": "N°",
    "description": "Actividad",
    "tasks": "Tareas (una por línea)",
    "deliverables": "Productos entregables",
    "indicator_formula": "Fórmula del indicador",
    "indicator_target": "Meta",
    "indicator_result": "Resultado del indicador",
    "responsible_text": "Responsables",
    "observations": "Observaciones",
    "mipg_text": "Políticas de MIPG (separadas por «;»)",
    "mipg_dimension_text": "Dimensión de MIPG (se comprueba; la da la política)",
    "indicator_baseline": "Línea base",
    "start_date": "Fecha de inicio (de ella y la de fin salen los meses)",
    "end_date": "Fecha de fin",
    "bpin": "Proyecto de inversión (código BPIN)",
    "budget_item": "Rubro presupuestal",
    "funding_source": "Fuente de financiación",
    "appropriation": "Apropiación (presupuesto, $)",
}


def field_name(field: str) -> str:
    """What a mapped field is, in the planner's words."""
    kind, _, key = field.partition(":")
    if kind == "month":
        return f"Mes {key} del cronograma"
    if kind == "followup":
        return f"Seguimiento del periodo {key}"
    if kind == "indicator_target" and key:
        return f"Meta, si {key} es la vigencia del plan (si no, campo adicional)"
    if kind == "extra":
        return "Campo adicional (se conserva tal cual)"
    if kind == manual_mapping.IGNORE:
        return "Ignorada (no se importa)"
    return FIELD_NAMES.get(kind, kind)


# What a column of the preview can be set to, in the order of the select.
CHOICES: list[tuple[str, str]] = [
    *FIELD_NAMES.items(),
    *((f"month:{n}", f"Mes {n} del cronograma") for n in range(1, 13)),
    *((f"followup:{n}", f"Seguimiento del periodo {n}") for n in range(1, 5)),
    (manual_mapping.EXTRA, "Columna adicional (se conserva tal cual)"),
    (manual_mapping.IGNORE, "Ignorar (no se importa)"),
]


def choice_of(field: str) -> str:
    """The select's value for a mapped field: every ``extra:<label>`` is ``extra``."""
    return manual_mapping.EXTRA if field.startswith("extra:") else field


def template_mapping(document) -> dict[str, str]:
    """The document's reading as an entity template: normalised column label → choice."""
    return {normalize(label): choice_of(field) for label, field in document.mapping}


def template_applies(template: manual_mapping.Choices, document) -> bool:
    """Whether the template names any column of the document's table."""
    return any(
        position in template or normalize(label) in template
        for position, (label, _field) in enumerate(document.mapping, start=1)
    )


def mapping_report(document) -> list[tuple[str, str]]:
    """(column of the file, field of the plan) for every column of the activities table."""
    return [(label, field_name(field)) for label, field in document.mapping]
