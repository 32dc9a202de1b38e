# The sent-mail record moves from followup to organization (issue 19): the model leaves
# followup's state only; its table and rows are organization.Notification's from now on.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0006_windows_revisions_and_rounds'),
        ('organization', '0012_notification_layers'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Notification')],
            database_operations=[],
        ),
    ]
