from django.db import migrations

from plans.mipg_catalogue import DIMENSIONS, POLICIES


def install(apps, schema_editor):
    Dimension = apps.get_model("plans", "MipgDimension")
    Policy = apps.get_model("plans", "MipgPolicy")
    dimensions = {
        number: Dimension.objects.get_or_create(number=number, defaults={"name": name})[0]
        for number, name in DIMENSIONS
    }
    for position, (number, code, name) in enumerate(POLICIES, start=1):
        Policy.objects.get_or_create(
            code=code,
            defaults={"name": name, "dimension": dimensions[number], "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_mipg_and_budget")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
