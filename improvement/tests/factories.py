"""Findings and improvement actions as the tests make them, through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from conftest import acta
from followup import publishing
from improvement import services
from improvement.models import Action, Finding
from plans.models import Activity
from plans.services import workflow
from plans.services.editing import ActivityData

UNIT = "Secretaría de Servicios Administrativos"  # reporter_a's dependencia


def finding(entity, auditor, code="H-1", **fields) -> Finding:
    values = {
        "code": code,
        "title": "Seguimientos sin evidencia",
        "condition": "Tres seguimientos del periodo I no adjuntan evidencias.",
        "cause": "No hay un procedimiento de cargue de evidencias.",
        "effect": "Control Interno no puede verificar el avance.",
        "source": Finding.Source.VERIFICATION,
        "unit": entity.units.get(name=UNIT),
        "found_on": datetime.date(2025, 2, 10),
    } | fields
    return services.create_finding(entity, by=auditor, **values)


def action_data(number=1, kind=Activity.IndicatorType.COUNT, target="2", unit=None) -> ActivityData:
    return ActivityData(
        number=number,
        description="Adoptar el procedimiento de cargue de evidencias",
        deliverables="Procedimiento adoptado",
        indicator_type=kind,
        indicator_formula="Procedimientos adoptados",
        indicator_target=None if target is None else Decimal(target),
        start_date=datetime.date(2025, 2, 15),
        end_date=datetime.date(2025, 3, 31),
        months=[2, 3],
        responsible_units=[unit] if unit else [],
    )


def add_action(found: Finding, planner, *, plan=None, linked=(), **data) -> Action:
    data.setdefault("unit", found.unit)
    return services.add_action(
        found,
        by=planner,
        data=action_data(**data),
        plan=services.PlanChoice(plan=plan, new_year=2025),
        linked=list(linked),
    )


def publish(plan, planner, approver):
    """Approve and publish a plan de mejoramiento on time for period I."""
    workflow.submit_for_review(plan, by=planner)
    workflow.approve_plan(plan, by=approver, **acta(plan))
    plan = publishing.publish_plan(plan, by=planner)
    plan.published_at = datetime.datetime(plan.year, 1, 20, 15, tzinfo=datetime.UTC)
    plan.catch_up_until = None
    plan.save(update_fields=["published_at", "catch_up_until"])
    return plan
