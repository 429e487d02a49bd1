"""Nearest Informatiepunten, "open now" by IDO model, hours in short lines."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import translation

from wegwijs.geo.geocoding import Place, distance_km
from wegwijs.network.hours import AMSTERDAM
from wegwijs.network.models import Branch, HoursKind, OpeningException, OpeningPeriod
from wegwijs.public import locations
from wegwijs.public.tests.data import PublicNetwork
from wegwijs.testing.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def tuesday(at: time) -> datetime:
    """A Tuesday at least a week away (after the test data's holiday, 3 days from today)."""
    day = date.today() + timedelta(days=7)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


TUESDAY_1030 = tuesday(time(10, 30))
TUESDAY_1300 = tuesday(time(13, 0))
ZAANDAM = Place("Zaandam", 52.4386, 4.8264, "place", "test")


def test_nearest_points_match_a_brute_force_scan() -> None:
    rng = random.Random(5)
    library = LibraryFactory()
    Branch.objects.bulk_create(
        Branch(
            organisation=library,
            name=f"Vestiging {i}",
            street="Straat 1",
            postcode="1234 AB",
            place="Plaats",
            latitude=rng.uniform(50.8, 53.5),
            longitude=rng.uniform(3.4, 7.2),
            has_ido=i % 7 != 0,
        )
        for i in range(400)
    )
    rows = list(Branch.objects.filter(has_ido=True).values_list("pk", "latitude", "longitude"))
    for _ in range(25):
        lat, lon = rng.uniform(50.8, 53.5), rng.uniform(3.4, 7.2)
        limit = rng.choice([1, 5, 10, 50])
        expected = sorted(rows, key=lambda r: distance_km(lat, lon, r[1], r[2]))[:limit]
        found = locations.nearest_points(lat, lon, limit)
        assert [pk for pk, _ in found] == [r[0] for r in expected]


def test_near_lists_only_informatiepunten_nearest_first(public: PublicNetwork) -> None:
    found = locations.near(ZAANDAM, 10, at=TUESDAY_1030)

    names = [f.branch.name for f in found]
    assert names[:2] == ["De Bieb Zaandam", "De Bieb Krommenie"]
    assert "De Bieb Zaandam-Noord" not in names  # no IDO, although it is nearest
    assert len(found) == 5
    distances = [f.distance_km for f in found]
    assert distances == sorted(distances)


def test_basis_model_helps_at_consultation_hours(public: PublicNetwork) -> None:
    at_1030 = locations.location(public.zaandam.pk, TUESDAY_1030)
    at_1300 = locations.location(public.zaandam.pk, TUESDAY_1300)
    assert at_1030 is not None and at_1300 is not None

    assert at_1030.help.kind == locations.CONSULTATION
    assert at_1030.help.status.open_now
    assert at_1030.help.status.until == TUESDAY_1030.replace(hour=12, minute=0)
    assert not at_1300.help.status.open_now  # the library is open, the IDO is not
    assert at_1300.help.library.open_now
    thursday = TUESDAY_1030.replace(hour=10, minute=0) + timedelta(days=2)
    assert at_1300.help.status.next_open.start == thursday


def test_other_models_help_whenever_the_library_is_open(public: PublicNetwork) -> None:
    rotterdam = locations.location(public.rotterdam.pk, TUESDAY_1300)
    utrecht = locations.location(public.utrecht.pk, TUESDAY_1300)
    assert rotterdam is not None and utrecht is not None

    assert rotterdam.help.kind == locations.OPENING
    assert rotterdam.help.status.open_now
    assert utrecht.help.kind == locations.ASK  # basis, no consultation hours entered


def test_a_closed_day_closes_the_consultation_hour(public: PublicNetwork) -> None:
    OpeningException.objects.create(branch=public.zaandam, date=TUESDAY_1030.date(), closed=True)

    found = locations.location(public.zaandam.pk, TUESDAY_1030)

    assert found is not None
    assert not found.help.status.open_now
    assert not found.help.library.open_now


def test_open_now_keeps_only_what_helps_now(public: PublicNetwork) -> None:
    found = locations.near(ZAANDAM, 10, at=TUESDAY_1300, open_now=True)

    assert {f.branch.name for f in found} == {"Centrale Bibliotheek", "Forum Groningen"}


def test_a_branch_without_an_ido_has_no_public_page(public: PublicNetwork) -> None:
    assert locations.location(public.no_ido.pk) is None


def test_week_lines_group_days_with_the_same_hours(public: PublicNetwork) -> None:
    periods = [
        OpeningPeriod(kind=HoursKind.OPEN, weekday=d, opens=time(9), closes=time(17))
        for d in range(5)
    ] + [
        OpeningPeriod(kind=HoursKind.OPEN, weekday=5, opens=time(10), closes=time(14)),
        OpeningPeriod(kind=HoursKind.CONSULTATION, weekday=1, opens=time(10), closes=time(12)),
        OpeningPeriod(kind=HoursKind.CONSULTATION, weekday=3, opens=time(10), closes=time(12)),
    ]
    with translation.override("nl"):
        assert locations.week_lines(periods, HoursKind.OPEN) == [
            ("Maandag tot en met vrijdag", "09:00–17:00"),
            ("Zaterdag", "10:00–14:00"),
        ]
        assert locations.week_lines(periods, HoursKind.CONSULTATION) == [
            ("Dinsdag en donderdag", "10:00–12:00")
        ]
    with translation.override("en"):
        assert locations.week_lines(periods, HoursKind.OPEN)[0][0] == "Monday to Friday"


def test_an_unknown_postcode_is_placed_by_the_branches_near_it(public: PublicNetwork) -> None:
    area = locations.postcode_area("1507 XX")  # no such PC4 in the table; 150x is Zaandam

    assert area is not None
    assert distance_km(area.latitude, area.longitude, 52.4393, 4.8136) < 2
    assert locations.postcode_area("Zaandam") is None
    assert locations.postcode_area("8888") is None  # no branch with a postcode 888x or 88xx
