"""``wegwijs loaddemo``: a demonstrable network and one demo login per role, safe to run again."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts.models import Role, User
from wegwijs.network import demo
from wegwijs.network.models import (
    Branch,
    Municipality,
    OpeningException,
    OpeningPeriod,
    Organisation,
    OrganisationKind,
    Province,
    Wave,
)

SHARED = Path("/work/shared")
SEED = SHARED / "seeds" / "001_fc5bc1548509ea66.txt"

# The kopgroep of 2019 as the KB announced it (seeds/001_*).
KOPGROEP = {
    "Bibliotheek Rivierenland",
    "Biblionet Groningen",
    "De Bieb voor de Zaanstreek",
    "Bibliotheek Kennemerwaard",
    "Bibliotheken Midden-Fryslân",
    "Bibliotheek Midden-Brabant",
    "Bibliotheek Hengelo",
    "Bibliotheek AanZet",
    "Bibliotheek Katwijk",
    "Bibliotheek Rotterdam",
    "Bibliotheek Venlo",
    "Bibliotheek Dalfsen-Nieuwleusen",
    "Bibliotheek Gooi en meer",
    "ZB Planbureau en Bibliotheek van Zeeland",
    "Bibliotheek De Nieuwe Veste Breda",
}
MANIFESTGROEP = {"belastingdienst", "cak", "cbr", "ciz", "cjib", "duo", "svb", "uwv"}


def loaddemo(*args: str) -> str:
    out = io.StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Province,
        Municipality,
        Organisation,
        Branch,
        OpeningPeriod,
        OpeningException,
        User,
        TOTPDevice,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def _demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo loaded once for this module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            output = loaddemo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo_loaded(_demo_once: str, db: None) -> str:
    """Each test runs in a savepoint inside the module's transaction."""
    return _demo_once


def test_loading_the_demo_twice_gives_the_same_network_and_logins(demo_loaded: str) -> None:
    first = counts()
    keys = dict(TOTPDevice.objects.values_list("user__username", "key"))

    with override_settings(DEBUG=True):
        loaddemo()

    assert counts() == first
    assert dict(TOTPDevice.objects.values_list("user__username", "key")) == keys
    assert first["Branch"] > 15
    assert first["OpeningPeriod"] > first["Branch"]


def test_demo_has_the_fifteen_kopgroep_libraries_of_2019(demo_loaded: str) -> None:
    kopgroep = set(
        Organisation.objects.libraries()
        .filter(wave=Wave.KOPGROEP_2019)
        .values_list("name", flat=True)
    )

    assert kopgroep == KOPGROEP


def test_kopgroep_list_matches_the_kb_announcement() -> None:  # no database needed
    if not SEED.exists():
        pytest.skip(f"{SEED} is not on this machine")
    text = SEED.read_text(encoding="utf-8")
    section = text.split("Kopgroep-bibliotheken", 1)[1]
    named = re.findall(r"^\s*\d+\.\s+(.+?)\s*$", section, re.M)[:15]

    assert set(named) == KOPGROEP


def test_demo_has_twelve_provinces_each_served_by_one_poi(demo_loaded: str) -> None:
    provinces = Province.objects.all()

    assert provinces.count() == 12
    for province in provinces:
        assert province.pois.count() == 1, province.name  # type: ignore[attr-defined]


def test_demo_has_the_eight_manifestgroep_organisations(demo_loaded: str) -> None:
    codes = set(
        Organisation.objects.filter(kind=OrganisationKind.AGENCY).values_list("code", flat=True)
    )

    assert codes >= MANIFESTGROEP
    # the other agencies are owners of knowledge articles (DigiD, Toeslagen, RDW, IND)
    assert codes - MANIFESTGROEP <= {"logius", "toeslagen", "rdw", "ind"}


def test_every_demo_library_is_complete(demo_loaded: str) -> None:
    for library in Organisation.objects.libraries():
        assert library.province_id and library.wave and library.ido_model, library.name
        assert library.branches.exists(), library.name  # type: ignore[attr-defined]
        assert library.poi is not None and library.province in library.poi.provinces.all()


def test_demo_has_one_login_per_role_with_the_demo_password(demo_loaded: str) -> None:
    users = User.objects.filter(is_demo=True)

    assert sorted(users.values_list("role", flat=True)) == sorted(Role.values)
    for user in users:
        assert user.check_password(demo.DEMO_PASSWORD), user.username
        user.full_clean()  # organisation of the right kind, branch for the desk worker
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists() == (
            user.needs_two_factor
        )
    assert "wegwijs-demo" in demo_loaded
    assert "wegwijs totp coordinator" in demo_loaded


def test_demo_desk_worker_logs_in_and_sees_own_library(demo_loaded: str, client: Client) -> None:
    client.post("/account/inloggen/", {"username": "medewerker", "password": demo.DEMO_PASSWORD})

    response = client.get("/netwerk/bibliotheken/")

    assert response.status_code == 200
    assert [lib.name for lib in response.context["page"].object_list] == ["Bibliotheek Rotterdam"]


def test_demo_coordinator_logs_in_with_the_code_from_the_totp_command(
    demo_loaded: str, client: Client
) -> None:
    client.post("/account/inloggen/", {"username": "coordinator", "password": demo.DEMO_PASSWORD})
    code = io.StringIO()
    call_command("totp", "coordinator", stdout=code)

    response = client.post("/account/code/", {"token": code.getvalue().strip()})

    assert re.fullmatch(r"\d{6}", code.getvalue().strip())
    assert response.status_code == 302
    assert client.get("/netwerk/vestigingen/").status_code == 200


def test_demo_branches_are_closed_on_christmas_day(demo_loaded: str) -> None:
    today = timezone.localdate()
    christmas = date(today.year, 12, 25)
    if christmas < today:
        christmas = date(today.year + 1, 12, 25)

    closed = OpeningException.objects.filter(date=christmas, closed=True)

    assert closed.count() == Branch.objects.count()


def test_print_logins_only_prints(demo_loaded: str) -> None:
    before = counts()

    output = loaddemo("--print-logins")

    assert "medewerker" in output
    assert counts() == before
