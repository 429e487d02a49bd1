"""Opening-hours logic: is a branch open now, and when does it open next.

All schedules are wall-clock times in Europe/Amsterdam. Intervals are turned into aware
datetimes per calendar date, so a Tuesday 10:00-17:00 is 7 hours long on every Tuesday,
also in the week that daylight saving time starts or ends, and "now" may be given in any
time zone. Functions take the branch's periods and exceptions as lists, so that a list
page can prefetch them once (see :func:`hours_prefetch`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone

from wegwijs.network.models import HoursKind, OpeningException, OpeningPeriod

if TYPE_CHECKING:
    from wegwijs.network.models import Branch

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOOKAHEAD_DAYS = 21


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def __contains__(self, moment: datetime) -> bool:
        # Compare instants: aware datetimes that share a tzinfo compare by wall-clock time,
        # which is wrong in the hour that is repeated when summer time ends.
        return self.start.timestamp() <= moment.timestamp() < self.end.timestamp()


@dataclass(frozen=True)
class OpenStatus:
    open_now: bool
    until: datetime | None  # when open: the closing moment of the current interval
    next_open: Interval | None  # when closed: the next interval within the look-ahead


def _local(day: date, at: time) -> datetime:
    # fold=0: an ambiguous wall time (the repeated hour in October) is its first occurrence.
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


def intervals_on(
    day: date,
    periods: Iterable[OpeningPeriod],
    exceptions: Iterable[OpeningException],
    kind: str = HoursKind.OPEN,
) -> list[Interval]:
    """The intervals a branch is open (or holds consultation hours) on one calendar date."""
    exception = next((e for e in exceptions if e.date == day), None)
    if exception is not None and exception.closed:
        return []
    regular = sorted(
        (p.opens, p.closes) for p in periods if p.kind == kind and p.weekday == day.weekday()
    )
    if exception is not None and exception.opens and exception.closes:
        if kind == HoursKind.OPEN:
            regular = [(exception.opens, exception.closes)]
        else:  # consultation hours are kept only inside the special opening hours
            regular = [
                (max(o, exception.opens), min(c, exception.closes))
                for o, c in regular
                if min(c, exception.closes) > max(o, exception.opens)
            ]
    return [Interval(_local(day, o), _local(day, c)) for o, c in regular]


def status(
    periods: Sequence[OpeningPeriod],
    exceptions: Sequence[OpeningException],
    at: datetime | None = None,
    kind: str = HoursKind.OPEN,
) -> OpenStatus:
    """Whether open at ``at`` (default now), until when, or when it opens next."""
    moment = (at or timezone.now()).astimezone(AMSTERDAM)
    today = moment.date()
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        # In real time: a wall time in the hour skipped in March (02:15) lies after 03:00.
        day_intervals = sorted(
            intervals_on(day, periods, exceptions, kind), key=lambda i: i.start.timestamp()
        )
        for interval in day_intervals:
            if moment in interval:
                return OpenStatus(True, interval.end, None)
            if interval.start.timestamp() > moment.timestamp():
                return OpenStatus(False, None, interval)
    return OpenStatus(False, None, None)


def week_schedule(
    periods: Sequence[OpeningPeriod], kind: str = HoursKind.OPEN
) -> list[tuple[int, list[tuple[time, time]]]]:
    """The regular week as [(weekday, [(opens, closes), ...]), ...] for Monday to Sunday."""
    return [
        (
            weekday,
            sorted((p.opens, p.closes) for p in periods if p.kind == kind and p.weekday == weekday),
        )
        for weekday in range(7)
    ]


def branch_status(
    branch: Branch, at: datetime | None = None, kind: str = HoursKind.OPEN
) -> OpenStatus:
    """:func:`status` for a branch; uses prefetched hours when :func:`hours_prefetch` was applied."""
    return status(
        list(branch.opening_periods.all()), list(branch.opening_exceptions.all()), at, kind
    )


def hours_prefetch(at: datetime | None = None) -> list[Prefetch]:
    """Prefetches for a branch list: all periods, and exceptions within the look-ahead."""
    today = (at or timezone.now()).astimezone(AMSTERDAM).date()
    return [
        Prefetch("opening_periods"),
        Prefetch(
            "opening_exceptions",
            queryset=OpeningException.objects.filter(
                date__gte=today, date__lte=today + timedelta(days=LOOKAHEAD_DAYS)
            ),
        ),
    ]
