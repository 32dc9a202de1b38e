"""Every change to a Plan de Desarrollo: one function per action, in one transaction, checked
against Planeación's role in the entity and recorded in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from audit.services import record, snapshot
from development.models import (
    ActivityGoal,
    DevelopmentPlan,
    Goal,
    OutcomeMeasure,
    Program,
    StrategicLine,
)
from organization import policy
from plans.models import Activity, Plan

LABELS = {StrategicLine: "línea estratégica", Program: "programa", Goal: "meta"}


@dataclass
class StaleEdit(Exception):
    """Someone saved the record after this edit began. Nothing was written."""

    obj: models.Model
    changes: list[tuple[str, str, str]]  # (field label, what you sent, what is saved now)

    def __str__(self) -> str:
        return (
            f"«{self.obj}» fue modificado por otra persona mientras usted lo editaba; no se "
            "guardaron sus cambios. Revise los valores actuales y vuelva a aplicar los suyos."
        )


def _entity_id(obj) -> int:
    if isinstance(obj, DevelopmentPlan):
        return obj.entity_id
    return obj.plan.entity_id


def _require_planner(user, entity_id: int) -> None:
    if not policy.is_planner(user, entity_id):
        raise PermissionDenied("Solo Planeación de la entidad modifica su Plan de Desarrollo.")


def _check_revision(obj, expected_revision: int, values: dict) -> None:
    if expected_revision == obj.revision:
        return
    current = type(obj).objects.get(pk=obj.pk)
    changes = []
    for name, sent in values.items():
        saved = getattr(current, name)
        if str(saved if saved is not None else "") != str(sent if sent is not None else ""):
            label = str(type(obj)._meta.get_field(name).verbose_name)
            changes.append((label, str(sent if sent is not None else ""), str(saved or "")))
    raise StaleEdit(current, changes)


@transaction.atomic
def create_plan(
    entity, *, by, name: str, start_year: int, adopting_act: str = ""
) -> DevelopmentPlan:
    """A new Plan de Desarrollo for a cuatrienio the entity does not have yet."""
    _require_planner(by, entity.pk)
    plan = DevelopmentPlan(
        entity=entity, name=name, start_year=start_year, adopting_act=adopting_act
    )
    overlapping = DevelopmentPlan.objects.filter(
        entity=entity, start_year__gt=start_year - 4, start_year__lt=start_year + 4
    ).first()
    if overlapping:
        raise ValidationError(
            {
                "start_year": "La entidad ya tiene un Plan de Desarrollo para "
                f"{overlapping.cuatrienio}."
            }
        )
    plan.full_clean()
    plan.save()
    record("development.plan.created", plan, by=by, after=snapshot(plan), entity_id=entity.pk)
    return plan


def _save(obj, values: dict, *, by, expected_revision: int | None) -> models.Model:
    """Create (no pk) or change ``obj`` with ``values``, checking its revision."""
    _require_planner(by, _entity_id(obj))
    creating = obj.pk is None
    if not creating:
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        _check_revision(obj, expected_revision, values)
        before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    if not creating:
        obj.revision += 1
    obj.full_clean()
    obj.save()
    record(
        {
            (DevelopmentPlan, False): "development.plan.changed",
            (StrategicLine, True): "development.line.created",
            (StrategicLine, False): "development.line.changed",
            (Program, True): "development.program.created",
            (Program, False): "development.program.changed",
            (Goal, True): "development.goal.created",
            (Goal, False): "development.goal.changed",
        }[type(obj), creating],
        obj,
        by=by,
        before=None if creating else before,
        after=snapshot(obj),
        entity_id=_entity_id(obj),
    )
    return obj


@transaction.atomic
def change_plan(plan: DevelopmentPlan, *, by, expected_revision: int, **values) -> DevelopmentPlan:
    return _save(plan, values, by=by, expected_revision=expected_revision)


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=models.Max("position"))["top"] or 0) + 1


@transaction.atomic
def save_line(
    plan: DevelopmentPlan,
    *,
    by,
    line: StrategicLine | None = None,
    expected_revision=None,
    **values,
) -> StrategicLine:
    if line is None:
        line = StrategicLine(plan=plan, position=_next_position(plan.lines.all()))
    return _save(line, values, by=by, expected_revision=expected_revision)


@transaction.atomic
def save_program(
    line: StrategicLine, *, by, program: Program | None = None, expected_revision=None, **values
) -> Program:
    if program is None:
        program = Program(plan=line.plan, line=line, position=_next_position(line.programs.all()))
    return _save(program, values, by=by, expected_revision=expected_revision)


@transaction.atomic
def save_goal(
    program: Program, *, by, goal: Goal | None = None, expected_revision=None, **values
) -> Goal:
    if goal is None:
        goal = Goal(
            plan=program.plan, program=program, position=_next_position(program.goals.all())
        )
    unit = values.get("responsible_unit")
    if unit is not None and unit.entity_id != program.plan.entity_id:
        raise ValidationError({"responsible_unit": "La dependencia no es de esta entidad."})
    if goal.pk and values.get("kind") == Goal.Kind.OUTCOME and goal.links.exists():
        raise ValidationError(
            {"kind": "La meta tiene actividades vinculadas: una meta de resultado no las tiene."}
        )
    return _save(goal, values, by=by, expected_revision=expected_revision)


def _linked_goals(obj) -> models.QuerySet:
    if isinstance(obj, Goal):
        return Goal.objects.filter(pk=obj.pk, links__isnull=False)
    if isinstance(obj, Program):
        return Goal.objects.filter(program=obj, links__isnull=False)
    return Goal.objects.filter(program__line=obj, links__isnull=False)


@transaction.atomic
def delete(obj, *, by) -> None:
    """Delete a línea, programa or meta with what it holds; refused while a meta in it serves
    activities of a plan de acción (the links would be lost without anyone deciding it)."""
    _require_planner(by, _entity_id(obj))
    linked = list(_linked_goals(obj).distinct().values_list("code", flat=True)[:5])
    if linked:
        raise ValidationError(
            f"No se puede eliminar {LABELS[type(obj)]} «{obj}»: las metas {', '.join(linked)} "
            "tienen actividades de planes de acción vinculadas. Quite primero esos vínculos en "
            "la página de metas de cada plan de acción."
        )
    record(
        {
            StrategicLine: "development.line.deleted",
            Program: "development.program.deleted",
            Goal: "development.goal.deleted",
        }[type(obj)],
        obj,
        by=by,
        before=snapshot(obj),
        entity_id=_entity_id(obj),
    )
    obj.delete()


@transaction.atomic
def move(obj, *, by, up: bool) -> None:
    """Swap a línea, programa or meta with its neighbour above or below."""
    _require_planner(by, _entity_id(obj))
    siblings = {
        StrategicLine: lambda o: StrategicLine.objects.filter(plan_id=o.plan_id),
        Program: lambda o: Program.objects.filter(line_id=o.line_id),
        Goal: lambda o: Goal.objects.filter(program_id=o.program_id),
    }[type(obj)](obj)
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, item in enumerate(ordered) if item.pk == obj.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)
    record(
        {
            StrategicLine: "development.line.moved",
            Program: "development.program.moved",
            Goal: "development.goal.moved",
        }[type(obj)],
        obj,
        by=by,
        entity_id=_entity_id(obj),
    )


@transaction.atomic
def measure_outcome(goal: Goal, year: int, *, by, value: Decimal | None, note: str = "") -> None:
    """Planeación's measured value of a meta de resultado for a year; None removes it (the
    meta goes back to «sin medición»)."""
    _require_planner(by, goal.plan.entity_id)
    if goal.is_output:
        raise ValidationError("Una meta de producto se mide por sus actividades, no a mano.")
    if not goal.plan.covers(year):
        raise ValidationError(
            {"year": f"{year} no es un año del cuatrienio {goal.plan.cuatrienio}."}
        )
    OutcomeMeasure.objects.filter(goal=goal, year=year).delete()
    if value is not None:
        measure = OutcomeMeasure(goal=goal, year=year, value=value, note=note)
        measure.full_clean()
        measure.save()
    record(
        "development.goal.measured",
        goal,
        by=by,
        after={"year": year, "value": None if value is None else str(value), "note": note},
        entity_id=goal.plan.entity_id,
    )


def link_problem(activity: Activity, goal: Goal) -> str | None:
    """Why ``activity`` cannot serve ``goal`` (Spanish), or None."""
    if not goal.is_output:
        return (
            f"La meta {goal.code} es de resultado: solo las metas de producto tienen actividades."
        )
    if goal.plan.entity_id != activity.plan.entity_id:
        return f"La meta {goal.code} es de otra entidad."
    if not goal.plan.covers(activity.plan.year):
        return (
            f"La meta {goal.code} es del cuatrienio {goal.plan.cuatrienio}, que no incluye la "
            f"vigencia {activity.plan.year} del plan de acción."
        )
    return None


def _require_linkable(activity: Activity, by) -> None:
    _require_planner(by, activity.plan.entity_id)
    if activity.plan.status == Plan.Status.ARCHIVED:
        raise ValidationError("El plan de acción está archivado: sus vínculos ya no cambian.")


@transaction.atomic
def link(activity: Activity, goal: Goal, *, by, weight: Decimal = Decimal(1)) -> ActivityGoal:
    """The activity serves the meta de producto with ``weight`` (> 0); linking again changes
    the weight."""
    _require_linkable(activity, by)
    problem = link_problem(activity, goal)
    if problem:
        raise ValidationError({"goal": problem})
    if weight is None or weight <= 0:
        raise ValidationError({"weight": "El peso debe ser mayor que 0."})
    found = ActivityGoal.objects.filter(activity=activity, goal=goal).first()
    before = snapshot(found) if found else None
    link_ = found or ActivityGoal(activity=activity, goal=goal)
    link_.weight = weight
    link_.full_clean()
    link_.save()
    record(
        "development.link.changed" if found else "development.link.created",
        link_,
        by=by,
        before=before,
        after=snapshot(link_),
        plan=activity.plan,
    )
    return link_


@transaction.atomic
def unlink(link_: ActivityGoal, *, by) -> None:
    _require_linkable(link_.activity, by)
    record(
        "development.link.deleted", link_, by=by, before=snapshot(link_), plan=link_.activity.plan
    )
    link_.delete()


def carry_links(copies: dict, *, new_version: bool) -> None:
    """The links follow a plan's new version, and its copy for the next vigencia where the
    meta's cuatrienio covers that year (registered from DevelopmentConfig.ready)."""
    if not copies:
        return
    links = ActivityGoal.objects.filter(activity_id__in=list(copies)).select_related("goal__plan")
    year = next(iter(copies.values())).plan.year  # the copies are one plan's
    carried = [
        ActivityGoal(activity=copies[found.activity_id], goal=found.goal, weight=found.weight)
        for found in links
        if new_version or found.goal.plan.covers(year)
    ]
    ActivityGoal.objects.bulk_create(carried, ignore_conflicts=True)
