"""Period numbers as the formats write them, for templates: {% load periods %}."""

from django import template

from plans.schedule import PERIOD_LABELS

register = template.Library()


@register.filter
def roman(value: int) -> str:
    """1 → I ... 4 → IV."""
    return PERIOD_LABELS.get(value, str(value))
