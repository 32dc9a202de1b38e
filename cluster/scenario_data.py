"""The data the cluster scenarios start from, on top of the demo (`manage.py load_demo`).

Run once against the cluster's primary with `manage.py shell < cluster/scenario_data.py` (the
conftest does): it writes nothing if its plans exist already, and prints as JSON what the tests
need. It uses the application's own services, as load_demo does; every step the scenarios test
(publish, report, validate, verify, read) they take through nginx.

- The demo users get known passwords.
- «Plan de prueba del clúster» (plan-accion-institucional): one activity per reporter of the
  burst, each of twenty new units with its reporter `carga01`…`carga20`, five activities each,
  and one activity of Servicios Administrativos for the demo's `responsable`. Approved, not
  published: the first scenario publishes it.
- A published plan of BIG_ACTIVITIES activities in an entity of its own (generate_synthetic),
  whose public files nobody has asked for yet: the worker scenario asks for its PDF and kills the
  worker while it draws it.
- Period 1 open for sending today, as load_demo opens it.
"""

import json
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo import synthetic
from followup import periods
from followup import services as followup
from organization import services as organization
from organization.models import Entity, Unit, User
from plans.models import Plan, PlanType
from plans.services import workflow
from plans.services.editing import ActivityData, add_activity, create_plan

PASSWORD = "Cluster-prueba-2026"  # noqa: S105 (a throwaway cluster on loopback)
REPORTERS = 20
ACTIVITIES_PER_REPORTER = 5
BIG_ACTIVITIES = 3000
NIT = "891900493-2"


def _approved(plan: Plan, planner, committee, act: str) -> None:
    workflow.submit_for_review(plan, by=planner)
    workflow.approve_plan(plan, by=committee, act_number=act, act_date=timezone.localdate())


def _load_plan(entity, planner, committee, year) -> Plan:
    admin_unit = Unit.objects.get(entity=entity, name__icontains="Servicios Administrativos")
    plan = create_plan(
        entity,
        by=planner,
        plan_type=PlanType.objects.get(code="plan-accion-institucional"),
        year=year,
        title="Plan de prueba del clúster",
        objective="Ejercitar el despliegue nacional en una sola máquina.",
        plan_date=timezone.localdate(),
    )
    number = 1
    add_activity(
        plan,
        by=planner,
        data=ActivityData(
            number=number,
            description="Actividad del ciclo completo del año",
            months=[1, 2, 3],
            indicator_formula="Actividades realizadas",
            indicator_target=Decimal(10),
            responsible_units=[admin_unit],
        ),
    )
    for index in range(1, REPORTERS + 1):
        unit = organization.create_unit(entity, f"Dependencia de carga {index:02d}")
        organization.create_member(
            entity,
            username=f"carga{index:02d}",
            password=PASSWORD,
            role="reporter",
            first_name="Responsable",
            last_name=f"de carga {index:02d}",
            email=f"carga{index:02d}@cluster.invalid",
            units=[unit],
        )
        for _ in range(ACTIVITIES_PER_REPORTER):
            number += 1
            add_activity(
                plan,
                by=planner,
                data=ActivityData(
                    number=number,
                    description=f"Actividad {number} de la dependencia de carga {index:02d}",
                    months=[1, 2, 3],
                    indicator_formula="Actividades realizadas",
                    indicator_target=Decimal(10),
                    responsible_units=[unit],
                ),
            )
    _approved(plan, planner, committee, "CIGD-CLUSTER-1")
    return plan


def _big_plan(year) -> Plan:
    """A published plan of BIG_ACTIVITIES activities with three periods reported, in an entity of
    its own, by generate_synthetic's bulk inserts: no task has drawn its public files yet."""
    synthetic.generate(entities=1, plans=1, activities=BIG_ACTIVITIES, year=year, periods=3)
    return Plan.objects.exclude(entity__nit=NIT).get()


def main() -> dict:
    entity = Entity.objects.get(nit=NIT)
    for user in User.objects.filter(membership__entity=entity).distinct():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    planner = User.objects.get(username="planeacion")
    committee = User.objects.get(username="comite")
    year = timezone.localdate().year
    with transaction.atomic():
        plan = Plan.objects.filter(entity=entity, title="Plan de prueba del clúster").first()
        if plan is None:
            plan = _load_plan(entity, planner, committee, year)
    big = Plan.objects.exclude(entity__nit=NIT).first() or _big_plan(year)
    today = timezone.localdate()
    if not periods.window(plan, periods.plan_periods(plan)[0], today).is_open:
        followup.reopen_period(
            entity,
            year,
            1,
            by=planner,
            until=today,
            reason="Escenarios del clúster local.",
            scheme=plan.followup_scheme,
        )
    activities = {a.number: a.pk for a in plan.activities.all()}
    return {
        "nit": NIT,
        "password": PASSWORD,
        "plan": plan.pk,
        "big_plan": big.pk,
        "big_nit": big.entity.nit,
        "cycle_activity": activities[1],
        "reporters": {
            f"carga{index:02d}": [
                activities[1 + (index - 1) * ACTIVITIES_PER_REPORTER + offset]
                for offset in range(1, ACTIVITIES_PER_REPORTER + 1)
            ]
            for index in range(1, REPORTERS + 1)
        },
    }


print("SCENARIO " + json.dumps(main()))
