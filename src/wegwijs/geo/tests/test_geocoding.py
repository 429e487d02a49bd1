"""``geocode`` and ``suggest``: postcodes, places (any spelling people use), coordinates, typos,
and nothing (never an exception) for anything else. No test reaches the network."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wegwijs.geo import geocoding, services
from wegwijs.geo.geocoding import MAX_QUERY, Place, distance_km, geocode, suggest
from wegwijs.geo.models import Pc4Area, in_netherlands

pytestmark = pytest.mark.django_db

KOOG = Place("1541 Koog aan de Zaan", 52.4616, 4.8024, "pc4", "pc4-table")
ROWS = [
    ("1011", "Amsterdam", "Amsterdam", "Noord-Holland", 52.371, 4.9042),
    ("1012", "Amsterdam", "Amsterdam", "Noord-Holland", 52.3735, 4.8951),
    ("1541", "Koog aan de Zaan", "Zaanstad", "Noord-Holland", 52.4616, 4.8024),
    ("1542", "Koog aan de Zaan", "Zaanstad", "Noord-Holland", 52.4589, 4.8102),
    ("1546", "Jisp", "Wormerland", "Noord-Holland", 52.5027, 4.8525),
    ("6641", "Beuningen Gld", "Beuningen", "Gelderland", 51.8612, 5.7640),
    ("8701", "Bolsward", "Súdwest-Fryslân", "Fryslân", 53.0651, 5.5288),
    ("8702", "Bolsward", "Súdwest-Fryslân", "Fryslân", 53.0590, 5.5180),
    ("3999", "Wegwijsdorp", "Wegwijsgemeente", "Utrecht", 52.1000, 5.1000),
]


def store(rows: list[tuple[str, str, str, str, float, float]]) -> None:
    now = timezone.now()
    Pc4Area.objects.all().delete()
    Pc4Area.objects.bulk_create(
        Pc4Area(
            pc4=pc4,
            place=place,
            municipality=municipality,
            province=province,
            latitude=lat,
            longitude=lon,
            imported_at=now,
        )
        for pc4, place, municipality, province, lat, lon in rows
    )


@pytest.fixture
def areas() -> None:
    store(ROWS)


def near(place: Place | None, latitude: float, longitude: float, km: float = 3) -> bool:
    return (
        place is not None and distance_km(place.latitude, place.longitude, latitude, longitude) < km
    )


# --- Postcodes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["1541 AB", "1541ab", "1541AB", "1541 ab", "1541", "  1541 AB  ", "1541 AB Koog aan de Zaan"],
)
def test_a_postcode_with_or_without_space_and_letters_gives_its_pc4_area(
    areas: None, query: str
) -> None:
    assert geocode(query) == KOOG


def test_a_full_postcode_inside_an_address_is_found_offline(areas: None) -> None:
    assert geocode("Stationsstraat 1, 1541 AB Koog aan de Zaan") == KOOG


@pytest.mark.parametrize("query", ["1541abc", "15411", "0541 AB", "A1541"])
def test_what_only_looks_like_a_postcode_is_not_one(areas: None, query: str) -> None:
    place = geocode(query)

    assert place is None or place.kind != "pc4"


def test_a_postcode_missing_from_the_table_gives_nothing(areas: None) -> None:
    assert geocode("9999 ZZ") is None
    assert geocode("2511") is None


def test_without_a_pc4_table_postcodes_give_nothing() -> None:
    assert geocode("1541 AB") is None


# --- Places ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "den bosch",
        "Den Bosch",
        "DEN BOSCH",
        "'s-Hertogenbosch",
        "s-hertogenbosch",
        "’s Hertogenbosch",
        "Hertogenbosch",
    ],
)
def test_den_bosch_in_every_spelling(query: str) -> None:
    place = geocode(query)

    assert place is not None
    assert place.label == "'s-Hertogenbosch"
    assert place.kind == "place"
    assert near(place, 51.699, 5.304)


@pytest.mark.parametrize(
    "query", ["Den Haag", "den haag", "The Hague", "'s-Gravenhage", "Gravenhage"]
)
def test_the_hague_by_its_names_is_labelled_den_haag(query: str) -> None:
    place = geocode(query)

    assert place is not None
    assert place.label == "Den Haag"
    assert near(place, 52.077, 4.299)


@pytest.mark.parametrize("query", ["Zaandam", "zaandam", "ZAANDAM", "Zäandam", " Zaandam "])
def test_zaandam(query: str) -> None:
    place = geocode(query)

    assert place == Place("Zaandam", 52.43854, 4.82643, "place", "geonames")


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("walterswald", "Wâlterswâld"),
        ("Wâlterswâld", "Wâlterswâld"),
        ("Sint Odilienberg", "Sint Odiliënberg"),
        ("St. Odiliënberg", "Sint Odiliënberg"),
        ("tweede exloermond", "Tweede Exloërmond"),
    ],
)
def test_accents_do_not_matter(query: str, label: str) -> None:
    place = geocode(query)

    assert place is not None
    assert place.label == label


def test_places_and_municipalities_of_the_pc4_table_are_found(areas: None) -> None:
    village = geocode("wegwijsdorp")
    municipality = geocode("Sudwest Fryslan")

    assert village == Place("Wegwijsdorp", 52.1, 5.1, "place", "pc4-table")
    assert municipality == Place("Súdwest-Fryslân", 53.06205, 5.5234, "place", "pc4-table")


def test_a_name_without_its_postnl_suffix_is_found(areas: None) -> None:
    with_suffix = geocode("Beuningen Gld")

    assert with_suffix is not None
    assert with_suffix.source == "pc4-table"
    assert near(geocode("Beuningen"), 51.86, 5.77)


def test_a_new_import_changes_the_places_at_once(areas: None, pc4_csv: Callable[..., Path]) -> None:
    assert geocode("Wegwijsdorp") is not None

    services.import_pc4(pc4_csv("1011,Amsterdam,Amsterdam,Noord-Holland,52.371,4.9042"))

    assert geocode("Wegwijsdorp") is None
    assert geocode("1541") is None


def test_the_largest_place_wins_a_shared_name() -> None:
    haren = geocode("Haren")

    assert near(haren, 53.17, 6.61)  # Haren (Groningen), not the village in Brabant


def test_a_comma_separated_part_is_tried_last() -> None:
    assert geocode("Zaandam, Nederland") == geocode("Zaandam")
    assert geocode("Stationsstraat 1, Zaandam") == geocode("Zaandam")


def test_short_codes_among_the_alternative_names_are_not_places() -> None:
    assert geocode("AMS") is None  # an alternative name of Amsterdam (the airport)
    assert geocode("NL_GM0796") is None  # one of 's-Hertogenbosch


# --- Coordinates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["52.37,4.89", "52.37, 4.89", "52.37 4.89", "52,37; 4,89", "52,37 4,89", "4.89,52.37"]
)
def test_coordinates_are_taken_as_they_are(query: str) -> None:
    assert geocode(query) == Place("52.37000, 4.89000", 52.37, 4.89, "coordinates", "input")


@pytest.mark.parametrize("query", ["48.8566,2.3522", "0,0", "-52.37,4.89", "52.37,-4.89"])
def test_coordinates_outside_the_netherlands_give_nothing(query: str) -> None:
    assert geocode(query) is None


# --- Nothing, and "did you mean" -------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "qqxqzzv", "!!!", "1" * 12, "x" * (MAX_QUERY + 1)])
def test_unknown_input_gives_nothing(areas: None, query: str) -> None:
    assert geocode(query) is None


def test_a_typo_gives_nothing_but_a_suggestion() -> None:
    assert geocode("Amsterdm") is None

    suggestions = suggest("Amsterdm")

    assert suggestions[0].label == "Amsterdam"
    assert len(suggestions) <= 5


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Zaandm", "Zaandam"),
        ("den bosh", "'s-Hertogenbosch"),
        ("Groningn", "Groningen"),
        ("Utrech", "Utrecht"),
    ],
)
def test_typos_suggest_the_place_meant(query: str, first: str) -> None:
    assert suggest(query)[0].label == first


def test_suggestions_for_the_start_of_a_name_put_large_places_first() -> None:
    labels = [place.label for place in suggest("Amstel", limit=3)]

    assert "Amstelveen" in labels
    assert len(labels) == 3


def test_an_exact_answer_comes_first_among_the_suggestions(areas: None) -> None:
    assert suggest("Zaandam")[0] == geocode("Zaandam")
    assert suggest("1541 AB")[0] == KOOG


def test_the_first_digits_of_a_postcode_suggest_pc4_areas(areas: None) -> None:
    assert [place.label for place in suggest("154")] == [
        "1541 Koog aan de Zaan",
        "1542 Koog aan de Zaan",
        "1546 Jisp",
    ]
    assert [place.label for place in suggest("15", limit=2)] == [
        "1541 Koog aan de Zaan",
        "1542 Koog aan de Zaan",
    ]


def test_nothing_like_a_place_suggests_nothing(areas: None) -> None:
    assert suggest("qqxqzzv") == []
    assert suggest("zz") == []
    assert suggest("Amsterdm", limit=0) == []


def test_suggestions_are_distinct_and_respect_the_limit() -> None:
    for limit in (1, 2, 5, 10):
        places = suggest("Haren", limit=limit)
        assert 1 <= len(places) <= limit
        assert len({place.label for place in places}) == len(places)


# --- Never an exception, always inside the Netherlands ---------------------------------------

NAMES = ["Amsterdam", "den bosch", "Zaandam", "1541 AB", "52.37,4.89", "Súdwest-Fryslân"]
queries = st.one_of(
    st.text(max_size=3000),
    st.text(alphabet="0123456789 ,.;-abAB", max_size=30),
    st.from_regex(r"\A\s?[0-9]{1,5}\s?[A-Za-z]{0,3}.{0,10}\Z"),
    st.builds(
        lambda a, b, sep: f"{a}{sep}{b}",
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([",", ", ", " ", ";"]),
    ),
    st.builds(
        lambda name, noise, cut: (name[:cut] + noise)[:3000],
        st.sampled_from(NAMES),
        st.text(max_size=20),
        st.integers(min_value=0, max_value=20),
    ),
)


def inside(place: Place) -> bool:
    return isinstance(place, Place) and in_netherlands(place.latitude, place.longitude)


@hsettings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=queries, limit=st.integers(min_value=-1, max_value=12))
def test_geocode_and_suggest_never_raise_and_stay_in_the_netherlands(
    areas: None, query: str, limit: int
) -> None:
    place = geocode(query)
    places = suggest(query, limit=limit)

    assert place is None or inside(place)
    assert place is None or place.kind in {"postcode", "pc4", "place", "address", "coordinates"}
    assert len(places) <= max(limit, 0)
    assert all(inside(p) for p in places)


# --- The network is never asked unless configured --------------------------------------------


@pytest.mark.parametrize("query", ["Stationsplein 1, Zaandam", "1541 AB", "qqxqzzv", "Amsterdm"])
def test_without_a_pdok_url_nothing_is_fetched(areas: None, query: str) -> None:
    with mock.patch.object(geocoding, "urlopen") as urlopen:
        geocode(query)
        suggest(query)

    urlopen.assert_not_called()


def test_the_test_settings_leave_pdok_off() -> None:
    from django.conf import settings

    assert settings.GEO_PDOK_URL == ""
    assert settings.GEO_PDOK_TIMEOUT == 2.0


@override_settings(GEO_PDOK_URL="https://pdok.invalid/free")
def test_suggest_stays_offline_even_with_a_pdok_url(areas: None) -> None:
    with mock.patch.object(geocoding, "urlopen") as urlopen:
        suggest("Stationsplein 1, Zaandam")
        suggest("1541 AB")

    urlopen.assert_not_called()


# --- wegwijs geo lookup ----------------------------------------------------------------------


def lookup(*args: str) -> Any:
    out = io.StringIO()
    call_command("geo", "lookup", *args, stdout=out)
    return json.loads(out.getvalue())


def test_lookup_prints_the_place_as_json(areas: None) -> None:
    assert lookup("1541ab") == {
        "query": "1541ab",
        "place": {
            "label": "1541 Koog aan de Zaan",
            "latitude": 52.4616,
            "longitude": 4.8024,
            "kind": "pc4",
            "source": "pc4-table",
        },
        "suggestions": [],
    }


def test_lookup_of_a_typo_prints_suggestions() -> None:
    answer = lookup("Amsterdm", "--suggestions", "2")

    assert answer["place"] is None
    assert answer["suggestions"][0]["label"] == "Amsterdam"
    assert len(answer["suggestions"]) <= 2


# --- With the open-data PC4 file -------------------------------------------------------------


def test_postcodes_and_places_with_the_open_data_file(real_pc4_csv: Path) -> None:
    services.import_pc4(real_pc4_csv)

    assert geocode("1541 AB") == KOOG
    assert geocode("5211") == Place("5211 's-Hertogenbosch", 51.6893, 5.3035, "pc4", "pc4-table")
    assert near(geocode("den bosch"), 51.699, 5.304)
    assert near(geocode("Den Haag"), 52.07, 4.30)
    assert near(geocode("Koog aan de Zaan"), 52.46, 4.80)
    assert suggest("Amsterdm")[0].label == "Amsterdam"
    pc4s = list(Pc4Area.objects.values_list("pc4", flat=True))
    assert all(geocode(pc4) is not None for pc4 in pc4s[::10])
    places = set(Pc4Area.objects.values_list("place", flat=True))
    assert [place for place in places if geocode(place) is None] == []
