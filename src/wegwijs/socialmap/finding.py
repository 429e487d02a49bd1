"""Finding services on the social map: by need (the shared search), by code, by freshness, and
near a place (nearest first, within a radius). The API's list uses it, and so does
``bench/socialmap.py``.

Distances: a bounding box around the place (latitude and longitude ranges, answered by the
index on ``Location(latitude, longitude)``) picks the candidate locations in the database; the
exact great-circle distance (``geo.distance_km``) is then computed for those only, and the
services at the locations within the radius are looked up by the locations' ids. A service's
distance is that of its nearest location. Without a radius every located service is measured.

Text: the shared search ranks and gives at most its ``SEARCH_LIMIT`` best matches, as in the
staff directory. With a radius it ranks only the services within the radius that the user may
see and the filters allow (so a radius never hides a nearby service behind better matches
elsewhere in the country); without one, the theme filter is applied by the search itself and
other filters first narrow the candidates in the database. With a place the matches are then
ordered by distance.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wegwijs.geo.geocoding import EARTH_RADIUS_KM, Place, distance_km
from wegwijs.search import services as search
from wegwijs.socialmap import indexing
from wegwijs.socialmap.models import (
    VERIFY_INTERVAL,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from wegwijs.socialmap.services import visible_services

#: The most matches a text gives without a radius (as the staff directory).
SEARCH_LIMIT = 500
#: Kilometres per degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True)
class Criteria:
    q: str = ""
    theme: str = ""
    format: str = ""
    access: str = ""
    target_group: str = ""
    place: Place | None = None
    radius_km: float | None = None
    stale: bool | None = None
    referable: bool | None = None


@dataclass
class Found:
    """The ids of the services found, in order; their distance (km) when a place was given,
    their search score when a text was."""

    ids: list[uuid.UUID]
    distances: dict[uuid.UUID, float | None] = field(default_factory=dict)
    scores: dict[uuid.UUID, float] = field(default_factory=dict)


def bounding_box(
    latitude: float, longitude: float, radius_km: float
) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point, holding every point within ``radius_km``."""
    d_lat = radius_km / KM_PER_DEGREE
    cos = max(math.cos(math.radians(latitude)), 1e-6)
    d_lon = min(180.0, radius_km / (KM_PER_DEGREE * cos))
    return latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon


def filtered(user: Any, criteria: Criteria, today: date | None = None) -> QuerySet[Service]:
    """The services the user may see that pass the code and freshness filters."""
    qs = visible_services(user)
    for code in (criteria.theme, criteria.format, criteria.access, criteria.target_group):
        if code:
            qs = qs.filter(codes__contains=f" {code} ")
    if criteria.stale is not None:
        stale = {
            "status": ServiceStatus.ACTIVE,
            "last_verified__lt": (today or timezone.localdate()) - VERIFY_INTERVAL,
        }
        qs = qs.filter(**stale) if criteria.stale else qs.exclude(**stale)
    if criteria.referable is not None:
        referable = {"status": ServiceStatus.ACTIVE, "do_not_refer": False}
        qs = qs.filter(**referable) if criteria.referable else qs.exclude(**referable)
    return qs


def _chunks(items: list[Any], size: int = 2000) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def nearest_km(
    qs: QuerySet[Service], latitude: float, longitude: float, radius_km: float | None = None
) -> dict[uuid.UUID, float]:
    """Kilometres from a point to the nearest located location of each service of ``qs`` that
    has one (within ``radius_km`` when given).

    Index-driven steps instead of one join (which SQLite plans as a scan of every service):
    the locations in the box (the latitude/longitude index), the links at those locations (the
    location index), then which of those services ``qs`` allows (primary keys)."""
    locations = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    if radius_km is not None:
        south, north, west, east = bounding_box(latitude, longitude, radius_km)
        locations = locations.filter(latitude__range=(south, north), longitude__range=(west, east))
    km: dict[uuid.UUID, float] = {}
    for pk, lat, lon in locations.order_by().values_list("pk", "latitude", "longitude"):
        if lat is None or lon is None:  # excluded by the query; for the type checker
            continue
        distance = distance_km(latitude, longitude, lat, lon)
        if radius_km is None or distance <= radius_km:
            km[pk] = distance
    nearest: dict[uuid.UUID, float] = {}
    links = ServiceAtLocation.objects.order_by()
    for chunk in _chunks(list(km)):
        for service_id, location_id in links.filter(location_id__in=chunk).values_list(
            "service_id", "location_id"
        ):
            if km[location_id] < nearest.get(service_id, math.inf):
                nearest[service_id] = km[location_id]
    found: dict[uuid.UUID, float] = {}
    for chunk in _chunks(list(nearest)):
        for pk in qs.filter(pk__in=chunk).order_by().values_list("pk", flat=True):
            found[pk] = nearest[pk]
    return found


def _distances(qs: QuerySet[Service], criteria: Criteria) -> dict[uuid.UUID, float | None]:
    """Each candidate service of ``qs`` with its distance to the place (None: no located
    location; only without a radius)."""
    place = criteria.place
    assert place is not None
    found: dict[uuid.UUID, float | None] = dict(
        nearest_km(qs, place.latitude, place.longitude, criteria.radius_km)
    )
    if criteria.radius_km is None:
        for pk in qs.order_by().values_list("pk", flat=True):
            found.setdefault(pk, None)
    return found


def _narrowed(criteria: Criteria) -> bool:
    """Do the filters narrow the candidates beyond what the search itself can filter?"""
    return bool(
        criteria.format
        or criteria.access
        or criteria.target_group
        or criteria.stale is not None
        or criteria.referable is not None
    )


def _ranked(
    qs: QuerySet[Service], criteria: Criteria, candidates: list[uuid.UUID] | None
) -> dict[uuid.UUID, float]:
    """Search scores, best first, of the ``SEARCH_LIMIT`` best matches among the services of
    ``qs`` (only among ``candidates`` when given)."""
    themes = [criteria.theme] if criteria.theme else None
    if candidates is not None:
        keys = {(indexing.KIND, str(pk)) for pk in candidates}
        hits = search.search(
            criteria.q,
            kinds=[indexing.KIND],
            themes=themes,
            keys=keys,
            limit=max(1, min(len(keys), SEARCH_LIMIT)),
        )
        return {uuid.UUID(hit.key): hit.score for hit in hits}
    hits = search.search(criteria.q, kinds=[indexing.KIND], themes=themes, limit=SEARCH_LIMIT)
    scores = {uuid.UUID(hit.key): hit.score for hit in hits}
    visible = set(qs.filter(pk__in=list(scores)).values_list("pk", flat=True))
    return {pk: score for pk, score in scores.items() if pk in visible}


def find(user: Any, criteria: Criteria, today: date | None = None) -> Found | QuerySet[Service]:
    """The services for ``criteria``: nearest first with a place, best match first with a
    text (and no place). With neither, the queryset itself, by name (to be paginated by the
    database)."""
    qs = filtered(user, criteria, today)
    criteria = replace(criteria, q=criteria.q.strip())
    if criteria.place is None and not criteria.q:
        return qs.order_by("name", "pk")
    within = criteria.place is not None and criteria.radius_km is not None
    distances = _distances(qs, criteria) if within or not criteria.q else None
    scores: dict[uuid.UUID, float] = {}
    if criteria.q:
        if distances is not None:
            candidates: list[uuid.UUID] | None = list(distances)
        elif _narrowed(criteria):
            candidates = list(qs.values_list("pk", flat=True))
        else:
            candidates = None
        scores = _ranked(qs, criteria, candidates)
        if criteria.place is not None and distances is None:
            distances = _distances(qs.filter(pk__in=list(scores)), criteria)
    if distances is None:
        return Found(ids=list(scores), scores=scores)
    ids = list(scores) if criteria.q else list(distances)
    ids.sort(
        key=lambda pk: (
            distances.get(pk) is None,
            distances.get(pk) or 0.0,
            -scores.get(pk, 0.0),
            str(pk),
        )
    )
    return Found(ids=ids, distances={pk: distances.get(pk) for pk in ids}, scores=scores)
