"""A Plan de Desarrollo as tests build it: through the services, as Planeación would."""

from __future__ import annotations

from decimal import Decimal

from development import services
from development.models import Goal


def development_plan(entity, planner, *, start_year: int = 2024, name: str = "Plan de Desarrollo"):
    """Two líneas; línea 1 has programas 4501 (metas MP1, MP2 and the meta de resultado MR1)
    and 4502 (MP3, yearly targets 10/20/30/40); línea 2 has programa 2201 with MP4."""
    plan = services.create_plan(
        entity, by=planner, name=name, start_year=start_year, adopting_act="Acuerdo 012 de 2024"
    )
    first = services.save_line(plan, by=planner, code="1", name="Cartago participativa")
    second = services.save_line(plan, by=planner, code="2", name="Cartago educada")
    p1 = services.save_program(first, by=planner, code="4501", name="Participación ciudadana")
    p2 = services.save_program(first, by=planner, code="4502", name="Gobierno abierto")
    p3 = services.save_program(second, by=planner, code="2201", name="Educación de calidad")
    goals = {}
    for program, code, kind, targets in (
        (p1, "MP1", Goal.Kind.OUTPUT, {}),
        (p1, "MP2", Goal.Kind.OUTPUT, {}),
        (p1, "MR1", Goal.Kind.OUTCOME, {"target": Decimal(60)}),
        (p2, "MP3", Goal.Kind.OUTPUT, {f"target_{i}": Decimal(10 * i) for i in range(1, 5)}),
        (p3, "MP4", Goal.Kind.OUTPUT, {}),
    ):
        goals[code] = services.save_goal(
            program, by=planner, kind=kind, code=code, description=f"Meta {code}", **targets
        )
    return plan, goals
