"""Reads of plans with everything a page or export needs, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, reduce
from operator import or_

from django.db.models import Q, QuerySet

from audit.models import AuditEntry
from core.params import whole_number
from organization import policy
from organization.directory import name_key, split_unit_names
from organization.models import Role, Unit
from plans import review, schedule
from plans.history import HistoryEntry, readable_history
from plans.models import Activity, Plan, Task

MONTHS = tuple(range(1, 13))


def plans_for_user(user) -> QuerySet[Plan]:
    """The plans the user's lists show: all of their own entity's and, of an entity they
    oversee, what it has published (in force or archived): not its drafts, nor what awaits its
    Comité."""
    plans = Plan.objects.select_related("entity", "plan_type")
    published = Q(status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED])
    return policy.scope_to_user(plans, user, overseen_only=published)


def plan_for_user(user, pk: int) -> Plan:
    """The plan with its header relations, or 404 when the user may not see it."""
    plans = Plan.objects.select_related("entity", "plan_type", "formulating_unit")
    return policy.get_visible_or_404(plans, user, pk=pk)


def plan_activities(plan: Plan, *, tasks: bool = False) -> list[Activity]:
    """The plan's activities in the format's order, each with its `unit_list` (and `task_list`)
    already read: one query per relation, selected by the plan rather than by a list of every
    activity, and grouped here. For 5,000 activities Django's prefetching (a queryset per
    activity, then lists of thousands of ids) cost more than the queries themselves."""
    activities = list(Activity.objects.filter(plan=plan).order_by("position", "number"))
    by_id = {activity.pk: activity for activity in activities}
    for activity in activities:
        activity.unit_list = []
        activity.task_list = []
    links = Activity.responsible_units.through.objects.filter(activity__plan=plan)
    pairs = list(links.values_list("activity_id", "unit_id"))
    units = Unit.objects.in_bulk({unit_id for _activity, unit_id in pairs})
    for activity_id, unit_id in sorted(pairs, key=lambda pair: units[pair[1]].name):
        by_id[activity_id].unit_list.append(units[unit_id])
    if tasks:
        for task in Task.objects.filter(activity__plan=plan).order_by("position", "id"):
            by_id[task.activity_id].task_list.append(task)
    for activity in activities:
        activity.mipg_list = []  # its own MIPG policies (empty: the plan's), by name
    tags = Activity.mipg_policies.through.objects.filter(activity__plan=plan)
    for activity_id, name in tags.order_by("mipgpolicy__name").values_list(
        "activity_id", "mipgpolicy__name"
    ):
        by_id[activity_id].mipg_list.append(name)
    return activities


@dataclass
class PlanRow:
    """An activity as the plan's pages show it (the format's table, the formulation page, the
    cronograma): its tasks, dependencias and schedule. Its follow-up is followup.document's."""

    activity: Activity
    tasks: list[str]
    responsibles: list[str]
    unresolved: bool
    written_differs: bool  # the responsables were written otherwise (abbreviated, misspelt)

    @property
    def month_cells(self) -> list[tuple[int, bool]]:
        scheduled = set(self.activity.months)
        return [(month, month in scheduled) for month in MONTHS]

    @property
    def targets(self) -> list[tuple[int, Decimal]]:
        values, _manual = self._targets
        return sorted(values.items())

    @property
    def targets_manual(self) -> bool:
        return self._targets[1]

    @cached_property
    def _targets(self) -> tuple[dict[int, Decimal], bool]:
        activity = self.activity
        return schedule.period_targets(
            activity.indicator_target,
            list(activity.months),
            activity.period_targets,
            milestone=activity.indicator_type == Activity.IndicatorType.MILESTONE,
        )


def plan_rows(plan: Plan, activities: list[Activity] | None = None) -> list[PlanRow]:
    """Every activity of the plan with its tasks and responsables (three queries, none when
    the caller passes the activities it read with `plan_activities(tasks=True)`)."""
    if activities is None:
        activities = plan_activities(plan, tasks=True)
    rows = []
    for activity in activities:
        units = [unit.name for unit in activity.unit_list]
        written = split_unit_names(activity.responsible_text)
        rows.append(
            PlanRow(
                activity=activity,
                tasks=[task.description for task in activity.task_list],
                responsibles=units,
                unresolved=len(units) < len(written),
                written_differs=sorted(map(name_key, written)) != sorted(map(name_key, units)),
            )
        )
    return rows


def review_plan(plan: Plan) -> list[review.Problem]:
    """The review of a plan before it is submitted (plans.review holds the rules)."""
    rows = plan_rows(plan)
    return review_activities(plan, ((r.activity, r.tasks, len(r.responsibles)) for r in rows))


# What the review needs of an activity: the activity, its tasks, how many dependencias it has.
ReviewItem = tuple[Activity, list[str], int]


def review_activities(plan: Plan, activities: Iterable[ReviewItem]) -> list[review.Problem]:
    """The review of (activity, its tasks, how many dependencias it has), for a caller that
    holds them already, as the importer does."""
    facts = [
        review.ActivityFacts(
            pk=activity.pk,
            number=activity.number,
            description=activity.description,
            months=list(activity.months),
            indicator_formula=activity.indicator_formula,
            indicator_target=activity.indicator_target,
            tasks=tasks,
            deliverables=activity.deliverables,
            responsible_count=responsible_count,
            responsible_written=len(split_unit_names(activity.responsible_text)),
            weight=activity.weight,
            start_date=activity.start_date,
            end_date=activity.end_date,
        )
        for activity, tasks, responsible_count in activities
    ]
    return review.review(facts, objective=plan.objective, year=plan.year)


def versions(plan: Plan) -> list[Plan]:
    """Every version of the plan, oldest first (a short chain: one query per version)."""
    chain = [plan]
    while chain[0].previous_version_id:
        chain.insert(0, Plan.objects.get(pk=chain[0].previous_version_id))
    newer = Plan.objects.filter(previous_version=chain[-1]).first()
    while newer is not None:
        chain.append(newer)
        newer = Plan.objects.filter(previous_version=newer).first()
    return chain


def version_in_force(plan: Plan) -> Plan | None:
    """The published version that replaced an archived one, following the chain forward."""
    newer = Plan.objects.filter(previous_version=plan).first()
    while newer is not None and newer.status != Plan.Status.PUBLISHED:
        newer = Plan.objects.filter(previous_version=newer).first()
    return newer


def replaced_version(plan: Plan, pk: str) -> Plan | None:
    """The earlier version of ``plan`` a visitor came from (``?anterior=``), if it is one."""
    wanted = whole_number(pk)
    if wanted is None:
        return None
    for version in versions(plan):
        if version.pk == wanted and version.version < plan.version:
            return version
    return None


def history(plan: Plan, *, limit: int = 500) -> list[HistoryEntry]:
    """The latest audit entries of every version of the plan, newest first, as people read
    them (plans.history): a fixed number of queries whatever the number of entries."""
    ids = [version.pk for version in versions(plan)]
    entries = AuditEntry.objects.filter(plan_id__in=ids).select_related("actor")[:limit]
    return readable_history(list(entries))


@dataclass(frozen=True)
class PlanToDo:
    """A plan waiting on someone, and what they are to do with it."""

    plan: Plan
    action: str


TO_DO = {
    Plan.Status.IN_REVIEW: "Aprobar o devolver",
    Plan.Status.RETURNED: "Corregir y enviar de nuevo al Comité",
    Plan.Status.APPROVED: "Publicar",
    Plan.Status.DRAFT: "Formular la nueva versión",
}


def workflow_pending(user) -> list[PlanToDo]:
    """The plans of the user's entity that wait on them: for who signs for the Comité, those
    en revisión; for Planeación, the returned ones to correct, the approved ones to publish
    and the drafts of new versions. Nothing for anyone else."""
    member = policy.membership(user)
    if member is None:
        return []
    waiting = []
    if member.can_approve:
        waiting.append(Q(status=Plan.Status.IN_REVIEW))
    if member.role == Role.PLANNER:
        waiting.append(Q(status__in=[Plan.Status.RETURNED, Plan.Status.APPROVED]))
        waiting.append(Q(status=Plan.Status.DRAFT, previous_version__isnull=False))
    if not waiting:
        return []
    plans = Plan.objects.filter(reduce(or_, waiting), entity_id=member.entity_id)
    return [PlanToDo(plan, TO_DO[plan.status]) for plan in plans.order_by("-year", "title")]
