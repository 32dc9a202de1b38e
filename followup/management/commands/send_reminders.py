import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from followup.services import send_reminders
from plans import pending_uploads


class Command(BaseCommand):
    help = (
        "Envía los recordatorios de seguimiento: a cada responsable, sus actividades pendientes "
        "cuando la ventana está por cerrar o ya venció. Pensado para correr a diario (cron); no "
        "repite un correo ya enviado. También borra los archivos de las importaciones que "
        "quedaron en vista previa más de un día sin confirmarse ni cancelarse."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Fecha de referencia AAAA-MM-DD (por defecto, hoy).")

    def handle(self, *args, date: str | None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"«{date}» no es una fecha AAAA-MM-DD.") from exc
        # First, so that a mail server that fails does not keep the files too.
        deleted = pending_uploads.delete_abandoned(older_than=datetime.timedelta(days=1))
        self.stdout.write(f"Archivos de importaciones abandonadas borrados: {deleted}.")
        sent = send_reminders(today)
        self.stdout.write(f"Recordatorios enviados: {sent}.")
