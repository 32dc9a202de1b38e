"""Where the Plan de Desarrollo stands: each meta's progress for a year and for the cuatrienio,
and the programas' and líneas' averages (docs/adr/0038). Figures come from followup's measures
and the validated progress followup's selectors read; nothing here reads a report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from development.models import ActivityGoal, DevelopmentPlan, Goal, OutcomeMeasure, Program
from followup import measures
from followup import selectors as followup_selectors
from plans.models import Plan

ONE = Decimal(1)

# Shown next to the figures, as followup.measures.FORMULAS are.
FORMULAS = {
    "meta_producto": (
        "Avance de una meta de producto en un año = promedio, ponderado por el peso de cada "
        "vínculo, del último avance ejecutado validado (máximo 100 %) de las actividades que la "
        "sirven en los planes de acción publicados de ese año. Las actividades sin avance "
        "validado no cuentan (no valen 0); sin ninguna, la meta queda «sin medición»."
    ),
    "meta_resultado": (
        "Avance de una meta de resultado en un año = valor medido por Planeación ÷ meta del año "
        "(o del cuatrienio, si no hay meta anual) × 100, máximo 100 %; sin medición si no se "
        "registró valor."
    ),
    "cuatrienio": (
        "Avance del cuatrienio = suma de (avance del año × meta del año) ÷ suma de las metas de "
        "los cuatro años; si algún año no tiene meta, cada año pesa lo mismo. Un año sin "
        "medición aporta 0 al cuatrienio: lo que no se ha ejecutado no ha avanzado."
    ),
    "programa_linea": (
        "Avance de un programa o de una línea = promedio simple del avance de sus metas de "
        "producto que tienen medición en el año."
    ),
}


@dataclass
class GoalProgress:
    goal: Goal
    year: Decimal | None  # the chosen year's progress, 0–100
    cuatrienio: Decimal | None
    linked: int = 0  # activities linked in the year's plans in force
    measured: int = 0  # of them, with validated progress
    light: measures.Light | None = None

    @property
    def year_shown(self) -> Decimal | None:
        return None if self.year is None else measures.percent(self.year)

    @property
    def cuatrienio_shown(self) -> Decimal | None:
        return None if self.cuatrienio is None else measures.percent(self.cuatrienio)


@dataclass
class Node:
    """A programa or a línea with its metas' average."""

    item: object
    progress: Decimal | None
    children: list = field(default_factory=list)
    light: measures.Light | None = None

    @property
    def shown(self) -> Decimal | None:
        return None if self.progress is None else measures.percent(self.progress)


@dataclass
class PlanProgress:
    plan: DevelopmentPlan
    year: int
    lines: list[Node]
    goals: list[GoalProgress]
    formulas: dict = field(default_factory=lambda: FORMULAS)


def _average(values) -> Decimal | None:
    return measures.weighted_average((ONE, value) for value in values)


def _bounded(value: Decimal | None) -> Decimal | None:
    """0–100: executed progress above 100 % counts as 100 %, and a negative one as 0."""
    capped = measures.capped(value)
    return None if capped is None else max(capped, measures.ZERO)


def output_progress(pairs) -> Decimal | None:
    """A meta de producto's progress from (weight, executed progress or None) pairs."""
    return measures.weighted_average((weight, _bounded(value)) for weight, value in pairs)


def outcome_progress(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    return _bounded(measures.executed("numero", target=target, value=value))


def cuatrienio_progress(yearly: list[Decimal | None], targets: list) -> Decimal | None:
    """The cuatrienio's progress from the four years' progress (None: not measured, adds 0)."""
    if all(value is None for value in yearly):
        return None
    weights = targets if all(t is not None and t > 0 for t in targets) else [ONE] * len(yearly)
    return measures.weighted_average(
        (weight, value if value is not None else measures.ZERO)
        for weight, value in zip(weights, yearly, strict=True)
    )


def in_force(entity_id: int, years) -> dict[int, int]:
    """The published plans (the version in force) of the entity in the years: plan id → year."""
    return dict(
        Plan.objects.filter(
            entity_id=entity_id, year__in=list(years), status=Plan.Status.PUBLISHED
        ).values_list("pk", "year")
    )


def _yearly(plan: DevelopmentPlan, goals: list[Goal], *, published_only: bool = True):
    """{goal id: {year: (progress, linked, measured)}} for every year of the cuatrienio, in a
    fixed number of queries."""
    plans = in_force(plan.entity_id, plan.years)
    links = list(
        ActivityGoal.objects.filter(goal__plan=plan, activity__plan_id__in=list(plans)).values_list(
            "goal_id", "activity_id", "activity__plan_id", "weight"
        )
    )
    executed = followup_selectors.validated_executed([link[1] for link in links])
    pairs: dict = defaultdict(lambda: defaultdict(list))
    for goal_id, activity_id, plan_id, weight in links:
        pairs[goal_id][plans[plan_id]].append((weight, executed.get(activity_id)))
    values = defaultdict(dict)
    for goal_id, year, value in OutcomeMeasure.objects.filter(goal__plan=plan).values_list(
        "goal_id", "year", "value"
    ):
        values[goal_id][year] = value
    found: dict = {}
    for goal in goals:
        by_year = {}
        for index, year in enumerate(plan.years):
            if goal.is_output:
                year_pairs = pairs[goal.pk].get(year, [])
                measured = sum(1 for _, value in year_pairs if value is not None)
                by_year[year] = (output_progress(year_pairs), len(year_pairs), measured)
            else:
                target = goal.yearly_targets()[index] or goal.target
                value = values[goal.pk].get(year)
                by_year[year] = (outcome_progress(value, target), 0, int(value is not None))
        found[goal.pk] = by_year
    return found


def plan_progress(plan: DevelopmentPlan, year: int, today=None) -> PlanProgress:
    """Every meta, programa and línea of the plan for ``year`` (a year of its cuatrienio), from
    the published plans de acción only. A closed year's figures carry a traffic light against
    the year's target (100 %); the current year's do not, since its target is not due yet."""
    today = today or timezone.localdate()
    bands = followup_selectors.thresholds(plan.entity)
    lines = list(plan.lines.all())
    programs = list(Program.objects.filter(plan=plan).order_by("position", "pk"))
    goals = list(
        Goal.objects.filter(plan=plan).select_related("responsible_unit").order_by("position", "pk")
    )
    for goal in goals:
        goal.plan = plan
    yearly = _yearly(plan, goals)
    closed = year < today.year

    def light(value):
        if not closed:
            return None
        return measures.traffic_light(
            value, programmed_pct=measures.HUNDRED, reported=value is not None, thresholds=bands
        )

    rows: dict[int, GoalProgress] = {}
    for goal in goals:
        by_year = yearly[goal.pk]
        progress, linked, measured = by_year.get(year, (None, 0, 0))
        rows[goal.pk] = GoalProgress(
            goal,
            progress,
            cuatrienio_progress([by_year[y][0] for y in plan.years], goal.yearly_targets()),
            linked,
            measured,
            light(progress),
        )
    by_program = defaultdict(list)
    for goal in goals:
        by_program[goal.program_id].append(rows[goal.pk])
    by_line = defaultdict(list)
    for program in programs:
        children = by_program[program.pk]
        value = _average(r.year for r in children if r.goal.is_output)
        by_line[program.line_id].append(Node(program, value, children, light(value)))
    nodes = []
    for line in lines:
        children = by_line[line.pk]
        outputs = [r.year for node in children for r in node.children if r.goal.is_output]
        value = _average(outputs)
        nodes.append(Node(line, value, children, light(value)))
    return PlanProgress(plan, year, nodes, [rows[g.pk] for g in goals])


def entity_plans(entity_id: int):
    return DevelopmentPlan.objects.filter(entity_id=entity_id).order_by("-start_year")


def current_plan(entity_id: int, year: int) -> DevelopmentPlan | None:
    """The entity's plan whose cuatrienio covers ``year``, else its latest."""
    plans = list(entity_plans(entity_id))
    for plan in plans:
        if plan.covers(year):
            return plan
    return plans[0] if plans else None


def plan_links(action_plan: Plan) -> dict[int, list[ActivityGoal]]:
    """The links of a plan de acción's activities: activity id → its links with their metas."""
    found: dict[int, list[ActivityGoal]] = defaultdict(list)
    for link in (
        ActivityGoal.objects.filter(activity__plan=action_plan)
        .select_related("goal", "goal__program")
        .order_by("goal__code")
    ):
        found[link.activity_id].append(link)
    return found


def linkable_goals(action_plan: Plan):
    """The metas de producto an activity of ``action_plan`` may serve: its entity's, in a
    cuatrienio that covers the plan's vigencia."""
    return (
        Goal.objects.filter(
            plan__entity_id=action_plan.entity_id,
            plan__start_year__lte=action_plan.year,
            plan__start_year__gt=action_plan.year - 4,
            kind=Goal.Kind.OUTPUT,
        )
        .select_related("program")
        .order_by("plan__start_year", "code")
    )
