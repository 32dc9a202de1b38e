from django.core.management.base import BaseCommand

from backup.restoring import check_backup, restore_backup
from backup.wording import describe_date, describe_size, plural, project_counts


class Command(BaseCommand):
    help = (
        "Restaura una copia de respaldo hecha con «backup» en una instancia vacía (recién "
        "migrada, con MEDIA_ROOT vacío): todo o nada (ver docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="RUTA", help="La copia, p. ej. copia.zip")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Solo verifica la copia (manifiesto y sumas SHA-256), sin restaurar nada.",
        )

    def handle(self, *args, path: str, check: bool, **options):
        if check:
            manifest = check_backup(path)
            rows = sum(manifest["counts"].values())
            size = sum(entry["size"] for entry in manifest["files"])
            self.stdout.write(
                f"La copia {path} del {describe_date(manifest['created_at'])} está completa: "
                f"{plural(rows, 'fila', 'filas')} y "
                f"{plural(len(manifest['files']), 'archivo', 'archivos')} ({describe_size(size)}) "
                "coinciden con su manifiesto."
            )
            return
        summary = restore_backup(path)
        lines = [
            f"Se restauró la copia del {describe_date(summary.created_at)} desde {summary.path}:"
        ]
        lines += [f"  {line}" for line in project_counts(summary.counts)]
        lines.append(
            f"  En total {plural(summary.rows, 'fila', 'filas')} y "
            f"{plural(summary.files, 'archivo', 'archivos')} ({describe_size(summary.file_bytes)})."
        )
        if summary.files_already_present:
            lines.append(
                f"  {plural(summary.files_already_present, 'archivo', 'archivos')} ya estaban en "
                "MEDIA_ROOT con el mismo contenido y se dejaron como estaban."
            )
        self.stdout.write("\n".join(lines))
