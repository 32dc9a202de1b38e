"""Benchmark: a national deployment on this machine, on SQLite and on PostgreSQL (issue 8).

Run with `make bench` (or `.venv/bin/python bench/national.py [--database sqlite|postgres|both]
[--entities N] [--dashboards-only]`; the last measures only the dashboards on the synthetic
instance, without the large plans, files and load: a quick check of the script). For each
database it builds a throwaway instance (a temporary SQLite file, or the PostgreSQL database
`planaccion_bench`, dropped and created again), fills it with
`generate_synthetic --preset national` (1,134 entities × 12 plans × 20 activities, three periods
reported) plus one plan of 200, one of 2,000 and one of 5,000 activities, and measures:

- the national consolidated dashboard (/seguimiento/entidades/ as the system administrator):
  server time p50/p95 through Django's test client, and the ratio to the bare SQL aggregation of
  the raw reports (the same per-entity, per-period weighted sums) run in the same process;
- the grouped national dashboard (issue 23) filtered by one department (the one with most
  entities) and by the Plan de Acción Institucional, each against the bare SQL aggregation
  narrowed the same way; and the compliance view (/seguimiento/cumplimiento/) against the
  national aggregation, skipped with a note when this checkout has no such page;
- the plan page with 200 and with 2,000 activities: p50/p95;
- a 5,000-activity plan: XLSX export (read the plan and write the official layout) and XLSX
  import (read the file and store a new plan), and the PDF (one Typst document, ADR 34;
  bench/pdf.py details it): each run once in a forked process, its time and its peak resident
  memory (bench/measure.py);
- the public plan page of a national-preset plan (20 activities) under load: gunicorn (4 workers)
  on loopback and wrk with 32 connections for 10 s: requests per second, p99, errors, and the
  ratio to the trivial health endpoint (/salud/) measured the same way in the same run.

bench/formats.py, which `make bench` runs too, details the XLSX steps on SQLite and compares
the writer with bare openpyxl writing the same cells. Results, with the machine they ran on,
go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
POSTGRES = "postgres://planaccion:planaccion@127.0.0.1:5432/planaccion_bench"
EXPORT_ACTIVITIES = 5000


def run(*args: str, env: dict, quiet: bool = True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} falló:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://planaccion:planaccion@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute("DROP DATABASE IF EXISTS planaccion_bench")
        conn.execute("CREATE DATABASE planaccion_bench")


def build(database: str, entities: int, workdir: Path, dashboards_only: bool = False) -> dict:
    env = {
        **os.environ,
        "VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "planaccion.settings",
        "LOG_LEVEL": "ERROR",
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections, as docs/deploy.md says
    }
    if database == "postgres":
        fresh_postgres()
        env["DATABASE_URL"] = POSTGRES
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    started = time.perf_counter()
    run("migrate", "--noinput", env=env)
    run("collectstatic", "--noinput", env=env)
    out = run(
        "generate_synthetic", "--entities", str(entities), "--plans", "12", "--activities", "20",
        "--periods", "3", env=env,
    )  # fmt: skip
    for size in () if dashboards_only else (200, 2000, EXPORT_ACTIVITIES):
        run("generate_synthetic", "--entities", "1", "--plans", "1", "--activities", str(size),
            "--periods", "3", "--seed", str(size), env=env)  # fmt: skip
    env["BENCH_BUILD_SECONDS"] = f"{time.perf_counter() - started:.0f}"
    env["BENCH_GENERATED"] = out.strip()
    return env


# -- in-process measurements (run in a child with the instance's environment) ------------------

BARE_SQL = """
SELECT p.entity_id, r.period,
       SUM(a.weight), SUM(a.weight * CASE WHEN r.executed > 100 THEN 100 ELSE r.executed END),
       COUNT(*)
FROM followup_report r
JOIN plans_activity a ON a.id = r.activity_id
JOIN plans_plan p ON p.id = a.plan_id
{joins}
WHERE r.status = 'validado' AND p.status = 'publicado' AND p.year = 2025 {narrowed}
GROUP BY p.entity_id, r.period
"""
PAI = "plan-accion-institucional"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def inside(dashboards_only: bool = False) -> None:
    """Measured in a process configured for the instance (see main)."""
    import django

    django.setup()

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import Resolver404, resolve
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.measure import in_child
    from followup.document import open_data
    from followup.importing import import_plan
    from followup.pdf import plan_pdf
    from formats.readers.base import reader_for
    from formats.writers import render
    from organization.models import Entity, Membership, Role, User
    from plans.models import Plan

    results = {}
    admin = User.objects.create_superuser("bench", "bench@example.invalid", None)
    device = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True)
    client = Client(HTTP_HOST="localhost")  # not instrumented: no test environment set up
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def timed(url: str, client: Client, runs: int) -> list[float]:
        assert client.get(url).status_code == 200, url  # warm
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        return samples

    def bare_sql(joins: str = "", narrowed: str = "", params=()) -> tuple[list[float], int]:
        """The bare aggregation, narrowed by ``joins`` and ``narrowed`` (a WHERE clause)."""
        sql = BARE_SQL.format(joins=joins, narrowed=narrowed)
        samples = []
        for _ in range(7):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            samples.append(time.perf_counter() - started)
        return samples, len(rows)

    national = timed("/seguimiento/entidades/?vigencia=2025", client, 30)
    bare, results["bare_rows"] = bare_sql()
    results["national"] = percentiles(national)
    results["bare_sql"] = percentiles(bare)

    # The grouped dashboards of issue 23, each against the aggregation narrowed alike.
    department = (
        Entity.objects.exclude(department_code="")
        .values("department_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "department_code")
        .values_list("department_code", flat=True)
        .first()
    )
    results["notes"] = []
    if department:
        url = f"/seguimiento/entidades/?vigencia=2025&departamento={department}"
        results["by_department"] = percentiles(timed(url, client, 30))
        results["bare_department"] = percentiles(
            bare_sql(
                "JOIN organization_entity e ON e.id = p.entity_id",
                "AND e.department_code = %s",
                (department,),
            )[0]
        )
        results["department"] = department
    else:
        results["notes"].append("ninguna entidad tiene código DIVIPOLA de departamento")
    url = f"/seguimiento/entidades/?vigencia=2025&tipo_plan={PAI}"
    results["by_plan_type"] = percentiles(timed(url, client, 30))
    results["bare_plan_type"] = percentiles(
        bare_sql("JOIN plans_plantype t ON t.id = p.plan_type_id", "AND t.code = %s", (PAI,))[0]
    )
    try:
        resolve("/seguimiento/cumplimiento/")
    except Resolver404:
        results["notes"].append("/seguimiento/cumplimiento/ no existe en esta versión")
    else:
        results["compliance"] = percentiles(
            timed("/seguimiento/cumplimiento/?vigencia=2025", client, 30)
        )
        url = f"/seguimiento/cumplimiento/?vigencia=2025&tipo_plan={PAI}"
        results["compliance_plan_type"] = percentiles(timed(url, client, 30))
        if department:
            url = f"/seguimiento/cumplimiento/?vigencia=2025&departamento={department}"
            results["compliance_department"] = percentiles(timed(url, client, 30))
    if dashboards_only:
        print("RESULTS " + json.dumps(results))
        return

    by_size = {
        plan.activities.count(): plan
        for plan in Plan.objects.filter(title__isnull=False).order_by("-pk")[:3]
    }
    for size in (200, 2000):
        plan = by_size[size]
        planner = Membership.objects.get(entity=plan.entity, role=Role.PLANNER).user
        planner_client = Client(HTTP_HOST="localhost")
        planner_client.force_login(planner)
        results[f"plan_{size}"] = percentiles(timed(f"/planes/{plan.pk}/", planner_client, 15))

    big = by_size[EXPORT_ACTIVITIES]
    xlsx = render("xlsx", *open_data(big))
    connection.close()  # each child opens its own
    results["xlsx_export"] = in_child(lambda: render("xlsx", *open_data(big)))
    results["xlsx_import"] = in_child(
        lambda: import_plan(reader_for("p.xlsx").read(xlsx, "p.xlsx"), entity=big.entity, year=2026)
    )
    results["pdf"] = in_child(lambda: plan_pdf(big))
    # A plan of the national preset (20 activities), as most plans are.
    public = Plan.objects.filter(activities__number=20).exclude(activities__number=21).first()
    results["public_url"] = f"/entidades/{public.entity.nit}/planes/{public.pk}/"
    results["public_kb"] = (
        len(Client(HTTP_HOST="localhost").get(results["public_url"]).content) / 1024
    )
    print("RESULTS " + json.dumps(results))


# -- load: gunicorn + wrk ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", "-d10s", "--timeout", "5s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return {"rps": rps, "p99": float(p99.group(1)) * scale, "errors": errors}


def load(env: dict, public_url: str) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "planaccion.wsgi", "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=REPO, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        subprocess.run(["curl", "-sf", "-o", "/dev/null", base + public_url], check=True)
        subprocess.run(["curl", "-sf", "-o", "/dev/null", base + "/salud/"], check=True)
        return {"public": wrk(base + public_url), "health": wrk(base + "/salud/")}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def bench(database: str, entities: int, dashboards_only: bool = False) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"planaccion-bench-{database}-"))
    try:
        print(f"== {database}: generando la instancia…", file=sys.stderr, flush=True)
        env = build(database, entities, workdir, dashboards_only)
        print(f"   {env['BENCH_GENERATED']} ({env['BENCH_BUILD_SECONDS']} s)", file=sys.stderr)
        inside_args = ["--inside"] + (["--dashboards-only"] if dashboards_only else [])
        out = subprocess.run(
            [PYTHON, __file__, *inside_args], cwd=REPO, env=env, capture_output=True, text=True
        )
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULTS ")), None)
        if line is None:
            raise SystemExit(f"La medición falló en {database}:\n{out.stdout}\n{out.stderr}")
        results = json.loads(line[len("RESULTS ") :])
        results["generated"] = env["BENCH_GENERATED"]
        if dashboards_only:
            return results
        print(f"== {database}: carga con gunicorn y wrk…", file=sys.stderr, flush=True)
        results["load"] = load(env, results["public_url"])
        return results
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def table(all_results: dict, dashboards_only: bool = False) -> str:
    names = list(all_results)
    lines = [
        "| medida | " + " | ".join(names) + " | objetivo |",
        "|---|" + "---|" * len(names) + "---|",
    ]

    def row(label, values, target):
        lines.append(f"| {label} | " + " | ".join(values) + f" | {target} |")

    r = all_results
    row(
        "tablero nacional p50 / p95 (ms)",
        [f"{r[n]['national'][0]:.0f} / {r[n]['national'][1]:.0f}" for n in names],
        "p50 ≤ 150",
    )
    row(
        "agregación SQL directa de los reportes p50 (ms)",
        [f"{r[n]['bare_sql'][0]:.0f}" for n in names],
        "",
    )
    row(
        "tablero / agregación directa",
        [f"{r[n]['national'][0] / r[n]['bare_sql'][0]:.2f}×" for n in names],
        "≤ 0,5×",
    )

    def timing(key: str) -> list[str]:
        return [
            f"{r[n][key][0]:.0f} / {r[n][key][1]:.0f}" if key in r[n] else "omitido" for n in names
        ]

    def ratios(key: str, bare: str | None) -> list[str]:
        """To the national aggregation (what the target is set on), and to the aggregation
        narrowed as the page is (a page's fixed cost weighs more against a small one)."""
        found = []
        for n in names:
            if key not in r[n]:
                found.append("omitido")
                continue
            text = f"{r[n][key][0] / r[n]['bare_sql'][0]:.2f}×"
            if bare:
                text += f" / {r[n][key][0] / r[n][bare][0]:.2f}×"
            found.append(text)
        return found

    department = next((r[n]["department"] for n in names if "department" in r[n]), "")
    for key, bare, label in (
        ("by_department", "bare_department", f"tablero agrupado, departamento {department}"),
        ("by_plan_type", "bare_plan_type", f"tablero agrupado, tipo_plan={PAI}"),
        ("compliance", None, "vista de cumplimiento, los 13 tipos exigidos"),
        ("compliance_plan_type", "bare_plan_type", f"vista de cumplimiento, tipo_plan={PAI}"),
        (
            "compliance_department",
            "bare_department",
            f"vista de cumplimiento, departamento {department}",
        ),
    ):
        row(f"{label} p50 / p95 (ms)", timing(key), "p50 ≤ 150")
        row(
            f"{label} / agregación directa"
            + (" (nacional / filtrada igual que la página)" if bare else " (nacional)"),
            ratios(key, bare),
            "≤ 0,5× (nacional)",
        )
    if dashboards_only:
        return "\n".join(lines)
    for size in (200, 2000):
        row(
            f"página del plan, {size} actividades p50 / p95 (ms)",
            [f"{r[n][f'plan_{size}'][0]:.0f} / {r[n][f'plan_{size}'][1]:.0f}" for n in names],
            "p50 ≤ 100" if size == 200 else "",
        )
    for key, label, target in (
        ("xlsx_export", "exportar a XLSX", "≤ 3 s, ≤ 300 MB"),
        ("xlsx_import", "importar el XLSX", "≤ 5 s"),
        ("pdf", "PDF (un documento, Typst)", ""),
    ):
        row(
            f"{EXPORT_ACTIVITIES} actividades, {label}: tiempo (s) / memoria pico (MB)",
            [f"{r[n][key][0]:.1f} / {r[n][key][1]:.0f}" for n in names],
            target,
        )
    row(
        "página pública de un plan de 20 actividades (KB)",
        [f"{r[n]['public_kb']:.0f}" for n in names],
        "",
    )
    row(
        "página pública bajo carga, 32 conexiones: req/s",
        [f"{r[n]['load']['public']['rps']:.0f}" for n in names],
        "",
    )
    row(
        "página pública: p99 (ms) / errores",
        [
            f"{r[n]['load']['public']['p99']:.0f} / {r[n]['load']['public']['errors']}"
            for n in names
        ],
        "p99 ≤ 250, 0 errores",
    )
    row(
        "/salud/ bajo la misma carga: req/s",
        [f"{r[n]['load']['health']['rps']:.0f}" for n in names],
        "",
    )
    row(
        "página pública / salud (req/s)",
        [f"{r[n]['load']['public']['rps'] / r[n]['load']['health']['rps']:.2f}×" for n in names],
        "≥ 0,5×",
    )
    return "\n".join(lines)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--entities", type=int, default=1134)
    parser.add_argument(
        "--dashboards-only",
        action="store_true",
        help="solo los tableros, sin los planes grandes, los archivos ni la carga",
    )
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        sys.path.insert(0, str(REPO))
        inside(args.dashboards_only)
        return
    if shutil.which("wrk") is None and not args.dashboards_only:
        raise SystemExit("Falta wrk: apt-get install -y wrk")
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results = {name: bench(name, args.entities, args.dashboards_only) for name in databases}
    print(f"\nInstancia: {results[databases[0]]['generated']}")
    print(f"Máquina: {os.cpu_count()} núcleos, Python {sys.version.split()[0]}\n")
    for note in sorted({note for r in results.values() for note in r["notes"]}):
        print(f"Nota: omitido porque {note}.")
    print(table(results, args.dashboards_only))


if __name__ == "__main__":
    main()
