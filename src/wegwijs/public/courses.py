"""Courses and meetings from the social map for the public: Klik & Tik, Digisterker, the
Digicafé, information sessions. Only what the desk may refer to is shown: status active and not
"do not refer". Dates come from the social map's schedules (:mod:`wegwijs.socialmap.schedules`).

Nearest first the way :mod:`wegwijs.public.locations` does it: locations inside a growing box,
measured exactly; a service's distance is that of its nearest location.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wegwijs.desk.codes import Theme
from wegwijs.geo.geocoding import Place, distance_km
from wegwijs.network.models import Branch
from wegwijs.public.locations import RADII_KM, bounding_box
from wegwijs.socialmap import schedules
from wegwijs.socialmap.models import (
    Format,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)

#: The formats the course finder shows (the consultation hours are on the IDO pages).
COURSE_FORMATS = (Format.CURSUS, Format.CAFE, Format.INFORMATIEBIJEENKOMST)
MAX_RESULTS = 30


def public_services() -> QuerySet[Service]:
    """What the public may see of the social map."""
    return Service.objects.filter(status=ServiceStatus.ACTIVE, do_not_refer=False)


def _loaded(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.select_related("organization").prefetch_related(
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location__branch").prefetch_related(
                "schedules"
            ),
        ),
        "phones",
    )


@dataclass
class Session:
    text: str
    start: datetime


@dataclass
class Where:
    """A service at one location: its schedules in words and the next sessions."""

    location: Location
    distance_km: float | None
    schedules: list[str]
    sessions: list[Session]
    description: str = ""


@dataclass
class Offer:
    service: Service
    places: list[Where] = field(default_factory=list)

    @property
    def nearest(self) -> Where | None:
        return self.places[0] if self.places else None

    @property
    def next_session(self) -> Session | None:
        sessions = [w.sessions[0] for w in self.places if w.sessions]
        return min(sessions, key=lambda s: s.start.timestamp()) if sessions else None

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[code]) for code in self.service.themes if code in labels]


def _where(
    at_location: ServiceAtLocation, now: datetime, sessions: int, place: Place | None
) -> Where:
    location = at_location.location
    found = []
    upcoming = []
    for schedule in at_location.schedules.all():
        found.append(schedules.describe(schedule))
        upcoming.extend(schedules.next_occurrences(schedule, now, sessions))
    upcoming.sort(key=lambda i: i.start.timestamp())
    km = None
    lat, lon = location.latitude, location.longitude
    if place is not None and lat is not None and lon is not None:
        km = distance_km(place.latitude, place.longitude, lat, lon)
    return Where(
        location=location,
        distance_km=km,
        schedules=found,
        sessions=[
            Session(schedules.describe_session(i, now), i.start) for i in upcoming[:sessions]
        ],
        description=at_location.description,
    )


def offer(
    service: Service, now: datetime, *, place: Place | None = None, sessions: int = 1
) -> Offer:
    places = [_where(at, now, sessions, place) for at in service.at_locations.all()]
    places.sort(
        key=lambda w: (w.distance_km is None, w.distance_km or 0.0, w.location.name.casefold())
    )
    return Offer(service, places)


def _nearest_services(
    place: Place, formats: tuple[str, ...], limit: int
) -> list[tuple[uuid.UUID, float]]:
    links = ServiceAtLocation.objects.filter(
        service__in=public_services().filter(format__in=formats).values("pk"),
        location__latitude__isnull=False,
        location__longitude__isnull=False,
    )
    best: dict[uuid.UUID, float] = {}
    for radius in RADII_KM:
        south, north, west, east = bounding_box(place.latitude, place.longitude, radius)
        rows = links.filter(
            location__latitude__range=(south, north), location__longitude__range=(west, east)
        ).values_list("service_id", "location__latitude", "location__longitude")
        best = {}
        for service_id, lat, lon in rows:
            if lat is None or lon is None:  # excluded by the query; for the type checker
                continue
            km = distance_km(place.latitude, place.longitude, lat, lon)
            if km < best.get(service_id, float("inf")):
                best[service_id] = km
        within = [km for km in best.values() if km <= radius]
        if len(within) >= limit:
            break
    return sorted(best.items(), key=lambda item: (item[1], str(item[0])))[:limit]


def near(
    place: Place, fmt: str = "", *, limit: int = 20, now: datetime | None = None
) -> list[Offer]:
    """The courses and meetings nearest to a place (one format, or all of them)."""
    now = now or timezone.now()
    formats = (fmt,) if fmt in COURSE_FORMATS else tuple(COURSE_FORMATS)
    ranked = _nearest_services(place, formats, max(1, min(limit, MAX_RESULTS)))
    by_pk = {s.pk: s for s in _loaded(public_services()).filter(pk__in=[pk for pk, _ in ranked])}
    return [offer(by_pk[pk], now, place=place) for pk, _ in ranked if pk in by_pk]


def course(pk: uuid.UUID, now: datetime | None = None) -> Offer | None:
    """One public service (any format) with its places and the next three sessions at each."""
    service = _loaded(public_services()).filter(pk=pk).first()
    if service is None:
        return None
    return offer(service, now or timezone.now(), sessions=3)


def at_branch(branch: Branch, now: datetime | None = None) -> list[Offer]:
    """What the social map offers at a library branch (the IDO's own consultation hour too)."""
    now = now or timezone.now()
    services = _loaded(
        public_services().filter(at_locations__location__branch=branch).distinct()
    ).order_by("format", "name")
    found = []
    for service in services:
        item = offer(service, now)
        item.places = [w for w in item.places if w.location.branch_id == branch.pk]
        found.append(item)
    return found


def facilities(offers: list[Offer]) -> list[str]:
    """The facilities (computers, printer...) of the locations, labelled, without repeats."""
    from wegwijs.socialmap.models import Facility

    labels = dict(Facility.choices)
    seen: dict[str, str] = {}
    for item in offers:
        for where in item.places:
            for code in where.location.facilities or []:
                if code in labels:
                    seen.setdefault(code, str(labels[code]))
    return list(seen.values())


def describe_format(code: str) -> Any:
    return dict(Format.choices).get(code, "")
