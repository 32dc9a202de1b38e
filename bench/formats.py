"""Benchmark: export and import of a 5,000-activity plan in XLSX (issue 5).

Run with `make bench` (or `.venv/bin/python bench/formats.py [--activities N]`). It builds its
own SQLite database in a temporary folder, so it touches nothing of yours, and prints a table:
time and peak Python memory (tracemalloc, in a second run) of each step, the XLSX export
against writing the same cells with bare openpyxl in the same run, and the peak resident memory
of a process that only exports (read the plan and write the workbook), C libraries included.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.measure import in_child  # noqa: E402


def measure(step, *, again=None):
    """(result, seconds, peak MB). Time is taken without tracing, which slows Python down;
    the peak comes from a second, traced run (``again`` when the step cannot run twice)."""
    started = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    (again or step)()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=5000)
    count = parser.parse_args().activities

    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="planaccion-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planaccion.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import openpyxl

    from followup import document as plan_document
    from followup.importing import import_plan
    from formats.readers.base import reader_for
    from formats.writers import render
    from organization import services as organization
    from plans.models import Activity, Plan, PlanType

    entity = organization.create_entity(name="Alcaldía de Prueba", nit="890399029-5")
    units = [organization.create_unit(entity, f"Secretaría {n}") for n in range(1, 13)]
    plan = Plan.objects.create(
        entity=entity,
        plan_type=PlanType.objects.get(code="plan-accion-institucional"),
        year=2026,
        title="Plan de prueba",
        objective="Medir la exportación",
        plan_date=datetime.date(2025, 10, 29),
    )
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            number=n,
            position=n,
            description=f"Actividad {n}: fortalecer la participación ciudadana en el territorio",
            months=[(n % 12) + 1, ((n + 5) % 12) + 1],
            deliverables="Informe de gestión con soportes",
            indicator_formula="Número de informes elaborados",
            indicator_target=4,
            responsible_text=units[n % 12].name,
        )
        for n in range(1, count + 1)
    )
    through = Activity.responsible_units.through
    through.objects.bulk_create(
        through(activity_id=a.pk, unit_id=units[a.number % 12].pk) for a in activities
    )

    (record, rows), prepare_time, prepare_peak = measure(lambda: plan_document.open_data(plan))
    xlsx, export_time, export_peak = measure(lambda: render("xlsx", record, rows))

    def bare():
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(
                [str(value) if isinstance(value, (list, dict)) else value for value in row.values()]
            )
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    _bytes, bare_time, bare_peak = measure(bare)
    from django.db import connection

    connection.close()  # the child opens its own
    _seconds, export_rss = in_child(lambda: render("xlsx", *plan_document.open_data(plan)))
    document, read_time, read_peak = measure(lambda: reader_for("p.xlsx").read(xlsx, "p.xlsx"))
    _result, import_time, import_peak = measure(
        lambda: import_plan(document, entity=entity, year=2027),
        again=lambda: import_plan(document, entity=entity, year=2028),
    )

    print(f"Plan de {count} actividades, XLSX de {len(xlsx) / 2**20:.1f} MB\n")
    print("| paso | tiempo (s) | memoria pico (MB) |")
    print("|---|---|---|")
    for label, seconds, peak in (
        ("leer el plan (open_data)", prepare_time, prepare_peak),
        ("escribir el XLSX oficial", export_time, export_peak),
        ("escribir las mismas celdas con openpyxl solo", bare_time, bare_peak),
        ("leer el XLSX", read_time, read_peak),
        ("importar (guardar en la base de datos)", import_time, import_peak),
    ):
        print(f"| {label} | {seconds:.2f} | {peak:.0f} |")
    print(f"\nExportación XLSX / escritura desnuda: {export_time / bare_time:.2f}×")
    print(
        f"Exportación XLSX completa (leer el plan + escribir): {prepare_time + export_time:.2f} s, "
        f"memoria residente pico del proceso que exporta: {export_rss:.0f} MB"
    )
    print(f"Importación completa (leer + guardar): {read_time + import_time:.2f} s")


if __name__ == "__main__":
    main()
