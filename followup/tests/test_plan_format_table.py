"""The format's table is rendered in one place from one list of columns: its header and every
row have a cell per column, in the same order."""

import re

from django.template.loader import render_to_string

from followup import document


def _table(plan) -> str:
    context = document.format_context(plan)
    return render_to_string("plans/_plan_format.html", context), context


def test_the_header_and_every_row_have_one_cell_per_column(published_plan):
    html, context = _table(published_plan)
    html = html[html.index('<table class="plan-table">') :]
    columns = context["columns"]
    head = html[html.index("<thead>") : html.index("</thead>")]
    lower = head[head.rindex("<tr>") :]
    grouped = [column for column in columns if column.group]
    assert re.findall(r"<th [^>]*>", lower) and len(re.findall(r"<th ", lower)) == len(grouped)
    spans = re.findall(r'rowspan="2"', head)
    assert len(spans) == len(columns) - len(grouped)
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*data-activity[^>]*>(.*?)</tr>", body, re.S)
    assert len(rows) == context["activity_count"] > 0
    for row in rows:
        assert len(re.findall(r"<td", row)) == len(columns)


def test_a_four_monthly_plan_says_why_its_fourth_column_is_empty(published_plan):
    published_plan.followup_scheme = "cuatrimestral"
    columns = document.columns(published_plan)
    assert [c.label for c in columns if c.key.startswith("period:")] == ["I", "II", "III", "—"]
    assert columns[-1].note == "Sin periodo IV (seguimiento cuatrimestral)"
    assert {c.group for c in columns if c.key.startswith("period:")} == {
        "Seguimiento cuatrimestral"
    }
