"""Synthetic data at national scale, for benchmarks and load tests (issue 8).

Entities with valid NITs and the DANE's codes of real departments and municipalities (one
alcaldía per municipality, a gobernación per department), their dependencias, a planner and a
reporter each, published plans of the Decreto 612 types, activities with schedules, indicators and
responsables, reports in every state for the first periods, and the roll-ups those reports give.
Everything goes in with bulk inserts, a batch of entities at a time, each batch in one
transaction. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import functools
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from followup import measures, rollups
from followup.models import ProgressSum, Report, Verification
from organization import divipola
from organization.models import (
    Entity,
    EntityKind,
    EntityOrder,
    Membership,
    MunicipalCategory,
    Role,
    Unit,
    User,
)
from organization.nit import check_digit
from plans.delivered_plan_types import install_plan_types
from plans.models import Activity, Plan, PlanType
from plans.schedule import PERIOD_ENDS
from plans.values import CENT

UNITS = [
    "Secretaría de Planeación",
    "Secretaría de Hacienda",
    "Secretaría de Gobierno",
    "Secretaría de Salud",
    "Secretaría de Educación",
    "Secretaría de Infraestructura",
    "Secretaría de Servicios Administrativos",
    "Oficina de Control Interno",
]
VERBS = ["Realizar", "Implementar", "Actualizar", "Socializar", "Capacitar", "Publicar", "Hacer"]
OBJECTS = [
    "el diagnóstico de la política",
    "jornadas de rendición de cuentas",
    "el plan de capacitación de los funcionarios",
    "la caracterización de los grupos de valor",
    "el seguimiento a los riesgos de gestión",
    "mesas de participación ciudadana",
    "el inventario documental",
    "la estrategia de gobierno digital",
]
NIT_BASE = 800_100_000
BATCH = 25  # entities per transaction


@dataclass
class Summary:
    entities: int = 0
    plans: int = 0
    activities: int = 0
    reports: int = 0
    sums: int = 0


def _nit(index: int) -> str:
    number = str(NIT_BASE + index)
    return f"{number}-{check_digit(number)}"


@functools.cache
def _places() -> tuple[list, list, set[str]]:
    """The departments with a gobernación (Bogotá, D.C. has none) in code order; the
    municipalities taken one per department in turn (the first of each, then the second...), so
    that even a small run spreads over the whole country; the names several municipalities share
    («Belén», «San Pedro»), which an entity's name completes with its department."""
    departments = [d for d in divipola.departments().values() if d.code != "11"]
    by_department: dict[str, list] = {}
    for place in divipola.municipalities().values():
        by_department.setdefault(place.department_code, []).append(place)
    columns = list(by_department.values())
    spread = [
        column[row]
        for row in range(max(len(column) for column in columns))
        for column in columns
        if row < len(column)
    ]
    names = Counter(place.name for place in spread)
    return departments, spread, {name for name, count in names.items() if count > 1}


# One alcaldía per municipality; more entities than municipalities are these, round after round.
MUNICIPAL_KINDS = [
    (EntityKind.ALCALDIA, "Alcaldía de {}"),
    (EntityKind.ESE, "E.S.E. Hospital de {}"),
    (EntityKind.CONCEJO, "Concejo Municipal de {}"),
    (EntityKind.PERSONERIA, "Personería Municipal de {}"),
]
BIG_CITIES = {"11001", "05001", "76001", "08001", "13001"}


def _category(code: str) -> str:
    """A plausible category: the big cities especial, the capitals first, most towns sixth."""
    if code in BIG_CITIES:
        return MunicipalCategory.ESPECIAL
    if code.endswith("001"):
        return MunicipalCategory.PRIMERA
    return MunicipalCategory.QUINTA if int(code) % 7 == 0 else MunicipalCategory.SEXTA


def _entity(index: int, departments: int) -> Entity:
    """The index-th synthetic entity with the DANE's codes: the first ``departments`` are
    gobernaciones, then one alcaldía per municipality, then ESE, concejos and personerías."""
    governed, spread, shared = _places()
    place = region = None
    if index < departments:
        region = governed[index % len(governed)]
        kind, name, category = EntityKind.GOBERNACION, f"Gobernación de {region.name}", "2"
    else:
        number = index - departments
        rounds, number = divmod(number, len(spread))
        place = spread[number]
        region = place.department
        kind, pattern = MUNICIPAL_KINDS[rounds % len(MUNICIPAL_KINDS)]
        town = f"{place.name} ({region.name})" if place.name in shared else place.name
        name, category = pattern.format(town), _category(place.code)
    return Entity(
        name=name,
        nit=_nit(index),
        department=region.name,
        department_code=region.code,
        municipality=place.name if place else "",
        municipality_code=place.code if place else "",
        kind=kind,
        order=EntityOrder.TERRITORIAL,
        category=category,
        email=f"planeacion{index}@example.gov.co",
    )


def _months(rng: random.Random) -> list[int]:
    start = rng.randint(1, 10)
    return list(range(start, min(12, start + rng.randint(1, 6)) + 1))


def _report_state(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.70:
        return "validated"
    if draw < 0.80:
        return "verified"
    if draw < 0.88:
        return Report.Status.SUBMITTED
    if draw < 0.94:
        return Report.Status.RETURNED
    return Report.Status.DRAFT


def generate(
    *,
    entities: int,
    plans: int,
    activities: int,
    year: int,
    periods: int,
    seed: int = 8,
    progress=None,
    development: bool = True,
) -> Summary:
    install_plan_types(PlanType)
    last_entity = Entity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    types = list(PlanType.objects.filter(is_active=True).order_by("position"))
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
    # Budget draws apart, so the rest of the data stays what it was for a given seed.
    money = random.Random(seed + 1)  # noqa: S311
    departments = round(entities * 32 / 1134)
    start = Entity.objects.filter(nit__startswith=str(NIT_BASE)[:4]).count()
    password = make_password(None)  # unusable: synthetic people do not log in
    summary = Summary()
    for first in range(start, start + entities, BATCH):
        indexes = range(first, min(first + BATCH, start + entities))
        with transaction.atomic():
            _batch(
                [_entity(i, departments) for i in indexes],
                types,
                plans,
                activities,
                year,
                periods,
                rng,
                password,
                summary,
                money=money,
            )
        if progress:
            progress(summary)
    if development:
        development_plans(Entity.objects.filter(pk__gt=last_entity), year, rng)
    return summary


def development_plans(entities, year: int, rng) -> None:
    """A Plan de Desarrollo for each entity, whose cuatrienio covers ``year``: two líneas of
    two programas, each with two metas de producto and one de resultado, and every activity of
    the year's plans linked to one of its entity's metas de producto. Bulk inserts, a batch of
    entities at a time."""
    from development.models import ActivityGoal, DevelopmentPlan, Goal, Program, StrategicLine

    start = year - (year - 2024) % 4
    ids = list(entities.values_list("pk", flat=True))
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        with transaction.atomic():
            plans = DevelopmentPlan.objects.bulk_create(
                DevelopmentPlan(
                    entity_id=entity_id,
                    name=f"Plan de Desarrollo {start}-{start + 3}",
                    start_year=start,
                    adopting_act=f"Acuerdo 0{rng.randint(10, 30)} de {start}",
                )
                for entity_id in batch
            )
            lines = StrategicLine.objects.bulk_create(
                StrategicLine(plan=plan, code=str(n), name=name, position=n)
                for plan in plans
                for n, name in ((1, "Gobierno abierto"), (2, "Desarrollo social"))
            )
            programs = Program.objects.bulk_create(
                Program(
                    plan_id=line.plan_id,
                    line=line,
                    code=f"{line.code}{n:03d}",
                    name=f"Programa {n}",
                    position=n,
                )
                for line in lines
                for n in (1, 2)
            )
            goals = Goal.objects.bulk_create(
                Goal(
                    plan_id=program.plan_id,
                    program=program,
                    kind=Goal.Kind.OUTCOME if n == 3 else Goal.Kind.OUTPUT,
                    code=f"M{program.code}-{n}",
                    description=f"Meta sintética {n} del programa {program.code}",
                    target=Decimal(4),
                    target_1=1, target_2=1, target_3=1, target_4=1,
                    position=n,
                )
                for program in programs
                for n in (1, 2, 3)
            )  # fmt: skip
            entity_of = {plan.pk: plan.entity_id for plan in plans}
            outputs: dict[int, list[int]] = {}
            for goal in goals:
                if goal.kind == Goal.Kind.OUTPUT:
                    outputs.setdefault(entity_of[goal.plan_id], []).append(goal.pk)
            activities = Activity.objects.filter(plan__entity_id__in=batch, plan__year=year)
            ActivityGoal.objects.bulk_create(
                (
                    ActivityGoal(activity_id=activity_id, goal_id=rng.choice(outputs[entity_id]))
                    for activity_id, entity_id in activities.values_list("pk", "plan__entity_id")
                ),
                batch_size=5000,
            )


FUNDING_SOURCES = (
    "Recursos propios",
    "Sistema General de Participaciones",
    "Sistema General de Regalías",
    "Cofinanciación departamental",
)
BUDGET_SHARE = 0.6  # of the activities that follow budget


def _budget(activity: Activity, year: int, money: random.Random) -> None:
    """About 60 % of the activities get an apropiación, a BPIN and a fuente."""
    if money.random() >= BUDGET_SHARE:
        return
    activity.appropriation = Decimal(money.randrange(5, 500)) * 1_000_000
    activity.bpin = f"{year}{activity.plan.entity_id % 100000:05d}{activity.number % 10000:04d}"
    activity.budget_item = f"2.3.2.02.02.{money.randrange(1, 10):03d}"
    activity.funding_source = money.choice(FUNDING_SOURCES)


def _execution(appropriation: Decimal, period: int, periods: int, pace: tuple) -> tuple:
    """Cumulative compromisos and obligaciones at a period: growing with the periods, the
    obligaciones within the compromisos within the apropiación."""
    committed = (appropriation * Decimal(min(1.0, period / periods * pace[0]))).quantize(CENT)
    return committed, (committed * Decimal(pace[1])).quantize(CENT)


def _batch(entities, types, plans, activities, year, periods, rng, password, summary, *, money):
    Entity.objects.bulk_create(entities)
    units = Unit.objects.bulk_create(
        Unit(entity=entity, name=name) for entity in entities for name in UNITS
    )
    units_of = {
        entity.pk: units[i * len(UNITS) : (i + 1) * len(UNITS)] for i, entity in enumerate(entities)
    }
    users = User.objects.bulk_create(
        User(username=f"{role}.{entity.nit}", password=password, first_name=role.capitalize())
        for entity in entities
        for role in ("planeacion", "enlace")
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            user=user, entity=entities[i // 2], role=Role.PLANNER if i % 2 == 0 else Role.REPORTER
        )
        for i, user in enumerate(users)
    )
    Membership.units.through.objects.bulk_create(
        Membership.units.through(membership_id=m.pk, unit_id=units_of[m.entity_id][1].pk)
        for m in memberships
        if m.role == Role.REPORTER
    )
    planner_of = {m.entity_id: m.user_id for m in memberships if m.role == Role.PLANNER}
    reporter_of = {m.entity_id: m.user_id for m in memberships if m.role == Role.REPORTER}
    now = timezone.now()
    published = datetime.datetime(year, 1, 30, 10, tzinfo=datetime.UTC)
    new_plans = Plan.objects.bulk_create(
        Plan(
            entity=entity,
            plan_type=types[p % len(types)],
            year=year,
            title=f"{types[p % len(types)].name} {year}",
            followup_scheme=entity.followup_scheme,
            objective="Plan sintético para pruebas de carga.",
            status=Plan.Status.PUBLISHED,
            published_at=published,
            approved_at=published,
            formulating_unit=units_of[entity.pk][0],
            doc_code="SIN-F01",
            doc_version=1,
        )
        for entity in entities
        for p in range(plans)
    )
    new_activities = []
    for plan in new_plans:
        for number in range(1, activities + 1):
            new_activities.append(
                Activity(
                    plan=plan,
                    number=number,
                    position=number,
                    description=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                    months=_months(rng),
                    deliverables="Informe",
                    indicator_formula="Actividades realizadas / actividades programadas",
                    indicator_type=Activity.IndicatorType.COUNT,
                    indicator_target=Decimal(rng.choice([1, 2, 4, 10, 12])),
                    weight=Decimal(rng.choice([1, 1, 1, 2, 3])),
                )
            )
    for activity in new_activities:
        _budget(activity, year, money)
    Activity.objects.bulk_create(new_activities, batch_size=5000)
    links, unit_ids_of = [], {}
    plan_by_id = {plan.pk: plan for plan in new_plans}
    for activity in new_activities:
        entity_units = units_of[plan_by_id[activity.plan_id].entity_id]
        chosen = rng.sample(entity_units[:7], rng.choice([1, 1, 2]))
        unit_ids_of[activity.pk] = [u.pk for u in chosen]
        links += [
            Activity.responsible_units.through(activity_id=activity.pk, unit_id=u.pk)
            for u in chosen
        ]
    Activity.responsible_units.through.objects.bulk_create(links, batch_size=5000)

    reports, verified, executed_of, status_of = [], [], {}, {}
    for activity in new_activities:
        entity_id = plan_by_id[activity.plan_id].entity_id
        pace = (money.uniform(0.6, 1.0), money.uniform(0.5, 1.0))
        for period in range(1, periods + 1):
            state = _report_state(rng)
            value = Decimal(rng.randint(0, int(activity.indicator_target)))
            validated = state in ("validated", "verified")
            executed = measures.stored(
                measures.executed("numero", target=activity.indicator_target, value=value)
            )
            report = Report(
                activity=activity,
                period=period,
                status=Report.Status.VALIDATED if validated else state,
                value=value,
                narrative="Avance del periodo (dato sintético).",
                executed=executed if validated else None,
                submitted_at=now if state != Report.Status.DRAFT else None,
                submitted_by_id=reporter_of[entity_id] if state != Report.Status.DRAFT else None,
                validated_at=now if validated else None,
                validated_by_id=planner_of[entity_id] if validated else None,
            )
            if activity.appropriation is not None:
                report.commitments, report.obligations = _execution(
                    activity.appropriation, period, periods, pace
                )
            reports.append(report)
            status_of[(activity.pk, period)] = report.status
            if validated:
                executed_of[(activity.pk, period)] = executed
            if state == "verified":
                verified.append(report)
    Report.objects.bulk_create(reports, batch_size=5000)
    Verification.objects.bulk_create(
        (
            Verification(
                report=r,
                agrees=True,
                observation="Verificado.",
                verified_by_id=planner_of[plan_by_id[r.activity.plan_id].entity_id],
            )
            for r in verified
        ),
        batch_size=5000,
    )
    sums = _progress_sums(entities, new_plans, new_activities, unit_ids_of, executed_of, status_of)
    ProgressSum.objects.bulk_create(sums, batch_size=5000)
    summary.entities += len(entities)
    summary.plans += len(new_plans)
    summary.activities += len(new_activities)
    summary.reports += len(reports)
    summary.sums += len(sums)


def _progress_sums(entities, plans, activities, unit_ids_of, executed_of, status_of):
    """The roll-ups of the new plans, by the same arithmetic as followup.rollups (a cell's
    ``report`` carries only its status, what the due and sent counts read)."""
    schemes = {entity.pk: entity.followup_scheme for entity in entities}
    by_plan: dict[int, list] = {}
    for activity in activities:
        by_plan.setdefault(activity.plan_id, []).append(activity)
    rows = []
    for plan in plans:
        ends = PERIOD_ENDS[schemes[plan.entity_id]]
        periods = [SimpleNamespace(number=n, end_month=end) for n, end in enumerate(ends, 1)]
        activity_rows = [
            SimpleNamespace(
                activity=activity,
                unit_ids=unit_ids_of[activity.pk],
                cells=[
                    SimpleNamespace(
                        programmed=measures.programmed(activity.months, p.end_month),
                        executed=executed_of.get((activity.pk, p.number)),
                        report=_status_only(status_of.get((activity.pk, p.number))),
                    )
                    for p in periods
                ],
            )
            for activity in by_plan.get(plan.pk, [])
        ]
        rows += rollups.sum_rows(plan, activity_rows, periods)
    plan_rows: dict[int, list] = {}
    for row in rows:
        if row.scope == ProgressSum.Scope.PLAN:
            plan_rows.setdefault(row.entity_id, []).append(row)
    for entity in entities:
        rows += rollups.entity_rows(entity.pk, plans[0].year, plan_rows.get(entity.pk, []))
    return rows


def _status_only(status: str | None) -> SimpleNamespace | None:
    return None if status is None else SimpleNamespace(status=status)
