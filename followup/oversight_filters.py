"""What an oversight office looks at, and how it narrows it: the entities it oversees (every
entity, for the system administrator) filtered by department, municipality and kind of entity, a
plan type, and a vigencia among those with data. The compliance view and the national and
departmental dashboards read the same filters from the same query parameters, so a link from
one to the other keeps what was chosen.

Parameters: ``vigencia``, ``departamento`` (DIVIPOLA code, two digits), ``municipio`` (five
digits), ``tipo`` (EntityKind), ``tipo_plan`` (PlanType code), ``orden`` (a column, «-» before
it for descending). A value that is not one of the choices is ignored, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from core.params import whole_number
from organization import divipola, policy
from organization.models import Entity, EntityKind
from plans import values
from plans.models import Plan, PlanType


def requested_year(params: QueryDict) -> int:
    """The vigencia asked for (``?vigencia=``), or this year's when it is not one."""
    year = whole_number(params.get("vigencia"), digits=4)
    if year is None or values.year_problems(year):
        return timezone.localdate().year
    return year


def published_years(entities, *also: int) -> list[int]:
    """The vigencias in which ``entities`` have a published plan, with ``also``, newest first."""
    published = Plan.objects.filter(entity__in=entities, status=Plan.Status.PUBLISHED)
    return sorted(
        set(published.values_list("year", flat=True).distinct()) | set(also), reverse=True
    )


def overseen_entities(user) -> QuerySet[Entity]:
    """Every entity for the system administrator; the entities a department's planning office
    oversees for it; PermissionDenied for anyone else."""
    if user.is_superuser:
        return Entity.objects.all()
    overseen = policy.overseen_entity_ids(user)
    if not overseen:
        raise PermissionDenied("Su cuenta no tiene entidades asignadas para consultar.")
    return Entity.objects.filter(pk__in=overseen)


@dataclass
class OversightFilters:
    """The chosen filters, already checked against their choices."""

    year: int
    years: list[int]
    department: str = ""  # DIVIPOLA code
    municipality: str = ""  # DIVIPOLA code
    kind: str = ""
    plan_type: PlanType | None = None
    sort: str = ""
    departments: list[tuple[str, str]] = field(default_factory=list)  # (code, name) with data
    # the department's municipalities that have an entity
    municipalities: list[tuple[str, str]] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    plan_types: list[PlanType] = field(default_factory=list)

    def apply(self, entities: QuerySet[Entity]) -> QuerySet[Entity]:
        """The entities that pass the place and kind filters."""
        if self.department:
            entities = entities.filter(department_code=self.department)
        if self.municipality:
            entities = entities.filter(municipality_code=self.municipality)
        if self.kind:
            entities = entities.filter(kind=self.kind)
        return entities

    def query(self, **changes) -> str:
        """The query string of these filters, with ``changes`` (None drops a parameter)."""
        params = {
            "vigencia": self.year,
            "departamento": self.department,
            "municipio": self.municipality,
            "tipo": self.kind,
            "tipo_plan": self.plan_type.code if self.plan_type else "",
            "orden": self.sort,
        } | changes
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    @property
    def department_name(self) -> str:
        found = divipola.department(self.department)
        return found.name if found else ""

    @property
    def municipality_name(self) -> str:
        found = divipola.municipality(self.municipality)
        return found.name if found else ""

    @property
    def kind_label(self) -> str:
        return EntityKind(self.kind).label if self.kind else ""

    @property
    def description(self) -> str:
        """The filters in words, for captions and file headers."""
        parts = [f"Vigencia {self.year}"]
        if self.department:
            parts.append(self.department_name)
        if self.municipality:
            parts.append(self.municipality_name)
        if self.kind:
            parts.append(self.kind_label)
        if self.plan_type:
            parts.append(self.plan_type.name)
        return " · ".join(parts)


def read_filters(
    params: QueryDict, entities: QuerySet[Entity], *, sorts: tuple[str, ...] = ()
) -> OversightFilters:
    """The filters ``params`` ask for, among the choices ``entities`` offer. Three queries
    whatever the number of entities: their departments and kinds, the vigencias with a
    published plan, and the plan types."""
    today = timezone.localdate()
    places = set(entities.values_list("department_code", "municipality_code", "kind").distinct())
    year = requested_year(params)
    years = published_years(entities, today.year, year)
    department_codes = {code for code, _town, _kind in places if code}
    department = params.get("departamento", "")
    if department not in department_codes:
        department = ""
    towns = {town for _code, town, _kind in places if town}
    municipality = params.get("municipio", "")
    place = divipola.municipality(municipality)
    if (
        place is None
        or municipality not in towns
        or (department and place.department_code != department)
    ):
        municipality = ""
    kinds = {kind for _code, _town, kind in places if kind}
    kind = params.get("tipo", "")
    if kind not in kinds:
        kind = ""
    plan_types = list(PlanType.objects.filter(is_active=True))
    plan_type = next((t for t in plan_types if t.code == params.get("tipo_plan")), None)
    sort = params.get("orden", "")
    if sort.removeprefix("-") not in sorts:
        sort = ""
    return OversightFilters(
        year=year,
        years=years,
        department=department,
        municipality=municipality,
        kind=kind,
        plan_type=plan_type,
        sort=sort,
        departments=sorted(
            ((code, divipola.department(code).name) for code in department_codes),
            key=lambda item: item[1],
        ),
        municipalities=[
            (m.code, m.name) for m in divipola.municipalities_of(department) if m.code in towns
        ]
        if department
        else [],
        kinds=[(k.value, k.label) for k in EntityKind if k.value in kinds],
        plan_types=plan_types,
    )
