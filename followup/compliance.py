"""Who complied, for the system administrator and each department's oversight office: per
vigencia, whether each entity published its plan de acción and each Decreto 612 plan by 31
January (Ley 1474 de 2011, art. 74), which period reports are missing once their window closed,
and whose latest period fell in red. Rules in docs/adr/0042-compliance-view.md.

Everything is read in a constant number of queries whatever the number of entities: the first
publication per entity and plan type (GROUP BY), the published plans, their stored plan roll-ups
with reports missing (followup.rollups keeps, per period, the activities programmed and those
with their report sent), the stored period rows, and the stored roll-ups
(followup.selectors.oversight_progress). Figures and lights come from those roll-ups
and followup.measures; nothing here recomputes a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import Case, Count, DateTimeField, F, Min, Q, Sum, When
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from followup import measures, mipg, periods, selectors
from followup.models import Period, ProgressSum
from followup.oversight_filters import OversightFilters
from followup.rollups import Rollup
from organization.models import Entity
from plans.models import Plan, PlanType

ON_TIME, LATE, UNPUBLISHED, PENDING = "a_tiempo", "tarde", "sin_publicar", "pendiente"
# The order of the statuses when a column is sorted: the worst first.
STATUS_RANK = {UNPUBLISHED: 0, LATE: 1, PENDING: 2, ON_TIME: 3}
# Plans still in the hands of Planeación or the Comité: not published, but being formulated.
IN_FORMULATION = (
    Plan.Status.DRAFT,
    Plan.Status.IN_REVIEW,
    Plan.Status.RETURNED,
    Plan.Status.APPROVED,
)
# What the view, its exports and the weekly mail read of each entity (its name and place, its
# periods' settings and its thresholds): a national page's entities read whole cost more.
ENTITY_FIELDS = (
    *selectors.OVERSIGHT_FIELDS,
    "nit",
    "department",
    "report_window_days",
    "submission_opens_days_before",
)
SORTS = ("entidad", "departamento", "municipio", "tipo", "publicacion", "faltantes", "cumplimiento")


def deadline(year: int) -> datetime.date:
    """The last day to publish a vigencia's plans: 31 January, in Colombia."""
    return datetime.date(year, 1, 31)


@dataclass(frozen=True)
class Publication:
    """Whether one plan type of one entity was published by the deadline."""

    status: str
    published_on: datetime.date | None = None  # the first publication, in Colombia
    in_formulation: bool = False  # not published, but a draft or approved plan exists

    @property
    def label(self) -> str:
        if self.status == ON_TIME:
            return "Publicado a tiempo"
        if self.status == LATE:
            return f"Publicado tarde ({self.published_on:%d/%m/%Y})"
        if self.status == PENDING:
            return "Pendiente (vence el 31/01)"
        return "Sin publicar (en formulación)" if self.in_formulation else "Sin publicar"

    @property
    def is_failure(self) -> bool:
        return self.status in (LATE, UNPUBLISHED)


def publication(
    first_published: datetime.datetime | None,
    year: int,
    today: datetime.date,
    drafted: bool,
    zone: datetime.tzinfo | None = None,
) -> Publication:
    """The status of a plan type from its first publication (the earliest of all its versions:
    a later version does not make an on-time plan late). 31 January counts whole, in Colombia's
    time; before 1 February an unpublished plan is pending, not a failure. ``zone``: the
    current time zone, when the caller read it once for many plans."""
    if first_published is not None:
        day = timezone.localtime(first_published, zone).date()
        return Publication(ON_TIME if day <= deadline(year) else LATE, day)
    if today <= deadline(year):
        return Publication(PENDING, in_formulation=drafted)
    return Publication(UNPUBLISHED, in_formulation=drafted)


class Missing(NamedTuple):
    """Activities programmed in a period whose window closed without their report sent (a
    tuple: a national page makes thousands)."""

    label: str  # the period, «II» (or «II (cuatrimestral)» for a plan of the other scheme)
    count: int


@dataclass
class EntityCompliance:
    entity: Entity
    publications: dict[int, Publication]  # by plan type id, one per due type
    missing: list[Missing] = field(default_factory=list)
    latest: Rollup | None = None  # the latest period whose cut-off passed
    types: list[PlanType] = field(default_factory=list)

    @cached_property
    def shown(self) -> list[tuple[PlanType, Publication]]:
        """Each due type with its status, in the catalogue's order."""
        return [(t, self.publications[t.pk]) for t in self.types]

    @property
    def missing_total(self) -> int:
        return sum(item.count for item in self.missing)

    @property
    def in_red(self) -> bool:
        return self.latest is not None and self.latest.light == measures.Light.RED

    @property
    def worst(self) -> int:
        return min((STATUS_RANK[p.status] for p in self.publications.values()), default=4)


@dataclass
class DepartmentLine:
    """A department's counts of plans (entity × due plan type) by status."""

    code: str
    name: str
    entities: int = 0
    on_time: int = 0
    late: int = 0
    unpublished: int = 0
    pending: int = 0
    missing: int = 0  # entities with reports missing
    red: int = 0  # entities in red

    @property
    def plans(self) -> int:
        return self.on_time + self.late + self.unpublished + self.pending

    def share(self, count: int) -> Decimal:
        return measures.percent(Decimal(100 * count) / self.plans) if self.plans else Decimal(0)

    @property
    def on_time_share(self) -> Decimal:
        return self.share(self.on_time)

    @property
    def late_share(self) -> Decimal:
        return self.share(self.late)

    @property
    def unpublished_share(self) -> Decimal:
        return self.share(self.unpublished)

    # What the shared bar chart (surveys' bar_chart tag) reads.
    @property
    def label(self) -> str:
        return self.name

    @property
    def count(self) -> int:
        return self.on_time

    @property
    def bar_share(self) -> int:
        return round(self.on_time_share)

    def add(self, row: EntityCompliance, statuses: dict[str, int]) -> None:
        """Count ``row``, whose publications' ``statuses`` were counted by the caller."""
        self.entities += 1
        self.on_time += statuses[ON_TIME]
        self.late += statuses[LATE]
        self.unpublished += statuses[UNPUBLISHED]
        self.pending += statuses[PENDING]
        self.missing += bool(row.missing)
        self.red += row.in_red


@dataclass
class ComplianceReport:
    year: int
    today: datetime.date
    plan_types: list[PlanType]  # the due types shown (or the chosen one)
    rows: list[EntityCompliance]
    departments: list[DepartmentLine]
    total: DepartmentLine

    @property
    def total_line(self) -> list[DepartmentLine]:
        """The total as the departments' table reads its lines."""
        return [self.total]

    @property
    def chart_bars(self) -> list:
        return [_Bar(line.name, line.on_time, line.bar_share) for line in self.departments]


@dataclass(frozen=True)
class _Bar:
    label: str
    count: int
    share: int


def compliance(
    entities, filters: OversightFilters, today: datetime.date | None = None, *, dates: bool = True
) -> ComplianceReport:
    """The compliance of ``entities`` (already filtered by place and kind) in the vigencia and
    for the plan type ``filters`` chose (else every type due by 31 January), sorted as asked.
    Without ``dates`` an on-time publication carries no date (the page shows none; the exports
    and the weekly mail do): the database says which were on time, and the thousands of dates a
    national page would otherwise convert are not read."""
    today = today or timezone.localdate()
    year = filters.year
    entity_ids = entities.values("pk")
    entities = list(entities.order_by("name").only(*ENTITY_FIELDS))
    by_id = {entity.pk: entity for entity in entities}
    if filters.plan_type:
        types = [filters.plan_type]
    else:
        types = [t for t in filters.plan_types if t.due_january]
    firsts = _first_publications(entity_ids, year, [t.pk for t in types], dates=dates)
    missing = missing_reports(by_id, entity_ids, year, today, filters.plan_type)
    latest = selectors.latest_entity_rollups(entities, year, today)
    rows = []
    zone = timezone.get_current_timezone()  # once: reading it costs more than the conversion
    # The statuses without a date, shared by the thousands of plans a national page holds.
    on_time = Publication(ON_TIME)
    absent = {drafted: publication(None, year, today, drafted) for drafted in (False, True)}
    departments: dict[str, DepartmentLine] = {}
    total = DepartmentLine("", "Total")
    type_ids = [plan_type.pk for plan_type in types]
    for entity in entities:
        entity_id = entity.pk
        publications = {}
        statuses = dict.fromkeys(STATUS_RANK, 0)
        for type_id in type_ids:
            found = firsts.get((entity_id, type_id))
            if found is None:
                item = absent[False]
            else:
                first, was_on_time, drafted = found
                if was_on_time and not dates:
                    item = on_time
                elif first is None:
                    item = absent[drafted]
                else:
                    item = publication(first, year, today, drafted, zone)
            publications[type_id] = item
            statuses[item.status] += 1
        row = EntityCompliance(
            entity, publications, missing.get(entity_id, []), latest[entity_id], types
        )
        rows.append(row)
        code = entity.department_code
        if code not in departments:
            departments[code] = DepartmentLine(code, entity.department or "Sin departamento")
        departments[code].add(row, statuses)
        total.add(row, statuses)
    return ComplianceReport(
        year,
        today,
        types,
        sort_rows(rows, filters.sort),
        sorted(departments.values(), key=lambda line: line.name),
        total,
    )


def _first_publications(
    entity_ids, year, type_ids, *, dates: bool = True
) -> dict[tuple[int, int], tuple]:
    """(entity, plan type) → (its first publication, whether one was published by the deadline,
    whether a plan is being formulated), over every version, in two grouped queries: the pairs
    published on time (most of them, read as bare pairs unless ``dates`` asks for their first
    publication) and the few others with a late publication or a plan being formulated."""
    end = timezone.make_aware(
        datetime.datetime.combine(deadline(year) + datetime.timedelta(days=1), datetime.time())
    )
    plans = (
        Plan.objects.filter(entity_id__in=entity_ids, year=year, plan_type_id__in=type_ids)
        .order_by()
        .values_list("entity_id", "plan_type_id")
    )
    in_time = plans.filter(published_at__lt=end)
    if dates:
        found = {
            (entity_id, type_id): (first, True, False)
            for entity_id, type_id, first in in_time.annotate(first=Min("published_at"))
        }
    else:
        found = dict.fromkeys(in_time.distinct(), (None, True, False))
    drafting = Q(status__in=IN_FORMULATION)
    others = plans.filter(Q(published_at__gte=end) | drafting).annotate(
        first=Min("published_at", filter=Q(published_at__gte=end)),
        drafts=Count("pk", filter=drafting),
    )
    for entity_id, type_id, first, drafts in others:
        found.setdefault((entity_id, type_id), (first, False, drafts > 0))
    return found


def missing_reports(
    entities: dict[int, Entity], entity_ids, year: int, today: datetime.date, plan_type=None
) -> dict[int, list[Missing]]:
    """Per entity, per period whose window closed (the entity's window, a reopening, a late
    plan's catch-up: followup.periods.window), how many activities of its published plans were
    programmed in the period (a scheduled month in it) without their report sent. Read from the
    counts followup.rollups keeps on write, in four queries whatever the number of entities,
    activities and reports (``entity_ids``: a subquery of them):

    - the entity's rows (the sum of its published plans on its own scheme), one per period;
    - the plan rows of the plans whose windows are not the entity's: a late plan's catch-up
      (taken off the entity's sum and counted with its own window) and a plan on the other
      scheme (other periods, shown apart);
    - the stored period rows (reopenings, the entity's own dates).

    With ``plan_type`` the plan rows of that type's published plans are read instead."""
    published = Plan.objects.filter(
        entity_id__in=entity_ids, year=year, status=Plan.Status.PUBLISHED
    )
    short = ProgressSum.objects.filter(
        scope=ProgressSum.Scope.PLAN, due_reports__gt=F("sent_reports")
    ).order_by()
    # (entity, scheme, catch-up until, published at, period, count): a catch-up of None is
    # counted with the entity's window.
    counts: list[tuple] = []
    if plan_type is None:
        counts += [
            (entity_id, entities[entity_id].followup_scheme, None, None, number, count)
            for entity_id, number, count in ProgressSum.objects.filter(
                entity_id__in=entity_ids,
                year=year,
                scope=ProgressSum.Scope.ENTITY,
                due_reports__gt=F("sent_reports"),
            )
            .order_by("period")
            .values_list("entity_id", "period", F("due_reports") - F("sent_reports"))
        ]
        apart = published.filter(
            Q(catch_up_until__isnull=False) | ~Q(followup_scheme=F("entity__followup_scheme"))
        ).values_list("pk", flat=True)
        short = short.filter(plan_id__in=apart)
    else:
        short = short.filter(plan__in=published.filter(plan_type=plan_type))
    # A plan's publication matters only to its catch-up: plans without one group together.
    late = Case(
        When(plan__catch_up_until__isnull=False, then=F("plan__published_at")),
        output_field=DateTimeField(),
    )
    for entity_id, scheme, catch_up, number, published_at, count in short.values_list(
        "plan__entity_id", "plan__followup_scheme", "plan__catch_up_until", "period"
    ).annotate(late=late, count=Sum(F("due_reports") - F("sent_reports"))):
        own = scheme == entities[entity_id].followup_scheme
        if plan_type is None and own:  # a catch-up, in the entity's sum: counted with its own
            counts.append((entity_id, scheme, None, None, number, -count))
        counts.append((entity_id, scheme, catch_up, published_at, number, count))

    stored: dict[tuple, dict[int, Period]] = defaultdict(dict)
    for period in Period.objects.filter(entity_id__in=entity_ids, year=year):
        stored[(period.entity_id, period.scheme)][period.number] = period
    result: dict[int, dict[str, int]] = defaultdict(dict)
    # An entity's periods and windows follow from its settings and its stored rows: entities
    # with the same settings and no stored rows share them (computed once, not per entity).
    shared: dict[tuple, dict[int, Period]] = {}
    closed: dict[tuple, bool] = {}
    for entity_id, scheme, catch_up, published_at, number, count in counts:
        entity = entities[entity_id]
        key = (entity_id, scheme)
        if key in stored:
            same = key
        else:
            same = (scheme, entity.report_window_days, entity.submission_opens_days_before)
        if same not in shared:
            found = periods.periods_for(entity, year, scheme, stored.get(key, {}))
            shared[same] = {period.number: period for period in found}
        period = shared[same][number]
        late = (published_at, catch_up) if catch_up else None
        if (same, number, late) not in closed:
            plan = SimpleNamespace(published_at=published_at, catch_up_until=catch_up)
            closed[(same, number, late)] = (
                period.cutoff < today
                and periods.window(plan, period, today).state == periods.CLOSED
            )
        if not closed[(same, number, late)]:
            continue
        label = period.label
        if scheme != entity.followup_scheme:
            label = f"{label} ({scheme})"
        result[entity_id][label] = result[entity_id].get(label, 0) + count
    return {
        entity_id: [Missing(label, n) for label, n in labels.items() if n > 0]
        for entity_id, labels in result.items()
    }


def sort_rows(rows: list[EntityCompliance], sort: str) -> list[EntityCompliance]:
    """The rows in the order ``orden`` asks for (by name when it asks for none)."""
    column = sort.removeprefix("-")
    keys = {
        "entidad": lambda r: r.entity.name.lower(),
        "departamento": lambda r: (r.entity.department, r.entity.name.lower()),
        "municipio": lambda r: (r.entity.municipality, r.entity.name.lower()),
        "tipo": lambda r: (r.entity.get_kind_display(), r.entity.name.lower()),
        "publicacion": lambda r: (r.worst, r.entity.name.lower()),
        "faltantes": lambda r: (r.missing_total, r.entity.name.lower()),
        "cumplimiento": lambda r: (
            r.latest is None or r.latest.compliance is None,
            r.latest.compliance if r.latest and r.latest.compliance is not None else 0,
            r.entity.name.lower(),
        ),
    }
    key = keys.get(column, keys["entidad"])
    return sorted(rows, key=key, reverse=sort.startswith("-"))


# -- exports ---------------------------------------------------------------------------------


def entity_table(report: ComplianceReport) -> tuple[list[str], list[list]]:
    """The headers and rows of the entities' table, as the page shows them."""
    headers = ["Entidad", "NIT", "Departamento", "Municipio", "Tipo de entidad"]
    for plan_type in report.plan_types:
        headers += [f"{plan_type.name}: estado", f"{plan_type.name}: primera publicación"]
    headers += [
        "Seguimientos faltantes",
        "Faltantes por periodo",
        "Último periodo cerrado",
        "Cumplimiento (%)",
        "Semáforo",
    ]
    rows = []
    for row in report.rows:
        cells: list = [
            row.entity.name,
            row.entity.nit,
            row.entity.department,
            row.entity.municipality,
            row.entity.get_kind_display(),
        ]
        for plan_type in report.plan_types:
            item = row.publications[plan_type.pk]
            cells += [item.label, item.published_on]
        cells += [
            row.missing_total,
            ", ".join(f"{m.label}: {m.count}" for m in row.missing),
            row.latest.period.label if row.latest else None,
            row.latest.compliance_shown if row.latest else None,
            row.latest.light.label if row.latest else None,
        ]
        rows.append(cells)
    return headers, rows


def department_table(report: ComplianceReport) -> tuple[list[str], list[list]]:
    headers = [
        "Departamento",
        "Entidades",
        "Planes exigidos",
        "A tiempo",
        "A tiempo (%)",
        "Tarde",
        "Tarde (%)",
        "Sin publicar",
        "Sin publicar (%)",
        "Pendientes",
        "Con seguimientos faltantes",
        "En rojo",
    ]
    rows = [
        [
            line.name,
            line.entities,
            line.plans,
            line.on_time,
            line.on_time_share,
            line.late,
            line.late_share,
            line.unpublished,
            line.unpublished_share,
            line.pending,
            line.missing,
            line.red,
        ]
        for line in [*report.departments, report.total]
    ]
    return headers, rows


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return value


def export_csv(report: ComplianceReport) -> bytes:
    """The entities' table in UTF-8 with a byte-order mark, commas between fields and a point
    in decimals, as the MIPG export writes it; dates dd/mm/aaaa."""
    output = io.StringIO()
    writer = csv.writer(output)
    headers, rows = entity_table(report)
    writer.writerow(headers)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def export_xlsx(report: ComplianceReport, description: str) -> bytes:
    """Two sheets, each headed by the filters in words: the departments and the entities."""
    book = Workbook()
    book.remove(book.active)
    for title, (headers, rows) in (
        ("Departamentos", department_table(report)),
        ("Entidades", entity_table(report)),
    ):
        sheet = book.create_sheet(title)
        sheet.append([f"Cumplimiento de publicación y seguimiento · {description}"])
        sheet["A1"].font = Font(bold=True, size=13)
        mipg.append_header(sheet, headers)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for cells in sheet.iter_rows(min_row=3):
            for cell in cells:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        sheet.column_dimensions["A"].width = 45
        sheet.freeze_panes = "B3"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# -- the weekly digest -----------------------------------------------------------------------


def digest_state(report: ComplianceReport) -> dict:
    """What the weekly mail compares: per entity (by id, as text for JSON), its name, each due
    type's status and first publication, its missing reports and whether it is in red."""
    return {
        str(row.entity.pk): {
            "name": row.entity.name,
            "types": {
                str(type_id): [
                    item.status,
                    item.published_on.isoformat() if item.published_on else "",
                ]
                for type_id, item in row.publications.items()
            },
            "missing": row.missing_total,
            "red": row.in_red,
        }
        for row in report.rows
    }


def changes(before: dict, after: dict, type_names: dict[str, str]) -> list[tuple[str, list[str]]]:
    """What changed between two states, per entity (in the order of ``after``), in words."""
    found = []
    for key, now in after.items():
        then = before.get(key, {"types": {}, "missing": 0, "red": False})
        lines = []
        for type_id, (status, day) in now["types"].items():
            old = then["types"].get(type_id, [PENDING, ""])[0]
            if status == old:
                continue
            name = type_names.get(type_id, "Plan")
            if status == ON_TIME:
                lines.append(f"{name}: publicado a tiempo")
            elif status == LATE:
                shown = datetime.date.fromisoformat(day).strftime("%d/%m/%Y")
                lines.append(f"{name}: publicado tarde ({shown})")
            elif status == UNPUBLISHED:
                lines.append(f"{name}: venció el 31 de enero sin publicar")
        if now["missing"] and not then["missing"]:
            lines.append(f"tiene {now['missing']} seguimientos faltantes")
        elif then["missing"] and not now["missing"]:
            lines.append("se puso al día en los seguimientos")
        elif now["missing"] != then["missing"]:
            lines.append(f"seguimientos faltantes: de {then['missing']} a {now['missing']}")
        if now["red"] != then["red"]:
            lines.append("entró en rojo" if now["red"] else "salió del rojo")
        if lines:
            found.append((now["name"], lines))
    return found


def week_of(day: datetime.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"
