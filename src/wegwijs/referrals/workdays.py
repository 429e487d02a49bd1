"""Working days in the Netherlands: Monday to Friday, not on a public holiday (the
``holidays`` package's Dutch calendar, Easter-based days included)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import holidays
from django.utils import timezone


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(moment: datetime, days: int) -> datetime:
    """``moment`` moved on by ``days`` working days, at the same local time of day: Friday
    15:00 plus 2 is Tuesday 15:00, or Wednesday when that Monday is a holiday."""
    local = timezone.localtime(moment)
    day = local.date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    naive = datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())
