"""Course dates: the upcoming sessions of a course on the social map, with places left.

What one registration is for depends on how the schedule is kept (``socialmap.schedules``
reads the dates):

- a **one-off** schedule (no ``freq``): that one date;
- a **dated series** (weekly or monthly with a first and a last date, such as Digisterker's
  four lessons): the whole series, named by its first date; it can be chosen until it starts;
- an **open-ended** schedule (a weekly Digicafé, a monthly Tabletcafé): each date in the next
  weeks.

Places (``Service.capacity``) are counted per schedule and date: the course registrations that
are still open (sent, accepted, contacted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from wegwijs.referrals.models import OPEN_STATUSES, Kind, Referral
from wegwijs.socialmap import schedules
from wegwijs.socialmap.models import Format, Schedule, Service

#: Formats for which the desk registers interest in a date ("cursus", "café"...).
COURSE_FORMATS = (Format.CURSUS, Format.CAFE, Format.INFORMATIEBIJEENKOMST)
#: How far ahead the dates of an open-ended schedule are offered.
HORIZON = timedelta(weeks=8)


@dataclass(frozen=True)
class Session:
    schedule_id: str
    day: date
    opens_at: time
    closes_at: time
    location: str
    capacity: int | None
    taken: int
    #: For a dated series: its last date and its number of meetings.
    until: date | None = None
    meetings: int = 1

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity

    @property
    def value(self) -> str:
        """The form value: schedule id and date."""
        return f"{self.schedule_id}|{self.day.isoformat()}"


def is_course(service: Service) -> bool:
    return service.format in COURSE_FORMATS


def is_series(schedule: Schedule) -> bool:
    """A dated series: repeats, with a first and a last date."""
    return bool(schedule.freq and schedule.dtstart and schedule.until)


def session_dates(schedule: Schedule, today: date) -> list[date]:
    """The dates one can register for, from ``today`` on."""
    if is_series(schedule):
        assert schedule.dtstart is not None
        return [schedule.dtstart] if schedule.dtstart >= today else []
    if not schedule.freq:
        return [schedule.dtstart] if schedule.dtstart and schedule.dtstart >= today else []
    return list(schedules.occurrence_dates(schedule, today, HORIZON))


def is_session(schedule: Schedule, day: date, today: date | None = None) -> bool:
    """Is ``day`` an upcoming session of ``schedule`` (for a series: its first date)?"""
    today = today or timezone.localdate()
    if day < today:
        return False
    if is_series(schedule) or not schedule.freq:
        return schedule.dtstart == day
    return schedules.occurs_on(schedule, day)


def taken(schedule_id: Any, day: date) -> int:
    return Referral.objects.filter(
        kind=Kind.COURSE, schedule_id=schedule_id, session_date=day, status__in=OPEN_STATUSES
    ).count()


def upcoming(service: Service, today: date | None = None, limit: int = 12) -> list[Session]:
    """The next sessions of a course, soonest first, with the places taken."""
    today = today or timezone.localdate()
    found: list[tuple[Schedule, date, str]] = []
    rows = Schedule.objects.filter(service_at_location__service=service).select_related(
        "service_at_location__location"
    )
    for schedule in rows:
        location = schedule.service_at_location.location
        label = f"{location.name}, {location.city}" if location.city else location.name
        for day in session_dates(schedule, today):
            found.append((schedule, day, label))
    found.sort(key=lambda item: (item[1], item[0].opens_at, item[2]))
    found = found[:limit]
    counts = {
        (str(row["schedule_id"]), row["session_date"]): row["n"]
        for row in Referral.objects.filter(
            kind=Kind.COURSE,
            schedule__in=[s for s, _d, _l in found],
            status__in=OPEN_STATUSES,
        )
        .values("schedule_id", "session_date")
        .annotate(n=Count("pk"))
    }
    result = []
    for schedule, day, label in found:
        series = is_series(schedule)
        meetings = 1
        if series and schedule.until is not None:
            meetings = len(list(schedules.occurrence_dates(schedule, day, schedule.until - day)))
        result.append(
            Session(
                schedule_id=str(schedule.pk),
                day=day,
                opens_at=schedule.opens_at,
                closes_at=schedule.closes_at,
                location=label,
                capacity=service.capacity,
                taken=counts.get((str(schedule.pk), day), 0),
                until=schedule.until if series else None,
                meetings=meetings,
            )
        )
    return result
