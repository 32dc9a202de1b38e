from django.db import migrations

from plans.mipg_catalogue import install_mipg_catalogue


def install(apps, schema_editor):
    install_mipg_catalogue(apps.get_model("plans", "MipgDimension"), apps.get_model("plans", "MipgPolicy"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_mipg_and_budget")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
