"""Reads of findings and their actions: which actions count, how far each one is, and what
still keeps a finding from being closed. Every figure comes from followup.selectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.formats import number_format

from audit.models import AuditEntry
from followup import selectors as followup_selectors
from followup.models import Report
from followup.selectors import Cell
from improvement.models import IMPROVEMENT_PLAN_TYPE, Action, Finding
from plans.history import HistoryEntry, readable_history
from plans.models import Activity, Plan
from plans.schedule import PERIOD_LABELS

HUNDRED = Decimal(100)


def improvement_plans(entity_id: int) -> QuerySet[Plan]:
    """The entity's planes de mejoramiento, latest version of each."""
    return (
        Plan.objects.filter(entity_id=entity_id, plan_type__code=IMPROVEMENT_PLAN_TYPE)
        .current()
        .order_by("-year", "title")
    )


def counted(actions: QuerySet[Action]) -> QuerySet[Action]:
    """The actions that count for their finding: those of the version of the plan in force, or
    of a plan never published yet. An action copied into a new version still in formulation
    counts once that version replaces the one in force (its follow-up is carried then)."""
    return actions.exclude(activity__plan__status=Plan.Status.ARCHIVED).exclude(
        Q(activity__plan__previous_version__isnull=False)
        & ~Q(activity__plan__previous_version__status=Plan.Status.ARCHIVED)
    )


@dataclass
class ActionProgress:
    action: Action
    cell: Cell | None  # the latest period with a report, None if never reported
    blockers: list[str] = field(default_factory=list)

    @property
    def activity(self) -> Activity:
        return self.action.activity


def _latest_cell(cells: list[Cell]) -> Cell | None:
    reported = [cell for cell in cells if cell.report is not None]
    return reported[-1] if reported else None


def _blockers(activity: Activity, cell: Cell | None) -> list[str]:
    """Why this action is not yet verified as done, in Spanish; empty when it is."""
    if cell is None:
        return ["sin reporte"]
    report = cell.report
    period = PERIOD_LABELS.get(cell.period.number, cell.period.number)
    if report.status != Report.Status.VALIDATED:
        return [f"periodo {period} sin validar ({report.get_status_display().lower()})"]
    if report.verification is None:
        return [f"periodo {period} sin verificar por Control Interno"]
    if activity.indicator_type == Activity.IndicatorType.MILESTONE:
        return [] if cell.executed == HUNDRED else [f"periodo {period}: hito no entregado"]
    if cell.executed is None:
        return [f"periodo {period}: avance sin medir"]
    if cell.executed < HUNDRED:
        return [f"avance {number_format(cell.executed_shown)} % en el periodo {period}"]
    return []


def action_progress(actions: list[Action]) -> list[ActionProgress]:
    """Each action with its latest reported period (executed progress as validated, or as
    Control Interno adjusted it) and what keeps it from counting as verified and done."""
    by_plan: dict[int, list[Action]] = {}
    for action in actions:
        by_plan.setdefault(action.activity.plan_id, []).append(action)
    cells: dict[int, list[Cell]] = {}
    for plan_actions in by_plan.values():
        progress = followup_selectors.plan_progress(plan_actions[0].activity.plan, stored=False)
        cells |= {row.activity.pk: row.cells for row in progress.activities}
    result = []
    for action in actions:
        cell = _latest_cell(cells.get(action.activity_id, []))
        result.append(ActionProgress(action, cell, _blockers(action.activity, cell)))
    return result


def finding_actions(finding: Finding) -> list[Action]:
    return list(
        counted(finding.actions.all())
        .select_related("activity__plan__plan_type", "activity__plan__entity")
        .prefetch_related("linked_activities__plan")
        .order_by("activity__plan__year", "activity__number")
    )


def closing_blockers(finding: Finding) -> list[str]:
    """Why the finding may not be closed yet, one line per action (empty: it may)."""
    progress = action_progress(finding_actions(finding))
    if not progress:
        return ["El hallazgo no tiene acciones de mejora."]
    return [
        f"Acción {item.activity.number} («{item.activity.description[:60]}»): "
        + "; ".join(item.blockers)
        + "."
        for item in progress
        if item.blockers
    ]


def findings(entity_id: int, *, status="", source="", unit=None, year=None) -> QuerySet[Finding]:
    """The entity's findings with the filters of the list, each with its number of actions."""
    found = Finding.objects.filter(entity_id=entity_id).select_related("unit", "plan")
    if status:
        found = found.filter(status=status)
    if source:
        found = found.filter(source=source)
    if unit:
        found = found.filter(unit_id=unit)
    if year:
        found = found.filter(found_on__year=year)
    return found.annotate(action_count=Count("actions", distinct=True))


def counts(entity_id: int) -> dict[str, int]:
    found = Finding.objects.filter(entity_id=entity_id)
    return found.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=Finding.Status.OPEN)),
        closed=Count("pk", filter=Q(status=Finding.Status.CLOSED)),
        without_actions=Count("pk", filter=Q(status=Finding.Status.OPEN, actions__isnull=True)),
    )


def open_without_actions(entity_id: int) -> QuerySet[Finding]:
    """Open findings that Planeación has not yet answered with an action."""
    return Finding.objects.open().filter(entity_id=entity_id, actions__isnull=True)


def history(finding: Finding) -> list[HistoryEntry]:
    """The finding's audit entries and its actions', newest first, as people read them."""
    action_ids = [str(pk) for pk in finding.actions.values_list("pk", flat=True)]
    entries = AuditEntry.objects.filter(
        Q(object_type="improvement.finding", object_id=str(finding.pk))
        | Q(object_type="improvement.action", object_id__in=action_ids)
    ).select_related("actor")
    return readable_history(list(entries.order_by("-at")[:500]))


def actions_for_activities(activity_ids: list[int]) -> dict[int, list[Action]]:
    """The improvement actions linked to each of these plan de acción activities."""
    links: dict[int, list[Action]] = {}
    through = Action.linked_activities.through.objects.filter(activity_id__in=activity_ids)
    for row in through.select_related("action__activity", "action__finding"):
        links.setdefault(row.activity_id, []).append(row.action)
    return links
