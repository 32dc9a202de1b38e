"""The rows of the physical vs financial table (followup/_budget_table.html), built in Python as
the official format's are (followup/templatetags/plan_format.py): a plan shows a row per
activity with budget, and per-cell template work made a 2,000-activity plan page a third slower.
Every value is escaped; the markup is ours."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString

from core.money import pesos
from followup.selectors import BudgetRow
from followup.templatetags.plan_format import _escaped

register = template.Library()
DASH = "—"


def _percent(value: Decimal | None) -> str:
    return DASH if value is None else f"{localize(value)} %"


@register.simple_tag
def budget_table_rows(rows: list[BudgetRow], bpin: bool = False) -> SafeString:
    lines = []
    for row in rows:
        label = _escaped(row.label if len(row.label) <= 80 else row.label[:79] + "…")
        if row.plan is not None:
            url = reverse("followup:dashboard", args=[row.plan.pk])
            label = f'<a href="{url}">{label}</a>'
        money = row.money
        cells = [
            f'<th scope="row">{label}</th>',
            f"<td>{_escaped(row.bpin)}</td>" if bpin else "",
            f"<td data-physical>{_percent(row.physical)}</td>",
            f"<td>{pesos(money.appropriation) or DASH}</td>",
            f"<td>{pesos(money.commitments) or DASH}</td>",
            f"<td>{pesos(money.obligations) or DASH}</td>",
            f"<td>{_percent(money.execution_shown)}</td>",
            f"<td data-financial>{_percent(money.progress_shown)}</td>",
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return SafeString("\n      ".join(lines))
