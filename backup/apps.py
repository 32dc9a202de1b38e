from django.apps import AppConfig


class BackupConfig(AppConfig):
    """`manage.py backup` and `restore`: a whole instance in one archive (docs/backup.md)."""

    name = "backup"
    verbose_name = "copias de respaldo"
