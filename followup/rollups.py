"""Progress roll-ups kept on write (ADR 11).

Every write that changes what a plan's figures count rebuilds the plan's ``ProgressSum`` rows in
the same transaction: publishing a version, validating or verifying a report, and changing the
entity's follow-up scheme (which rebuilds every published plan of the entity), and sending a
report to Planeación or returning it (the plan rows count, per period, the activities programmed
in it and those with their report sent, and the entity's rows add them up: what the compliance
view reads, ADR 42). The rows are, per period, the weighted sums of programmed and executed
progress for the whole plan and for each dependencia, plus the entity's rows for the vigencia:
the sum of its published plans that follow its own scheme. Plan pages and the dashboards of an
entity, a department or the country read these sums instead of the reports; traffic lights are
computed when read, from the sums and the day. ``check_rollups`` recomputes everything and
reports any difference (``--rebuild`` stores the recomputation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from followup import measures
from followup.models import Period, ProgressSum, Report

PLACES = Decimal("0.00000001")  # what the DecimalFields keep
# A report Planeación does not have yet: a draft or one it returned (followup.selectors.UNSENT).
UNSENT = (Report.Status.DRAFT, Report.Status.RETURNED)


@dataclass
class Rollup:
    """A plan's, a dependencia's or an entity's progress in one period."""

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
class Sums:
    """Σ weight, Σ weight × programmed and Σ weight × executed (capped, 0 when not reported)
    over the activities with a positive weight; ``reported`` if any of them was."""

    weight: Decimal = measures.ZERO
    programmed: Decimal = measures.ZERO
    executed: Decimal = measures.ZERO
    reported: bool = False
    activities: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            self.weight + other.weight,
            self.programmed + other.programmed,
            self.executed + other.executed,
            self.reported or other.reported,
            self.activities + other.activities,
        )

    def add_activity(self, weight: Decimal, programmed: Decimal, executed: Decimal | None):
        self.activities += 1
        self.reported = self.reported or executed is not None
        if weight <= 0:
            return
        self.weight += weight
        self.programmed += weight * programmed
        self.executed += weight * (measures.capped(executed) or measures.ZERO)

    def rounded(self) -> Sums:
        return Sums(
            self.weight.quantize(PLACES),
            self.programmed.quantize(PLACES),
            self.executed.quantize(PLACES),
            self.reported,
            self.activities,
        )


def to_rollup(sums: Sums, period: Period, bands: measures.Thresholds, today) -> Rollup:
    """The weighted averages, compliance and light that the sums stand for on ``today``."""
    if sums.weight <= 0:
        due, done = None, None
    else:
        due = sums.programmed / sums.weight
        done = sums.executed / sums.weight if sums.reported else None
    result = measures.compliance(done, due or measures.ZERO)
    light = measures.traffic_light(
        result,
        programmed_pct=due or measures.ZERO,
        reported=sums.reported,
        thresholds=bands,
        elapsed=today > period.cutoff,
    )
    return Rollup(period, due, done, result, light)


def sums_of(rows: Iterable, periods: list[Period]) -> tuple[list[Sums], dict]:
    """The plan's sums per period, and per dependencia id (None: no dependencia) per period,
    from its activity rows (followup.selectors.ActivityProgress)."""
    totals = [Sums() for _ in periods]
    by_unit: dict = defaultdict(lambda: [Sums() for _ in periods])
    for row in rows:
        weight = row.activity.weight
        unit_ids = row.unit_ids or [None]
        for index, cell in enumerate(row.cells):
            totals[index].add_activity(weight, cell.programmed, cell.executed)
            for unit_id in unit_ids:
                by_unit[unit_id][index].add_activity(weight, cell.programmed, cell.executed)
    return totals, dict(by_unit)


def report_counts(rows: Iterable, periods: list[Period]) -> list[tuple[int, int]]:
    """Per period, (activities programmed in it, those of them whose report of the period was
    sent to Planeación), from the plan's activity rows: programmed in a period is a scheduled
    month after the previous period's last month and up to its own (``end_month``); a report
    is sent unless it is a draft or was returned (``cells[i].report``, None when none)."""
    counts = [[0, 0] for _ in periods]
    bounds, first = [], 1
    for period in periods:
        bounds.append((first, period.end_month))
        first = period.end_month + 1
    for row in rows:
        months = row.activity.months or ()
        for index, ((start, end), cell) in enumerate(zip(bounds, row.cells, strict=True)):
            if any(start <= month <= end for month in months):
                counts[index][0] += 1
                report = cell.report
                counts[index][1] += report is not None and report.status not in UNSENT
    return [(due, sent) for due, sent in counts]


def sum_rows(plan, activity_rows, periods) -> list[ProgressSum]:
    """The ProgressSum rows of a plan (unsaved), from its activity rows: the whole plan and each
    dependencia, per period; the plan rows also count its due and sent reports. demo.synthetic
    builds its roll-ups with it too."""
    activity_rows = list(activity_rows)
    totals, by_unit = sums_of(activity_rows, periods)
    counts = report_counts(activity_rows, periods)
    groups = [(ProgressSum.Scope.PLAN, None, totals)]
    groups += [(ProgressSum.Scope.UNIT, unit_id, sums) for unit_id, sums in by_unit.items()]
    rows = []
    for scope, unit_id, sums_by_period in groups:
        for index, (period, sums) in enumerate(zip(periods, sums_by_period, strict=True)):
            sums = sums.rounded()
            due, sent = counts[index] if scope == ProgressSum.Scope.PLAN else (0, 0)
            rows.append(
                ProgressSum(
                    entity_id=plan.entity_id,
                    plan_id=plan.pk,
                    year=plan.year,
                    period=period.number,
                    scope=scope,
                    unit_id=unit_id,
                    activities=sums.activities,
                    weight=sums.weight,
                    programmed=sums.programmed,
                    executed=sums.executed,
                    reported=sums.reported,
                    due_reports=due,
                    sent_reports=sent,
                )
            )
    return rows


@transaction.atomic
def rebuild(plan, progress) -> None:
    """Store the plan's rows summed from ``progress``, its live activity rows and periods
    (followup.services.rebuild_rollups reads them), then its entity's for the vigencia (inside
    the caller's transaction)."""
    rows = sum_rows(plan, progress.activities, progress.periods)
    ProgressSum.objects.filter(plan_id=plan.pk).delete()
    ProgressSum.objects.bulk_create(rows, batch_size=2000)
    rebuild_entity_rows(plan.entity_id, plan.year)


def entity_rows(entity_id: int, year: int, plan_rows: Iterable[ProgressSum]) -> list[ProgressSum]:
    """The entity's rows for a vigencia (unsaved): the sum of its published plans' plan rows,
    their counts of reports due and sent included (the compliance view reads an entity's
    missing reports from them, ADR 42)."""
    totals: dict[int, Sums] = defaultdict(Sums)
    plans: dict[int, set] = defaultdict(set)
    reports: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in plan_rows:
        totals[row.period] += Sums(
            row.weight, row.programmed, row.executed, row.reported, row.activities
        )
        plans[row.period].add(row.plan_id)
        reports[row.period][0] += row.due_reports
        reports[row.period][1] += row.sent_reports
    return [
        ProgressSum(
            entity_id=entity_id,
            plan_id=None,
            year=year,
            period=period,
            scope=ProgressSum.Scope.ENTITY,
            activities=sums.activities,
            plans=len(plans[period]),
            weight=sums.weight,
            programmed=sums.programmed,
            executed=sums.executed,
            reported=sums.reported,
            due_reports=reports[period][0],
            sent_reports=reports[period][1],
        )
        for period, sums in sorted(totals.items())
    ]


def _published_plan_rows(entity_id: int, year: int):
    """The plan rows the entity's own rows add up: its published plans that follow its scheme
    (a plan on the other scheme has other cut-offs and is shown apart)."""
    from organization.models import Entity
    from plans.models import Plan

    scheme = Entity.objects.filter(pk=entity_id).values_list("followup_scheme", flat=True)
    return ProgressSum.objects.filter(
        entity_id=entity_id,
        year=year,
        scope=ProgressSum.Scope.PLAN,
        plan__status=Plan.Status.PUBLISHED,
        plan__followup_scheme__in=scheme,
    )


def rebuild_entity_rows(entity_id: int, year: int) -> None:
    rows = entity_rows(entity_id, year, _published_plan_rows(entity_id, year))
    ProgressSum.objects.filter(
        entity_id=entity_id, year=year, scope=ProgressSum.Scope.ENTITY
    ).delete()
    ProgressSum.objects.bulk_create(rows)


def entity_differences(entity_id: int, year: int) -> list[str]:
    """How the entity's stored rows differ from the sum of its published plans' rows."""
    expected = {
        r.period: (*_values(r), r.plans)
        for r in entity_rows(entity_id, year, _published_plan_rows(entity_id, year))
    }
    stored = {
        r.period: (*_values(r), r.plans)
        for r in ProgressSum.objects.filter(
            entity_id=entity_id, year=year, scope=ProgressSum.Scope.ENTITY
        )
    }
    return [
        f"entidad {entity_id}, vigencia {year}, periodo {period}: guardado "
        f"{stored.get(period)}, suma de sus planes {expected.get(period)}"
        for period in sorted(set(expected) | set(stored))
        if expected.get(period) != stored.get(period)
    ]


def rebuild_entity(entity, progress: Iterable[tuple]) -> None:
    """Store each (plan, its live progress) given, then the entity's rows of every vigencia."""
    for plan, plan_progress in progress:
        rebuild(plan, plan_progress)
    for year in ProgressSum.objects.filter(entity=entity).values_list("year", flat=True).distinct():
        rebuild_entity_rows(entity.pk, year)


def _key(row: ProgressSum) -> tuple:
    return (row.scope, row.unit_id, row.period)


def _values(row: ProgressSum) -> tuple:
    return (
        row.activities,
        row.weight,
        row.programmed,
        row.executed,
        row.reported,
        row.due_reports,
        row.sent_reports,
    )


def differences(plan, progress) -> list[str]:
    """How the stored rows differ from those summed from ``progress``, the plan's live activity
    rows and periods (empty when they agree)."""
    expected = {_key(r): _values(r) for r in sum_rows(plan, progress.activities, progress.periods)}
    stored = {_key(r): _values(r) for r in ProgressSum.objects.filter(plan_id=plan.pk)}
    found = []
    for key in sorted(set(expected) | set(stored), key=str):
        if expected.get(key) != stored.get(key):
            found.append(
                f"plan {plan.pk} «{plan.title}», {key[0]} {key[1] or ''} periodo {key[2]}: "
                f"guardado {stored.get(key)}, recalculado {expected.get(key)}"
            )
    return found


def stored_sums(plan_ids: Iterable[int]) -> dict[int, dict]:
    """{plan id: {"plan": {period: Sums}, "units": {unit id: {period: Sums}}}} in one query."""
    result: dict[int, dict] = defaultdict(lambda: {"plan": {}, "units": defaultdict(dict)})
    for row in ProgressSum.objects.filter(plan_id__in=list(plan_ids)):
        sums = Sums(row.weight, row.programmed, row.executed, row.reported, row.activities)
        if row.scope == ProgressSum.Scope.PLAN:
            result[row.plan_id]["plan"][row.period] = sums
        else:
            result[row.plan_id]["units"][row.unit_id][row.period] = sums
    return result
