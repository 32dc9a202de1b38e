"""Update a draft plan in place from a file (an exported XLSX edited in Excel, say).

The file is read as an import would read it, into a scratch plan inside a savepoint that is
always rolled back: the same readers, the same dependencia matching, the same checks and
warnings. The scratch plan is compared with the draft (plans.diff, as versions are compared),
and the draft takes the scratch plan's values field by field, each change audited as the
formulation pages audit theirs. Activities are matched by number. Follow-up is not touched: a
draft has none (reports belong to the version in force).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit import services as audit
from followup.document import version_content
from followup.importing import import_plan
from followup.models import Report
from formats.document import ImportFileError, PlanDocument
from organization import policy
from organization.models import Unit
from plans import diff
from plans.models import Activity, Plan, Task
from plans.services.editing import activity_state, delete_activity

HEADER_FIELDS = (
    "title",
    "process",
    "subprocess",
    "objective",
    "scope",
    "formulating_unit_text",
    "participating_units_text",
    "plan_date",
    "doc_code",
    "doc_version",
    "doc_approval_date",
)
ACTIVITY_FIELDS = (
    "description",
    "months",
    "start_date",
    "end_date",
    "deliverables",
    "indicator_formula",
    "indicator_type",
    "indicator_unit",
    "indicator_over_100",
    "indicator_negative",
    "indicator_target",
    "indicator_baseline",
    "indicator_result",
    "period_targets",
    "responsible_text",
    "weight",
    "observations",
    "extra",
    "bpin",
    "budget_item",
    "funding_source",
    "appropriation",
)


@dataclass
class UpdateResult:
    plan: Plan
    changes: diff.PlanDiff
    warnings: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Read:
    """What the scratch plan held, kept past its rollback."""

    header: dict[str, Any]
    formulating_unit_id: int | None
    participating_ids: list[int]
    activities: dict[int, tuple[dict[str, Any], list[str], list[int]]]  # number → fields, ...


class _Rollback(Exception):
    pass


def check_target(plan: Plan, by: Any) -> None:
    """Only Planeación of the plan's entity updates it, and only while it is a draft."""
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación de la entidad del plan puede actualizarlo.")
    if plan.status != Plan.Status.DRAFT:
        raise ImportFileError(
            f"El plan «{plan.title}» está {plan.get_status_display().lower()}: solo se actualiza "
            "desde un archivo un plan en borrador. Para cambiarlo cree una nueva versión con el "
            "motivo del cambio, o importe el archivo como un plan nuevo."
        )


def update_plan_from_document(
    plan: Plan, document: PlanDocument, *, by: Any, dry_run: bool = False
) -> UpdateResult:
    """Compare the draft with the file and, unless ``dry_run``, update it in one transaction."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        check_target(plan, by)
        before = version_content(plan)
        read, after, result = _read_as_scratch(plan, document, by)
        changes = diff.compare(_without_ids(before), _without_ids(after))
        outcome = UpdateResult(plan, changes, result.warnings, result.resolutions, dry_run)
        if document.year and document.year != plan.year:
            outcome.warnings.insert(
                0,
                f"El archivo es de la vigencia {document.year}; el plan conserva la suya, "
                f"{plan.year}.",
            )
        if any(row.reports or row.followup for row in document.rows):
            outcome.warnings.append(
                "El seguimiento que trae el archivo no se aplica: un borrador no tiene "
                "seguimiento (se reporta sobre la versión vigente)."
            )
        if not dry_run and not changes.empty:
            _apply(plan, read, changes, by=by, source=document.source)
    return outcome


def _without_ids(content: tuple[dict, list[dict]]) -> tuple[dict, list[dict]]:
    """Matched by number, as the file knows no ids."""
    record, rows = content
    return record, [
        {k: v for k, v in row.items() if k not in ("_activity_id", "_carried_from")} for row in rows
    ]


def _read_as_scratch(plan: Plan, document: PlanDocument, by: Any):
    """The file imported as a scratch plan of the same entity, vigencia and type, read into
    plain values, then rolled back with everything the import wrote (its audit entries too)."""
    kept: list[Any] = []
    try:
        with transaction.atomic():
            # The draft's own title would make the scratch plan a duplicate.
            Plan.objects.filter(pk=plan.pk).update(title=f"{plan.title} · {plan.pk}")
            result = import_plan(
                document, entity=plan.entity, year=plan.year, plan_type=plan.plan_type, by=by
            )
            scratch = result.plan
            Report.objects.filter(activity__plan=scratch).delete()
            kept += [_values(scratch), version_content(scratch), result]
            raise _Rollback
    except _Rollback:
        pass
    read, after, result = kept
    existing = set(Unit.objects.filter(entity=plan.entity).values_list("pk", flat=True))
    # A dependencia the scratch import created is gone with it: the text stays.
    read.participating_ids = [pk for pk in read.participating_ids if pk in existing]
    if read.formulating_unit_id not in existing:
        read.formulating_unit_id = None
    for _fields, _tasks, unit_ids in read.activities.values():
        unit_ids[:] = [pk for pk in unit_ids if pk in existing]
    return read, after, result


def _values(scratch: Plan) -> _Read:
    activities = {}
    for activity in scratch.activities.prefetch_related("tasks", "responsible_units"):
        activities[activity.number] = (
            {name: getattr(activity, name) for name in ACTIVITY_FIELDS},
            [task.description for task in activity.tasks.all()],
            sorted(unit.pk for unit in activity.responsible_units.all()),
        )
    return _Read(
        header={name: getattr(scratch, name) for name in HEADER_FIELDS},
        formulating_unit_id=scratch.formulating_unit_id,
        participating_ids=sorted(scratch.participating_units.values_list("pk", flat=True)),
        activities=activities,
    )


def _apply(plan: Plan, read: _Read, changes: diff.PlanDiff, *, by: Any, source: str) -> None:
    """Write what the comparison found, and only that: the header if it changed, then each
    removed, changed and added activity, each with its audit entry."""
    reason = f"Actualizado de {source}"
    if changes.header:
        before = audit.snapshot(plan)
        for name, value in read.header.items():
            setattr(plan, name, value)
        plan.formulating_unit_id = read.formulating_unit_id
        plan.save()
        plan.participating_units.set(read.participating_ids)
        audit.record(
            "plans.plan.changed",
            plan,
            by=by,
            before=before,
            after=audit.snapshot(plan),
            plan=plan,
            reason=reason,
        )
    current = {activity.number: activity for activity in plan.activities.all()}
    touched = {change.number: change.kind for change in changes.activities}
    for change in changes.activities:
        if change.kind == "eliminada":
            delete_activity(current.pop(change.number), by=by)
    last = max((a.position for a in current.values()), default=0)
    for number, (fields, tasks, unit_ids) in read.activities.items():
        if touched.get(number) not in ("modificada", "agregada"):
            continue
        activity = current.get(number)
        if activity is None:
            last += 1
            activity, state = Activity(plan=plan, number=number, position=last), None
        else:
            state = activity_state(activity)
            activity.revision += 1
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save()
        activity.tasks.all().delete()
        Task.objects.bulk_create(
            Task(activity=activity, position=index, description=text)
            for index, text in enumerate(tasks, start=1)
        )
        activity.responsible_units.set(unit_ids)
        audit.record(
            "plans.activity.created" if state is None else "plans.activity.changed",
            activity,
            by=by,
            before=state,
            after=activity_state(activity),
            entity_id=plan.entity_id,
            plan_id=plan.pk,
            reason=reason,
        )
    audit.record(
        "plans.plan.updated_from_file",
        plan,
        by=by,
        after={"source": source},
        entity_id=plan.entity_id,
        plan_id=plan.pk,
        reason=reason,
    )
