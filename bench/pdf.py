"""Benchmark: the plan's PDF (issue 20), Typst against WeasyPrint's PDF/UA-1, on the same plans.

Run with `make bench` (or `.venv/bin/python bench/pdf.py [--activities 200 5000]
[--weasyprint-timeout S] [--keep DIR]`). It builds its own SQLite database in a temporary folder,
fills it with `generate_synthetic` plans (three periods reported, as bench/national.py does) of
200 and 5,000 activities, and renders each plan's whole PDF as ONE document in a forked child
(bench/measure.py): time and peak resident memory, pages, size, and what `pdfinfo` says of its
tags. The chosen renderer (Typst, followup.pdf.plan_pdf, docs/adr/0034) is held to the targets:
200 activities in 1 s, 5,000 in 30 s and 1 GB.

WeasyPrint (requirements-dev.txt only) lays out the plan page's own template
(plans/_plan_format.html) with the site's stylesheets and the page rules the application used
until ADR 34, written with `pdf_variant="pdf/ua-1"`. It keeps every laid-out page in memory:
its child is stopped after --weasyprint-timeout seconds (120) or 3 GB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.measure import Outcome, run_in_child  # noqa: E402

TARGETS = {200: (1.0, None), 5000: (30.0, 1024.0)}  # seconds, MB
WEASYPRINT_MEMORY = 3 * 2**30

# The page rules of formats/writers/pdf.py before ADR 34: A4 landscape, the document-control
# block repeated at the top of every page, "Página n de m" at the foot.
WEASYPRINT_PAGE_CSS = """
@page {
  size: A4 landscape;
  margin: 34mm 10mm 14mm 10mm;
  @top-center { content: element(doc-control); width: 100%; }
  @bottom-right { content: "Página " counter(page) " de " counter(pages); font-size: 8pt; }
}
.doc-control { position: running(doc-control); }
"""


def weasyprint_pdf(plan) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from followup.document import format_context

    body = render_to_string("plans/_plan_format.html", format_context(plan))
    html = (
        f'<!DOCTYPE html><html lang="es-CO"><head><meta charset="utf-8"><title>{plan.title}'
        f"</title></head><body><h1>{plan.title}</h1>{body}</body></html>"
    )
    sheets = [
        CSS(filename=finders.find(name))
        for name in ("vendor/fonts/fonts.css", "css/planaccion.css")
    ] + [CSS(string=WEASYPRINT_PAGE_CSS)]
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=sheets, pdf_variant="pdf/ua-1")


def typst_pdf(plan) -> bytes:
    from followup.pdf import plan_pdf

    return plan_pdf(plan)


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def pdfinfo(path: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", text, re.MULTILINE))


def measure(render, plan, path: Path, **limits) -> tuple[Outcome, str]:
    def step():
        path.write_bytes(render(plan))
        return path

    outcome = run_in_child(step, **limits)
    if outcome.error:
        return outcome, ""
    info = pdfinfo(path)
    pages, tagged = info.get("Pages", "?"), info.get("Tagged", "?")
    size = path.stat().st_size / 2**20
    return outcome, f"{pages} págs., {size:.1f} MB, etiquetado: {tagged}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, nargs="+", default=[200, 5000])
    parser.add_argument("--weasyprint-timeout", type=int, default=120)
    parser.add_argument("--keep", type=Path, help="folder where the PDFs are left to look at")
    args = parser.parse_args()
    if shutil.which("pdfinfo") is None:
        raise SystemExit("pdfinfo is needed (apt-get install poppler-utils)")

    workdir = Path(tempfile.mkdtemp(prefix="planaccion-bench-pdf-"))
    os.environ["VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planaccion.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from plans.models import Plan

    call_command("migrate", verbosity=0)
    plans = {}
    with open(os.devnull, "w") as quiet:
        for size in args.activities:
            call_command(
                "generate_synthetic", entities=1, plans=1, activities=size, periods=3, seed=size,
                stdout=quiet, stderr=quiet,
            )  # fmt: skip
            plans[size] = Plan.objects.order_by("-pk").first()
    connection.close()  # each child opens its own
    out = args.keep or workdir
    out.mkdir(parents=True, exist_ok=True)

    rows = []
    for size, plan in plans.items():
        typst, typst_info = measure(typst_pdf, plan, out / f"typst-{size}.pdf", timeout=600)
        weasy, weasy_info = measure(
            weasyprint_pdf, plan, out / f"weasyprint-{size}.pdf",
            timeout=args.weasyprint_timeout, address_space=WEASYPRINT_MEMORY,
        )  # fmt: skip
        rows.append((size, "Typst (elegido)", typst, typst_info))
        rows.append((size, "WeasyPrint pdf/ua-1", weasy, weasy_info))

    print("PDF del plan, un solo documento (sin partes), en un proceso hijo cada uno\n")
    print("| actividades | motor | tiempo (s) | memoria pico (MB) | resultado |")
    print("|---|---|---|---|---|")
    for size, name, outcome, info in rows:
        print(
            f"| {thousands(size)} | {name} | {outcome.seconds:.2f} | {outcome.peak:.0f} | "
            f"{outcome.error or info} |"
        )
    print()
    for size, name, outcome, _info in rows:
        if size not in TARGETS or not name.startswith("Typst"):
            continue
        seconds, memory = TARGETS[size]
        within = not outcome.error and outcome.seconds <= seconds
        within = within and (memory is None or outcome.peak <= memory)
        bound = f"≤ {seconds:.0f} s" + (f" y ≤ {memory / 1024:.0f} GB" if memory else "")
        print(
            f"Typst, {thousands(size)} actividades: {outcome.seconds:.2f} s, "
            f"{outcome.peak:.0f} MB (meta {bound}): {'cumple' if within else 'NO CUMPLE'}"
        )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
