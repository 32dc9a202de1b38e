"""Issue 17, integrity of the people and the directory (3 of 3): the constraints, once 0009 has
brought existing rows in line with them."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0009_people_integrity_data'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='entity',
            constraint=models.CheckConstraint(condition=models.Q(('reminder_days_before__lte', models.F('report_window_days'))), name='entity_reminder_within_window', violation_error_message='Los días de anticipación del recordatorio no pueden ser más que los días para reportar: el recordatorio saldría antes de que termine el periodo.'),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(fields=('entity', 'key'), name='unit_key_unique_per_entity', violation_error_message='Ya existe una dependencia con ese nombre en la entidad.'),
        ),
        migrations.AddConstraint(
            model_name='unitalias',
            constraint=models.UniqueConstraint(fields=('unit', 'key'), name='unit_alias_key_unique', violation_error_message='La dependencia ya tiene un alias que se lee igual.'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('email', ''), _negated=True), name='user_email_unique_ci', violation_error_message='Ya existe un usuario con ese correo: cada persona tiene el suyo.'),
        ),
    ]
