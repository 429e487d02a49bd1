"""Fixtures of the subsidy tests: the 2019-2021 scheme on the test network, its users, and
the clock (``django.utils.timezone.now``, patched)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest

from wegwijs.accounts.models import Role, User
from wegwijs.programme.subsidy import services
from wegwijs.programme.subsidy.formatting import DUTCH_TIME
from wegwijs.programme.subsidy.models import SubsidyBudgetYear, SubsidyScheme
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import Network, user_for

#: Before the deadline (2019-10-12 00:00 Dutch time).
BEFORE = datetime(2019, 10, 1, 10, 0, tzinfo=DUTCH_TIME)
DECIDED = datetime(2019, 12, 2, 10, 0, tzinfo=DUTCH_TIME)
LATER = datetime(2020, 3, 1, 10, 0, tzinfo=DUTCH_TIME)


@dataclass
class World:
    n: Network
    scheme: SubsidyScheme
    coordinator: User  # Bibliotheek Rotterdam (Zuid-Holland, POI Probiblio)
    zaanstreek_coordinator: User  # De Bieb voor de Zaanstreek (Noord-Holland)
    poi: User  # Probiblio: Zuid- and Noord-Holland
    bisc: User  # BiSC: Utrecht
    office: User


def build_scheme(**overrides: Any) -> SubsidyScheme:
    values: dict[str, Any] = {
        "name": "Subsidieregeling Informatiepunten 2019-2021",
        "slug": "di-2019-2021",
        "start_year": 2019,
        "end_year": 2021,
        "deadline": datetime(2019, 10, 12, 0, 0, tzinfo=DUTCH_TIME),
        "allowed_start_years": [2020, 2021],
    }
    values.update(overrides)
    scheme = SubsidyScheme.objects.create(**values)
    for year, amount in ((2019, "100000"), (2020, "400000"), (2021, "450000")):
        SubsidyBudgetYear.objects.create(scheme=scheme, year=year, amount=Decimal(amount))
    return scheme


@pytest.fixture
def world(network: Network) -> World:
    return World(
        n=network,
        scheme=build_scheme(),
        coordinator=user_for(Role.COORDINATOR, network),
        zaanstreek_coordinator=make_user(Role.COORDINATOR, organisation=network.zaanstreek),
        poi=user_for(Role.POI_CONSULTANT, network),
        bisc=make_user(Role.POI_CONSULTANT, organisation=network.bisc),
        office=user_for(Role.PROGRAMME_OFFICE, network),
    )


@pytest.fixture
def clock() -> Iterator[Callable[[datetime], None]]:
    """``clock(moment)`` sets what ``django.utils.timezone.now`` answers."""
    with mock.patch("django.utils.timezone.now") as now:
        now.return_value = BEFORE

        def set_to(moment: datetime) -> None:
            now.return_value = moment

        yield set_to


def line(library: Any, start: int = 2020, **amounts: str) -> services.LineInput:
    """``line(lib, 2020, y2020="10000", y2021="5000")``."""
    return services.LineInput(
        library_id=library.pk,
        start_year=start,
        amounts={int(k[1:]): Decimal(v) for k, v in amounts.items()},
    )


def own_application(w: World, **kwargs: Any) -> Any:
    """Rotterdam's own draft: 2020 € 20.000, 2021 € 10.000."""
    data = services.ApplicationInput(
        lines=[line(w.n.rotterdam, 2020, y2020="20000", y2021="10000")], **kwargs
    )
    return services.create_application(w.coordinator, w.scheme, data, at=BEFORE)


def collective_application(w: World) -> Any:
    """Probiblio for Rotterdam (Zuid-Holland) and Zaanstreek (Noord-Holland)."""
    data = services.ApplicationInput(
        lines=[
            line(w.n.rotterdam, 2020, y2020="20000", y2021="10000"),
            line(w.n.zaanstreek, 2021, y2021="25000"),
        ]
    )
    return services.create_application(w.poi, w.scheme, data, at=BEFORE)


def granted_application(w: World) -> Any:
    application = own_application(w)
    services.submit(w.coordinator, application, at=BEFORE)
    services.assess(w.office, application, at=DECIDED)
    return services.grant(w.office, application, at=DECIDED)
