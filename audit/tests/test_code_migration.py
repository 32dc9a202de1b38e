"""The plan codes' rename (issue 19) rewrites the entries already stored, so a history written
before it still reads in Spanish, and the rename undoes cleanly."""

import pytest

from audit.catalogue import ACTIONS, action_label
from conftest import migrate_to

BEFORE = [("audit", "0002_initial")]
AFTER = [("audit", "0003_action_codes_by_app")]
OLD = [
    "plan.published",
    "plan.version.created",
    "plan.activity.moved",
    "plan.activity.task.deleted",
]
NEW = [
    "plans.plan.published",
    "plans.plan.version_created",
    "plans.activity.moved",
    "plans.task.deleted",
]


@pytest.fixture
def before_the_rename(migrated):
    return migrated(BEFORE)


def _codes(apps):
    entries = apps.get_model("audit", "AuditEntry").objects.order_by("pk")
    return list(entries.values_list("action", flat=True))


def test_stored_plan_codes_take_the_app_prefix_and_keep_their_label(before_the_rename):
    entries = before_the_rename.get_model("audit", "AuditEntry").objects
    for code in [*OLD, "followup.report.submitted"]:
        entries.create(action=code, actor_label="ana", object_type="plans.plan", object_id="1")

    after = migrate_to(AFTER)

    assert _codes(after) == [*NEW, "followup.report.submitted"]
    assert all(code in ACTIONS for code in _codes(after))
    assert action_label("plans.plan.published") == "Se publicó el plan"

    back = migrate_to(BEFORE)
    assert _codes(back) == [*OLD, "followup.report.submitted"]
