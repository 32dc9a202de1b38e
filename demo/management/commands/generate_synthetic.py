"""Fill the database with synthetic entities, plans, activities and reports (demo.synthetic)."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import generate

PRESETS = {
    # 1,102 municipalities and 32 departments, a dozen plans each, three periods reported.
    "national": {"entities": 1134, "plans": 12, "activities": 20, "periods": 3},
    "department": {"entities": 43, "plans": 12, "activities": 20, "periods": 3},
}


class Command(BaseCommand):
    help = (
        "Genera datos sintéticos realistas (entidades con NIT válido, dependencias, planes de los "
        "tipos del Decreto 612, actividades, reportes en todos los estados y sus avances "
        "acumulados) con inserciones masivas. --preset national: 1.134 entidades × 12 planes × "
        "20 actividades con tres periodos reportados."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS))
        parser.add_argument("--entities", type=int)
        parser.add_argument("--plans", type=int)
        parser.add_argument("--activities", type=int)
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--periods", type=int)
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, preset, year, seed, **options):
        values = dict(
            PRESETS.get(preset, {"entities": 10, "plans": 12, "activities": 20, "periods": 3})
        )
        for name in ("entities", "plans", "activities", "periods"):
            if options[name] is not None:
                values[name] = options[name]
        if not 0 <= values["periods"] <= 4:
            raise CommandError("--periods va de 0 a 4 (trimestres).")
        if min(values["entities"], values["plans"], values["activities"]) < 1:
            raise CommandError("--entities, --plans y --activities deben ser al menos 1.")
        started = time.perf_counter()

        def report(summary):
            self.stderr.write(
                f"  {summary.entities} entidades, {summary.activities} actividades, "
                f"{summary.reports} reportes ({time.perf_counter() - started:.0f} s)"
            )

        summary = generate(year=year, seed=seed, progress=report, **values)
        self.stdout.write(
            f"Generados: {summary.entities} entidades, {summary.plans} planes, "
            f"{summary.activities} actividades, {summary.reports} reportes, "
            f"{summary.sums} avances acumulados en {time.perf_counter() - started:.1f} s."
        )
