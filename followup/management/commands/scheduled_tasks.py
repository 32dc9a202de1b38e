import time

from django.core.management.base import BaseCommand, CommandError

from followup.tasks import SCHEDULE


class Command(BaseCommand):
    help = (
        "Pone en cola el trabajo programado del día: borrar los archivos de importaciones "
        "abandonadas, enviar los recordatorios de seguimiento y el resumen semanal de cumplimiento "
        "a las oficinas que vigilan, revisar (y corregir) los avances "
        "acumulados, regenerar los archivos públicos cuyo estado cambió y olvidar los resultados "
        "viejos de la cola de tareas. Sin --every, una vez "
        "(para cron, a diario); con --every SEGUNDOS, en un bucle. Sin trabajador "
        "(TASKS_BACKEND=immediate), el trabajo se hace en este mismo proceso."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Repetir cada tantos segundos (por defecto, no)."
        )

    def handle(self, *args, every: int, **options):
        if every < 0:
            raise CommandError("--every debe ser un número de segundos positivo.")
        while True:
            failed = []
            for work in SCHEDULE:
                result = work.enqueue()
                self.stdout.write(f"{work.name}: {result.status.label}")
                if result.errors:  # ran here (no worker) and failed: say why
                    failed.append(
                        f"{work.name}: {result.errors[-1].traceback.strip().splitlines()[-1]}"
                    )
            if failed and not every:
                raise CommandError("Fallaron tareas programadas:\n" + "\n".join(failed))
            for line in failed:
                self.stderr.write(f"Falló {line}")
            if not every:
                return
            time.sleep(every)
