"""Publishing a plan with its follow-up: the plan's transition (plans.services.workflow), then
what follows for the follow-up, in the same transaction: the continuing activities' reports move
on with a new version, the roll-ups count it, and a first publication after some cut-offs opens
those periods for catching up."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from followup import periods
from followup import services as followup
from plans.models import Plan
from plans.services import workflow


@transaction.atomic
def publish_plan(plan: Plan, *, by: Any, catch_up_until: datetime.date | None = None) -> Plan:
    """Planeación publishes an approved plan. A new version replaces the one in force: that one
    is archived and the follow-up of every continuing activity moves on with the new version. A
    first publication after some cut-offs have passed opens those periods until a catch-up date
    (by default the entity's reporting window from today)."""
    late = bool(periods.late_periods(plan, timezone.localdate()))
    plan, in_force = workflow.publish_version(plan, by=by, late=late, catch_up_until=catch_up_until)
    if in_force is not None:
        followup.carry_over(in_force, plan, by=by)
    followup.rebuild_rollups(plan)  # after archiving: the entity's sums count the new version only
    workflow.announce_published(plan, by=by)
    return plan
