"""The plan as a document with its follow-up: the official format's table (columns and rows as
data; followup/templatetags/plan_format.py renders them), the open data and a version's content
for the diff. Here because each reads both the plan and its follow-up: plans knows nothing of
followup."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core import collector
from followup import measures
from followup import selectors as followup
from followup.models import Report
from followup.selectors import Cell
from plans import selectors as plans
from plans.diff import ACTIVITY_EXTRA_FIELDS as EXTRA_FIELDS
from plans.history import value_shown
from plans.models import Activity, Plan
from plans.schedule import PERIOD_LABELS
from plans.selectors import MONTHS, PlanRow


@dataclass(frozen=True)
class Column:
    """A column of the format's table. Columns of one ``group`` share the header's upper row;
    a column without a group spans both rows. ``note``: the column is empty by design and says
    why to a screen reader (period IV of a four-monthly plan)."""

    key: str
    label: str
    css: str = ""
    group: str = ""
    group_css: str = ""
    note: str = ""


def columns(plan: Plan) -> list[Column]:
    """The format's columns, in order: the header and every row are derived from them."""
    four_monthly = plan.followup_scheme == "cuatrimestral"
    followup_group = f"Seguimiento {'cuatrimestral' if four_monthly else 'trimestral'}"
    return [
        Column("number", "N°", "col-number"),
        Column("activity", "Actividades", "col-activity"),
        Column("tasks", "Tarea(s) que ayudan a implementar la actividad", "col-tasks"),
        *(Column(f"month:{month}", str(month), "month", "Mes", "col-months") for month in MONTHS),
        Column("deliverables", "Productos (bienes o servicios) entregables", "col-deliverables"),
        Column("formula", "Fórmula", group="Indicador"),
        Column("result", "Resultado", group="Indicador"),
        Column("responsible", "Responsables", "col-responsible"),
        *(
            Column(
                f"period:{number}",
                "—" if four_monthly and number == 4 else label,
                "followup",
                followup_group,
                note="Sin periodo IV (seguimiento cuatrimestral)"
                if four_monthly and number == 4
                else "",
            )
            for number, label in PERIOD_LABELS.items()
        ),
    ]


@dataclass
class DocumentRow:
    """An activity's row of the format: the plan's row and its follow-up cells, one per period
    of the format (None where the plan has no such period)."""

    plan_row: PlanRow
    cells: list[Cell | None] = field(default_factory=list)

    @property
    def activity(self) -> Activity:
        return self.plan_row.activity


def format_context(plan: Plan) -> dict[str, Any]:
    """What the official-format template (plans/_plan_format.html) needs, wherever it is shown:
    the internal plan page, the PDF and the public portal. The measures are computed once."""
    activities = followup.plan_activities(plan, tasks=True)
    progress = followup.plan_progress(plan, activities=activities)
    cells = {row.activity.pk: row.cells for row in progress.activities}
    rows = [
        # Four-monthly: the format's column IV stays empty. A new list: the progress keeps its own.
        DocumentRow(
            row,
            [
                *cells[row.activity.pk],
                *[None] * (len(PERIOD_LABELS) - len(cells[row.activity.pk])),
            ],
        )
        for row in plans.plan_rows(plan, activities)
    ]
    return {
        "plan": plan,
        "columns": columns(plan),
        "rows": rows,
        "activity_count": len(rows),
        "participating": plan.participating_units.all(),
        "months": MONTHS,
        "formulas": measures.FORMULAS,
        "progress": progress,
    }


@collector.paused()
def open_data(plan: Plan, *, internal: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The plan and its activities under the open-data field names (formats.opendata).
    ``internal``: for the entity's own people, with the follow-up in every state (drafts,
    sent, returned); otherwise only what Planeación validated, as the public sees it."""
    record, activities = _open_data(plan, internal=internal)
    return record, [item for _activity, item in activities]


@collector.paused()
def version_content(plan: Plan) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A version as the diff between versions compares it: its open data and, named alike,
    what the plan's page shows and the open data leaves out (plans.diff.ACTIVITY_EXTRA_FIELDS)."""
    record, activities = _open_data(plan)
    return record, [
        item
        | {
            name: value_shown("plans.activity", attname, getattr(activity, attname), {})
            for name, attname in EXTRA_FIELDS.items()
        }
        | {"_activity_id": activity.pk, "_carried_from": activity.carried_from_id}
        for activity, item in activities
    ]


def _open_data(
    plan: Plan, *, internal: bool = False
) -> tuple[dict[str, Any], list[tuple[Activity, dict[str, Any]]]]:
    loaded = followup.plan_activities(plan, tasks=True)
    progress = followup.plan_progress(plan, activities=loaded)
    latest = progress.latest_closed(timezone.localdate())
    money = progress.financial
    record = {
        "entidad_nombre": plan.entity.name,
        "entidad_nit": plan.entity.nit,
        "entidad_codigo_departamento": plan.entity.department_code,
        "entidad_codigo_municipio": plan.entity.municipality_code,
        "vigencia": plan.year,
        "tipo": plan.plan_type.name,
        "periodicidad": plan.followup_scheme,
        "codigo_formato": plan.doc_code,
        "version_formato": plan.doc_version,
        "fecha_aprobacion_formato": plan.doc_approval_date,
        "proceso": plan.process,
        "subproceso": plan.subprocess,
        "objetivo": plan.objective,
        "alcance": plan.scope,
        "dependencia_responsable": plan.formulating_unit_text
        or (plan.formulating_unit.name if plan.formulating_unit else ""),
        "dependencias_participantes": list(plan.participating_units_text),
        "fecha_plan": plan.plan_date,
        "estado": plan.status,
        "avance": latest.executed_shown if latest else None,
        "semaforo": str(latest.light) if latest else None,
        "titulo": plan.title,
        "tipo_codigo": plan.plan_type.code,
        "politicas_mipg_plan": [policy.name for policy in plan.mipg_policies.all()],
        "apropiacion_total": money.appropriation,
        "obligaciones_total": money.obligations,
        "avance_financiero_total": money.progress_shown,
    }
    cells = {row.activity.pk: row.cells for row in progress.activities}
    budgets = {row.activity.pk: row.financial for row in progress.activities}
    activities = []
    for row in plans.plan_rows(plan, loaded):
        item = {
            "numero": row.activity.number,
            "actividad": row.activity.description,
            "tareas": row.tasks,
            "meses_programados": list(row.activity.months),
            "productos_entregables": row.activity.deliverables,
            "indicador_formula": row.activity.indicator_formula,
            "indicador_meta": row.activity.indicator_target,
            "indicador_resultado": row.activity.indicator_result,
            "responsables": row.responsibles,
            "responsables_texto": row.activity.responsible_text,
            "politicas_mipg": row.activity.mipg_list,
        }
        by_period = {cell.period.number: cell for cell in cells[row.activity.pk]}
        for number, label in PERIOD_LABELS.items():
            cell, suffix = by_period.get(number), label.lower()
            item[f"seguimiento_{suffix}"] = followup.report_value(cell.report) if cell else None
            item[f"programado_{suffix}"] = cell.programmed_shown if cell else None
            item[f"ejecutado_{suffix}"] = cell.executed_shown if cell else None
            item[f"cumplimiento_{suffix}"] = cell.compliance_shown if cell else None
            item[f"semaforo_{suffix}"] = str(cell.light) if cell else None
        item |= _activity_details(row.activity, internal)
        item |= _budget(row.activity, budgets[row.activity.pk])
        activities.append((row.activity, item))
    return record, activities


def _budget(activity: Activity, financial: measures.Financial) -> dict[str, Any]:
    """The budget fields (issue 22): what was programmed, and what the latest validated report
    says was committed and obligated, with the two percentages of followup.measures."""
    return {
        "bpin": activity.bpin,
        "rubro": activity.budget_item,
        "fuente_financiacion": activity.funding_source,
        "apropiacion": activity.appropriation,
        "compromisos": financial.commitments,
        "obligaciones": financial.obligations,
        "ejecucion_presupuestal": financial.execution_shown,
        "avance_financiero": financial.progress_shown,
    }


def _activity_details(activity: Activity, internal: bool) -> dict[str, Any]:
    """The open-data fields that carry the rest of the activity (formats.opendata), so that a
    plan read back from its own export is the same plan."""
    targets = activity.period_targets if isinstance(activity.period_targets, dict) else {}
    item = {
        "ponderacion": activity.weight,
        "indicador_tipo": activity.indicator_type,
        "indicador_unidad": activity.indicator_unit,
        "indicador_linea_base": activity.indicator_baseline,
        "indicador_supera_100": activity.indicator_over_100,
        "indicador_admite_negativos": activity.indicator_negative,
        "fecha_inicio": activity.start_date,
        "fecha_fin": activity.end_date,
        **{
            f"meta_{label.lower()}": Decimal(str(targets[str(number)]))
            if targets.get(str(number)) not in (None, "")
            else None
            for number, label in PERIOD_LABELS.items()
        },
        "observaciones": activity.observations,
        "otros_campos": dict(activity.extra) if isinstance(activity.extra, dict) else {},
    }
    reports = {report.period: report for report in activity.report_list}
    for number, label in PERIOD_LABELS.items():
        report, suffix = reports.get(number), label.lower()
        if report is not None and not internal and report.status != Report.Status.VALIDATED:
            report = None
        item[f"estado_seguimiento_{suffix}"] = report.status if report else None
        item[f"valor_{suffix}"] = report.value if report else None
        item[f"numerador_{suffix}"] = report.numerator if report else None
        item[f"denominador_{suffix}"] = report.denominator if report else None
        item[f"entregado_{suffix}"] = report.delivered if report else None
    return item
