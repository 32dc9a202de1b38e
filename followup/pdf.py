"""The plan's PDF for publication, which more than one page offers (the internal plan page and
the portal): the official format's content (followup.document.format_context) as plain data,
laid out by formats.writers.pdf in one tagged PDF/UA-1 document (docs/adr/0034)."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import localize

from core.dates import long_date
from followup.document import Column, DocumentRow, format_context
from followup.measures import Light
from followup.selectors import Cell
from formats.writers import pdf
from plans.models import Plan

EMPTY = "—"


def plan_pdf(plan: Plan) -> bytes:
    """The plan as a PDF for publication."""
    return pdf.write(plan_document(plan))


def plan_document(plan: Plan) -> dict[str, Any]:
    """What the PDF shows, as JSON-ready data: every text already written as the plan page
    writes it (dates, numbers, labels), for the template only to place."""
    context = format_context(plan)
    entity, columns = plan.entity, context["columns"]
    participating = [unit.name for unit in context["participating"]]
    return {
        "title": plan.title,
        "author": entity.name,
        "control": {
            "entity": entity.name.upper(),
            "lines": [
                *([f"Municipio de {entity.municipality}"] if entity.municipality else []),
                *([entity.department] if entity.department else []),
                f"NIT {entity.nit_formatted}",
            ],
            "format": f"FORMATO {plan.plan_type.name.upper()}",
            "code": plan.doc_code or EMPTY,
            "version": str(plan.doc_version) if plan.doc_version else EMPTY,
            "approval_date": _date(plan.doc_approval_date) or EMPTY,
        },
        "approval": _approval_line(plan),
        "header": [
            ["Entidad", f"{entity.name} · NIT {entity.nit_formatted}"],
            ["Proceso", plan.process or EMPTY],
            ["Subproceso", plan.subprocess or EMPTY],
            ["Vigencia", str(plan.year)],
            ["Fecha del plan", long_date(plan.plan_date) if plan.plan_date else EMPTY],
            ["Formato", _format_line(plan)],
            ["Objetivo", plan.objective or EMPTY],
            ["Alcance", plan.scope or EMPTY],
            [
                "Dependencia responsable de la formulación del plan",
                (plan.formulating_unit.name if plan.formulating_unit else "")
                or plan.formulating_unit_text
                or EMPTY,
            ],
            [
                "Dependencias participantes en la formulación del plan",
                "; ".join(participating or plan.participating_units_text) or EMPTY,
            ],
        ],
        "activities_heading": f"Actividades del plan ({context['activity_count']})",
        "columns": [column.key.partition(":")[0] for column in columns],
        "table_header": _table_header(columns),
        "rows": [_row(row, columns) for row in context["rows"]],
        "signoff": [
            {
                "role": line.get("role") or "",
                "name": line.get("name") or EMPTY,
                "position": line.get("position") or "",
            }
            for line in plan.signoff or []
        ],
        "footer": " · ".join(
            part
            for part in (
                entity.website,
                entity.address,
                f"Código Postal {entity.postal_code}" if entity.postal_code else "",
            )
            if part
        )
        if entity.website or entity.address
        else "",
    }


def _date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def _approval_line(plan: Plan) -> str:
    parts = [plan.entity.name, plan.title, f"versión {plan.version}", plan.get_status_display()]
    if plan.approved_at:
        by = f" por {plan.approved_by}" if plan.approved_by else ""
        parts.append(f"aprobado el {_date(plan.approved_at)}{by}")
    if plan.published_at:
        parts.append(f"publicado el {_date(plan.published_at)}")
    return " · ".join(parts)


def _format_line(plan: Plan) -> str:
    line = f"código {plan.doc_code or EMPTY}, versión {plan.doc_version or EMPTY}"
    if plan.doc_approval_date:
        line += f", aprobado el {_date(plan.doc_approval_date)}"
    return line


def _table_header(columns: list[Column]) -> dict[str, list]:
    """The two header rows, as followup/templatetags/plan_format.py builds them for the page:
    a column without a group spans both rows, a group heads its columns."""
    upper, lower = [], []
    for at, column in enumerate(columns):
        if not column.group:
            upper.append({"label": column.label, "rowspan": 2, "colspan": 1})
            continue
        if at == 0 or columns[at - 1].group != column.group:
            span = 0
            while at + span < len(columns) and columns[at + span].group == column.group:
                span += 1
            upper.append({"label": column.group, "rowspan": 1, "colspan": span})
        lower.append(column.label)
    return {"upper": upper, "lower": lower}


def _row(row: DocumentRow, columns: list[Column]) -> dict[str, Any]:
    """A cell is a text, ``{"items": [...], "ordered": bool}``, ``{"lines": [[text, style]]}``
    (style "", "muted", "strong", "flag" or "light:<code>"), ``{"x": month}`` for a scheduled
    month, or None."""
    activity, plan_row = row.activity, row.plan_row
    months = set(activity.months)
    cells: list[Any] = []
    for column in columns:
        kind, _, which = column.key.partition(":")
        if kind == "month":
            cells.append({"x": int(which)} if int(which) in months else None)
        elif kind == "period":
            cells.append(_followup(row.cells[int(which) - 1]))
        elif kind == "number":
            cells.append(str(activity.number))
        elif kind == "activity":
            cells.append(activity.description or "")
        elif kind == "tasks":
            cells.append({"items": plan_row.tasks, "ordered": True} if plan_row.tasks else None)
        elif kind == "deliverables":
            cells.append(activity.deliverables or "")
        elif kind == "formula":
            lines = [[activity.indicator_formula or "", ""]]
            if activity.indicator_target is not None:
                target = floatformat(activity.indicator_target, "-2")
                lines.append([f"Meta: {target}", "strong"])
            cells.append({"lines": lines})
        elif kind == "result":
            cells.append(activity.indicator_result or "")
        elif kind == "responsible":
            lines = [[name, ""] for name in plan_row.responsibles]
            if plan_row.unresolved:
                lines.append(["Sin resolver", "flag"])
            if plan_row.written_differs:
                lines.append([f"Como está escrito: «{activity.responsible_text}»", "muted"])
            cells.append({"lines": lines} if lines else None)
    return {"cells": cells, "warn": plan_row.unresolved}


def _followup(cell: Cell | None) -> dict[str, Any] | None:
    """A SEGUIMIENTO cell (I–IV): validated result, executed %, traffic light."""
    if cell is None:
        return None
    lines = []
    if cell.value:
        lines.append([str(cell.value), ""])
        if cell.executed_shown is not None:
            lines.append([f"{localize(cell.executed_shown)} %", "muted"])
    if cell.light != Light.NOT_DUE:
        lines.append([cell.light.label, f"light:{cell.light}"])
    return {"lines": lines} if lines else None
