"""Template filters of the public pages: moments and distances in plain words."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegwijs.network.hours import AMSTERDAM

register = template.Library()


@register.filter
def moment(value: datetime | None) -> str:
    """ "today at 10:00", "tomorrow at 10:00" or "Tuesday 3 June at 10:00"."""
    if value is None:
        return ""
    local = value.astimezone(AMSTERDAM)
    today = timezone.now().astimezone(AMSTERDAM).date()
    time = f"{local:%H:%M}"
    if local.date() == today:
        return _("today at %(time)s") % {"time": time}
    if local.date() == today + timedelta(days=1):
        return _("tomorrow at %(time)s") % {"time": time}
    day = formats.date_format(local.date(), "l j F")
    return _("%(day)s at %(time)s") % {"day": day, "time": time}


@register.filter
def km(value: float | None) -> str:
    """2.345 -> "2,3 km" (in Dutch), "less than 100 m" close by."""
    if value is None:
        return ""
    if value < 0.1:
        return _("less than 100 m")
    return _("%(distance)s km") % {"distance": formats.number_format(value, 1)}
