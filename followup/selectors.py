"""Where a plan stands: every activity × period with its measures, and the roll-ups.

One query path for pages, exports and dashboards; the formulas are in followup.measures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from followup import measures
from followup.models import Period, Report
from followup.services import periods_for, thresholds
from plans.models import Activity, Plan
from plans.schedule import period_targets


@dataclass
class Cell:
    """One activity in one period."""

    period: Period
    programmed: Decimal
    executed: Decimal | None  # validated (or adjusted by Control Interno), raw
    compliance: Decimal | None
    light: measures.Light
    report: Report | None

    @property
    def executed_shown(self) -> Decimal | None:
        return None if self.executed is None else measures.percent(measures.capped(self.executed))

    @property
    def value(self) -> str | None:
        return report_value(self.report)

    @property
    def programmed_shown(self) -> Decimal:
        return measures.percent(self.programmed)

    @property
    def compliance_shown(self) -> Decimal | None:
        return None if self.compliance is None else measures.percent(self.compliance)


@dataclass
class ActivityProgress:
    activity: Activity
    cells: list[Cell]
    units: list[str]


@dataclass
class Rollup:
    """A plan's or a dependencia's progress in one period."""

    period: Period
    programmed: Decimal | None
    executed: Decimal | None
    compliance: Decimal | None
    light: measures.Light

    @property
    def executed_shown(self) -> Decimal | None:
        return None if self.executed is None else measures.percent(self.executed)

    @property
    def programmed_shown(self) -> Decimal | None:
        return None if self.programmed is None else measures.percent(self.programmed)

    @property
    def compliance_shown(self) -> Decimal | None:
        return None if self.compliance is None else measures.percent(self.compliance)


@dataclass
class PlanProgress:
    plan: Plan
    periods: list[Period]
    activities: list[ActivityProgress]
    totals: list[Rollup] = field(default_factory=list)
    by_unit: dict[str, list[Rollup]] = field(default_factory=dict)

    def latest_closed(self, today) -> Rollup | None:
        closed = [r for r in self.totals if r.period.deadline < today]
        return closed[-1] if closed else None


def _executed(report: Report | None) -> Decimal | None:
    if report is None or report.status != Report.Status.VALIDATED:
        return None
    verification = getattr(report, "verification", None)
    if verification is not None and not verification.agrees:
        return verification.adjusted_executed
    return report.executed


def plan_progress(plan: Plan) -> PlanProgress:
    """Every activity × period of the plan with programmed, executed, compliance and light."""
    periods = periods_for(plan.entity, plan.year)
    bands = thresholds(plan.entity)
    activities = (
        Activity.objects.filter(plan=plan)
        .order_by("position", "number")
        .prefetch_related(
            "responsible_units",
            Prefetch(
                "reports", queryset=Report.objects.select_related("verification").order_by("period")
            ),
        )
    )
    rows = []
    for activity in activities:
        reports = {report.period: report for report in activity.reports.all()}
        targets, manual = period_targets(
            activity.indicator_target,
            list(activity.months),
            activity.period_targets,
            milestone=activity.indicator_type == Activity.IndicatorType.MILESTONE,
            period_ends=tuple(p.end_month for p in periods),
        )
        cells = []
        for period in periods:
            due = measures.programmed(
                activity.months,
                period.end_month,
                period_target=targets.get(period.number) if manual else None,
                annual_target=activity.indicator_target,
            )
            report = reports.get(period.number)
            done = _executed(report)
            result = measures.compliance(done, due)
            light = measures.traffic_light(
                result, programmed_pct=due, reported=done is not None, thresholds=bands
            )
            cells.append(Cell(period, due, done, result, light, report))
        units = [unit.name for unit in activity.responsible_units.all()]
        rows.append(ActivityProgress(activity, cells, units))
    progress = PlanProgress(plan, periods, rows)
    progress.totals = _rollups(rows, periods, bands)
    grouped: dict[str, list[ActivityProgress]] = defaultdict(list)
    for row in rows:
        for unit in row.units or ["Sin responsable"]:
            grouped[unit].append(row)
    progress.by_unit = {
        unit: _rollups(items, periods, bands) for unit, items in sorted(grouped.items())
    }
    return progress


def _rollups(rows: list[ActivityProgress], periods: list[Period], bands) -> list[Rollup]:
    totals = []
    for index, period in enumerate(periods):
        weights = [row.activity.weight for row in rows]
        due = measures.weighted_average(
            (w, row.cells[index].programmed) for w, row in zip(weights, rows, strict=True)
        )
        done = measures.weighted_average(
            (w, measures.capped(row.cells[index].executed) or measures.ZERO)
            for w, row in zip(weights, rows, strict=True)
        )
        reported = any(row.cells[index].executed is not None for row in rows)
        result = measures.compliance(done if reported else None, due or measures.ZERO)
        light = measures.traffic_light(
            result, programmed_pct=due or measures.ZERO, reported=reported, thresholds=bands
        )
        totals.append(Rollup(period, due, done if reported else None, result, light))
    return totals


def report_value(report: Report | None) -> str | None:
    """A validated report's result as the format's SEGUIMIENTO cell shows it."""
    if report is None or report.status != Report.Status.VALIDATED:
        return None
    kind = report.activity.indicator_type
    if kind == Activity.IndicatorType.PERCENTAGE and report.denominator:
        return f"{report.numerator.normalize():f}/{report.denominator.normalize():f}"
    if kind == Activity.IndicatorType.MILESTONE and report.delivered is not None:
        return "Entregado" if report.delivered else "No entregado"
    if report.value is not None:
        return f"{report.value.normalize():f}"
    return report.result_text or None


@dataclass
class EntityProgress:
    """Every published plan of a vigencia, and the entity's and dependencias' roll-ups."""

    plans: list[PlanProgress]
    labels: list[str]  # period labels of the entity's scheme
    totals: list[Rollup]
    by_unit: dict[str, list[Rollup]]


def entity_progress(entity, year: int) -> EntityProgress:
    """The consolidated view for the Comité: every activity of every published plan, weighted."""
    plans = Plan.objects.filter(entity=entity, year=year, status=Plan.Status.PUBLISHED).order_by(
        "plan_type__position", "title"
    )
    progress = [plan_progress(plan) for plan in plans.select_related("entity", "plan_type")]
    periods = periods_for(entity, year)
    bands = thresholds(entity)
    rows = [row for item in progress for row in item.activities]
    grouped: dict[str, list[ActivityProgress]] = defaultdict(list)
    for row in rows:
        for unit in row.units or ["Sin responsable"]:
            grouped[unit].append(row)
    return EntityProgress(
        plans=progress,
        labels=[p.label for p in periods],
        totals=_rollups(rows, periods, bands),
        by_unit={unit: _rollups(items, periods, bands) for unit, items in sorted(grouped.items())},
    )


@dataclass
class OversightProgress:
    """A department's view: each overseen entity's consolidated progress, and all of them."""

    entities: list[tuple]  # (entity, EntityProgress)
    labels: list[str]
    totals: list[Rollup] | None  # None when the entities follow different schemes


def oversight_progress(entities, year: int) -> OversightProgress:
    rows = [(entity, entity_progress(entity, year)) for entity in entities]
    schemes = {entity.followup_scheme for entity, _progress in rows}
    if len(schemes) != 1:
        return OversightProgress(rows, [], None)
    first = rows[0][0]
    periods = periods_for(first, year)
    activities = [
        row for _entity, progress in rows for plan in progress.plans for row in plan.activities
    ]
    return OversightProgress(
        rows, [p.label for p in periods], _rollups(activities, periods, thresholds(first))
    )
