"""Where a plan stands: every activity × period with its measures, and the roll-ups.

One query path for pages, exports and dashboards; the formulas are in followup.measures.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit import catalogue
from audit.models import AuditEntry
from core.text import fold
from followup import measures, periods, rollups
from followup.models import Evidence, Period, ProgressSum, Report, Verification
from followup.rollups import Rollup
from organization import divipola, policy
from organization.models import Entity, Unit
from plans import selectors as plan_selectors
from plans.models import Activity, Plan
from plans.schedule import PERIOD_ENDS, PERIOD_LABELS, period_targets


def thresholds(entity: Entity) -> measures.Thresholds:
    """The entity's traffic-light bands."""
    return measures.Thresholds(entity.threshold_red_below, entity.threshold_yellow_below)


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
    unit_ids: list[int] = field(default_factory=list)

    @property
    def physical_shown(self) -> Decimal | None:
        """Executed (physical) progress at the latest period with a validated report, capped
        as every page shows it."""
        done = [cell for cell in self.cells if cell.executed is not None]
        return done[-1].executed_shown if done else None

    @property
    def financial(self) -> measures.Financial:
        """Budget execution at the latest validated report (issue 22)."""
        return activity_financial(
            self.activity, [cell.report for cell in self.cells if cell.report]
        )


def activity_financial(activity: Activity, reports: list[Report]) -> measures.Financial:
    """The activity's apropiación with the compromisos and obligaciones of its latest
    validated report (reports of any order)."""
    validated = [r for r in reports if r.status == Report.Status.VALIDATED]
    latest = max(validated, key=lambda r: r.period, default=None)
    return measures.Financial(
        activity.appropriation,
        latest.commitments if latest else None,
        latest.obligations if latest else None,
    )


@dataclass(frozen=True)
class BudgetRow:
    """A line of a physical vs financial table: an activity, a plan, or their total."""

    label: str
    physical: Decimal | None
    money: measures.Financial
    bpin: str = ""
    plan: Plan | None = None
    total: bool = False


@dataclass
class PlanProgress:
    plan: Plan
    periods: list[Period]
    activities: list[ActivityProgress]
    totals: list[Rollup] = field(default_factory=list)
    by_unit: dict[str, list[Rollup]] = field(default_factory=dict)

    @property
    def reports(self) -> list[Report]:
        """Every report the progress read, each with its activity."""
        return [cell.report for row in self.activities for cell in row.cells if cell.report]

    @property
    def physical_shown(self) -> Decimal | None:
        """The plan's executed progress at the latest period with any validated report."""
        return _latest_executed(self.totals)

    @property
    def uses_budget(self) -> bool:
        return any(row.activity.uses_budget for row in self.activities)

    @property
    def financial(self) -> measures.Financial:
        """The plan's budget execution: sums over its activities with apropiación."""
        return measures.financial_total(row.financial for row in self.activities)

    def budget_rows(self) -> list[BudgetRow]:
        """Its activities with budget, then the plan's total."""
        rows = [
            BudgetRow(
                f"{row.activity.number}. {row.activity.description}",
                row.physical_shown,
                row.financial,
                row.activity.bpin or "—",
            )
            for row in self.activities
            if row.activity.uses_budget
        ]
        total = measures.financial_total(row.money for row in rows)
        return [*rows, BudgetRow("Total del plan", self.physical_shown, total, total=True)]

    def latest_closed(self, today) -> Rollup | None:
        closed = [r for r in self.totals if r.period.deadline < today]
        return closed[-1] if closed else None


def _executed(report: Report | None) -> Decimal | None:
    if report is None or report.status != Report.Status.VALIDATED:
        return None
    verification = report.verification
    if verification is not None and not verification.agrees:
        return verification.adjusted_executed
    return report.executed


# What the measures, the format's follow-up cells and the links to a report read of it: the
# narrative, the comments and the dates stay in the database (converting 60,000 timestamps was a
# third of reading a plan of 5,000 activities with three periods reported).
REPORT_FIELDS = (
    "id", "activity_id", "period", "status", "result_text", "value", "numerator", "denominator",
    "delivered", "executed", "commitments", "obligations",
)  # fmt: skip


def plan_activities(plan: Plan, *, tasks: bool = False, reports: bool = True) -> list[Activity]:
    """The plan's activities as plans.selectors.plan_activities reads them, each with its
    `report_list` too (empty unless ``reports``), read the same way: one query, grouped here."""
    activities = plan_selectors.plan_activities(plan, tasks=tasks)
    attach_reports(activities, Report.objects.filter(activity__plan=plan) if reports else None)
    return activities


def attach_reports(activities: list[Activity], reports) -> None:
    """Give each activity its `report_list`: the reports of ``reports`` (a queryset covering
    them, or None for none), read in one query and their verifications in another."""
    by_id = {activity.pk: activity for activity in activities}
    for activity in activities:
        activity.report_list = []
    if reports is not None:
        found = list(reports.only(*REPORT_FIELDS).order_by("period"))
        # Verifications by their own indexed lookup, and only where they count (a validated
        # report): a join lets PostgreSQL scan the whole verification table, a cost that grows
        # with the deployment, not with the plan.
        validated = [r.pk for r in found if r.status == Report.Status.VALIDATED]
        latest = latest_verifications(validated)
        cache_activity = Report.activity.field.set_cached_value
        for report in found:
            activity = by_id[report.activity_id]
            cache_activity(report, activity)
            report.verification = latest.get(report.pk)
            activity.report_list.append(report)


def latest_verifications(report_ids: list[int]) -> dict[int, Verification]:
    """Control Interno's latest round for each report, by its own indexed lookup (a join lets
    PostgreSQL scan the whole verification table, a cost that grows with the deployment)."""
    latest: dict[int, Verification] = {}
    rounds = Verification.objects.filter(report_id__in=report_ids).order_by("report_id", "round")
    for verification in rounds.only(
        "id", "report_id", "round", "agrees", "adjusted_executed", "public"
    ):
        latest[verification.report_id] = verification
    return latest


def plan_progress(
    plan: Plan,
    *,
    stored: bool = True,
    activities: list[Activity] | None = None,
    today=None,
    plan_periods: list[Period] | None = None,
) -> PlanProgress:
    """Every activity × period of the plan with programmed, executed, compliance and light.

    The plan's and its dependencias' totals come from the roll-ups kept on write (computed
    here only for a plan that has none yet, such as a draft). `activities` are the plan's
    from `plan_activities`, when the caller has read them already. A period whose cut-off has
    not come is «aún no vence» where nothing was reported, never «sin reporte». `plan_periods`
    are the plan's periods, when the caller has read them already (for many plans at once)."""
    today = today or timezone.localdate()
    periods_ = plan_periods or periods.plan_periods(plan)
    bands = thresholds(plan.entity)
    if activities is None:
        activities = plan_activities(plan)
    rows = []
    for activity in activities:
        reports = {report.period: report for report in activity.report_list}
        cells = []
        for goal in activity_goals(activity, periods_):
            period, due = goal.period, goal.programmed
            report = reports.get(period.number)
            done = _executed(report)
            result = measures.compliance(done, due)
            light = measures.traffic_light(
                result,
                programmed_pct=due,
                reported=done is not None,
                thresholds=bands,
                elapsed=period.has_ended(today),
            )
            cells.append(Cell(period, due, done, result, light, report))
        units = activity.unit_list
        rows.append(
            ActivityProgress(activity, cells, [u.name for u in units], [u.pk for u in units])
        )
    progress = PlanProgress(plan, periods_, rows)
    names = {u_id: name for row in rows for u_id, name in zip(row.unit_ids, row.units, strict=True)}
    stored_rows = rollups.stored_sums([plan.pk]).get(plan.pk) if stored else None
    if stored_rows and stored_rows["plan"]:
        totals = [stored_rows["plan"].get(p.number, rollups.Sums()) for p in periods_]
        units_sums = {
            unit_id: [by_period.get(p.number, rollups.Sums()) for p in periods_]
            for unit_id, by_period in stored_rows["units"].items()
        }
    else:
        totals, units_sums = rollups.sums_of(rows, periods_)
    progress.totals = _to_rollups(totals, periods_, bands, today)
    progress.by_unit = {
        names.get(unit_id, "Sin responsable"): _to_rollups(sums, periods_, bands, today)
        for unit_id, sums in units_sums.items()
    }
    progress.by_unit = dict(sorted(progress.by_unit.items()))
    return progress


def _to_rollups(sums: list[rollups.Sums], periods_: list[Period], bands, today) -> list[Rollup]:
    return [rollups.to_rollup(s, p, bands, today) for s, p in zip(sums, periods_, strict=True)]


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


def _latest_executed(totals: list[Rollup]) -> Decimal | None:
    """The executed progress of the latest period with any validated report."""
    done = [total for total in totals if total.executed is not None]
    return done[-1].executed_shown if done else None


@dataclass
class PlanTotals:
    plan: Plan
    totals: list[Rollup]
    financial: measures.Financial = field(default_factory=measures.Financial)

    @property
    def physical_shown(self) -> Decimal | None:
        return _latest_executed(self.totals)

    @property
    def labels(self) -> list[str]:
        return [rollup.period.label for rollup in self.totals]


@dataclass
class EntityProgress:
    """Every published plan of a vigencia, and the entity's and dependencias' roll-ups.

    The roll-ups add up the plans that follow the entity's own scheme; plans that follow the
    other one (a four-monthly Plan Anticorrupción in a quarterly entity) have different cut-offs
    and are listed apart, each with its own periods (``other_plans``)."""

    plans: list[PlanTotals]
    labels: list[str]  # period labels of the entity's scheme
    totals: list[Rollup]
    by_unit: dict[str, list[Rollup]]
    other_plans: list[PlanTotals] = field(default_factory=list)
    financial: measures.Financial = field(default_factory=measures.Financial)

    @property
    def physical_shown(self) -> Decimal | None:
        return _latest_executed(self.totals)

    def budget_rows(self) -> list[BudgetRow]:
        """The plans with some apropiación, then the entity's total."""
        rows = [
            BudgetRow(item.plan.title, item.physical_shown, item.financial, plan=item.plan)
            for item in self.plans + self.other_plans
            if item.financial.appropriation is not None
        ]
        if not rows:
            return []
        return [*rows, BudgetRow("Entidad", self.physical_shown, self.financial, total=True)]


MONEY = DecimalField(max_digits=18, decimal_places=2)


def plan_budgets(plans: list[Plan]) -> dict[int, measures.Financial]:
    """Each plan's budget execution in one query: Σ apropiación of its activities with one, and
    Σ compromisos and obligaciones of each such activity's latest validated report (the same
    sums as PlanProgress.financial, added up by the database)."""
    latest = Report.objects.filter(
        activity=OuterRef("pk"), status=Report.Status.VALIDATED
    ).order_by("-period")
    rows = (
        Activity.objects.filter(plan__in=plans, appropriation__isnull=False)
        .annotate(
            committed=Subquery(latest.values("commitments")[:1]),
            obligated=Subquery(latest.values("obligations")[:1]),
        )
        .values("plan_id")
        .annotate(
            appropriation=Sum("appropriation"),
            commitments=Sum(Coalesce("committed", Value(Decimal(0)), output_field=MONEY)),
            obligations=Sum(Coalesce("obligated", Value(Decimal(0)), output_field=MONEY)),
        )
        .order_by()
    )
    return {
        row["plan_id"]: measures.Financial(
            row["appropriation"], row["commitments"], row["obligations"]
        )
        for row in rows
    }


def _plan_sums(plans: list[Plan]) -> dict[int, dict]:
    """The stored sums of the plans; a plan without any (published before roll-ups existed) is
    computed in memory, and `check_rollups --rebuild` stores it."""
    found = rollups.stored_sums(plan.pk for plan in plans)
    for plan in plans:
        if not found.get(plan.pk, {}).get("plan"):
            progress = plan_progress(plan, stored=False)
            totals, units = rollups.sums_of(progress.activities, progress.periods)
            found[plan.pk] = {
                "plan": {p.number: s for p, s in zip(progress.periods, totals, strict=True)},
                "units": {
                    unit_id: {p.number: s for p, s in zip(progress.periods, sums, strict=True)}
                    for unit_id, sums in units.items()
                },
            }
    return found


def entity_progress(entity, year: int, today=None) -> EntityProgress:
    """The consolidated view for the Comité: every activity of every published plan, weighted,
    added up from the roll-ups (no report is read)."""
    today = today or timezone.localdate()
    plans = list(
        Plan.objects.filter(entity=entity, year=year, status=Plan.Status.PUBLISHED)
        .select_related("entity", "plan_type")
        .order_by("plan_type__position", "title")
    )
    own = periods.periods_for(entity, year)
    bands = thresholds(entity)
    found = _plan_sums(plans)
    budgets = plan_budgets(plans)
    empty = rollups.Sums()
    items, others, totals = [], [], [rollups.Sums() for _ in own]
    units: dict = defaultdict(lambda: [rollups.Sums() for _ in own])
    for plan in plans:
        if plan.followup_scheme != entity.followup_scheme:
            theirs = periods.periods_for(entity, year, plan.followup_scheme)
            sums = [found[plan.pk]["plan"].get(p.number, empty) for p in theirs]
            others.append(
                PlanTotals(
                    plan,
                    _to_rollups(sums, theirs, bands, today),
                    budgets.get(plan.pk, measures.Financial()),
                )
            )
            continue
        sums = [found[plan.pk]["plan"].get(p.number, empty) for p in own]
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
        items.append(
            PlanTotals(
                plan,
                _to_rollups(sums, own, bands, today),
                budgets.get(plan.pk, measures.Financial()),
            )
        )
        for unit_id, by_period in found[plan.pk]["units"].items():
            units[unit_id] = [
                a + by_period.get(p.number, empty) for a, p in zip(units[unit_id], own, strict=True)
            ]
    names = dict(Unit.objects.filter(pk__in=[u for u in units if u]).values_list("pk", "name"))
    by_unit = {
        names.get(unit_id, "Sin responsable"): _to_rollups(sums, own, bands, today)
        for unit_id, sums in units.items()
    }
    return EntityProgress(
        plans=items,
        labels=[p.label for p in own],
        totals=_to_rollups(totals, own, bands, today),
        by_unit=dict(sorted(by_unit.items())),
        other_plans=others,
        financial=measures.financial_total(budgets.values()),
    )


NATIONAL_GROUP = "Orden nacional / sin departamento"


@dataclass
class EntityRow:
    """An entity on a dashboard of many: its published plans (of the chosen type) and its sums
    per period; the roll-ups are computed when read, so a page computes only its own rows."""

    entity: Entity
    plans: int
    sums: list[rollups.Sums]
    periods: list[Period]
    today: object
    width: int = 0  # the number of period columns of the table it sits in

    @property
    def published(self) -> bool:
        return self.plans > 0

    @functools.cached_property
    def totals(self) -> list[Rollup]:
        return _to_rollups(self.sums, self.periods, thresholds(self.entity), self.today)

    @property
    def cells(self) -> list[Rollup | None]:
        """Its roll-ups, and None for the table's periods its scheme does not have."""
        return self.totals + [None] * (self.width - len(self.totals))


@dataclass
class DepartmentGroup:
    """A department's entities (or those without one, ``code`` empty), and their sums per
    period when they all follow one scheme."""

    code: str
    name: str
    rows: list[EntityRow]
    totals: list[Rollup] | None
    width: int = 0

    @property
    def entities(self) -> int:
        return len(self.rows)

    @property
    def without_plan(self) -> int:
        return sum(1 for row in self.rows if not row.published)

    @property
    def published(self) -> bool:
        """Whether any of its entities has a published plan: a department where none has one
        is «sin plan publicado» too, not «no programado»."""
        return any(row.published for row in self.rows)

    @property
    def cells(self) -> list[Rollup | None]:
        totals = self.totals or []
        return totals + [None] * (self.width - len(totals))


@dataclass
class PageGroup:
    """The part of a department's group that falls on one page of the dashboard."""

    group: DepartmentGroup
    rows: list[EntityRow]
    continued: bool  # its first entities are on an earlier page


@dataclass
class OversightProgress:
    """Many entities side by side (a department's, or the whole country's), grouped by
    department then entity, and all of them."""

    entities: list[EntityRow]  # in the order of the groups
    labels: list[str]
    totals: list[Rollup] | None  # None when the entities follow different schemes
    groups: list[DepartmentGroup]

    @property
    def without_plan(self) -> int:
        return sum(1 for row in self.entities if not row.published)

    @property
    def by_department(self) -> dict[str, list[Rollup]]:
        return {g.name: g.totals for g in self.groups if g.totals is not None}

    def page(self, number, per_page: int = 50):
        """A page of ``per_page`` entities, and its entities by department: a department cut
        by the page break shows its heading again on the next page, marked as continued."""
        page = Paginator(self.entities, per_page).get_page(number)
        group_of = {id(row): group for group in self.groups for row in group.rows}
        parts: list[PageGroup] = []
        for row in page:
            group = group_of[id(row)]
            if not parts or parts[-1].group is not group:
                parts.append(PageGroup(group, [], continued=group.rows[0] is not row))
            parts[-1].rows.append(row)
        return page, parts


def _plan_type_sums(published_plans):
    """(entity id, period, Sums) of ``published_plans`` (a plan type's) that follow their
    entity's scheme, as an entity's stored rows do: their plan rows summed in one query, read
    through the plans so that only theirs are visited."""
    own_scheme = published_plans.filter(followup_scheme=F("entity__followup_scheme"))
    rows = (
        ProgressSum.objects.filter(
            plan_id__in=Subquery(own_scheme.values("pk")), scope=ProgressSum.Scope.PLAN
        )
        .values("entity_id", "period")
        .annotate(
            sum_weight=Sum("weight"),
            sum_programmed=Sum("programmed"),
            sum_executed=Sum("executed"),
            any_reported=Max(Case(When(reported=True, then=Value(1)), default=Value(0))),
            sum_activities=Sum("activities"),
        )
        .order_by()
    )
    for row in rows:
        yield (
            row["entity_id"],
            row["period"],
            rollups.Sums(
                # to the places stored, as the entity's rows (a SQLite sum is a float)
                row["sum_weight"].quantize(rollups.PLACES),
                row["sum_programmed"].quantize(rollups.PLACES),
                row["sum_executed"].quantize(rollups.PLACES),
                bool(row["any_reported"]),
                row["sum_activities"],
            ),
        )


def _entity_sums(entity_ids, year: int):
    """(entity id, period, Sums) from the entities' stored rows for the vigencia."""
    rows = ProgressSum.objects.filter(year=year, scope=ProgressSum.Scope.ENTITY)
    if entity_ids is not None:
        rows = rows.filter(entity_id__in=entity_ids)
    for entity_id, period, weight, programmed, executed, reported, activities in rows.values_list(
        "entity_id", "period", "weight", "programmed", "executed", "reported", "activities"
    ):
        yield entity_id, period, rollups.Sums(weight, programmed, executed, reported, activities)


def latest_entity_rollups(entities, year: int, today=None) -> dict[int, Rollup | None]:
    """Each entity's roll-up of the latest period whose cut-off passed (None before the first),
    from its stored rows, with its own thresholds: the figure and light the dashboards show
    for that period. One query whatever the number of entities, reading that period only."""
    today = today or timezone.localdate()
    entities = list(entities)
    latest: dict[str, Period | None] = {}
    for scheme in {entity.followup_scheme for entity in entities}:
        elapsed = [p for p in periods.scheme_periods(scheme, year) if p.cutoff < today]
        latest[scheme] = elapsed[-1] if elapsed else None
    numbers = {period.number for period in latest.values() if period is not None}
    found: dict[tuple[int, int], rollups.Sums] = {}
    if numbers:
        ids = [entity.pk for entity in entities] if len(entities) < 1000 else None
        rows = ProgressSum.objects.filter(year=year, scope=ProgressSum.Scope.ENTITY)
        rows = rows.filter(period__in=numbers)
        if ids is not None:
            rows = rows.filter(entity_id__in=ids)
        for (
            entity_id,
            period,
            weight,
            programmed,
            executed,
            reported,
            activities,
        ) in rows.values_list(
            "entity_id", "period", "weight", "programmed", "executed", "reported", "activities"
        ):
            found[(entity_id, period)] = rollups.Sums(
                weight, programmed, executed, reported, activities
            )
    result: dict[int, Rollup | None] = {}
    for entity in entities:
        period = latest[entity.followup_scheme]
        if period is None:
            result[entity.pk] = None
            continue
        sums = found.get((entity.pk, period.number), rollups.Sums())
        result[entity.pk] = rollups.to_rollup(sums, period, thresholds(entity), today)
    return result


# What the dashboards of many entities show and compute with: a national deployment's entities
# read whole cost as much as their figures.
OVERSIGHT_FIELDS = (
    "name",
    "department_code",
    "municipality",
    "kind",
    "followup_scheme",
    "threshold_red_below",
    "threshold_yellow_below",
)


@functools.cache
def _department_key(code: str) -> tuple:
    department = divipola.department(code)
    # Departments by name, those without one at the end.
    return (0, fold(department.name), department.code) if department else (1, "", "")


def _group_key(entity: Entity) -> tuple:
    return _department_key(entity.department_code)


def oversight_progress(entities, year: int, today=None, *, plan_type=None) -> OversightProgress:
    """Each entity's consolidated progress from its stored roll-up rows, grouped by department
    (by name; those without one last) then entity (by name), in three queries whatever the
    number of entities: the entities, their published plans, and their rows. With
    ``plan_type``, only its published plans count: their plan rows are summed instead of the
    entity's rows. An entity without a published plan (of that type) is «sin plan publicado»,
    not a traffic light."""
    today = today or timezone.localdate()
    if isinstance(entities, QuerySet):
        entities = entities.only(*OVERSIGHT_FIELDS)
    entities = sorted(entities, key=lambda e: (_group_key(e), fold(e.name), e.pk))
    by_id = {entity.pk: entity for entity in entities}
    # An IN list of every entity of a national deployment costs more than reading the vigencia.
    ids = list(by_id) if len(entities) < 1000 else None
    published = Plan.objects.filter(year=year, status=Plan.Status.PUBLISHED)
    if plan_type is not None:
        published = published.filter(plan_type=plan_type)
    if ids is not None:
        published = published.filter(entity_id__in=ids)
    plan_counts = dict(
        published.values("entity_id").annotate(n=Count("pk")).values_list("entity_id", "n")
    )
    found = _plan_type_sums(published) if plan_type else _entity_sums(ids, year)
    sums: dict[int, dict[int, rollups.Sums]] = defaultdict(dict)
    for entity_id, period, period_sums in found:
        if entity_id in by_id:
            sums[entity_id][period] = period_sums
    # One list of periods per scheme, shared by its entities: making them per entity was a
    # third of the national dashboard's time.
    schemes = {
        scheme: periods.scheme_periods(scheme, year)
        for scheme in {e.followup_scheme for e in entities}
    }
    width = max((len(p) for p in schemes.values()), default=0)
    longest = max(schemes.values(), key=len, default=[])
    empty = rollups.Sums()
    bands = measures.Thresholds()
    rows: list[EntityRow] = []
    groups: list[DepartmentGroup] = []
    all_group_sums = []
    for key, members in itertools.groupby(entities, key=_group_key):
        group_rows, group_sums, group_schemes = [], None, set()
        for entity in members:
            periods_ = schemes[entity.followup_scheme]
            entity_sums = [sums[entity.pk].get(p.number, empty) for p in periods_]
            group_rows.append(
                EntityRow(
                    entity, plan_counts.get(entity.pk, 0), entity_sums, periods_, today, width
                )
            )
            group_schemes.add(entity.followup_scheme)
            group_sums = (
                entity_sums
                if group_sums is None
                else [a + b for a, b in zip(group_sums, entity_sums, strict=False)]
            )
        all_group_sums.append(group_sums)
        one = schemes[group_schemes.pop()] if len(group_schemes) == 1 else None
        groups.append(
            DepartmentGroup(
                key[2],
                divipola.department(key[2]).name if key[2] else NATIONAL_GROUP,
                group_rows,
                _to_rollups(group_sums, one, bands, today) if one else None,
                width,
            )
        )
        rows += group_rows
    common = longest if len(schemes) == 1 else None
    totals = None
    if common:
        totals = [rollups.Sums() for _ in common]
        for group_sums in all_group_sums:
            totals = [a + b for a, b in zip(totals, group_sums, strict=True)]
    return OversightProgress(
        rows,
        [p.label for p in longest],
        _to_rollups(totals, common, bands, today) if common and rows else None,
        groups,
    )


@dataclass
class PeriodGoal:
    """What an activity should have reached by a period's end: the cumulative target (in the
    indicator's terms, when it has a target) and the programmed progress (%)."""

    period: Period
    target: Decimal | None
    programmed: Decimal

    @property
    def programmed_shown(self) -> Decimal:
        return measures.percent(self.programmed)


def activity_goals(activity: Activity, plan_periods: list[Period]) -> list[PeriodGoal]:
    """What the activity should have reached by the end of each of the plan's periods: from the
    per-period targets set by hand, else from its schedule (followup.measures)."""
    targets, manual = period_targets(
        activity.indicator_target,
        list(activity.months),
        activity.period_targets,
        milestone=activity.indicator_type == Activity.IndicatorType.MILESTONE,
        period_ends=tuple(p.end_month for p in plan_periods),
    )
    return [
        PeriodGoal(
            period,
            targets.get(period.number),
            measures.programmed(
                activity.months,
                period.end_month,
                period_target=targets.get(period.number) if manual else None,
                annual_target=activity.indicator_target,
            ),
        )
        for period in plan_periods
    ]


@dataclass
class Step:
    """One thing that happened to a report: who, when, what, and what they wrote."""

    at: object
    who: str
    action: str
    text: str


# The audit codes that tell a report's story (labels in audit.catalogue).
REPORT_STEPS = (
    "followup.report.saved",
    "followup.report.submitted",
    "followup.report.returned",
    "followup.report.validated",
    "followup.report.verified",
    "followup.evidence.added",
)


def report_history(report: Report) -> list[Step]:
    """What happened to the report, oldest first, in every version of the plan it went
    through (a report carried into a new version keeps its earlier steps)."""
    ids, current = [], report
    while current is not None:
        ids.append(str(current.pk))
        current = current.carried_from
    entries = (
        AuditEntry.objects.filter(
            object_type="followup.report", object_id__in=ids, action__in=REPORT_STEPS
        )
        | AuditEntry.objects.filter(
            object_type="followup.verification",
            action="followup.report.verified",
            object_id__in=[
                str(pk)
                for pk in Verification.objects.filter(report_id__in=ids).values_list(
                    "pk", flat=True
                )
            ],
        )
        | AuditEntry.objects.filter(
            object_type="followup.evidence",
            object_id__in=[
                str(pk)
                for pk in Evidence.objects.filter(report_id__in=ids).values_list("pk", flat=True)
            ],
        )
    )
    steps = []
    for entry in entries.select_related("actor").order_by("at", "id"):
        who = (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else ""
        text = entry.reason
        if entry.action == "followup.report.verified" and entry.after:
            adjusted = entry.after.get("adjusted_executed")
            verdict = (
                "De acuerdo con lo validado."
                if entry.after.get("agrees")
                else f"Ajusta el avance ejecutado a {adjusted} %."
            )
            text = f"{verdict} {entry.after.get('observation', '')}".strip()
        elif entry.action == "followup.evidence.added" and entry.after:
            text = entry.after.get("original_name") or entry.after.get("url") or ""
        steps.append(Step(entry.at, who or "Sistema", catalogue.action_label(entry.action), text))
    return steps


# -- what waits on each person ---------------------------------------------------------------


@dataclass
class ToSend:
    """A report the person is to send: not yet sent, or returned to them."""

    plan: Plan
    activity: Activity
    period: Period
    report: Report | None
    window: periods.Window


def to_send(user, plan: Plan) -> dict[int, list[tuple[Activity, Report | None]]]:
    """The worklist of a person on a plan («Pendientes» and the reminders both read it): for each
    period number of the plan, the activities the person answers for (policy.reportable) whose
    report is not sent — none yet, a draft or one Planeación returned — in the plan's order,
    with that report; empty when the person answers for none of the plan's activities.
    Windows are the caller's: the page shows what can be sent today, the reminders what is
    about to close or overdue."""
    activities = list(policy.reportable(user, plan.activities.all()).order_by("position", "number"))
    if not activities:
        return {}
    reports = {
        (r.activity_id, r.period): r
        for r in Report.objects.filter(activity__in=activities).only(
            "id", "activity_id", "period", "status"
        )
    }
    worklist = {}
    for number in range(1, len(PERIOD_ENDS[plan.followup_scheme]) + 1):
        worklist[number] = [
            (activity, report)
            for activity in activities
            if (report := reports.get((activity.pk, number))) is None or report.status in UNSENT
        ]
    return worklist


def reports_to_send(user, entity, today) -> tuple[list[ToSend], list[tuple[Plan, periods.Window]]]:
    """For each plan in force, the reports of the user's worklist (to_send) whose window is open
    (or that Planeación returned), and, per plan, when the next window opens."""
    items, upcoming = [], []
    plans = Plan.objects.filter(entity=entity, status=Plan.Status.PUBLISHED).select_related(
        "entity"
    )
    for plan in plans:
        worklist = to_send(user, plan)
        if not worklist:
            continue
        next_window = None
        for period in periods.plan_periods(plan):
            for activity, report in worklist[period.number]:
                window = periods.submission_window(plan, period, report, today)
                if window.is_open:
                    items.append(ToSend(plan, activity, period, report, window))
            window = periods.window(plan, period, today)
            if next_window is None and window.state == periods.NOT_YET:
                next_window = window
        if next_window is not None:
            upcoming.append((plan, next_window))
    return items, upcoming


UNSENT = rollups.UNSENT


def reports_to_review(entity):
    """Reports sent to Planeación on the entity's plans in force, oldest first, with who sent
    them and their dependencias."""
    return (
        Report.objects.filter(
            activity__plan__entity=entity,
            activity__plan__status=Plan.Status.PUBLISHED,
            status=Report.Status.SUBMITTED,
        )
        .select_related("activity__plan", "submitted_by")
        .prefetch_related("activity__responsible_units")
        .order_by("submitted_at")
    )


def reports_to_verify(entity):
    """Validated reports Control Interno has not verified yet, on the entity's plans in force."""
    return (
        Report.objects.filter(
            activity__plan__entity=entity,
            activity__plan__status=Plan.Status.PUBLISHED,
            status=Report.Status.VALIDATED,
            verifications__isnull=True,
            submitted_at__isnull=False,
        )
        .select_related("activity__plan", "validated_by")
        .prefetch_related("activity__responsible_units")
        .order_by("validated_at")
    )


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


def validated_executed(activity_ids: list[int]) -> dict[int, Decimal]:
    """Each activity's latest validated executed progress (raw, after Control Interno's
    adjustment), for the activities that have one; two queries whatever their number. Read by
    the Plan de Desarrollo's metas (development.selectors)."""
    found = list(
        Report.objects.filter(activity_id__in=activity_ids, status=Report.Status.VALIDATED)
        .only("id", "activity_id", "period", "status", "executed")
        .order_by("activity_id", "period")
    )
    latest = latest_verifications([report.pk for report in found])
    executed: dict[int, Decimal] = {}
    for report in found:
        report.verification = latest.get(report.pk)
        value = _executed(report)
        if value is not None:
            executed[report.activity_id] = value
    return executed
