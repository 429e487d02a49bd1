"""Demo data of the support area (``wegwijs loaddemo``): Probiblio's trajectories for the
Zuid- and Noord-Holland demo libraries (basic support for both, extra support in
Noord-Holland), and Soob meetings of the Noord-Holland libraries with their participants and
materials (links only). DEMO DATA: dates and notes are made up, relative to today.

Idempotent: trajectories are upserted per library and activity, meetings found by organiser
and topic. Bibliotheek Gouda and DOK Delft do not take part (as in Probiblio's plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from wegwijs.accounts.models import User
from wegwijs.network.models import Organisation, Province
from wegwijs.programme.support import catalogue
from wegwijs.programme.support.models import (
    SoobMaterial,
    SoobMeeting,
    SoobParticipation,
    SupportActivityType,
    SupportItem,
)

NOT_TAKING_PART = {"bibliotheek-gouda", "dok-delft"}

#: Per rollout wave: (days ago the intake was done, or None for "planned", ...) per basic
#: activity in catalogue order; a negative number is a planned date that many days ahead.
BASIC_BY_WAVE: dict[str, list[int | None]] = {
    "kopgroep-2019": [400, 390, 360, 330, 300],
    "2020": [200, 190, 120, -20, -50],
    "2021": [40, 30, -30, -60, None],
    "later": [None, None, None, None, None],
}
EXTRA_NH = [("advies-marketing", 150), ("sessie-gids", 90), ("sessie-sociale-kaart", -25)]

NOTES = {
    "intake": "Intake gehouden met directie en coördinator; startdatum Informatiepunt besproken.",
    "lokale-bijeenkomst": "Bijeenkomst met medewerkers en vrijwilligers over de werkwijze.",
    "dialoogsessie": "Dialoogsessie met welzijn, sociaal raadslieden en de gemeente.",
    "sessie-gids": "Invoer van het eigen aanbod in G!DS samen doorgelopen.",
}


@dataclass(frozen=True)
class DemoMeeting:
    topic: str
    days: int  # from today: negative in the past
    place: str
    description: str
    materials: tuple[tuple[str, str], ...] = ()

    @property
    def online(self) -> bool:
        return not self.place


MEETINGS = [
    DemoMeeting(
        "Kick-off Soob-programma Digitale Inclusie",
        -120,
        "Bibliotheek Haarlem Centrum",
        "Start van het leernetwerk: doelen, werkwijze en de eerste ervaringen van de "
        "kopgroep-bibliotheken.",
        (
            ("Presentatie Soob-programma", "https://www.probiblio.nl/digitale-inclusie"),
            (
                "BiebtoBieb-groep Digitale Inclusie",
                "https://www.biebtobieb.nl/groups/digitale-inclusie",
            ),
        ),
    ),
    DemoMeeting(
        "Marketing rondom het Informatiepunt",
        -45,
        "",
        "Hoe zet je de landelijke campagnematerialen lokaal zo effectief mogelijk in?",
        (("Toolkit Informatiepunt Digitale Overheid", "https://www.landelijkehuisstijl.nl"),),
    ),
    DemoMeeting(
        "Samenwerken met partners: krachtenanalyse en afwegingstabel",
        21,
        "De Bieb Zaandam",
        "Ervaringen uitwisselen over het werken met lokale partners.",
    ),
]


def _day(today: date, days_ago: int | None) -> tuple[date | None, date | None]:
    """(planned_on, done_on) from "days ago" (done) or a negative number (planned ahead)."""
    if days_ago is None:
        return None, None
    if days_ago >= 0:
        done = today - timedelta(days=days_ago)
        return done - timedelta(days=14), done
    return today + timedelta(days=-days_ago), None


@transaction.atomic
def load() -> str:
    catalogue.ensure()
    today = timezone.localdate()
    probiblio = Organisation.objects.pois().filter(slug="probiblio").first()
    if probiblio is None:
        return "Support: no demo network (Probiblio missing), nothing loaded"
    consultant = User.objects.filter(username="poi").first()
    types = {t.code: t for t in SupportActivityType.objects.all()}
    libraries = list(
        Organisation.objects.libraries()
        .filter(poi=probiblio)
        .exclude(slug__in=NOT_TAKING_PART)
        .select_related("province")
        .order_by("name")
    )
    items: list[SupportItem] = []
    for index, library in enumerate(libraries):
        pattern = BASIC_BY_WAVE.get(library.wave, BASIC_BY_WAVE["later"])
        for code, days in zip(catalogue.BASIC_CODES, pattern, strict=True):
            planned, done = _day(today, None if days is None else days + index % 7)
            if planned is None and done is None:
                continue
            items.append(
                SupportItem(
                    library=library,
                    activity=types[code],
                    planned_on=planned,
                    done_on=done,
                    consultant=consultant,
                    notes=NOTES.get(code, "") if done else "",
                )
            )
        if library.province is not None and library.province.code == "NL-NH" and index % 2 == 0:
            for code, days in EXTRA_NH:
                planned, done = _day(today, days + index % 5 if days >= 0 else days)
                items.append(
                    SupportItem(
                        library=library,
                        activity=types[code],
                        planned_on=planned,
                        done_on=done,
                        consultant=consultant,
                        notes=NOTES.get(code, "") if done else "",
                    )
                )
    SupportItem.objects.bulk_create(
        items,
        update_conflicts=True,
        unique_fields=["library", "activity"],
        update_fields=["planned_on", "done_on", "consultant", "notes"],
    )

    noord_holland = Province.objects.filter(code="NL-NH").first()
    nh_libraries = [
        lib for lib in libraries if lib.province is not None and lib.province.code == "NL-NH"
    ]
    meetings = 0
    for spec in MEETINGS:
        meeting, _created = SoobMeeting.objects.update_or_create(
            organiser=probiblio,
            topic=spec.topic,
            defaults={
                "date": today + timedelta(days=spec.days),
                "place": spec.place,
                "online": spec.online,
                "description": spec.description,
                "created_by": consultant,
            },
        )
        meetings += 1
        if noord_holland is not None:
            meeting.provinces.set([noord_holland])
        if spec.days < 0:  # a meeting that took place: its participants
            meeting.participations.all().delete()
            SoobParticipation.objects.bulk_create(
                SoobParticipation(meeting=meeting, library=lib, people=1 + (n % 3))
                for n, lib in enumerate(nh_libraries)
                if (n + meetings) % 4 != 0
            )
        for title, url in spec.materials:
            SoobMaterial.objects.update_or_create(
                meeting=meeting, title=title, defaults={"url": url, "added_by": consultant}
            )
    return (
        f"Support: {len(items)} trajectory activities for {len(libraries)} libraries, "
        f"{meetings} Soob meetings"
    )
