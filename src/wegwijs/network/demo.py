"""Load the demo network and one demo user per role (``wegwijs loaddemo``). Idempotent.

Everything created here has ``is_demo=True`` and is shown with a "demo" tag. Demo users
share one password; the users whose role needs two-factor login get an authenticator key
derived from their user name, printed by ``make run`` (``wegwijs totp USER`` gives the code).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

import holidays
from django.db import transaction
from django.utils import timezone

from wegwijs.network import demo_data
from wegwijs.network.models import (
    Branch,
    HoursKind,
    Municipality,
    OpeningException,
    OpeningPeriod,
    Organisation,
    OrganisationKind,
    Province,
)
from wegwijs.network.reference import MANIFESTGROEP, PROVINCES, province_code

DEMO_PASSWORD = "wegwijs-demo"  # noqa: S105 - demo accounts only, printed on purpose
DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PROGRAMME_SLUG = "kb-programmabureau"
DEMO_PARTNER_SLUG = "sociaal-raadslieden-rotterdam-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    organisation_slug: str
    branch_name: str | None = None


DEMO_USERS = [
    DemoUser("medewerker", "desk_worker", "Mila", "bibliotheek-rotterdam", "Centrale Bibliotheek"),
    DemoUser("coordinator", "coordinator", "Kees", "bibliotheek-rotterdam", "Centrale Bibliotheek"),
    DemoUser("poi", "poi_consultant", "Anne", "probiblio"),
    DemoUser("programma", "programme_office", "Sanne", PROGRAMME_SLUG),
    DemoUser("analist", "agency_analyst", "Youssef", "uwv"),
    DemoUser("partner", "partner_editor", "Fatma", DEMO_PARTNER_SLUG),
    DemoUser("beheerder", "admin", "Bram", PROGRAMME_SLUG),
]


def demo_totp_key(username: str) -> str:
    """The hex TOTP key of a demo user: derived from the name, so it stays the same."""
    return hashlib.sha256(f"wegwijs-demo-totp:{username}".encode()).hexdigest()[:40]


def load_reference() -> None:
    for code, name in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name})
    for code, name, website in MANIFESTGROEP:
        Organisation.objects.update_or_create(
            slug=code,
            defaults={
                "kind": OrganisationKind.AGENCY,
                "name": name,
                "code": code,
                "website": website,
            },
        )


def import_municipalities(path: Path) -> int:
    """Import municipalities from a CSV with columns code,name,province,lat,lon."""
    provinces = {p.code: p for p in Province.objects.all()}
    count = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = province_code(row["province"])
            if code is None or code not in provinces:
                raise ValueError(f"{path}: unknown province {row['province']!r} for {row['name']}")
            Municipality.objects.update_or_create(
                code=row["code"].zfill(4),
                defaults={
                    "name": row["name"],
                    "province": provinces[code],
                    "latitude": float(row["lat"]) if row.get("lat") else None,
                    "longitude": float(row["lon"]) if row.get("lon") else None,
                },
            )
            count += 1
    return count


def _parse(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _periods(
    branch: Branch, schedule: dict[str, list[list[str]]], kind: str
) -> list[OpeningPeriod]:
    return [
        OpeningPeriod(
            branch=branch, kind=kind, weekday=DAY_KEYS.index(day), opens=_parse(o), closes=_parse(c)
        )
        for day, ranges in schedule.items()
        for o, c in ranges
    ]


def _holiday_exceptions(branch: Branch, today: date) -> list[OpeningException]:
    items: list[OpeningException] = []
    for year in (today.year, today.year + 1):
        for day, name in sorted(holidays.country_holidays("NL", years=year).items()):
            if day >= today:
                items.append(OpeningException(branch=branch, date=day, closed=True, reason=name))
        for day, reason in (
            (date(year, 12, 24), "Kerstavond"),
            (date(year, 12, 31), "Oudejaarsdag"),
        ):
            if day >= today and day.weekday() < 6:
                items.append(
                    OpeningException(
                        branch=branch,
                        date=day,
                        closed=False,
                        opens=time(10),
                        closes=time(16),
                        reason=reason,
                    )
                )
    return items


@transaction.atomic
def load_network(data_dir: Path | None = None) -> dict[str, int]:
    load_reference()
    provinces = {p.code: p for p in Province.objects.all()}
    if data_dir and (data_dir / "nl_municipalities.csv").exists():
        import_municipalities(data_dir / "nl_municipalities.csv")
    if data_dir and (data_dir / "nl_pc4.csv").exists():
        from wegwijs.geo.services import import_pc4

        import_pc4(data_dir / "nl_pc4.csv")  # postcode areas for the geocoder
    pois: dict[str, Organisation] = {}
    for poi in demo_data.POIS:
        org, _ = Organisation.objects.update_or_create(
            slug=poi["slug"],
            defaults={
                "kind": OrganisationKind.POI,
                "name": poi["name"],
                "website": poi.get("website", ""),
                "is_demo": True,
            },
        )
        org.provinces.set([provinces[c] for c in poi["provinces"]])
        for code in poi["provinces"]:
            pois[code] = org
    Organisation.objects.update_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "kind": OrganisationKind.PROGRAMME,
            "name": "KB – programmabureau Digitale Inclusie",
            "website": "https://www.kb.nl",
        },
    )
    Organisation.objects.update_or_create(
        slug=DEMO_PARTNER_SLUG,
        defaults={
            "kind": OrganisationKind.PARTNER,
            "name": "Sociaal Raadslieden Rotterdam",
            "is_demo": True,
        },
    )
    today = timezone.localdate()
    branch_count = 0
    for lib in demo_data.LIBRARIES:
        province = provinces[lib["province"]]
        org, _ = Organisation.objects.update_or_create(
            slug=lib["slug"],
            defaults={
                "kind": OrganisationKind.LIBRARY,
                "name": lib["name"],
                "province": province,
                "poi": pois.get(lib["province"]),
                "wave": lib["wave"],
                "ido_model": lib["ido_model"],
                "website": lib.get("website", ""),
                "is_demo": True,
            },
        )
        for item in lib["branches"]:
            municipality, _ = Municipality.objects.get_or_create(
                code=item["municipality_code"],
                defaults={"name": item["municipality"], "province": province},
            )
            branch, _ = Branch.objects.update_or_create(
                organisation=org,
                name=item["name"],
                defaults={
                    "street": item["street"],
                    "postcode": item["postcode"],
                    "place": item["place"],
                    "municipality": municipality,
                    "latitude": item["lat"],
                    "longitude": item["lon"],
                    "has_ido": item["has_ido"],
                    "staff_count": item.get("staff", 0),
                    "volunteer_count": item.get("volunteers", 0),
                    "is_demo": True,
                },
            )
            branch.opening_periods.all().delete()
            OpeningPeriod.objects.bulk_create(
                _periods(branch, item.get("hours", {}), HoursKind.OPEN)
                + _periods(branch, item.get("consultation", {}), HoursKind.CONSULTATION)
            )
            branch.opening_exceptions.filter(date__gte=today).delete()
            OpeningException.objects.bulk_create(_holiday_exceptions(branch, today))
            branch_count += 1
    return {
        "pois": len(pois and set(pois.values())),
        "libraries": len(demo_data.LIBRARIES),
        "branches": branch_count,
    }


@transaction.atomic
def load_users() -> list[DemoUser]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wegwijs.accounts.models import User

    for demo in DEMO_USERS:
        org = Organisation.objects.get(slug=demo.organisation_slug)
        branch = (
            Branch.objects.get(organisation=org, name=demo.branch_name)
            if demo.branch_name
            else None
        )
        user, created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": "(demo)",
                "email": f"{demo.username}@demo.wegwijs.invalid",
                "role": demo.role,
                "organisation": org,
                "branch": branch,
                "is_demo": True,
                "is_staff": demo.role == "admin",
                "is_superuser": demo.role == "admin",
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if user.needs_two_factor:
            TOTPDevice.objects.update_or_create(
                user=user,
                name="demo",
                defaults={"key": demo_totp_key(demo.username), "confirmed": True},
            )
    return DEMO_USERS
