"""Formulation in the browser: plans, their header and their activities."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from audit import services as audit
from organization import policy
from organization.models import Entity, Unit
from plans import carriers
from plans.diff import shown
from plans.models import Activity, Plan, PlanType, Task, scheme_for


class PlanLocked(PermissionDenied):
    """The plan is not a draft: it changes only through a new version."""


@dataclass
class StaleEdit(Exception):
    """Someone saved the activity after this edit began. Nothing was written."""

    activity: Activity
    changes: list[tuple[str, str, str]]  # (field label, what you sent, what is saved now)
    changed_by: str = ""

    def __str__(self) -> str:
        who = f" por {self.changed_by}" if self.changed_by else ""
        return (
            f"La actividad {self.activity.number} fue modificada{who} mientras usted la editaba; "
            "no se guardaron sus cambios. Revise los valores actuales y vuelva a aplicar los suyos."
        )


@dataclass
class ActivityData:
    """What a planner sets for an activity, already validated by the form."""

    number: int
    description: str
    tasks: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    deliverables: str = ""
    indicator_type: str = Activity.IndicatorType.COUNT
    indicator_formula: str = ""
    indicator_unit: str = ""
    indicator_over_100: bool = False
    indicator_negative: bool = False
    indicator_baseline: Decimal | None = None
    indicator_target: Decimal | None = None
    period_targets: dict[str, str] = field(default_factory=dict)
    responsible_units: list[Unit] = field(default_factory=list)
    mipg_policies: list = field(default_factory=list)  # MipgPolicy; empty: the plan's
    weight: Decimal = Decimal(1)
    observations: str = ""
    bpin: str = ""
    budget_item: str = ""
    funding_source: str = ""
    appropriation: Decimal | None = None

    SCALARS = (
        "number",
        "description",
        "months",
        "start_date",
        "end_date",
        "deliverables",
        "indicator_type",
        "indicator_formula",
        "indicator_unit",
        "indicator_over_100",
        "indicator_negative",
        "indicator_baseline",
        "indicator_target",
        "period_targets",
        "weight",
        "observations",
        "bpin",
        "budget_item",
        "funding_source",
        "appropriation",
    )


def _require_planner(user, plan_or_entity: Plan | Entity) -> None:
    entity_id = (
        plan_or_entity.pk if isinstance(plan_or_entity, Entity) else plan_or_entity.entity_id
    )
    if not policy.is_planner(user, entity_id):
        raise PermissionDenied("Solo Planeación de la entidad puede formular sus planes.")


def _require_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise PlanLocked(
            f"El plan está {plan.get_status_display().lower()}: no se modifica directamente. "
            "Cree una nueva versión con el motivo del cambio."
        )


def activity_state(activity: Activity) -> dict[str, Any]:
    """The activity as the audit trail records it, with tasks and responsible ids."""
    return audit.snapshot(activity, exclude=["responsible_units"]) | {
        "tasks": list(activity.tasks.order_by("position").values_list("description", flat=True)),
        "responsible_units": sorted(activity.responsible_units.values_list("pk", flat=True)),
    }


@transaction.atomic
def create_plan(
    entity: Entity, *, by: Any, plan_type: PlanType, year: int, title: str = "", **header: Any
) -> Plan:
    """A new empty draft plan."""
    _require_planner(by, entity)
    participating = header.pop("participating_units", [])
    policies = header.pop("mipg_policies", [])
    if not header.get("followup_scheme"):
        header["followup_scheme"] = scheme_for(entity, plan_type)
    plan = Plan(
        entity=entity,
        plan_type=plan_type,
        year=year,
        title=title or f"{plan_type.name} {year}",
        **header,
    )
    if plan.formulating_unit:
        plan.formulating_unit_text = plan.formulating_unit.name
    plan.participating_units_text = [unit.name for unit in participating]
    plan.full_clean()
    plan.save()
    plan.participating_units.set(participating)
    plan.mipg_policies.set(policies)
    audit.record("plans.plan.created", plan, by=by, after=audit.snapshot(plan), plan=plan)
    return plan


@transaction.atomic
def update_plan_header(plan: Plan, *, by: Any, **fields: Any) -> Plan:
    _require_planner(by, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_editable(plan)
    _check_scheme_kept(plan, fields.get("followup_scheme", plan.followup_scheme))
    before = audit.snapshot(plan)
    participating = fields.pop("participating_units", None)
    policies = fields.pop("mipg_policies", None)
    for name, value in fields.items():
        setattr(plan, name, value)
    if "formulating_unit" in fields:
        plan.formulating_unit_text = plan.formulating_unit.name if plan.formulating_unit else ""
    if participating is not None:
        plan.participating_units_text = [unit.name for unit in participating]
    plan.full_clean()
    plan.save()
    if participating is not None:
        plan.participating_units.set(participating)
    if policies is not None:
        plan.mipg_policies.set(policies)
    audit.record(
        "plans.plan.changed", plan, by=by, before=before, after=audit.snapshot(plan), plan=plan
    )
    return plan


def _check_scheme_kept(plan: Plan, scheme: str) -> None:
    """A new version follows up at the rhythm of the version it replaces: the year's reports are
    already numbered by its periods."""
    previous = plan.previous_version
    if previous is not None and scheme != previous.followup_scheme:
        raise ValidationError(
            "Una nueva versión conserva la periodicidad del seguimiento de la versión que "
            f"reemplaza ({previous.get_followup_scheme_display().lower()}): el seguimiento del "
            "año ya está en sus periodos."
        )


def _apply(activity: Activity, data: ActivityData) -> None:
    for name in ActivityData.SCALARS:
        setattr(activity, name, getattr(data, name))
    activity.months = sorted(set(activity.months))


def _write_children(activity: Activity, data: ActivityData) -> None:
    activity.tasks.all().delete()
    Task.objects.bulk_create(
        Task(activity=activity, position=index, description=text)
        for index, text in enumerate((t for t in data.tasks if t.strip()), start=1)
    )
    current = set(activity.responsible_units.values_list("pk", flat=True))
    wanted = {unit.pk for unit in data.responsible_units}
    if current != wanted:
        activity.responsible_units.set(data.responsible_units)
        activity.responsible_text = "; ".join(unit.name for unit in data.responsible_units)
        activity.save(update_fields=["responsible_text"])
    if set(activity.mipg_policies.values_list("pk", flat=True)) != {
        tag.pk for tag in data.mipg_policies
    }:
        activity.mipg_policies.set(data.mipg_policies)


def _check_units(plan: Plan, units: list[Unit]) -> None:
    if any(unit.entity_id != plan.entity_id for unit in units):
        raise ValidationError("Los responsables deben ser dependencias de la entidad del plan.")


@transaction.atomic
def add_activity(plan: Plan, *, by: Any, data: ActivityData) -> Activity:
    _require_planner(by, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_editable(plan)
    _check_units(plan, data.responsible_units)
    last = plan.activities.aggregate(last=Max("position"))["last"] or 0
    activity = Activity(plan=plan, position=last + 1)
    _apply(activity, data)
    activity.full_clean()
    activity.save()
    _write_children(activity, data)
    audit.record(
        "plans.activity.created",
        activity,
        by=by,
        after=activity_state(activity),
        plan=activity.plan,
    )
    return activity


FIELD_LABELS = {
    "number": "N°",
    "description": "Actividad",
    "months": "Meses programados",
    "start_date": "Fecha de inicio",
    "end_date": "Fecha de fin",
    "deliverables": "Productos entregables",
    "indicator_type": "Tipo de indicador",
    "indicator_formula": "Fórmula del indicador",
    "indicator_unit": "Unidad de medida",
    "indicator_over_100": "Admite más de 100 %",
    "indicator_negative": "Admite valores negativos",
    "indicator_baseline": "Línea base",
    "indicator_target": "Meta",
    "period_targets": "Metas por periodo",
    "weight": "Ponderación",
    "observations": "Observaciones",
    "bpin": "Proyecto de inversión (BPIN)",
    "budget_item": "Rubro presupuestal",
    "funding_source": "Fuente de financiación",
    "appropriation": "Apropiación",
    "tasks": "Tareas",
    "responsible_units": "Responsables",
    "mipg_policies": "Políticas de MIPG",
}


def _stale(activity: Activity, data: ActivityData) -> StaleEdit:
    current = activity_state(activity)
    mine = audit.snapshot(Activity(**{n: getattr(data, n) for n in ActivityData.SCALARS})) | {
        "tasks": [t for t in data.tasks if t.strip()],
        "responsible_units": sorted(unit.pk for unit in data.responsible_units),
        "mipg_policies": sorted(tag.pk for tag in data.mipg_policies),
    }
    changes = [
        (FIELD_LABELS[name], shown(mine.get(name)), shown(current.get(name)))
        for name in FIELD_LABELS
        if shown(mine.get(name)) != shown(current.get(name))
    ]
    last = (
        audit.AuditEntry.objects.filter(object_type="plans.activity", object_id=str(activity.pk))
        .order_by("-at", "-id")
        .first()
    )
    return StaleEdit(activity, changes, last.actor_label if last else "")


@transaction.atomic
def update_activity(
    activity: Activity, *, by: Any, data: ActivityData, expected_revision: int
) -> Activity:
    """Save an edit, refused with StaleEdit when someone saved the activity in between."""
    _require_planner(by, activity.plan)
    activity = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    _require_editable(activity.plan)
    _check_units(activity.plan, data.responsible_units)
    if activity.revision != expected_revision:
        raise _stale(activity, data)
    before = activity_state(activity)
    _apply(activity, data)
    activity.revision = F("revision") + 1
    activity.full_clean(exclude=["revision"])
    activity.save()
    activity.refresh_from_db()
    _write_children(activity, data)
    audit.record(
        "plans.activity.changed",
        activity,
        by=by,
        before=before,
        after=activity_state(activity),
        plan=activity.plan,
    )
    return activity


@transaction.atomic
def set_month(
    activity: Activity, month: int, scheduled: bool, *, by: Any, expected_revision: int
) -> Activity:
    """Schedule or unschedule one month of the cronograma grid."""
    _require_planner(by, activity.plan)
    activity = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    _require_editable(activity.plan)
    if not 1 <= month <= 12:
        raise ValidationError("El mes debe estar entre 1 y 12.")
    if activity.revision != expected_revision:
        data = ActivityData(
            **{n: getattr(activity, n) for n in ActivityData.SCALARS},
            tasks=list(activity.tasks.values_list("description", flat=True)),
            responsible_units=list(activity.responsible_units.all()),
            mipg_policies=list(activity.mipg_policies.all()),
        )
        raise _stale(activity, data)
    before = activity_state(activity)
    months = set(activity.months)
    months = months | {month} if scheduled else months - {month}
    activity.months = sorted(months)
    activity.start_date = activity.end_date = None  # the grid now rules the schedule
    activity.revision += 1
    activity.save()
    audit.record(
        "plans.activity.changed",
        activity,
        by=by,
        before=before,
        after=activity_state(activity),
        plan=activity.plan,
    )
    return activity


@transaction.atomic
def delete_activity(activity: Activity, *, by: Any) -> None:
    _require_planner(by, activity.plan)
    activity = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    _require_editable(activity.plan)
    before = activity_state(activity)
    pk = activity.pk
    activity.delete()
    activity.pk = pk
    audit.record(
        "plans.activity.deleted",
        activity,
        by=by,
        before=before,
        entity_id=activity.plan.entity_id,
        plan_id=activity.plan_id,
    )


@transaction.atomic
def move_activity(activity: Activity, *, by: Any, offset: int) -> None:
    """Move an activity up (-1) or down (+1) in the plan's order."""
    _require_planner(by, activity.plan)
    plan = Plan.objects.select_for_update().get(pk=activity.plan_id)
    _require_editable(plan)
    ordered = list(plan.activities.order_by("position", "number"))
    index = next(i for i, a in enumerate(ordered) if a.pk == activity.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    Activity.objects.bulk_update(ordered, ["position"])
    audit.record(
        "plans.activity.moved",
        activity,
        by=by,
        before={"position": index + 1},
        after={"position": target + 1},
        entity_id=plan.entity_id,
        plan_id=plan.pk,
    )


def clone_plan(
    plan: Plan,
    *,
    year: int,
    version: int,
    previous_version: Plan | None = None,
    copied_from: Plan | None = None,
    change_reason: str = "",
) -> Plan:
    """A draft copy of a plan with its activities, tasks and responsables (call inside a
    transaction). A new version's activities remember the ones they continue
    (``carried_from``), so that publishing it carries their follow-up over; a copy for another
    vigencia starts without follow-up, results or links to the old year."""
    new_version = previous_version is not None
    copy = Plan.objects.get(pk=plan.pk)
    copy.pk = None
    copy.year = year
    copy.version = version
    copy.status = Plan.Status.DRAFT
    copy.previous_version = previous_version
    copy.copied_from = copied_from
    copy.change_reason = change_reason
    copy.review_comment = ""
    copy.submitted_at = copy.approved_at = copy.published_at = None
    copy.catch_up_until = None
    copy.approved_by = None
    copy.approval_act_number = copy.approval_act_name = copy.approval_act_sha256 = ""
    copy.approval_act_date = None
    copy.approval_act_file = ""
    if year != plan.year:
        copy.title = plan.title.replace(str(plan.year), str(year))
        copy.plan_date = timezone.localdate()  # the new vigencia's plan is dated when made
        copy.followup_scheme = scheme_for(plan.entity, plan.plan_type)
    copy.save()
    copy.participating_units.set(plan.participating_units.all())
    copy.mipg_policies.set(plan.mipg_policies.all())
    copies: dict[int, Activity] = {}
    for activity in plan.activities.prefetch_related("tasks", "responsible_units", "mipg_policies"):
        units = list(activity.responsible_units.all())
        tasks = list(activity.tasks.all())
        policies = list(activity.mipg_policies.all())
        original = activity.pk
        activity.pk = None
        activity._prefetched_objects_cache = {}  # or set() below would see the old links
        activity.plan = copy
        activity.revision = 1
        activity.carried_from_id = original if new_version else None
        if not new_version:
            activity.indicator_result = ""
            activity.appropriation = None  # next vigencia's budget is its own
            if activity.start_date and activity.end_date:
                activity.start_date = _shifted(activity.start_date, year - plan.year)
                activity.end_date = _shifted(activity.end_date, year - plan.year)
        activity.save()
        activity.responsible_units.set(units)
        activity.mipg_policies.set(policies)
        Task.objects.bulk_create(
            Task(activity=activity, position=t.position, description=t.description) for t in tasks
        )
        copies[original] = activity
    carriers.carry(copies, new_version=new_version)
    return copy


def _shifted(day: datetime.date, years: int) -> datetime.date:
    """The same day some years later (29 February becomes 28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_plan_to_next_year(plan: Plan, *, by: Any) -> Plan:
    """Next vigencia's draft: the same activities and months, results and follow-up cleared."""
    _require_planner(by, plan)
    year = plan.year + 1
    if Plan.objects.filter(entity=plan.entity, plan_type=plan.plan_type, year=year).exists():
        raise ValidationError(
            f"Ya existe un plan de tipo «{plan.plan_type.name}» para la vigencia {year}."
        )
    copy = clone_plan(plan, year=year, version=1, copied_from=plan)
    audit.record(
        "plans.plan.copied",
        copy,
        by=by,
        after=audit.snapshot(copy),
        plan=copy,
        reason=f"Copia del plan {plan.pk} ({plan.title}) para la vigencia {year}",
    )
    return copy
