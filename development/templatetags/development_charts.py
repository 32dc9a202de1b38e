"""The Plan de Desarrollo's bar charts: surveys' server-rendered SVG chart, fed with progress."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.formats import number_format

from surveys.templatetags.survey_charts import bar_chart

register = template.Library()


@dataclass(frozen=True)
class Bar:
    label: str
    count: str  # what the chart's description says of the bar
    share: int  # whole percent, 0–100


@register.inclusion_tag("surveys/_bar_chart.html")
def progress_chart(items, chart_id: str, title: str):
    """``items``: Nodes or GoalProgress rows (development.selectors) of one year."""
    bars = []
    for item in items:
        value = item.shown if hasattr(item, "shown") else item.year_shown
        name = item.item if hasattr(item, "item") else item.goal
        label = f"{name.code} {getattr(name, 'name', '') or name.description}"
        if value is None:
            bars.append(Bar(label, "sin medición", 0))
        else:
            bars.append(Bar(label, f"avance {number_format(value)} %", round(value)))
    return bar_chart(bars, chart_id, title)


@register.filter
def target_of(goal, year: int):
    """The meta's target for ``year`` (a year of its cuatrienio)."""
    value = goal.target_for(int(year))
    return None if value is None else f"{value.normalize():f}"
