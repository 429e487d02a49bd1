"""When a service on the social map is on: the sessions of a schedule.

A schedule (HSDS 3 ``schedule``) repeats the way an RFC 5545 RRULE does; ours have no
INTERVAL, COUNT or BYMONTHDAY, so these are the rules:

- no ``freq``: one session, on ``dtstart``;
- WEEKLY: every week on the days in ``byday`` ("MO", "TU,TH"); without ``byday`` the weekday of
  ``dtstart``. An ordinal has no meaning in a weekly rule: "1TU" counts as every Tuesday;
- MONTHLY: ``byday`` with an ordinal gives those days of every month ("1TU" the first Tuesday,
  "-1FR" the last Friday); a day without an ordinal every such day of the month ("TU": every
  Tuesday, as RFC 5545 says); without ``byday`` the day of the month of ``dtstart`` (a month
  without that day, such as the 31st in April, is skipped, as in RFC 5545);
- ``dtstart`` and ``until`` bound the dates, both included.

Times are wall-clock times in ``settings.TIME_ZONE`` (Europe/Amsterdam), turned into aware
datetimes per date as the opening hours of the network do (:mod:`wegwijs.network.hours`), so a
session from 10:00 to 12:00 lasts two hours on every date, in the weeks that summer time starts
and ends too. A session whose closing time is not after its opening time ends the next day.

The functions are pure: they read ``freq``, ``byday``, ``opens_at``, ``closes_at``,
``dtstart`` and ``until`` from any object (a :class:`~wegwijs.socialmap.models.Schedule` or a
light row from ``values_list``), and touch no database.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Protocol

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from wegwijs.network.hours import Interval

WEEKLY = "WEEKLY"
MONTHLY = "MONTHLY"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: How far :func:`occurrence_dates` looks ahead when a schedule has no end date.
HORIZON = timedelta(days=2 * 366)

_TOKEN_RE = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_ONE_DAY = timedelta(days=1)

ORDINALS = {
    1: pgettext_lazy("in a month", "first"),
    2: pgettext_lazy("in a month", "second"),
    3: pgettext_lazy("in a month", "third"),
    4: pgettext_lazy("in a month", "fourth"),
    5: pgettext_lazy("in a month", "fifth"),
    -1: pgettext_lazy("in a month", "last"),
    -2: pgettext_lazy("in a month", "second to last"),
    -3: pgettext_lazy("in a month", "third to last"),
    -4: pgettext_lazy("in a month", "fourth to last"),
    -5: pgettext_lazy("in a month", "fifth to last"),
}


class ScheduleLike(Protocol):
    @property
    def freq(self) -> str: ...
    @property
    def byday(self) -> str: ...
    @property
    def opens_at(self) -> time: ...
    @property
    def closes_at(self) -> time: ...
    @property
    def dtstart(self) -> date | None: ...
    @property
    def until(self) -> date | None: ...


@dataclass(frozen=True)
class ByDay:
    weekday: int  # Monday is 0, as date.weekday()
    ordinal: int | None  # 1..5 from the start of the month, -1..-5 from its end


@lru_cache(maxsize=256)
def parse_byday(text: str) -> tuple[ByDay, ...]:
    """ "MO,-1FR" -> (ByDay(0, None), ByDay(4, -1)). Unknown parts are left out."""
    days = []
    for token in (text or "").upper().replace(" ", "").split(","):
        match = _TOKEN_RE.match(token)
        if match:
            ordinal = int(match[1]) if match[1] else None
            days.append(ByDay(DAY_CODES.index(match[2]), ordinal))
    return tuple(days)


def local_zone() -> tzinfo:
    return timezone.get_default_timezone()


def _in_bounds(schedule: ScheduleLike, day: date) -> bool:
    return not (
        (schedule.dtstart is not None and day < schedule.dtstart)
        or (schedule.until is not None and day > schedule.until)
    )


def _nth_in_month(day: date) -> tuple[int, int]:
    """Which such weekday of its month ``day`` is: from the start (1..5) and from the end
    (-1..-5)."""
    last = calendar.monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1, -((last - day.day) // 7 + 1)


def occurs_on(schedule: ScheduleLike, day: date) -> bool:
    """Whether the schedule has a session that starts on ``day``."""
    if not _in_bounds(schedule, day):
        return False
    freq = schedule.freq
    if not freq:
        return schedule.dtstart == day
    byday = parse_byday(schedule.byday)
    if freq == WEEKLY:
        if byday:
            return any(b.weekday == day.weekday() for b in byday)
        return schedule.dtstart is not None and schedule.dtstart.weekday() == day.weekday()
    if freq == MONTHLY:
        if byday:
            nth = _nth_in_month(day)
            return any(
                b.weekday == day.weekday() and (b.ordinal is None or b.ordinal in nth)
                for b in byday
            )
        return schedule.dtstart is not None and schedule.dtstart.day == day.day
    return False


def _monthly_days(schedule: ScheduleLike, year: int, month: int) -> list[date]:
    last = calendar.monthrange(year, month)[1]
    byday = parse_byday(schedule.byday)
    if not byday:
        start = schedule.dtstart
        return [date(year, month, start.day)] if start is not None and start.day <= last else []
    first = date(year, month, 1)
    days: set[date] = set()
    for b in byday:
        offset = (b.weekday - first.weekday()) % 7
        every = [first + timedelta(days=d) for d in range(offset, last, 7)]
        if b.ordinal is None:
            days.update(every)
        elif b.ordinal > 0 and b.ordinal <= len(every):
            days.add(every[b.ordinal - 1])
        elif b.ordinal < 0 and -b.ordinal <= len(every):
            days.add(every[b.ordinal])
    return sorted(days)


def occurrence_dates(
    schedule: ScheduleLike, start: date, horizon: timedelta = HORIZON
) -> Iterator[date]:
    """The dates with a session from ``start`` on, in order, up to ``until`` or at most
    ``horizon`` after ``start`` (the same dates as :func:`occurs_on`, found faster)."""
    first = max(start, schedule.dtstart) if schedule.dtstart else start
    last = start + horizon
    if schedule.until is not None:
        last = min(last, schedule.until)
    freq = schedule.freq
    if not freq:
        if schedule.dtstart is not None and first <= schedule.dtstart <= last:
            yield schedule.dtstart
        return
    if freq == WEEKLY:
        byday = parse_byday(schedule.byday)
        weekdays = {b.weekday for b in byday}
        if not byday and schedule.dtstart is not None:
            weekdays = {schedule.dtstart.weekday()}
        if not weekdays:
            return
        day = first
        while day <= last:
            if day.weekday() in weekdays:
                yield day
            day += _ONE_DAY
        return
    if freq == MONTHLY:
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            for day in _monthly_days(schedule, year, month):
                if first <= day <= last:
                    yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def session_on(schedule: ScheduleLike, day: date) -> Interval:
    """The session that starts on ``day`` (whether the schedule has one is not checked)."""
    zone = local_zone()
    # fold=0: a wall time in the repeated hour in October is its first occurrence.
    start = datetime.combine(day, schedule.opens_at, tzinfo=zone)
    end_day = day if schedule.closes_at > schedule.opens_at else day + _ONE_DAY
    return Interval(start, datetime.combine(end_day, schedule.closes_at, tzinfo=zone))


def _aware(moment: datetime) -> datetime:
    """A naive datetime is taken as local wall time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=local_zone())


def open_at(schedule: ScheduleLike, moment: datetime) -> bool:
    """Whether a session is under way at ``moment`` (from its start, until before its end)."""
    moment = _aware(moment)
    today = moment.astimezone(local_zone()).date()
    return any(
        occurs_on(schedule, day) and moment in session_on(schedule, day)
        for day in (today - _ONE_DAY, today)
    )


def next_occurrences(schedule: ScheduleLike, after: datetime, n: int = 1) -> list[Interval]:
    """The next ``n`` sessions that have not ended at ``after``, in order: a session under way
    at ``after`` comes first."""
    after = _aware(after)
    found: list[Interval] = []
    if n <= 0:
        return found
    start = after.astimezone(local_zone()).date() - _ONE_DAY
    for day in occurrence_dates(schedule, start):
        session = session_on(schedule, day)
        if session.end.timestamp() > after.timestamp():
            found.append(session)
            if len(found) == n:
                break
    return found


def next_session[S: ScheduleLike](
    schedules: Iterable[S], after: datetime
) -> tuple[S, Interval] | None:
    """The first session of any of ``schedules`` that has not ended at ``after``, with its
    schedule (to tell where it is)."""
    best: tuple[S, Interval] | None = None
    for schedule in schedules:
        upcoming = next_occurrences(schedule, after, 1)
        if upcoming and (best is None or upcoming[0].start.timestamp() < best[1].start.timestamp()):
            best = (schedule, upcoming[0])
    return best


# -- in words --------------------------------------------------------------------------------
def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _times(schedule: ScheduleLike) -> str:
    return f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"


def describe(schedule: ScheduleLike) -> str:
    """The schedule in plain words: "Every Tuesday and Thursday, 10:00–12:00"."""
    byday = parse_byday(schedule.byday)
    day_name = {b: str(WEEKDAYS[b.weekday]) for b in byday}
    if not schedule.freq:
        if schedule.dtstart is None:
            return _times(schedule)
        when = date_format(schedule.dtstart, "l j F Y")
    elif schedule.freq == MONTHLY and byday and any(b.ordinal for b in byday):
        days = [
            _("%(ordinal)s %(day)s") % {"ordinal": ORDINALS.get(b.ordinal, ""), "day": day_name[b]}
            if b.ordinal
            else day_name[b]
            for b in byday
        ]
        when = _("Every %(days)s of the month") % {"days": _join(days)}
    elif schedule.freq == MONTHLY and not byday:
        if schedule.dtstart is None:
            return _times(schedule)
        when = _("Every month on day %(day)s") % {"day": schedule.dtstart.day}
    else:
        if byday:
            names = [str(WEEKDAYS[d]) for d in sorted({b.weekday for b in byday})]
        elif schedule.dtstart is not None:
            names = [str(WEEKDAYS[schedule.dtstart.weekday()])]
        else:
            return _times(schedule)
        when = _("Every %(days)s") % {"days": _join(names)}
    text = _("%(when)s, %(times)s") % {"when": when, "times": _times(schedule)}
    if schedule.freq and schedule.until is not None:
        text = _("%(text)s, until %(date)s") % {
            "text": text,
            "date": date_format(schedule.until, "j F Y"),
        }
    return text


def describe_session(session: Interval, now: datetime) -> str:
    """A session in plain words, seen from ``now``: "Now, until 12:00", "Today, 14:00–16:00",
    "Tomorrow, ...", or "Tuesday 3 June, 10:00–12:00"."""
    zone = local_zone()
    start, end = session.start.astimezone(zone), session.end.astimezone(zone)
    now = _aware(now)
    if now in session:
        return _("Now, until %(time)s") % {"time": f"{end:%H:%M}"}
    today = now.astimezone(zone).date()
    times = f"{start:%H:%M}–{end:%H:%M}"
    if start.date() == today:
        day = _("Today")
    elif start.date() == today + _ONE_DAY:
        day = _("Tomorrow")
    elif start.year == today.year:
        day = date_format(start.date(), "l j F")
    else:
        day = date_format(start.date(), "l j F Y")
    return _("%(day)s, %(times)s") % {"day": day, "times": times}
