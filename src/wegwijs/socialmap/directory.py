"""Finding offers in the staff directory (``/sociale-kaart/``): the candidates for a search,
the day and time filters, facet counts and distances.

It works on light rows (id, name and codes from one ``values_list`` query), so that a map of
20,000 services is filtered and counted in Python quickly; only the page shown is loaded as
full objects by the view.

- **Need**: words go through the shared search (best first, at most ``SEARCH_LIMIT``); without
  words every visible service is a candidate, by name.
- **When**: "open now" and "on a day" keep the services with a schedule at one of their
  locations that has a session then (:mod:`wegwijs.socialmap.schedules`). One query loads the
  schedules that may apply (dates and one-off sessions pre-filtered in SQL).
- **Facets** (theme, format, walk-in or sign-up, target group): standard faceted search. A
  facet's counts are over the candidates with every other facet's choice applied, not its own,
  so each count says how many results choosing that value gives. One pass over the rows: a row
  that fails no choice counts in every facet, a row that fails exactly one choice counts only
  in that facet.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from wegwijs.desk.codes import Theme
from wegwijs.search import services as search
from wegwijs.socialmap import schedules
from wegwijs.socialmap.finding import nearest_km
from wegwijs.socialmap.models import (
    Access,
    Format,
    Schedule,
    Service,
    TargetGroup,
)

#: The most search hits a query for a need gives.
SEARCH_LIMIT = 500

#: Facet name (the query parameter) -> its choices, in the order shown.
FACETS: dict[str, Any] = {
    "theme": Theme,
    "format": Format,
    "access": Access,
    "target_group": TargetGroup,
}


@dataclass(frozen=True, slots=True)
class Row:
    pk: uuid.UUID
    name: str
    themes: frozenset[str]
    target_groups: frozenset[str]
    format: str
    access: str

    def values(self, facet: str) -> Iterable[str]:
        if facet == "theme":
            return self.themes
        if facet == "target_group":
            return self.target_groups
        if facet == "format":
            return (self.format,)
        if facet == "access":
            return (self.access,)
        raise KeyError(facet)


_THEMES = frozenset(Theme.values)
_GROUPS = frozenset(TargetGroup.values)


def rows(qs: QuerySet[Service]) -> list[Row]:
    """Light rows, by name. Themes and target groups come from ``Service.codes`` (one string,
    kept by every write path), which is several times faster to read than the JSON fields."""
    found = []
    for pk, name, codes, fmt, access in qs.order_by("name", "pk").values_list(
        "pk", "name", "codes", "format", "access"
    ):
        words = frozenset(codes.split())
        found.append(Row(pk, name, words & _THEMES, words & _GROUPS, fmt, access))
    return found


def candidates(qs: QuerySet[Service], q: str) -> tuple[list[Row], bool]:
    """The services of ``qs`` for the words ``q`` (best first), or all by name without words.
    Also whether they are ranked."""
    q = (q or "").strip()
    if not q:
        return rows(qs), False
    hits = search.search(q, kinds=["service"], limit=SEARCH_LIMIT)
    found = {str(r.pk): r for r in rows(qs.filter(pk__in=[h.key for h in hits]))}
    return [found[h.key] for h in hits if h.key in found], True


class _Slot(NamedTuple):
    """A schedule row, enough for :mod:`schedules`."""

    service_id: uuid.UUID
    freq: str
    byday: str
    opens_at: time
    closes_at: time
    dtstart: date | None
    until: date | None


def _slots(services: Any, first: date, last: date) -> Iterable[_Slot]:
    """The schedules of ``services`` (ids or a queryset) that may have a session from ``first``
    to ``last``."""
    qs = (
        Schedule.objects.filter(service_at_location__service__in=services)
        .filter(Q(dtstart__isnull=True) | Q(dtstart__lte=last))
        .filter(Q(until__isnull=True) | Q(until__gte=first))
        .exclude(freq="", dtstart__isnull=True)
        .exclude(freq="", dtstart__lt=first)
    )
    if (last - first).days < 6:
        # A repeating schedule with days must name one of the weekdays in the range.
        weekday = Q(freq="") | Q(byday="")
        day = first
        while day <= last:
            weekday |= Q(byday__contains=schedules.DAY_CODES[day.weekday()])
            day += timedelta(days=1)
        qs = qs.filter(weekday)
    for row in qs.values_list(
        "service_at_location__service_id",
        "freq",
        "byday",
        "opens_at",
        "closes_at",
        "dtstart",
        "until",
    ).iterator(chunk_size=5000):
        yield _Slot(*row)


def on_schedule(
    services: Any, *, day: date | None = None, moment: datetime | None = None
) -> set[uuid.UUID]:
    """The ids of ``services`` (ids or a queryset) with a session on ``day`` and (when given)
    one under way at ``moment``."""
    dates = []
    if day is not None:
        dates.append(day)
    if moment is not None:
        today = moment.astimezone(schedules.local_zone()).date()
        dates += [today - timedelta(days=1), today]  # a session may run past midnight
    if not dates:
        raise ValueError("Give a day or a moment.")
    on_day: set[uuid.UUID] = set()
    open_then: set[uuid.UUID] = set()
    for slot in _slots(services, min(dates), max(dates)):
        if day is not None and slot.service_id not in on_day and schedules.occurs_on(slot, day):
            on_day.add(slot.service_id)
        if (
            moment is not None
            and slot.service_id not in open_then
            and schedules.open_at(slot, moment)
        ):
            open_then.add(slot.service_id)
    if day is not None and moment is not None:
        return on_day & open_then
    return on_day if day is not None else open_then


def facet_counts(
    candidates: Iterable[Row], chosen: Mapping[str, str]
) -> tuple[list[Row], dict[str, Counter[str]]]:
    """The rows that match every choice (order kept), and per facet how many rows each value
    would give with the other facets' choices (see the module's doc)."""
    active = {facet: value for facet, value in chosen.items() if value and facet in FACETS}
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in FACETS}
    matching: list[Row] = []
    for row in candidates:
        failed = [facet for facet, value in active.items() if value not in row.values(facet)]
        if not failed:
            matching.append(row)
            for facet in FACETS:
                counts[facet].update(row.values(facet))
        elif len(failed) == 1:
            counts[failed[0]].update(row.values(failed[0]))
    return matching, counts


def distances(services: Any, latitude: float, longitude: float) -> dict[uuid.UUID, float]:
    """Kilometres from a point to the nearest location of each of ``services`` (ids or a
    queryset) that has a location with coordinates (the API's index-driven lookup)."""
    qs = services if isinstance(services, QuerySet) else Service.objects.filter(pk__in=services)
    return nearest_km(qs, latitude, longitude)
