"""The one audit helper scopes an entry to the plan it is given."""

from audit import services as audit
from audit.models import AuditEntry


def test_an_entry_about_something_inside_a_plan_is_scoped_to_the_plan_and_its_entity(
    seed_plan, planner
):
    activity = seed_plan.activities.first()
    entry = audit.record(
        "plans.activity.changed", activity, by=planner, after={"weight": "1"}, plan=activity.plan
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.plan_id, entry.entity_id) == (seed_plan.pk, seed_plan.entity_id)
    assert entry.object_type == "plans.activity" and entry.object_id == str(activity.pk)
    assert entry.actor == planner and entry.after == {"weight": "1"}
