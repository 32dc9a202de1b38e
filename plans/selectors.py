"""Reads of plans with everything a page or export needs, in a fixed number of queries."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString

from audit.models import AuditEntry
from core import collector
from core.params import whole_number
from followup import measures
from followup import periods as followup_periods
from followup import selectors as followup
from followup.models import PERIOD_LABELS, Report
from organization import policy
from organization.directory import name_key, split_unit_names
from organization.models import Role
from plans import review, schedule
from plans.diff import ACTIVITY_EXTRA_FIELDS as EXTRA_FIELDS
from plans.history import HistoryEntry, readable_history, value_shown
from plans.models import Activity, Plan

MONTHS = tuple(range(1, 13))
SCHEDULED_MONTH = (
    '<td class="month is-scheduled"><span aria-hidden="true">X</span>'
    '<span class="visually-hidden">programado en el mes {}</span></td>'
)
EMPTY_MONTH = '<td class="month"></td>'


def plans_for_user(user) -> QuerySet[Plan]:
    """The plans the user's lists show: all of their own entity's and, of an entity they
    oversee, what it has published (in force or archived): not its drafts, nor what awaits its
    Comité."""
    plans = Plan.objects.select_related("entity", "plan_type")
    published = Q(status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED])
    return policy.scope_to_user(plans, user, overseen_only=published)


def plan_for_user(user, pk: int) -> Plan:
    """The plan with its header relations, or 404 when the user may not see it."""
    plans = Plan.objects.select_related("entity", "plan_type", "formulating_unit")
    return policy.get_visible_or_404(plans, user, pk=pk)


@dataclass
class ActivityRow:
    """An activity as the official format shows it, one row of the plan table."""

    activity: Activity
    tasks: list[str]
    responsibles: list[str]
    unresolved: bool
    written_differs: bool  # the responsables were written otherwise (abbreviated, misspelt)

    @property
    def month_cells(self) -> list[tuple[int, bool]]:
        scheduled = set(self.activity.months)
        return [(month, month in scheduled) for month in MONTHS]

    @property
    def month_cells_html(self) -> SafeString:
        """The twelve cronograma cells of the format, built here rather than in the template:
        a plan of 2,000 activities has 24,000 of them. Months are integers: nothing to escape."""
        return SafeString(
            "".join(
                SCHEDULED_MONTH.format(month) if scheduled else EMPTY_MONTH
                for month, scheduled in self.month_cells
            )
        )

    @property
    def targets(self) -> list[tuple[int, Decimal]]:
        values, _manual = self._targets
        return sorted(values.items())

    @property
    def targets_manual(self) -> bool:
        return self._targets[1]

    @cached_property
    def _targets(self) -> tuple[dict[int, Decimal], bool]:
        activity = self.activity
        return schedule.period_targets(
            activity.indicator_target,
            list(activity.months),
            activity.period_targets,
            milestone=activity.indicator_type == Activity.IndicatorType.MILESTONE,
        )

    cells: list = field(default_factory=list)  # follow-up measures per period (with_progress)

    @property
    def html(self) -> SafeString:
        """The activity's row of the format's table, built here rather than in the template:
        the plan page, the PDF and the portal show hundreds of them (ADR 11's budgets). Every
        value goes through `_escaped`; the markup is ours."""
        activity = self.activity
        tasks = _list_html("task-list", self.tasks, ordered=True)
        indicator = _escaped(activity.indicator_formula)
        if activity.indicator_target is not None:
            target = _escaped(floatformat(activity.indicator_target, "-2"))
            indicator += f'<br><span class="indicator-target">Meta: {target}</span>'
        responsible = _list_html("responsible-list", self.responsibles)
        if self.unresolved:
            responsible += '<span class="flag flag--warning">Sin resolver</span>'
        if self.written_differs:
            written = _escaped(activity.responsible_text)
            responsible += f'<p class="as-written">Como está escrito: «{written}»</p>'
        number = _escaped(activity.number)
        warning = ' class="warning-row"' if self.unresolved else ""
        return SafeString(
            f'<tr{warning} data-activity="{number}">'
            f'<td class="col-number">{number}</td><td>{_escaped(activity.description)}</td>'
            f"<td>{tasks}</td>{self.month_cells_html}<td>{_escaped(activity.deliverables)}</td>"
            f"<td>{indicator}</td><td>{_escaped(activity.indicator_result)}</td>"
            f"<td>{responsible}</td>{self.followup_cells_html}</tr>"
        )

    @property
    def followup_cells_html(self) -> SafeString:
        """The SEGUIMIENTO cells (I–IV): validated result, executed %, traffic light."""
        return SafeString("".join(_followup_cell(cell) for cell in self.cells))


def _escaped(value: Any) -> str:
    """Django's `conditional_escape` (what `format_html` does to each value) without its
    lazy-string and safe-string wrappers, a fifth of a 200-activity plan page: safe markup as
    it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _list_html(css_class: str, items: list[str], *, ordered: bool = False) -> str:
    if not items:
        return ""
    tag = "ol" if ordered else "ul"
    entries = "".join(f"<li>{_escaped(item)}</li>" for item in items)
    return f'<{tag} class="{css_class}">{entries}</{tag}>'


def _followup_cell(cell) -> str:
    if cell is None:
        return '<td class="followup"></td>'
    parts = []
    value = cell.value
    if value:
        parts.append(_escaped(value))
        if cell.executed_shown is not None:
            shown = _escaped(localize(cell.executed_shown))
            parts.append(f'<br><span class="muted">{shown} %</span>')
        parts.append("<br>")
    if cell.light != measures.Light.NOT_DUE:
        light, label = _escaped(str(cell.light)), _escaped(cell.light.label)
        parts.append(f'<span class="light light--{light}">{label}</span>')
    return f'<td class="followup">{"".join(parts)}</td>'


def plan_rows(plan: Plan, activities: list[Activity] | None = None) -> list[ActivityRow]:
    """Every activity of the plan with its tasks and responsables (three queries, none when
    the caller passes the activities it read with `followup.plan_activities(tasks=True)`)."""
    if activities is None:
        activities = followup.plan_activities(plan, tasks=True, reports=False)
    rows = []
    for activity in activities:
        units = [unit.name for unit in activity.unit_list]
        written = split_unit_names(activity.responsible_text)
        rows.append(
            ActivityRow(
                activity=activity,
                tasks=[task.description for task in activity.task_list],
                responsibles=units,
                unresolved=len(units) < len(written),
                written_differs=sorted(map(name_key, written)) != sorted(map(name_key, units)),
            )
        )
    return rows


def format_context(plan: Plan) -> dict[str, Any]:
    """What the official-format template (plans/_plan_format.html) needs, wherever it is shown:
    the internal plan page, the PDF and the public portal. The measures are computed once."""
    activities = followup.plan_activities(plan, tasks=True)
    progress = followup.plan_progress(plan, activities=activities)
    cells = {row.activity.pk: row.cells for row in progress.activities}
    rows = plan_rows(plan, activities)
    for row in rows:
        # Four-monthly: the format's column IV stays empty. A new list: the progress keeps its own.
        row.cells = [
            *cells[row.activity.pk],
            *[None] * (len(PERIOD_LABELS) - len(cells[row.activity.pk])),
        ]
    return {
        "plan": plan,
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
    record = {
        "entidad_nombre": plan.entity.name,
        "entidad_nit": plan.entity.nit,
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
    }
    cells = {row.activity.pk: row.cells for row in progress.activities}
    activities = []
    for row in plan_rows(plan, loaded):
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
        activities.append((row.activity, item))
    return record, activities


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


def review_plan(plan: Plan) -> list[review.Problem]:
    """The review of a plan before it is submitted (plans.review holds the rules)."""
    rows = plan_rows(plan)
    return review_activities(plan, ((r.activity, r.tasks, len(r.responsibles)) for r in rows))


# What the review needs of an activity: the activity, its tasks, how many dependencias it has.
ReviewItem = tuple[Activity, list[str], int]


def review_activities(plan: Plan, activities: Iterable[ReviewItem]) -> list[review.Problem]:
    """The review of (activity, its tasks, how many dependencias it has), for a caller that
    holds them already, as the importer does."""
    facts = [
        review.ActivityFacts(
            pk=activity.pk,
            number=activity.number,
            description=activity.description,
            months=list(activity.months),
            indicator_formula=activity.indicator_formula,
            indicator_target=activity.indicator_target,
            tasks=tasks,
            deliverables=activity.deliverables,
            responsible_count=responsible_count,
            responsible_written=len(split_unit_names(activity.responsible_text)),
            weight=activity.weight,
            start_date=activity.start_date,
            end_date=activity.end_date,
        )
        for activity, tasks, responsible_count in activities
    ]
    return review.review(facts, objective=plan.objective, year=plan.year)


def versions(plan: Plan) -> list[Plan]:
    """Every version of the plan, oldest first (a short chain: one query per version)."""
    chain = [plan]
    while chain[0].previous_version_id:
        chain.insert(0, Plan.objects.get(pk=chain[0].previous_version_id))
    newer = Plan.objects.filter(previous_version=chain[-1]).first()
    while newer is not None:
        chain.append(newer)
        newer = Plan.objects.filter(previous_version=newer).first()
    return chain


def reported_periods(plan: Plan, numbers: list[int]) -> dict[int, list[str]]:
    """For the activities of ``plan`` with these numbers, the periods that have a report (in any
    state): what stays with that version when a newer one drops the activity."""
    found: dict[int, list[str]] = {}
    if not numbers:
        return found
    rows = (
        Report.objects.filter(activity__plan=plan, activity__number__in=numbers)
        .order_by("activity__number", "period")
        .values_list("activity__number", "period")
    )
    for number, period in rows:
        found.setdefault(number, []).append(PERIOD_LABELS[period])
    return found


def version_in_force(plan: Plan) -> Plan | None:
    """The published version that replaced an archived one, following the chain forward."""
    newer = Plan.objects.filter(previous_version=plan).first()
    while newer is not None and newer.status != Plan.Status.PUBLISHED:
        newer = Plan.objects.filter(previous_version=newer).first()
    return newer


def replaced_version(plan: Plan, pk: str) -> Plan | None:
    """The earlier version of ``plan`` a visitor came from (``?anterior=``), if it is one."""
    wanted = whole_number(pk)
    if wanted is None:
        return None
    for version in versions(plan):
        if version.pk == wanted and version.version < plan.version:
            return version
    return None


def periods_to_catch_up(plan: Plan, today) -> list:
    """The periods a first publication today would open for catching up (none for a new
    version: its follow-up comes with the version it replaces)."""
    if plan.status != Plan.Status.APPROVED or plan.previous_version_id:
        return []
    return followup_periods.late_periods(plan, today)


def history(plan: Plan, *, limit: int = 500) -> list[HistoryEntry]:
    """The latest audit entries of every version of the plan, newest first, as people read
    them (plans.history): a fixed number of queries whatever the number of entries."""
    ids = [version.pk for version in versions(plan)]
    entries = AuditEntry.objects.filter(plan_id__in=ids).select_related("actor")[:limit]
    return readable_history(list(entries))


@dataclass(frozen=True)
class PlanToDo:
    """A plan waiting on someone, and what they are to do with it."""

    plan: Plan
    action: str


TO_DO = {
    Plan.Status.IN_REVIEW: "Aprobar o devolver",
    Plan.Status.RETURNED: "Corregir y enviar de nuevo al Comité",
    Plan.Status.APPROVED: "Publicar",
    Plan.Status.DRAFT: "Formular la nueva versión",
}


def workflow_pending(user) -> list[PlanToDo]:
    """The plans of the user's entity that wait on them: for who signs for the Comité, those
    en revisión; for Planeación, the returned ones to correct, the approved ones to publish
    and the drafts of new versions. Nothing for anyone else."""
    member = policy.membership(user)
    if member is None:
        return []
    waiting = []
    if member.can_approve:
        waiting.append(Q(status=Plan.Status.IN_REVIEW))
    if member.role == Role.PLANNER:
        waiting.append(Q(status__in=[Plan.Status.RETURNED, Plan.Status.APPROVED]))
        waiting.append(Q(status=Plan.Status.DRAFT, previous_version__isnull=False))
    if not waiting:
        return []
    plans = Plan.objects.filter(reduce(or_, waiting), entity_id=member.entity_id)
    return [PlanToDo(plan, TO_DO[plan.status]) for plan in plans.order_by("-year", "title")]
