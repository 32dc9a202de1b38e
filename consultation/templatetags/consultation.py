from django import template

from core.dates import month_name

register = template.Library()


@register.filter
def month_names(months) -> str:
    """[3, 6] → «marzo, junio»."""
    return ", ".join(month_name(int(month)) for month in sorted(months or []))
