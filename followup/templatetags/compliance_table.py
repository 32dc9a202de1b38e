"""The entities' rows of the compliance view (followup/compliance.html), built in Python as the
budget table's are (followup/templatetags/budget_table.py): a page holds 50 entities × 13 plan
types, and per-cell template work was a third of the national page's time. Every value is
escaped; the markup is ours."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString

from followup.compliance import EntityCompliance
from followup.templatetags.plan_format import _escaped, light_badge

register = template.Library()
DASH = "—"


def _publications(row: EntityCompliance, several: bool) -> str:
    items = []
    for plan_type, item in row.shown:
        name = f"{_escaped(plan_type.name)}: " if several else ""
        items.append(
            f'<li>{name}<span class="compliance compliance--{item.status}">'
            f"{_escaped(item.label)}</span></li>"
        )
    return f'<ul class="plain-list">{"".join(items)}</ul>'


def _missing(row: EntityCompliance) -> str:
    if not row.missing:
        return "Ninguno"
    periods = "; ".join(f"periodo {_escaped(item.label)}: {item.count}" for item in row.missing)
    return f"{row.missing_total} ({periods})"


def _latest(row: EntityCompliance) -> str:
    latest = row.latest
    if latest is None:
        return "Ningún corte aún"
    shown = latest.compliance_shown
    figure = "" if shown is None else f"{localize(shown)} % "
    return f"{_escaped(latest.period.label)}: {figure}{light_badge(latest.light)}"


@register.simple_tag
def compliance_rows(rows, year: int, plan_types: list) -> SafeString:
    """One ``<tr>`` per entity: its name (linked to its consolidated dashboard), place, kind,
    each due type's status (named when ``plan_types`` shown are several), its missing reports
    and its latest period."""
    several = len(plan_types) > 1
    consolidated = reverse("followup:consolidated")
    lines = []
    for row in rows:
        entity = row.entity
        url = f"{consolidated}?entidad={entity.pk}&amp;vigencia={year}"
        cells = [
            f'<th scope="row"><a href="{url}">{_escaped(entity.name)}</a></th>',
            f"<td>{_escaped(entity.department or DASH)}</td>",
            f"<td>{_escaped(entity.municipality or DASH)}</td>",
            f"<td>{_escaped(entity.get_kind_display())}</td>",
            f"<td>{_publications(row, several)}</td>",
            f"<td>{_missing(row)}</td>",
            f"<td>{_latest(row)}</td>",
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return SafeString("\n    ".join(lines))


def _share(count: int, share) -> str:
    return f"{count} ({localize(share)} %)"


@register.simple_tag
def department_rows(lines) -> SafeString:
    """One ``<tr>`` per department (or the total): its entities, plans due and each status's
    count with its share of the plans due."""
    rows = []
    for line in lines:
        cells = [
            f'<th scope="row">{_escaped(line.name)}</th>',
            f'<td class="num">{line.entities}</td>',
            f'<td class="num">{line.plans}</td>',
            f'<td class="num">{_share(line.on_time, line.on_time_share)}</td>',
            f'<td class="num">{_share(line.late, line.late_share)}</td>',
            f'<td class="num">{_share(line.unpublished, line.unpublished_share)}</td>',
            f'<td class="num">{line.pending}</td>',
            f'<td class="num">{line.missing}</td>',
            f'<td class="num">{line.red}</td>',
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return SafeString("\n      ".join(rows))
