"""``distance_km`` (haversine) and ``nearest``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wegwijs.geo.geocoding import Place, distance_km, nearest

AMSTERDAM = (52.37403, 4.88969)
UTRECHT = (52.09083, 5.12222)
GRONINGEN = (53.21917, 6.56667)
MAASTRICHT = (50.84833, 5.68889)


def test_known_distances() -> None:
    assert distance_km(*AMSTERDAM, *UTRECHT) == pytest.approx(35.3, abs=0.3)
    assert distance_km(*GRONINGEN, *MAASTRICHT) == pytest.approx(270.4, abs=1)
    assert distance_km(*AMSTERDAM, *AMSTERDAM) == 0


latitudes = st.floats(min_value=50.7, max_value=53.6)
longitudes = st.floats(min_value=3.3, max_value=7.3)


@hsettings(max_examples=200, database=None)
@given(latitudes, longitudes, latitudes, longitudes, latitudes, longitudes)
def test_distance_is_symmetric_and_obeys_the_triangle_inequality(
    a1: float, o1: float, a2: float, o2: float, a3: float, o3: float
) -> None:
    ab = distance_km(a1, o1, a2, o2)

    assert ab == pytest.approx(distance_km(a2, o2, a1, o1))
    assert 0 <= ab < 500
    assert ab <= distance_km(a1, o1, a3, o3) + distance_km(a3, o3, a2, o2) + 1e-6


def test_nearest_orders_by_distance_and_stops_at_the_limit() -> None:
    places = [
        Place("Groningen", *GRONINGEN, "place", "geonames"),
        Place("Utrecht", *UTRECHT, "place", "geonames"),
        Place("Maastricht", *MAASTRICHT, "place", "geonames"),
    ]

    found = nearest(places, *AMSTERDAM, limit=2)

    assert [place.label for place, _ in found] == ["Utrecht", "Groningen"]
    assert found[0][1] == pytest.approx(35.3, abs=0.3)
    assert nearest(places, *AMSTERDAM, limit=0) == []
    assert len(nearest(places, *AMSTERDAM, limit=10)) == 3


@dataclass
class Branch:
    name: str
    latitude: float | None
    longitude: float | None


def test_nearest_skips_points_without_a_position_and_takes_a_key() -> None:
    branches = [Branch("no address yet", None, None), Branch("Utrecht", *UTRECHT)]

    assert [b.name for b, _ in nearest(branches, *AMSTERDAM)] == ["Utrecht"]
    pairs = [("Maastricht", MAASTRICHT), ("Groningen", GRONINGEN)]
    assert nearest(pairs, *GRONINGEN, key=lambda pair: pair[1])[0] == (pairs[1], 0.0)
