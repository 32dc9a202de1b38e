# The sent-mail record moves from followup to organization (issue 19): the model only, in
# Django's state; its table, followup_notification, and its rows stay as they are.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0011_public_version'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=200, unique=True, verbose_name='clave del evento')),
                        ('recipient', models.EmailField(max_length=254, verbose_name='destinatario')),
                        ('subject', models.CharField(max_length=300, verbose_name='asunto')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='enviado')),
                    ],
                    options={
                        'verbose_name': 'notificación enviada',
                        'verbose_name_plural': 'notificaciones enviadas',
                        'db_table': 'followup_notification',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
