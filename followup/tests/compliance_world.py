"""A synthetic department for the compliance tests: Valle del Cauca (76) with five entities that
published their plan de acción on time, at the last minute, a minute late, weeks late and never,
a Gobernación that oversees four of them, and an entity of Antioquia nobody oversees."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from conftest import PASSWORD
from followup import services
from followup.models import Report
from organization import services as organization
from organization.models import Entity
from organization.nit import check_digit
from plans.models import Activity, Plan, PlanType

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))
PAI, PAA = "plan-accion-institucional", "plan-anual-adquisiciones"


def at(text: str) -> datetime.datetime:
    """A moment in Colombia's time: «2025-01-31 23:30»."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=BOGOTA)


def entity(index: int, name: str, town: str, kind: str = "alcaldia") -> Entity:
    number = str(800100000 + index)
    return Entity.objects.create(
        name=name,
        nit=f"{number}-{check_digit(number)}",
        department_code=town[:2],
        municipality_code=town,
        kind=kind,
    )


def plan(entity, code, *, published=None, status=Plan.Status.PUBLISHED, **more) -> Plan:
    plan_type = PlanType.objects.get(code=code)
    return Plan.objects.create(
        entity=entity,
        plan_type=plan_type,
        year=2025,
        title=f"{plan_type.name} 2025",
        status=status,
        published_at=at(published) if published else None,
        **{"followup_scheme": "trimestral", **more},
    )


def activity(plan, number, months, *, weight=1) -> Activity:
    return Activity.objects.create(
        plan=plan,
        number=number,
        position=number,
        description=f"Actividad {number}",
        months=months,
        indicator_target=Decimal(100),
        weight=Decimal(weight),
    )


def report(activity, period, status, value=None) -> Report:
    return Report.objects.create(
        activity=activity,
        period=period,
        status=status,
        value=value,
        executed=value,
        narrative="Avance del periodo.",
    )


@dataclass
class World:
    cali: Entity
    palmira: Entity
    buga: Entity
    tulua: Entity
    cartago: Entity
    medellin: Entity
    valle: Entity
    overseer: object
    cali_plan: Plan
    palmira_plan: Plan


def build() -> World:
    """Only the Plan de Acción Institucional and the Plan Anual de Adquisiciones are due by 31
    January here, so every expectation can be counted by hand."""
    PlanType.objects.exclude(code__in=[PAI, PAA]).update(due_january=False)
    cali = entity(1, "Alcaldía de Cali", "76001")
    palmira = entity(2, "Alcaldía de Palmira", "76520")
    buga = entity(3, "Alcaldía de Buga", "76111")
    tulua = entity(4, "Hospital de Tuluá E.S.E.", "76834", kind="ese")
    cartago = entity(5, "Alcaldía de Cartago", "76147")
    medellin = entity(6, "Alcaldía de Medellín", "05001")
    valle = entity(7, "Gobernación del Valle del Cauca", "76001", kind="gobernacion")
    overseer = organization.create_member(
        valle,
        username="valle",
        password=PASSWORD,
        role="planner",
        first_name="Valeria",
        email="planeacion@valledelcauca.example",
    )
    overseer.membership.oversees.set([cali, palmira, buga, tulua])

    # Cali: on time on 15 January; a new version in June does not make it late. Its follow-up
    # is sent but far below its target: in red.
    first = plan(cali, PAI, published="2025-01-15 10:00", status=Plan.Status.ARCHIVED)
    cali_plan = plan(cali, PAI, published="2025-06-10 09:00", previous_version=first, version=2)
    plan(cali, PAA, published="2025-01-20 08:00")
    work = activity(cali_plan, 1, [1, 2, 3, 4, 5, 6])
    activity(cali_plan, 2, [11, 12])  # months 11 and 12 are not month 1 or 2
    report(work, 1, Report.Status.VALIDATED, Decimal(10))
    report(work, 2, Report.Status.VALIDATED, Decimal(20))
    # Palmira: at 23:30 on 31 January, Colombia's time (already 1 February in UTC). Two
    # reports missing once their windows closed: a draft in period I, nothing in period II.
    palmira_plan = plan(palmira, PAI, published="2025-01-31 23:30")
    done = activity(palmira_plan, 1, [2, 3], weight=100)
    drafted = activity(palmira_plan, 2, [3])
    activity(palmira_plan, 3, [5])
    activity(palmira_plan, 4, [9])  # period III: its window has not closed
    report(done, 1, Report.Status.VALIDATED, Decimal(100))
    report(done, 2, Report.Status.VALIDATED, Decimal(100))
    report(drafted, 1, Report.Status.DRAFT)
    report(drafted, 2, Report.Status.VALIDATED, Decimal(100))
    # Buga: half an hour into 1 February. Tuluá's hospital: in March.
    plan(buga, PAI, published="2025-02-01 00:30")
    plan(tulua, PAI, published="2025-03-10 11:00")
    # Cartago: a draft, never published.
    plan(cartago, PAI, status=Plan.Status.DRAFT)
    for published in (cali_plan, palmira_plan):
        services.rebuild_rollups(published)
    return World(
        cali, palmira, buga, tulua, cartago, medellin, valle, overseer, cali_plan, palmira_plan
    )
