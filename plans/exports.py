"""Files of a plan that more than one page offers (the internal plan page and the portal)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from formats.writers import pdf
from plans import selectors
from plans.models import Plan

PDF_STYLESHEETS = ("vendor/fonts/fonts.css", "css/planaccion.css")


def plan_pdf(plan: Plan) -> bytes:
    """The plan as a PDF for publication, from the plan page's own template."""
    html = render_to_string("plans/plan_pdf.html", selectors.format_context(plan))
    stylesheets = [Path(finders.find(name)) for name in PDF_STYLESHEETS]
    return pdf.write(html, stylesheets=stylesheets, base_url=str(settings.BASE_DIR))
