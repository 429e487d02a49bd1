from django import template

from wegwijs.network.models import WEEKDAYS

register = template.Library()

_NAMES = dict(WEEKDAYS)


@register.filter
def weekday_name(value: int) -> str:
    """0 -> Monday (translated)."""
    return str(_NAMES.get(value, ""))
