"""What a planner must see before submitting a plan: blocking problems and warnings.

A pure function of the plan's rows, so the review page, the submit service and the tests agree.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

BLOCKING = "bloqueante"
WARNING = "advertencia"


@dataclass(frozen=True)
class ActivityFacts:
    """What the review needs to know of one activity."""

    pk: int | None
    number: int
    description: str
    months: list[int]
    indicator_formula: str
    indicator_target: Decimal | None
    tasks: list[str]
    deliverables: str
    responsible_count: int
    responsible_written: int  # names in the responsible text, resolved or not
    weight: Decimal
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


@dataclass(frozen=True)
class Problem:
    severity: str
    message: str
    activity_number: int | None = None
    activity_pk: int | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING


def review(
    activities: list[ActivityFacts], *, objective: str = "", year: int | None = None
) -> list[Problem]:
    """Every problem of the plan of vigencia ``year``, blocking ones first, in activity
    order."""
    problems: list[Problem] = []
    if not activities:
        problems.append(Problem(BLOCKING, "El plan no tiene actividades."))
    if not objective.strip():
        problems.append(Problem(WARNING, "El plan no tiene objetivo."))
    repeated = {n for n, count in Counter(a.number for a in activities).items() if count > 1}
    for number in sorted(repeated):
        problems.append(
            Problem(BLOCKING, f"El número {number} está repetido en varias actividades.")
        )
    for activity in activities:
        problems.extend(_activity_problems(activity, year))
    if activities and all(a.weight == 0 for a in activities):
        problems.append(
            Problem(
                WARNING,
                "Todas las actividades tienen ponderación 0; el avance no se podrá ponderar.",
            )
        )
    return sorted(problems, key=lambda p: (not p.blocking, p.activity_number or 0))


def _activity_problems(activity: ActivityFacts, year: int | None) -> list[Problem]:
    def problem(severity: str, message: str) -> Problem:
        return Problem(severity, message, activity.number, activity.pk)

    found = []
    outside = _dates_outside(activity, year)
    if outside:
        found.append(problem(BLOCKING, outside))
    if not activity.months:
        found.append(problem(BLOCKING, "No tiene meses programados en el cronograma."))
    if not activity.indicator_formula.strip():
        found.append(problem(BLOCKING, "No tiene indicador (fórmula)."))
    if activity.indicator_target is None:
        found.append(problem(BLOCKING, "No tiene meta del indicador."))
    if activity.responsible_count == 0:
        found.append(problem(BLOCKING, "No tiene una dependencia responsable del directorio."))
    elif activity.responsible_written > activity.responsible_count:
        found.append(
            problem(
                WARNING,
                "Algún responsable escrito no corresponde a una dependencia del directorio.",
            )
        )
    if not any(task.strip() for task in activity.tasks):
        found.append(problem(WARNING, "No tiene tareas."))
    if not activity.deliverables.strip():
        found.append(problem(WARNING, "No tiene productos entregables."))
    return found


def _dates_outside(activity: ActivityFacts, year: int | None) -> str:
    """Why the activity's dates leave the vigencia, or "" when they do not. The form accepts
    dates that overlap the year (their months in it make the cronograma); the plan does not."""
    start, end = activity.start_date, activity.end_date
    if year is None or all(day is None or day.year == year for day in (start, end)):
        return ""
    if start and end:
        span = f"va del {start:%d/%m/%Y} al {end:%d/%m/%Y}"
    elif start:
        span = f"empieza el {start:%d/%m/%Y}"
    else:
        span = f"termina el {end:%d/%m/%Y}"
    return f"La actividad {span}: sus fechas deben estar dentro de la vigencia {year}."
