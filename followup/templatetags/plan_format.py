"""The official format's table as HTML, the one place it is rendered (the plan page, its PDF and
the portal): header and rows both from followup.document's columns. Built in Python rather than
per cell in the template: a plan shows hundreds of rows of 23 cells (ADR 11's budgets). Every
value goes through `_escaped`; the markup is ours."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.safestring import SafeString

from followup.document import Column, DocumentRow
from followup.measures import Light

register = template.Library()

SCHEDULED_MONTH = (
    '<td class="month is-scheduled"><span aria-hidden="true">X</span>'
    '<span class="visually-hidden">programado en el mes {}</span></td>'
)
EMPTY_MONTH = '<td class="month"></td>'
HEADER_INDENT = "\n          "


@register.simple_tag
def plan_table_header(columns: list[Column]) -> SafeString:
    """The two header rows: a column without a group spans both, a group heads its columns."""
    upper, lower = [], []
    for at, column in enumerate(columns):
        if not column.group:
            css = f' class="{column.css}"' if column.css else ""
            upper.append(f'<th rowspan="2" scope="col"{css}>{_escaped(column.label)}</th>')
            continue
        if at == 0 or columns[at - 1].group != column.group:
            span = sum(1 for _ in _run(columns, at))
            css = f' class="{column.group_css}"' if column.group_css else ""
            upper.append(
                f'<th colspan="{span}" scope="colgroup"{css}>{_escaped(column.group)}</th>'
            )
        css = f'class="{column.css}" ' if column.css else ""
        label = _escaped(column.label)
        if column.note:
            label = (
                f'<span aria-hidden="true">{label}</span>'
                f'<span class="visually-hidden">{_escaped(column.note)}</span>'
            )
        lower.append(f'<th {css}scope="col">{label}</th>')
    return SafeString(
        f"<tr>{HEADER_INDENT}{HEADER_INDENT.join(upper)}\n        </tr>\n        "
        f"<tr>{HEADER_INDENT}{HEADER_INDENT.join(lower)}\n        </tr>"
    )


def _run(columns: list[Column], at: int):
    group = columns[at].group
    while at < len(columns) and columns[at].group == group:
        yield columns[at]
        at += 1


@register.simple_tag
def plan_table_row(row: DocumentRow, columns: list[Column]) -> SafeString:
    """An activity's row of the format's table, its cells in the order of ``columns``."""
    cells = []
    months = None
    for column in columns:
        kind, _, which = column.key.partition(":")
        if kind == "month":
            if months is None:
                months = set(row.activity.months)
            month = int(which)
            cells.append(SCHEDULED_MONTH.format(month) if month in months else EMPTY_MONTH)
        elif kind == "period":
            cells.append(_followup_cell(row.cells[int(which) - 1]))
        else:
            cells.append(CELLS[kind](row))
    number = _escaped(row.activity.number)
    warning = ' class="warning-row"' if row.plan_row.unresolved else ""
    return SafeString(f'<tr{warning} data-activity="{number}">{"".join(cells)}</tr>')


def _number(row: DocumentRow) -> str:
    return f'<td class="col-number">{_escaped(row.activity.number)}</td>'


def _activity(row: DocumentRow) -> str:
    tags = getattr(row.activity, "mipg_list", None)
    mipg = f'<p class="activity-mipg">MIPG: {_escaped("; ".join(tags))}</p>' if tags else ""
    return f"<td>{_escaped(row.activity.description)}{mipg}</td>"


def _tasks(row: DocumentRow) -> str:
    return f"<td>{_list_html('task-list', row.plan_row.tasks, ordered=True)}</td>"


def _deliverables(row: DocumentRow) -> str:
    return f"<td>{_escaped(row.activity.deliverables)}</td>"


def _formula(row: DocumentRow) -> str:
    activity = row.activity
    indicator = _escaped(activity.indicator_formula)
    if activity.indicator_target is not None:
        target = _escaped(floatformat(activity.indicator_target, "-2"))
        indicator += f'<br><span class="indicator-target">Meta: {target}</span>'
    return f"<td>{indicator}</td>"


def _result(row: DocumentRow) -> str:
    return f"<td>{_escaped(row.activity.indicator_result)}</td>"


def _responsible(row: DocumentRow) -> str:
    plan_row = row.plan_row
    responsible = _list_html("responsible-list", plan_row.responsibles)
    if plan_row.unresolved:
        responsible += '<span class="flag flag--warning">Sin resolver</span>'
    if plan_row.written_differs:
        written = _escaped(row.activity.responsible_text)
        responsible += f'<p class="as-written">Como está escrito: «{written}»</p>'
    return f"<td>{responsible}</td>"


CELLS = {
    "number": _number,
    "activity": _activity,
    "tasks": _tasks,
    "deliverables": _deliverables,
    "formula": _formula,
    "result": _result,
    "responsible": _responsible,
}


def _followup_cell(cell) -> str:
    """A SEGUIMIENTO cell (I–IV): validated result, executed %, traffic light."""
    if cell is None:
        return '<td class="followup"></td>'
    parts = []
    value = cell.value
    if value:
        parts.append(_escaped(value))
        if cell.executed_shown is not None:
            shown = _escaped(localize(cell.executed_shown))
            parts.append(f'<br><span class="muted">{shown} %</span>')
        parts.append("<br>")
    if cell.light != Light.NOT_DUE:
        parts.append(light_badge(cell.light))
    return f'<td class="followup">{"".join(parts)}</td>'


def light_badge(light: Light) -> str:
    """A traffic light as followup/_light.html draws it, for tables built in Python."""
    return f'<span class="light light--{_escaped(str(light))}">{_escaped(light.label)}</span>'


def _escaped(value: Any) -> str:
    """Django's `conditional_escape` (what `format_html` does to each value) without its
    lazy-string and safe-string wrappers, a fifth of a 200-activity plan page: safe markup as
    it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _list_html(css_class: str, items: list[str], *, ordered: bool = False) -> str:
    if not items:
        return ""
    tag = "ol" if ordered else "ul"
    entries = "".join(f"<li>{_escaped(item)}</li>" for item in items)
    return f'<{tag} class="{css_class}">{entries}</{tag}>'
