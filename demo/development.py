"""The demo's Plan de Desarrollo (issue 22): the Alcaldía de Cartago's «Plan de Desarrollo
Municipal 2024-2027» with three líneas estratégicas, their programas and metas, and the seed
plan's activities linked to the metas de producto they serve, through the services as
Planeación would do it."""

from __future__ import annotations

from decimal import Decimal

from development import services
from development.models import Goal

D = Decimal
OUTPUT, OUTCOME = Goal.Kind.OUTPUT, Goal.Kind.OUTCOME

# línea → programas → metas: (code, kind, description, indicator, unit, baseline, four-year
# target, yearly targets, dependencia)
STRUCTURE = [
    ("1", "Cartago participativa y transparente", [
        ("Gobierno territorial", "4502", "Participación ciudadana y control social", [
            ("MR-1.1", OUTCOME, "Aumentar al 40 % la proporción de ciudadanos que participan en "
             "los espacios de diálogo", "Ciudadanos que participan", "Porcentaje", D(22), D(40),
             [D(28), D(32), D(36), D(40)], "Secretaría de Planeación"),
            ("MP-1.1.1", OUTPUT, "Implementar la política de participación ciudadana y "
             "rendición de cuentas", "Política implementada", "Porcentaje", D(0), D(100),
             [D(25), D(50), D(75), D(100)], "Secretaría de Planeación"),
            ("MP-1.1.2", OUTPUT, "Caracterizar los grupos de valor de la entidad cada año",
             "Caracterizaciones realizadas", "Número", D(1), D(4), [D(1), D(1), D(1), D(1)],
             "Secretaría de Servicios Administrativos"),
        ]),
        ("Gobierno territorial", "4599", "Fortalecimiento institucional", [
            ("MP-1.2.1", OUTPUT, "Formular y ejecutar planes de mejoramiento institucional",
             "Planes de mejoramiento ejecutados", "Número", D(0), D(8),
             [D(2), D(2), D(2), D(2)], "Oficina de Control Interno"),
        ]),
    ]),
    ("2", "Cartago educada y saludable", [
        ("Educación", "2201", "Calidad educativa", [
            ("MP-2.1.1", OUTPUT, "Dotar 12 sedes educativas con material pedagógico",
             "Sedes dotadas", "Número", D(0), D(12), [D(3), D(3), D(3), D(3)],
             "Secretaría de Educación"),
        ]),
        ("Salud y protección social", "1905", "Salud pública", [
            ("MR-2.2", OUTCOME, "Reducir la mortalidad infantil a 8 por 1.000 nacidos vivos",
             "Tasa de mortalidad infantil", "Por 1.000 nacidos vivos", D(11), D(8), [],
             "Secretaría de Salud"),
        ]),
    ]),
    ("3", "Cartago con infraestructura para el desarrollo", [
        ("Transporte", "2402", "Infraestructura vial", [
            ("MP-3.1.1", OUTPUT, "Mejorar 20 km de vías urbanas", "Kilómetros mejorados", "km",
             D(0), D(20), [D(5), D(5), D(5), D(5)], "Secretaría de Infraestructura"),
        ]),
    ]),
]  # fmt: skip

# Seed plan activity → (meta, weight)
LINKS = {
    1: [("MP-1.1.1", D(1))],
    2: [("MP-1.1.1", D(2))],
    3: [("MP-1.1.2", D(1))],
    4: [("MP-1.1.2", D(1))],
    5: [("MP-1.1.2", D(2))],
    6: [("MP-1.1.1", D(1))],
    7: [("MP-1.1.1", D(1))],
    8: [("MP-1.1.1", D(1))],
    9: [("MP-1.2.1", D(1))],
}


def development_plan(entity, units: dict, plan, users) -> None:
    """Cartago's Plan de Desarrollo of the cuatrienio in course (2024-2027, then 2028-2031: the
    territorial governments' terms) and the seed plan's links to its metas."""
    planner = users["planeacion"]
    start = plan.year - (plan.year - 2024) % 4
    dev = services.create_plan(
        entity,
        by=planner,
        name=f"Plan de Desarrollo Municipal {start}-{start + 3} «Cartago, tierra de oportunidades»",
        start_year=start,
        adopting_act=f"Acuerdo 012 de {start}",
    )
    goals = {}
    for line_code, line_name, programs in STRUCTURE:
        line = services.save_line(dev, by=planner, code=line_code, name=line_name)
        for sector, program_code, program_name, metas in programs:
            program = services.save_program(
                line, by=planner, sector=sector, code=program_code, name=program_name
            )
            for code, kind, text, indicator, unit, baseline, target, yearly, owner in metas:
                goals[code] = services.save_goal(
                    program,
                    by=planner,
                    kind=kind,
                    code=code,
                    description=text,
                    indicator=indicator,
                    unit=unit,
                    baseline=baseline,
                    target=target,
                    **{f"target_{i}": value for i, value in enumerate(yearly, start=1)},
                    responsible_unit=_unit(units, owner),
                )
    services.measure_outcome(
        goals["MR-1.1"], start, by=planner, value=D(27), note=f"Encuesta de percepción {start}"
    )
    if dev.covers(plan.year):
        for activity in plan.activities.order_by("number"):
            for code, weight in LINKS.get(activity.number, []):
                services.link(activity, goals[code], by=planner, weight=weight)


def _unit(units: dict, name: str):
    return next((unit for full, unit in units.items() if name in full), None)
