from django.core.management.base import BaseCommand

from backup.wording import describe_size, plural
from backup.writing import create_backup


class Command(BaseCommand):
    help = (
        "Escribe en RUTA una copia de respaldo: el contenido de la base de datos y los archivos "
        "de las evidencias, en un solo archivo ZIP con su manifiesto (ver docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="RUTA", help="Archivo nuevo, p. ej. copia.zip")

    def handle(self, *args, path: str, **options):
        summary = create_backup(path)
        models = sum(1 for count in summary.counts.values() if count)
        self.stdout.write(
            f"Copia de respaldo escrita en {summary.path}: "
            f"{plural(summary.rows, 'fila', 'filas')} de {plural(models, 'modelo', 'modelos')} y "
            f"{plural(summary.files, 'archivo', 'archivos')} ({describe_size(summary.file_bytes)})."
        )
        if summary.missing_files:
            self.stderr.write(
                f"Advertencia: {plural(len(summary.missing_files), 'archivo', 'archivos')} a los "
                "que se refieren los datos no están en el almacenamiento (MEDIA_ROOT) y no "
                "quedaron en la copia:\n  " + "\n  ".join(summary.missing_files)
            )
