"""A small year of registrations in the test network, through the desk services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.network.models import Branch
from wegwijs.testing.network import Network, user_for

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass
class Registered:
    network: Network
    year: int  # last year: the registrations' year

    def params(self, **extra: Any) -> dict[str, Any]:
        return {"year": self.year, **extra}


def register(
    user: Any,
    branch: Branch,
    when: datetime,
    theme: str,
    organisation: str,
    help_given: str,
    *,
    count: int = 1,
    target: str = "",
    channel: str = "balie",
) -> None:
    for _ in range(count):
        services.register_visit(
            user,
            VisitInput(
                branch_id=branch.pk,
                occurred_at=when,
                channel=channel,
                duration="10-30",
                questions=[
                    QuestionInput(
                        theme=theme,
                        organisation=organisation,
                        help_given=help_given,
                        referral_target=target,
                        kind="overheid",
                    )
                ],
            ),
        )


@pytest.fixture
def registered(network: Network) -> Registered:
    """Last year, in March at 11:00 (a Tuesday in most years does not matter), and some
    questions the year before for the trend."""
    year = timezone.localdate().year - 1
    office = user_for(Role.PROGRAMME_OFFICE, network)
    march = datetime(year, 3, 10, 11, 15, tzinfo=AMSTERDAM)
    n = network
    register(office, n.rotterdam_centrum, march, "digid", "logius", "samen", count=30)
    register(
        office, n.rotterdam_centrum, march, "toeslagen", "toeslagen", "doorverwezen",
        count=6, target="formulierenbrigade",
    )  # fmt: skip
    register(office, n.rotterdam_centrum, march, "werk-uitkering", "uwv", "niet", count=3)
    register(office, n.rotterdam_centrum, march, "werk-uitkering", "uwv", "informatie", count=2)
    register(office, n.rotterdam_zuid, march, "digid", "logius", "informatie", count=8)
    register(office, n.rotterdam_zuid, march, "boetes", "cjib", "niet", count=1)
    register(office, n.zaandam, march, "gemeente", "gemeente", "informatie", count=12)
    register(office, n.zaandam, march, "werk-uitkering", "uwv", "samen", count=4)
    register(office, n.utrecht_neude, march, "digid", "logius", "cursus", count=7)
    register(office, n.utrecht_neude, march, "werk-uitkering", "uwv", "samen", count=2)
    before = datetime(year - 1, 6, 2, 14, 0, tzinfo=AMSTERDAM)
    register(office, n.rotterdam_centrum, before, "digid", "logius", "samen", count=10)
    register(office, n.rotterdam_centrum, before, "gemeente", "gemeente", "samen", count=10)
    return Registered(network, year)
