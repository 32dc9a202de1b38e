import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from followup.services import send_reminders


class Command(BaseCommand):
    help = (
        "Envía los recordatorios de seguimiento: a cada responsable, sus actividades pendientes "
        "cuando la ventana está por cerrar o ya venció. Pensado para correr a diario (cron); no "
        "repite un correo ya enviado."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Fecha de referencia AAAA-MM-DD (por defecto, hoy).")

    def handle(self, *args, date: str | None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"«{date}» no es una fecha AAAA-MM-DD.") from exc
        sent = send_reminders(today)
        self.stdout.write(f"Recordatorios enviados: {sent}.")
