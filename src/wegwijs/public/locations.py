"""The Informatiepunten for the public: the nearest first, and when each one helps.

**Nearest.** :func:`nearest_points` asks the database only for the IDO branches inside a box
around the point (latitude and longitude ranges), measures those with the shared
``geo.nearest`` (great-circle distance), and widens the box (10, 30, 90, 405 km) until
the ``limit`` nearest all lie within the box's radius. Anything outside the box is farther
than that radius, so the answer is exact; at 405 km the box holds the whole country. With
1,500 branches it reads a few dozen rows instead of all of them (``bench/public.py``).

**When the IDO helps** follows the library's IDO model (DOMAIN.md): *basis* helps at the
consultation hours (spreekuur), *altijd beschikbaar* and *brede dienstverlening* whenever the
library is open. "Open now" is computed by ``network.hours`` from the weekly hours and the
exceptions (holidays), in Europe/Amsterdam.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.geo.geocoding import EARTH_RADIUS_KM, Place, nearest
from wegwijs.network import hours
from wegwijs.network.models import (
    WEEKDAYS,
    Branch,
    HoursKind,
    IdoModel,
    OpeningException,
    OpeningPeriod,
)

#: Kilometres per degree of latitude.
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
#: The box radii tried in turn; the last one holds the whole of the Netherlands.
RADII_KM = (10.0, 30.0, 90.0, 405.0)
#: The most results a page or the API shows.
MAX_RESULTS = 50

#: What the Informatiepunt helps with, in the citizen's words (B1).
HELP_TOPICS = [
    gettext_lazy("DigiD: apply for it, activate it, the DigiD app"),
    gettext_lazy("Allowances: rent, healthcare and childcare allowance"),
    gettext_lazy("Your tax return and letters from the Belastingdienst"),
    gettext_lazy("Benefits from UWV, the state pension (AOW) and child benefit"),
    gettext_lazy("Care: CAK, CIZ and your health insurance"),
    gettext_lazy("Student finance, fines and your driving licence"),
    gettext_lazy("Your municipality: passport, moving house, Wmo"),
    gettext_lazy("Using a computer, tablet or phone"),
]

#: What to bring, for every visit (the IDO service of a branch may add to it).
BRING = [
    gettext_lazy("Your passport or ID card"),
    gettext_lazy("Your DigiD, or the phone with the DigiD app, if you have it"),
    gettext_lazy("The letter or e-mail that your question is about"),
    gettext_lazy("Your reading glasses, if you need them"),
]

#: The IDO model in plain words.
MODEL_TEXT: dict[str, Any] = {
    IdoModel.BASIS: gettext_lazy(
        "The Informatiepunt helps at set times: the consultation hours. "
        "You do not need an appointment."
    ),
    IdoModel.ALTIJD: gettext_lazy(
        "The Informatiepunt helps whenever the library is open. You do not need an appointment."
    ),
    IdoModel.BREED: gettext_lazy(
        "The Informatiepunt helps whenever the library is open, at the information desk. "
        "You do not need an appointment."
    ),
}

#: How the help is given: at consultation hours, during all opening hours, or unknown.
CONSULTATION = "consultation"
OPENING = "opening"
ASK = "ask"


# --- Nearest -----------------------------------------------------------------------------------


def bounding_box(
    latitude: float, longitude: float, radius_km: float
) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point, holding every point within ``radius_km``."""
    d_lat = radius_km / KM_PER_DEGREE
    d_lon = min(180.0, radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 1e-6)))
    return latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon


def ido_branches() -> QuerySet[Branch]:
    """Every branch with an Informatiepunt: what the public may see of the network."""
    return Branch.objects.filter(has_ido=True)


def _row_position(row: tuple[int, float, float]) -> tuple[float, float]:
    return row[1], row[2]


def _box_sql() -> str:
    """One plain query for the IDO branches in a box: it runs up to four times per search, so
    the ORM's query building (more than the query itself) is left out. Names from ``_meta``."""
    meta = Branch._meta
    column = {f.name: connection.ops.quote_name(str(f.column)) for f in meta.concrete_fields}
    table = connection.ops.quote_name(meta.db_table)
    id_, lat, lon, ido = (column[n] for n in ("id", "latitude", "longitude", "has_ido"))
    where = f"{ido} = %s AND {lat} BETWEEN %s AND %s AND {lon} BETWEEN %s AND %s"
    return f"SELECT {id_}, {lat}, {lon} FROM {table} WHERE {where}"  # noqa: S608


def nearest_points(latitude: float, longitude: float, limit: int = 10) -> list[tuple[int, float]]:
    """(branch id, km) of the ``limit`` IDO branches nearest to the point, nearest first."""
    if limit < 1:
        return []
    sql = _box_sql()
    found: list[tuple[tuple[int, float, float], float]] = []
    with connection.cursor() as cursor:
        for radius in RADII_KM:
            south, north, west, east = bounding_box(latitude, longitude, radius)
            cursor.execute(sql, [True, south, north, west, east])
            found = nearest(cursor.fetchall(), latitude, longitude, limit, key=_row_position)
            if len(found) == limit and found[-1][1] <= radius:
                break
    return [(row[0], km) for row, km in found]


# --- When the Informatiepunt helps -------------------------------------------------------------


@dataclass(frozen=True)
class IdoHelp:
    """When the IDO of a branch helps: ``kind`` is CONSULTATION (at the consultation hours),
    OPENING (whenever the library is open) or ASK (a basis IDO without consultation hours
    entered); ``status`` is that of the help, ``library`` that of the building."""

    kind: str
    status: hours.OpenStatus
    library: hours.OpenStatus


def ido_help(
    branch: Branch,
    periods: Sequence[OpeningPeriod],
    exceptions: Sequence[OpeningException],
    at: datetime | None = None,
) -> IdoHelp:
    library = hours.status(periods, exceptions, at, HoursKind.OPEN)
    has_consultation = any(p.kind == HoursKind.CONSULTATION for p in periods)
    if branch.organisation.ido_model == IdoModel.BASIS:
        if not has_consultation:
            return IdoHelp(ASK, library, library)
        return IdoHelp(
            CONSULTATION, hours.status(periods, exceptions, at, HoursKind.CONSULTATION), library
        )
    return IdoHelp(OPENING, library, library)


def _days(weekdays: list[int]) -> str:
    """[0, 1, 2, 3, 4] -> "Monday to Friday"; [1, 3] -> "Tuesday and Thursday"."""
    names = dict(WEEKDAYS)
    runs: list[list[int]] = []
    for day in weekdays:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(
                _("%(first)s to %(last)s") % {"first": names[run[0]], "last": names[run[-1]]}
            )
        else:
            parts.extend(str(names[d]) for d in run)
    if len(parts) == 1:
        return parts[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def _ranges(ranges: Sequence[tuple[time, time]]) -> str:
    return ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in ranges)


def week_lines(periods: Iterable[OpeningPeriod], kind: str) -> list[tuple[str, str]]:
    """The weekly hours in short lines, days with the same hours together:
    [("Monday to Friday", "09:00–17:00"), ("Saturday", "10:00–14:00")]."""
    week = hours.week_schedule(list(periods), kind)
    groups: dict[tuple[tuple[time, time], ...], list[int]] = {}
    for weekday, ranges in week:
        if ranges:
            groups.setdefault(tuple(ranges), []).append(weekday)
    lines = sorted(groups.items(), key=lambda item: item[1][0])
    return [(capfirst(_days(days)), _ranges(ranges)) for ranges, days in lines]


# --- Results -----------------------------------------------------------------------------------


@dataclass
class IdoLocation:
    """One Informatiepunt as the public pages and the API show it."""

    branch: Branch
    distance_km: float | None
    help: IdoHelp
    consultation: list[tuple[str, str]]
    opening: list[tuple[str, str]]
    consultation_week: list[tuple[int, list[tuple[time, time]]]]
    opening_week: list[tuple[int, list[tuple[time, time]]]]
    #: Days with other hours, from today through the look-ahead of ``network.hours``.
    exceptions: list[OpeningException]

    @property
    def model_text(self) -> str:
        return str(MODEL_TEXT.get(self.branch.organisation.ido_model, ""))


def describe(
    branch: Branch,
    distance: float | None,
    at: datetime,
    periods: Sequence[OpeningPeriod],
    exceptions: Sequence[OpeningException],
) -> IdoLocation:
    return IdoLocation(
        branch=branch,
        distance_km=distance,
        help=ido_help(branch, periods, exceptions, at),
        consultation=week_lines(periods, HoursKind.CONSULTATION),
        opening=week_lines(periods, HoursKind.OPEN),
        consultation_week=hours.week_schedule(periods, HoursKind.CONSULTATION),
        opening_week=hours.week_schedule(periods, HoursKind.OPEN),
        exceptions=list(exceptions),
    )


def _load(ids: list[int], at: datetime) -> list[tuple[Branch, list[Any], list[Any]]]:
    """The IDO branches with these ids, each with its weekly hours and its exceptions within
    the look-ahead: three plain queries (no prefetch machinery, no default orderings)."""
    today = at.astimezone(hours.AMSTERDAM).date()
    branches = ido_branches().select_related("organisation").filter(pk__in=ids).order_by()
    periods: dict[int, list[OpeningPeriod]] = {pk: [] for pk in ids}
    for period in OpeningPeriod.objects.filter(branch_id__in=ids).order_by():
        periods[period.branch_id].append(period)
    exceptions: dict[int, list[OpeningException]] = {pk: [] for pk in ids}
    window = (today, today + timedelta(days=hours.LOOKAHEAD_DAYS))
    for exception in OpeningException.objects.filter(
        branch_id__in=ids, date__range=window
    ).order_by("date"):
        exceptions[exception.branch_id].append(exception)
    return [(b, periods[b.pk], exceptions[b.pk]) for b in branches]


def near(
    place: Place, limit: int = 10, *, at: datetime | None = None, open_now: bool = False
) -> list[IdoLocation]:
    """The ``limit`` nearest Informatiepunten to a place, with their hours; ``open_now``
    keeps those whose help is open now (among the nearest ``MAX_RESULTS``)."""
    at = at or timezone.now()
    limit = max(1, min(limit, MAX_RESULTS))
    points = nearest_points(place.latitude, place.longitude, MAX_RESULTS if open_now else limit)
    loaded = {b.pk: (b, p, e) for b, p, e in _load([pk for pk, _ in points], at)}
    found = [
        describe(loaded[pk][0], km, at, loaded[pk][1], loaded[pk][2])
        for pk, km in points
        if pk in loaded
    ]
    if open_now:
        found = [f for f in found if f.help.status.open_now and f.help.kind != ASK]
    return found[:limit]


def location(pk: int, at: datetime | None = None) -> IdoLocation | None:
    at = at or timezone.now()
    loaded = _load([pk], at)
    if not loaded:
        return None
    branch, periods, exceptions = loaded[0]
    return describe(branch, None, at, periods, exceptions)


# --- A postcode the geocoder does not know -------------------------------------------------------

_PC4_RE = re.compile(r"\s*([1-9][0-9]{3})(?:\s?[a-zA-Z]{2})?\s*", re.ASCII)


def postcode_area(query: str) -> Place | None:
    """For a postcode the geocoder cannot place (no PC4 table, or a new postcode): the middle
    of the branches whose postcodes share its first 3 or 2 digits, as a rough place. None for
    anything but a postcode."""
    match = _PC4_RE.fullmatch(query or "")
    if match is None:
        return None
    pc4 = match.group(1)
    for digits in (3, 2):
        prefix = pc4[:digits]
        rows: list[Any] = list(
            Branch.objects.filter(
                postcode__startswith=prefix, latitude__isnull=False, longitude__isnull=False
            ).values_list("latitude", "longitude")[:200]
        )
        if rows:
            latitude = sum(r[0] for r in rows) / len(rows)
            longitude = sum(r[1] for r in rows) / len(rows)
            label = _("the area of postcode %(digits)s") % {"digits": prefix.ljust(4, "x")}
            return Place(label, latitude, longitude, "pc4", "branches")
    return None


__all__ = [
    "ASK",
    "BRING",
    "CONSULTATION",
    "HELP_TOPICS",
    "OPENING",
    "IdoHelp",
    "IdoLocation",
    "location",
    "near",
    "nearest_points",
    "postcode_area",
    "week_lines",
]
