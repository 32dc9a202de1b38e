from django.db import migrations

from plans.delivered_plan_types import install_plan_types


def create_plan_types(apps, schema_editor):
    install_plan_types(apps.get_model("plans", "PlanType"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(create_plan_types, migrations.RunPython.noop)]
