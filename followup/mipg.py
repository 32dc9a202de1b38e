"""Progress by MIPG policy and dimension, for an entity's vigencia: what FURAG asks for.

The activities counted are those of the entity's plans in force that year (published: the
current version) that follow the entity's own follow-up scheme, so that every plan shares the
same periods; a plan on the other scheme is listed apart, as on the consolidated dashboard. An
activity counts under its own policies, else under its plan's; tagged with two policies it counts
in both, and once in a dimension that holds both. Figures are the weighted sums of
followup.rollups over each activity's cells of followup.selectors.plan_progress: the formulas
stay in followup.measures. The reading costs the same queries for 20 or 2,000 activities and for
one plan or twenty.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from followup import periods, rollups, selectors
from followup.models import Period, Report
from followup.rollups import Rollup, Sums
from organization.models import Entity
from plans.models import Activity, MipgDimension, MipgPolicy, Plan


@dataclass
class PolicyRow:
    """A policy (None: the activities with no policy, theirs or their plan's) over the periods."""

    policy: MipgPolicy | None
    activities: int
    plans: int
    rollups: list[Rollup]

    @property
    def name(self) -> str:
        return self.policy.name if self.policy else "Sin política de MIPG"


@dataclass
class DimensionGroup:
    dimension: MipgDimension
    activities: int
    rollups: list[Rollup]
    policies: list[PolicyRow] = field(default_factory=list)


@dataclass
class MipgProgress:
    entity: Entity
    year: int
    periods: list[Period]
    dimensions: list[DimensionGroup]
    untagged: PolicyRow
    plans: list[Plan]
    other_plans: list[Plan]
    latest_closed: int | None  # index of the latest period whose reporting window has closed

    @property
    def labels(self) -> list[str]:
        return [period.label for period in self.periods]

    @property
    def latest_closed_label(self) -> str:
        return "" if self.latest_closed is None else self.periods[self.latest_closed].label


class _Tally:
    """Per-period sums, the activities and the plans counted in them."""

    def __init__(self, size: int):
        self.sums = [Sums() for _ in range(size)]
        self.activities: set[int] = set()
        self.plans: set[int] = set()

    def add(self, row: selectors.ActivityProgress) -> None:
        activity = row.activity
        if activity.pk in self.activities:
            return
        self.activities.add(activity.pk)
        self.plans.add(activity.plan_id)
        for sums, cell in zip(self.sums, row.cells, strict=True):
            sums.add_activity(activity.weight, cell.programmed, cell.executed)


def _links(through, owner: str, owner_ids) -> dict[int, list[int]]:
    """{owner id: [policy id, …]} from a many-to-many table, in one query."""
    found: dict[int, list[int]] = defaultdict(list)
    pairs = through.objects.filter(**{f"{owner}_id__in": owner_ids})
    for owner_id, policy_id in pairs.values_list(f"{owner}_id", "mipgpolicy_id"):
        found[owner_id].append(policy_id)
    return found


def _progress_rows(plans: list[Plan], plan_periods: list[Period], today):
    """Every activity row (followup.selectors.ActivityProgress) of the plans, read together."""
    activities = list(Activity.objects.filter(plan__in=plans).order_by("position", "number"))
    for activity in activities:
        activity.unit_list = []  # the dependencias do not enter this roll-up
    selectors.attach_reports(activities, Report.objects.filter(activity__plan__in=plans))
    by_plan: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_plan[activity.plan_id].append(activity)
    for plan in plans:
        progress = selectors.plan_progress(
            plan,
            stored=False,
            activities=by_plan[plan.pk],
            today=today,
            plan_periods=plan_periods,
        )
        yield from progress.activities


def policy_progress(entity: Entity, year: int, today=None) -> MipgProgress:
    """The entity's progress by MIPG dimension and policy in each period of the vigencia."""
    today = today or timezone.localdate()
    published = list(
        Plan.objects.filter(entity=entity, year=year, status=Plan.Status.PUBLISHED)
        .select_related("entity", "plan_type")
        .order_by("plan_type__position", "title")
    )
    plans = [p for p in published if p.followup_scheme == entity.followup_scheme]
    own_periods = periods.periods_for(entity, year)
    size = len(own_periods)
    plan_tags = _links(Plan.mipg_policies.through, "plan", [p.pk for p in plans])
    activity_tags = _links(
        Activity.mipg_policies.through,
        "activity",
        Activity.objects.filter(plan__in=plans).values("pk"),
    )
    catalogue = list(
        MipgPolicy.objects.select_related("dimension").order_by(
            "dimension__number", "position", "name"
        )
    )
    dimension_of = {policy.pk: policy.dimension_id for policy in catalogue}
    by_policy: dict[int, _Tally] = defaultdict(lambda: _Tally(size))
    by_dimension: dict[int, _Tally] = defaultdict(lambda: _Tally(size))
    untagged = _Tally(size)
    for row in _progress_rows(plans, own_periods, today):
        activity = row.activity
        tags = activity_tags.get(activity.pk) or plan_tags.get(activity.plan_id) or []
        if not tags:
            untagged.add(row)
        for policy_id in tags:
            by_policy[policy_id].add(row)
            by_dimension[dimension_of[policy_id]].add(row)  # once per dimension: a set

    bands = selectors.thresholds(entity)

    def shown(tally: _Tally) -> list[Rollup]:
        pairs = zip(tally.sums, own_periods, strict=True)
        return [rollups.to_rollup(sums, period, bands, today) for sums, period in pairs]

    empty = _Tally(size)
    groups: dict[int, DimensionGroup] = {}
    for policy in catalogue:
        tally = by_policy.get(policy.pk)
        if tally is None and not (policy.is_active and policy.dimension.is_active):
            continue  # a retired policy no activity of the year carries
        dimension = policy.dimension
        if dimension.pk not in groups:
            counted = by_dimension.get(dimension.pk, empty)
            groups[dimension.pk] = DimensionGroup(
                dimension, len(counted.activities), shown(counted)
            )
        tally = tally or empty
        groups[dimension.pk].policies.append(
            PolicyRow(policy, len(tally.activities), len(tally.plans), shown(tally))
        )
    closed = [index for index, period in enumerate(own_periods) if period.deadline < today]
    return MipgProgress(
        entity=entity,
        year=year,
        periods=own_periods,
        dimensions=list(groups.values()),
        untagged=PolicyRow(None, len(untagged.activities), len(untagged.plans), shown(untagged)),
        plans=plans,
        other_plans=[p for p in published if p.followup_scheme != entity.followup_scheme],
        latest_closed=closed[-1] if closed else None,
    )


# The FURAG export: one row per dimension and per policy, Spanish headers.
def export_rows(progress: MipgProgress) -> tuple[list[str], list[list]]:
    """The headers and rows of the XLSX and CSV exports, as the page shows them."""
    headers = ["Dimensión", "Política", "N° actividades", "N° planes"]
    for label in progress.labels:
        headers += [
            f"Programado periodo {label} (%)",
            f"Ejecutado periodo {label} (%)",
            f"Cumplimiento periodo {label} (%)",
            f"Semáforo periodo {label}",
        ]

    def figures(items: list[Rollup]) -> list:
        cells: list = []
        for rollup in items:
            cells += [
                rollup.programmed_shown,
                rollup.executed_shown,
                rollup.compliance_shown,
                rollup.light.label,
            ]
        return cells

    rows = []
    for group in progress.dimensions:
        name = str(group.dimension)
        rows.append([name, "(toda la dimensión)", group.activities, "", *figures(group.rollups)])
        for row in group.policies:
            rows.append([name, row.name, row.activities, row.plans, *figures(row.rollups)])
    untagged = progress.untagged
    if untagged.activities:
        rows.append(["", untagged.name, untagged.activities, untagged.plans])
        rows[-1] += figures(untagged.rollups)
    return headers, rows


def _title(progress: MipgProgress) -> str:
    return (
        f"Avance por política de MIPG · {progress.entity.name} · vigencia {progress.year} "
        "(para el FURAG)"
    )


def export_csv(progress: MipgProgress) -> bytes:
    """UTF-8 with a byte-order mark, as the project's other CSV files, so Excel shows accents."""
    output = io.StringIO()
    writer = csv.writer(output)
    headers, rows = export_rows(progress)
    writer.writerow(headers)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def append_header(sheet, headers: list[str]) -> None:
    """A table's header row in the institutional blue, below the sheet's title."""
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="3366CC")
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def export_xlsx(progress: MipgProgress) -> bytes:
    headers, rows = export_rows(progress)
    book = Workbook()
    sheet = book.active
    sheet.title = "MIPG"
    sheet.append([_title(progress)])
    sheet["A1"].font = Font(bold=True, size=13)
    append_header(sheet, headers)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 60
    sheet.freeze_panes = "C3"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
