"""Files of a plan that more than one page offers (the internal plan page and the portal)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from followup.document import format_context
from formats.writers import pdf
from plans.models import Plan

PDF_STYLESHEETS = ("vendor/fonts/fonts.css", "css/planaccion.css")
# A plan with more activities than this is laid out in parts of this many (ADR 12): memory
# stays that of a part, and the pages say "Página n" instead of "Página n de m".
PDF_PART_ACTIVITIES = 250


@dataclass(frozen=True)
class Part:
    first: bool
    last: bool


def plan_pdf(plan: Plan) -> bytes:
    """The plan as a PDF for publication, from the plan page's own template."""
    context = format_context(plan)
    stylesheets = [Path(finders.find(name)) for name in PDF_STYLESHEETS]
    base_url = str(settings.BASE_DIR)
    rows, size = context["rows"], PDF_PART_ACTIVITIES
    if len(rows) <= size:
        html = render_to_string("plans/plan_pdf.html", context)
        return pdf.write(html, stylesheets=stylesheets, base_url=base_url)
    parts = (
        render_to_string(
            "plans/plan_pdf.html",
            context | {"rows": rows[at : at + size], "part": Part(at == 0, at + size >= len(rows))},
        )
        for at in range(0, len(rows), size)
    )
    return pdf.write_parts(parts, stylesheets=stylesheets, base_url=base_url)
