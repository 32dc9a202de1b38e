"""The plan codes take the ``<app>.<object>.<verb>`` form every other app uses (issue 19).

Entries written before keep reading: their codes are rewritten, and back on reversal.
"""

from django.db import migrations

VERBS = (
    "created imported updated_from_file changed deleted copied submitted returned approved "
    "published archived"
).split()
RENAMED = {
    **{f"plan.{verb}": f"plans.plan.{verb}" for verb in VERBS},
    "plan.version.created": "plans.plan.version_created",
    **{f"plan.activity.{verb}": f"plans.activity.{verb}" for verb in ("created", "changed", "deleted", "moved")},
    **{f"plan.activity.task.{verb}": f"plans.task.{verb}" for verb in ("created", "changed", "deleted")},
}


def _rename(apps, mapping):
    entries = apps.get_model("audit", "AuditEntry").objects
    for old, new in mapping.items():
        entries.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
