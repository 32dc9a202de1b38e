"""Server-rendered bar charts: inline SVG with a title and a description, always shown next to
the table that holds the same figures (no JavaScript library, nothing the CSP refuses: widths
are SVG attributes, not style attributes)."""

from __future__ import annotations

from django import template

register = template.Library()

ROW_HEIGHT = 30
LABEL_WIDTH = 300
BAR_SPACE = 240
WIDTH = LABEL_WIDTH + BAR_SPACE + 70


@register.inclusion_tag("surveys/_bar_chart.html")
def bar_chart(bars, chart_id, title: str):
    """``bars``: items with label, count and share (a whole percent)."""
    rows = []
    for index, bar in enumerate(bars):
        length = round(BAR_SPACE * bar.share / 100)
        label = bar.label if len(bar.label) <= 42 else bar.label[:41] + "…"
        rows.append(
            {
                "label": label,
                "full_label": bar.label,
                "count": bar.count,
                "share": bar.share,
                "y": index * ROW_HEIGHT,
                "text_y": index * ROW_HEIGHT + 19,
                "length": length,
                "value_x": LABEL_WIDTH + length + 6,
            }
        )
    return {
        "rows": rows,
        "chart_id": f"grafico-{chart_id}",
        "title": title,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "width": WIDTH,
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
    }
