"""Demo social map (``wegwijs loaddemo``): each demo library's IDO consultation hour and its
courses at its IDO branches, and the demo local partner's help with forms. Idempotent: ids are
UUID 5 values derived from the branch, so a second run updates instead of adding."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from wegwijs.network.models import Branch, Organisation, OrganisationKind
from wegwijs.socialmap import indexing
from wegwijs.socialmap.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    SocialOrganization,
)

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
NAMESPACE = uuid.UUID("6f1d3a52-1c1b-4a57-9a55-6d0d6f3b2a10")

#: (key, name, description, themes, format, access, capacity, intake, weekday, from, until)
LIBRARY_OFFER = [
    (
        "ido",
        "Informatiepunt Digitale Overheid",
        "Vragen over DigiD, toeslagen, belastingen, uw uitkering of de gemeente? Wij helpen u op "
        "weg en verwijzen u door als dat nodig is.",
        ["digid", "toeslagen", "belastingaangifte", "werk-uitkering", "aow-pensioen", "gemeente"],
        "spreekuur",
        "inloop",
        None,
        False,
        "TU,TH",
        time(10, 0),
        time(12, 0),
    ),
    (
        "kliktik",
        "Klik & Tik: de basis van de computer",
        "Leer in uw eigen tempo werken met de computer, internet en e-mail. Gratis, met hulp van "
        "een vrijwilliger.",
        ["digitale-vaardigheden"],
        "cursus",
        "inloop",
        None,
        False,
        "WE",
        time(14, 0),
        time(16, 0),
    ),
    (
        "digisterker",
        "Digisterker: werken met de e-overheid",
        "Cursus in vier lessen: DigiD gebruiken, inloggen bij de overheid, formulieren invullen. "
        "In een kleine groep, na een kort intakegesprek.",
        ["digid", "digitale-vaardigheden"],
        "cursus",
        "aanmelden",
        8,
        True,
        "MO",
        time(9, 30),
        time(11, 30),
    ),
]


LIBRARY_OFFER += [
    (
        "digicafe",
        "Digicafé",
        "Kom langs met uw vragen over uw telefoon, tablet of laptop. Een kopje koffie erbij, "
        "vrijwilligers helpen u. Gratis, u hoeft zich niet aan te melden.",
        ["digitale-vaardigheden"],
        "cafe",
        "inloop",
        None,
        False,
        "FR",
        time(10, 0),
        time(12, 0),
    ),
    (
        "tabletcafe",
        "Tabletcafé",
        "Elke eerste dinsdag van de maand: handige apps, foto's delen, veilig internetten op uw "
        "tablet. Neem uw eigen tablet mee.",
        ["digitale-vaardigheden"],
        "cafe",
        "inloop",
        12,
        False,
        "1TU",
        time(14, 0),
        time(15, 30),
    ),
    (
        "aangifte",
        "Informatiebijeenkomst: belastingaangifte doen",
        "Een uur uitleg over de aangifte inkomstenbelasting: wat u nodig heeft, hoe u inlogt en "
        "waar u hulp krijgt. Aanmelden kan bij de balie.",
        ["belastingaangifte"],
        "informatiebijeenkomst",
        "aanmelden",
        20,
        False,
        "",
        time(19, 30),
        time(20, 30),
    ),
]

#: Courses given as dated series: key -> (weeks per series, days from today to each start).
SERIES = {"digisterker": (4, (7, 49))}
#: One-off sessions: key -> days from today.
ONE_OFF = {"aangifte": 30}
#: Monthly offers (byday with an ordinal such as 1TU).
MONTHLY = {"tabletcafe"}


def _id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


def _location(organization: SocialOrganization, branch: Branch) -> Location:
    location, _ = Location.objects.update_or_create(
        id=_id("location", branch.pk),
        defaults={
            "organization": organization,
            "name": branch.name,
            "branch": branch,
            "address_1": branch.street,
            "postal_code": branch.postcode,
            "city": branch.place,
            "latitude": branch.latitude,
            "longitude": branch.longitude,
            "accessibility": branch.accessibility,
            "facilities": ["computers", "printer", "wifi"],
        },
    )
    return location


def _service(
    organization: SocialOrganization, key: str, offer: tuple, locations: list[Location]
) -> None:
    _key, name, description, themes, fmt, access, capacity, intake, day, start, end = offer
    service, _ = Service.objects.update_or_create(
        id=_id("service", organization.pk, key),
        defaults={
            "organization": organization,
            "name": name,
            "description": description,
            "themes": themes,
            "target_groups": ["iedereen"] if fmt == "spreekuur" else ["ouderen", "iedereen"],
            "format": fmt,
            "access": access,
            "capacity": capacity,
            "intake_required": intake,
            "what_to_bring": ["Uw DigiD (als u die heeft)", "De brief waar het over gaat"]
            if fmt == "spreekuur"
            else [],
            "languages": ["nl"],
            "source": "Wegwijs demo",
        },
    )
    today = timezone.localdate()
    for location in locations:
        at, _ = ServiceAtLocation.objects.get_or_create(service=service, location=location)
        for n, (freq, byday, first, last) in enumerate(_dates(key, day, today)):
            Schedule.objects.update_or_create(
                id=_id("schedule", at.pk, n) if n else _id("schedule", at.pk),
                defaults={
                    "service_at_location": at,
                    "freq": freq,
                    "byday": byday,
                    "opens_at": start,
                    "closes_at": end,
                    "dtstart": first,
                    "until": last,
                },
            )


def _dates(key: str, day: str, today: date) -> list[tuple[str, str, date | None, date | None]]:
    """The schedules of one offer: (freq, byday, first date, last date)."""
    if key in SERIES:
        weeks, starts = SERIES[key]
        result: list[tuple[str, str, date | None, date | None]] = []
        for offset in starts:
            first = today + timedelta(days=offset)
            first += timedelta(days=(WEEKDAYS.index(day) - first.weekday()) % 7)
            last = first + timedelta(weeks=weeks - 1)
            result.append((str(Schedule.Freq.WEEKLY), day, first, last))
        return result
    if key in ONE_OFF:
        return [("", "", today + timedelta(days=ONE_OFF[key]), None)]
    if key in MONTHLY:
        return [(Schedule.Freq.MONTHLY, day, today.replace(day=1), None)]
    return [(Schedule.Freq.WEEKLY, day, None, None)]


@transaction.atomic
def load() -> int:
    """Create or update the demo social map; returns the number of services. The search
    index is brought up to date once, at the end (not after every row)."""
    with indexing.deferred():
        return _load()


def _load() -> int:
    count = 0
    libraries = Organisation.objects.filter(kind=OrganisationKind.LIBRARY, is_demo=True)
    for library in libraries.order_by("pk"):
        branches = list(
            library.branches.filter(has_ido=True, latitude__isnull=False).order_by("pk")[:3]
        )
        if not branches:
            continue
        organization, _ = SocialOrganization.objects.update_or_create(
            id=_id("organization", library.pk),
            defaults={
                "name": library.name,
                "description": "De bibliotheek: lezen, leren en hulp bij de digitale overheid.",
                "website": library.website,
                "owner": library,
            },
        )
        locations = [_location(organization, branch) for branch in branches]
        for offer in LIBRARY_OFFER:
            _service(organization, offer[0], offer, locations)
            count += 1
    partner = Organisation.objects.filter(kind=OrganisationKind.PARTNER, is_demo=True).first()
    rotterdam = Branch.objects.filter(place="Rotterdam", latitude__isnull=False).first()
    if partner is not None and rotterdam is not None:
        organization, _ = SocialOrganization.objects.update_or_create(
            id=_id("organization", partner.pk),
            defaults={
                "name": partner.name,
                "description": "Gratis hulp bij brieven, formulieren, toeslagen en geldzaken.",
                "owner": partner,
            },
        )
        location, _ = Location.objects.update_or_create(
            id=_id("location", "partner", partner.pk),
            defaults={
                "organization": organization,
                "name": f"{partner.name}, spreekuur in de bibliotheek",
                "address_1": rotterdam.street,
                "postal_code": rotterdam.postcode,
                "city": rotterdam.place,
                "latitude": rotterdam.latitude,
                "longitude": rotterdam.longitude,
            },
        )
        _service(
            organization,
            "formulieren",
            (
                "formulieren",
                "Hulp bij brieven en formulieren",
                "Sociaal raadslieden helpen u met brieven van de overheid, toeslagen, bezwaar "
                "maken en betalingsproblemen. Persoonlijk advies, op afspraak.",
                ["toeslagen", "belastingaangifte", "geldzaken", "gemeente"],
                "spreekuur",
                "aanmelden",
                None,
                False,
                "FR",
                time(9, 0),
                time(12, 0),
            ),
            [location],
        )
        count += 1
    return count
