"""Issue 17, integrity of the people and the directory (1 of 3): the comparison key of
dependencias and aliases, the validators of user names and web sites. 0009 brings existing rows
in line with the new rules and 0010 adds the constraints; they are separate migrations so that
PostgreSQL never alters a table in the transaction that updated its rows."""

import django.contrib.auth.validators
import organization.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('organization', '0007_submission_window'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='unit',
            name='unit_name_unique_per_entity',
        ),
        migrations.RemoveConstraint(
            model_name='unitalias',
            name='unit_alias_unique',
        ),
        migrations.AddField(
            model_name='unit',
            name='key',
            field=models.CharField(blank=True, editable=False, help_text='El nombre como lo compara el directorio al importar: sin tildes, mayúsculas, signos ni palabras como «de»; abreviaturas completas.', max_length=600, verbose_name='clave de comparación'),
        ),
        migrations.AddField(
            model_name='unitalias',
            name='key',
            field=models.CharField(blank=True, editable=False, help_text='El nombre como lo compara el directorio al importar: sin tildes, mayúsculas, signos ni palabras como «de»; abreviaturas completas.', max_length=600, verbose_name='clave de comparación'),
        ),
        migrations.AlterField(
            model_name='entity',
            name='reminder_days_before',
            field=models.PositiveSmallIntegerField(default=3, help_text='El recordatorio sale estos días antes de que cierre la ventana; como mucho los días para reportar, para que llegue cuando el periodo ya terminó.', verbose_name='días de anticipación del recordatorio'),
        ),
        migrations.AlterField(
            model_name='entity',
            name='website',
            field=models.CharField(blank=True, help_text='Como lo escribe el formato (www.entidad.gov.co) o con https://.', max_length=200, validators=[organization.models.validate_website], verbose_name='sitio web'),
        ),
        migrations.AlterField(
            model_name='user',
            name='username',
            field=models.CharField(error_messages={'unique': 'Ya existe un usuario con ese nombre.'}, help_text='Letras, números y los caracteres @ . + - _ (sin espacios).', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator(message='El usuario solo puede tener letras, números y los caracteres @ . + - _ (sin espacios, comillas ni otros signos).')], verbose_name='nombre de usuario'),
        ),
    ]
