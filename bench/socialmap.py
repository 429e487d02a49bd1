"""Benchmark: the social map at national scale (search near a place, HSDS import), beside a
plain full-text query and a raw bulk insert on the same data in the same run.

    .venv/bin/python bench/socialmap.py [--services 20000] [--data-dir ../shared/data]
                                        [--database sqlite|postgres|both] [--queries 400]
                                        [--seed 7] [--profile import|search]

What it does, in one process per database (``both`` runs SQLite, then PostgreSQL on
127.0.0.1:5432):

1. a fresh database (a temporary SQLite file, or ``wegwijs_bench_socialmap`` on PostgreSQL,
   dropped at the end, also on errors), migrated, with the small test network; with
   ``--data-dir`` holding ``nl_pc4.csv`` the PC4 table is imported (postcodes and places for
   the geocoder, and the places the services are spread over); otherwise the services lie on a
   synthetic grid over the Netherlands and queries give coordinates;
2. generates ``--services`` services nationwide: organisations of the kinds found on a social
   map (library, SeniorWeb, Formulierenbrigade, sociaal raadslieden, Humanitas, welzijn,
   ouderenbond, MEE, municipality, Taalhuis...), each with 1-3 locations at a PC4 area
   (jittered), addresses and coordinates, and 1-16 services whose names and descriptions
   come from each kind's usual offer and the theme codes' vocabulary; weekly schedules, course
   sessions, phones, target groups, what to bring; some stale, inactive or "do not refer";
3. **raw bulk insert** (the floor): those rows with ``executemany`` in one transaction;
4. ``hsds.export_json()`` of all of it to an HSDS JSON file (timed too), then the tables are
   emptied;
5. **import** of that file through ``wegwijs socialmap import FILE --owner SLUG`` (the command,
   reading, the schema check when the HSDS schemas are there, our checks, storing, indexing
   for the search); target at most 60 s for 20,000 services;
6. **search**: ``--queries`` queries in a fixed mix (free text; text + place within 10 km;
   text + postcode within 25 km; place only within 10 km; text + theme + place within 25 km),
   each timed three ways: the search (geocoding + ``socialmap.finding.find``, all results
   ordered), the whole API request in-process (``GET /api/v1/services/``, first page of 25,
   HSDS serialised) and the **baseline**: one plain SQL query doing the same on the same data
   (SQLite: FTS5 with bm25 and a latitude/longitude box, exact distance in SQL; PostgreSQL:
   a ``tsvector`` column with a GIN index, ``ts_rank`` and earthdistance's ``earth_box`` over
   a GiST index); target p95 at most 50 ms for the search.

``--profile import`` or ``--profile search`` prints where the time goes (cProfile).
Results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import io
import json
import math
import os
import platform
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stats import percentile  # noqa: E402  (bench/ is on the path: scripts run from there)

SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "wegwijs_bench_socialmap"

# --- what a Dutch social map holds ---------------------------------------------------------

#: (name template, weight, [(service name, themes, format, access)], location names)
ORG_KINDS: list[tuple[str, int, list[tuple[str, list[str], str, str]], list[str]]] = [
    (
        "Bibliotheek {place}",
        20,
        [
            (
                "Informatiepunt Digitale Overheid",
                ["digid", "gemeente", "toeslagen"],
                "spreekuur",
                "inloop",
            ),
            ("Spreekuur Digitale Overheid", ["digid", "belastingaangifte"], "spreekuur", "inloop"),
            ("Klik & Tik", ["digitale-vaardigheden"], "cursus", "aanmelden"),
            (
                "Digisterker: werken met de e-overheid",
                ["digid", "digitale-vaardigheden"],
                "cursus",
                "aanmelden",
            ),
            ("Digicafé", ["digitale-vaardigheden"], "cafe", "inloop"),
            ("Tabletcafé", ["digitale-vaardigheden"], "cafe", "inloop"),
            ("Hulp bij de belastingaangifte", ["belastingaangifte"], "spreekuur", "aanmelden"),
            ("DigiD-spreekuur", ["digid"], "spreekuur", "inloop"),
            (
                "Taalhuis: lezen en schrijven",
                ["overig", "digitale-vaardigheden"],
                "coaching",
                "aanmelden",
            ),
            ("Cursus Veilig internetten", ["digitale-vaardigheden"], "cursus", "aanmelden"),
            ("Cursus Omgaan met je smartphone", ["digitale-vaardigheden"], "cursus", "aanmelden"),
            (
                "Informatiebijeenkomst Zorgverzekering kiezen",
                ["zorgverzekering"],
                "informatiebijeenkomst",
                "inloop",
            ),
        ],
        ["Bibliotheek {place}", "Bibliotheek {place} Centrum", "Servicepunt {place}"],
    ),
    (
        "SeniorWeb {place}",
        8,
        [
            ("Computerles voor senioren", ["digitale-vaardigheden"], "cursus", "aanmelden"),
            ("Tablethulp", ["digitale-vaardigheden"], "coaching", "aanmelden"),
            ("Inloop computervragen", ["digitale-vaardigheden", "digid"], "spreekuur", "inloop"),
            ("Cursus e-mailen en videobellen", ["digitale-vaardigheden"], "cursus", "aanmelden"),
        ],
        ["Leercentrum {place}", "Wijkcentrum {place}"],
    ),
    (
        "Formulierenbrigade {municipality}",
        8,
        [
            (
                "Hulp bij formulieren",
                ["toeslagen", "gemeente", "belastingaangifte"],
                "spreekuur",
                "inloop",
            ),
            ("Formulierenspreekuur", ["toeslagen", "zorgverzekering"], "spreekuur", "inloop"),
            ("Hulp bij toeslagen aanvragen", ["toeslagen"], "coaching", "aanmelden"),
            ("Invulhulp belastingaangifte", ["belastingaangifte"], "coaching", "aanmelden"),
        ],
        ["Wijkcentrum {place}", "Buurthuis {place}"],
    ),
    (
        "Sociaal Raadslieden {municipality}",
        6,
        [
            (
                "Spreekuur sociaal raadslieden",
                ["geldzaken", "toeslagen", "gemeente"],
                "spreekuur",
                "inloop",
            ),
            (
                "Juridisch en sociaal advies",
                ["werk-uitkering", "toeslagen"],
                "coaching",
                "aanmelden",
            ),
            (
                "Hulp bij bezwaar maken",
                ["toeslagen", "belastingaangifte", "werk-uitkering"],
                "coaching",
                "aanmelden",
            ),
            ("Uitleg van brieven van de overheid", ["overig", "toeslagen"], "spreekuur", "inloop"),
        ],
        ["Stadskantoor {place}", "Wijkcentrum {place}"],
    ),
    (
        "Humanitas {place}",
        6,
        [
            ("Thuisadministratie", ["geldzaken"], "coaching", "aanmelden"),
            ("Hulp bij de administratie", ["geldzaken", "toeslagen"], "coaching", "aanmelden"),
            ("Budgetcoach", ["geldzaken"], "coaching", "aanmelden"),
        ],
        ["Humanitas {place}", "Buurthuis {place}"],
    ),
    (
        "SchuldHulpMaatje {municipality}",
        4,
        [
            ("Schuldhulpmaatje", ["geldzaken"], "coaching", "aanmelden"),
            ("Inloop geldvragen", ["geldzaken", "boetes"], "spreekuur", "inloop"),
        ],
        ["Kerkelijk centrum {place}"],
    ),
    (
        "Welzijn {municipality}",
        8,
        [
            ("Wmo-cliëntondersteuning", ["gemeente", "zorg-indicatie"], "coaching", "aanmelden"),
            (
                "Ouderenadvies",
                ["aow-pensioen", "zorg-eigen-bijdrage", "gemeente"],
                "spreekuur",
                "inloop",
            ),
            ("Mantelzorgondersteuning", ["pgb", "zorg-indicatie"], "coaching", "aanmelden"),
            ("Buurtcoach spreekuur", ["gemeente", "geldzaken"], "spreekuur", "inloop"),
            ("Hulp bij pgb-administratie", ["pgb"], "coaching", "aanmelden"),
        ],
        ["Wijkcentrum {place}", "Buurthuis {place}", "Dorpshuis {place}"],
    ),
    (
        "KBO-PCOB {place}",
        5,
        [
            (
                "Belastinginvulhulp voor ouderen",
                ["belastingaangifte", "toeslagen"],
                "coaching",
                "aanmelden",
            ),
            ("Ouderenadviseur", ["aow-pensioen", "zorg-eigen-bijdrage"], "coaching", "aanmelden"),
            ("AOW en pensioen: uitleg", ["aow-pensioen"], "informatiebijeenkomst", "inloop"),
        ],
        ["Dorpshuis {place}", "Zalencentrum {place}"],
    ),
    (
        "FNV Servicepunt {place}",
        3,
        [
            ("Belastingservice", ["belastingaangifte"], "coaching", "aanmelden"),
            ("Spreekuur werk en uitkering", ["werk-uitkering"], "spreekuur", "inloop"),
        ],
        ["FNV Servicepunt {place}"],
    ),
    (
        "MEE {province}",
        3,
        [
            (
                "Onafhankelijke cliëntondersteuning",
                ["zorg-indicatie", "pgb", "gemeente"],
                "coaching",
                "aanmelden",
            ),
            ("Hulp bij een Wlz-aanvraag", ["zorg-indicatie"], "coaching", "aanmelden"),
        ],
        ["MEE {place}"],
    ),
    (
        "Gemeente {municipality}",
        8,
        [
            ("Loket Wmo", ["gemeente", "zorg-indicatie"], "spreekuur", "aanmelden"),
            ("Schuldhulpverlening", ["geldzaken"], "coaching", "aanmelden"),
            ("Bijstand aanvragen", ["werk-uitkering", "gemeente"], "spreekuur", "aanmelden"),
            ("Spreekuur Werk en Inkomen", ["werk-uitkering"], "spreekuur", "inloop"),
            ("Paspoort en ID-kaart aanvragen", ["gemeente"], "spreekuur", "aanmelden"),
        ],
        ["Gemeentehuis {place}", "Stadskantoor {place}"],
    ),
    (
        "Taalhuis {place}",
        4,
        [
            ("Taalcafé", ["overig"], "cafe", "inloop"),
            ("Oefenen met Nederlands", ["overig", "digitale-vaardigheden"], "cursus", "aanmelden"),
        ],
        ["Taalhuis {place}"],
    ),
    (
        "VluchtelingenWerk {place}",
        3,
        [
            ("Spreekuur inburgering", ["studiefinanciering", "gemeente"], "spreekuur", "inloop"),
            ("Hulp bij DUO en inburgering", ["studiefinanciering"], "coaching", "aanmelden"),
            (
                "Toeslagen voor nieuwkomers",
                ["toeslagen", "kinderbijslag"],
                "informatiebijeenkomst",
                "aanmelden",
            ),
        ],
        ["Wijkcentrum {place}"],
    ),
    (
        "Jongerenloket {municipality}",
        2,
        [
            (
                "Geldspreekuur voor jongeren",
                ["geldzaken", "studiefinanciering"],
                "spreekuur",
                "inloop",
            ),
            (
                "Zorgverzekering en toeslagen regelen",
                ["zorgverzekering", "toeslagen"],
                "coaching",
                "aanmelden",
            ),
        ],
        ["Jongerencentrum {place}"],
    ),
    (
        "Geldloket {municipality}",
        2,
        [
            (
                "Hulp bij boetes en een betalingsregeling",
                ["boetes", "geldzaken"],
                "spreekuur",
                "inloop",
            ),
            (
                "Rijbewijs verlengen en gezondheidsverklaring",
                ["rijbewijs"],
                "informatiebijeenkomst",
                "inloop",
            ),
        ],
        ["Geldloket {place}"],
    ),
]

THEME_TEXT: dict[str, list[str]] = {
    "digid": [
        "Wij helpen u een DigiD aan te vragen en te activeren.",
        "Hulp bij de DigiD-app en inloggen met sms-controle.",
        "Uitleg over machtigen: iemand anders zaken voor u laten regelen.",
    ],
    "belastingaangifte": [
        "Hulp bij het invullen van de aangifte inkomstenbelasting.",
        "Uitleg over de voorlopige aanslag en een betalingsregeling bij de Belastingdienst.",
    ],
    "toeslagen": [
        "Hulp bij het aanvragen en wijzigen van huurtoeslag en zorgtoeslag.",
        "Wat u kunt doen als u een toeslag moet terugbetalen.",
        "Uitleg over kinderopvangtoeslag en het kindgebonden budget.",
    ],
    "werk-uitkering": [
        "Hulp bij de werkmap van UWV en het aanvragen van een WW-uitkering.",
        "Vragen over de ziektewet, de WIA en solliciteren.",
    ],
    "aow-pensioen": [
        "Uitleg over de AOW van de SVB en uw pensioenoverzicht.",
        "Hulp bij het aanvragen van AOW of een nabestaandenuitkering.",
    ],
    "kinderbijslag": ["Hulp bij het aanvragen van kinderbijslag bij de SVB."],
    "pgb": ["Hulp bij de administratie van een persoonsgebonden budget."],
    "zorg-eigen-bijdrage": ["Uitleg over de eigen bijdrage van het CAK voor Wmo en Wlz."],
    "zorg-indicatie": ["Hulp bij een indicatie van het CIZ voor de Wet langdurige zorg."],
    "zorgverzekering": ["Hulp bij het kiezen en regelen van een zorgverzekering."],
    "studiefinanciering": ["Vragen over studiefinanciering, terugbetalen en inburgering bij DUO."],
    "boetes": ["Hulp bij verkeersboetes van het CJIB en het aanvragen van een betalingsregeling."],
    "rijbewijs": [
        "Hulp bij het verlengen van uw rijbewijs en de gezondheidsverklaring van het CBR."
    ],
    "gemeente": [
        "Hulp bij aanvragen bij de gemeente, zoals Wmo en bijstand.",
        "Verhuizing doorgeven of een afspraak maken voor paspoort of identiteitskaart.",
    ],
    "geldzaken": [
        "Hulp bij schulden, betalingsachterstanden en de thuisadministratie.",
        "Samen orde brengen in uw post en rekeningen.",
    ],
    "digitale-vaardigheden": [
        "Leer werken met de computer, tablet of smartphone in uw eigen tempo.",
        "Veilig internetten, e-mailen en videobellen.",
        "In een kleine groep, met geduldige vrijwilligers.",
    ],
    "overig": ["Oefenen met lezen, schrijven en rekenen.", "Samen leren in een vaste groep."],
}
FORMAT_TEXT = {
    "cursus": "Een cursus van vier lessen van twee uur, met maximaal {capacity} deelnemers.",
    "spreekuur": "Loop binnen tijdens het spreekuur.",
    "cafe": "Elke week een open inloop met koffie, om samen te oefenen.",
    "coaching": "Een vrijwilliger komt langs of maakt een afspraak met u.",
    "informatiebijeenkomst": "Een bijeenkomst met uitleg en ruimte voor vragen.",
}
BRING = {
    "digid": ["DigiD-inloggegevens", "Uw telefoon met de DigiD-app"],
    "belastingaangifte": ["Jaaropgaven", "Brieven van de Belastingdienst"],
    "toeslagen": ["Uw huurcontract", "Brieven van Dienst Toeslagen"],
    "digitale-vaardigheden": ["Een eigen tablet of laptop (als u die heeft)"],
    "geldzaken": ["Recente rekeningen en brieven"],
}
DAY_NAMES = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
EXTRA_TEXT = [
    "Koffie en thee staan klaar.", "De ruimte is goed toegankelijk met een rolstoel.",
    "U kunt ook bellen voor een afspraak.", "Neem gerust iemand mee.", "Deelname is gratis.",
    "Er zijn computers aanwezig.", "Wij werken samen met de bibliotheek en de gemeente.",
    "De vrijwilligers zijn getraind en hebben geheimhouding.", "Ook in de schoolvakanties.",
    "Aanmelden kan bij de balie of via de website.", "Er is een lift naar de eerste verdieping.",
    "Parkeren kan gratis voor de deur.", "Bus 12 stopt vlakbij.",
    "Heeft u een brief gekregen die u niet begrijpt? Neem hem mee.",
]  # fmt: skip
STREETS = [
    "Dorpsstraat", "Kerkstraat", "Stationsweg", "Schoolstraat", "Molenweg", "Marktplein",
    "Julianastraat", "Wilhelminastraat", "Beatrixlaan", "Parklaan", "Hoofdstraat", "Raadhuisplein",
]  # fmt: skip
TARGET_GROUPS = ["iedereen", "ouderen", "nieuwkomers", "laaggeletterden", "werkzoekenden",
                 "ouders", "jongeren", "beperking", "ondernemers"]  # fmt: skip
QUERIES = [
    "hulp bij digid aanvragen", "digi d werkt niet", "cursus computer voor ouderen",
    "iemand die helpt met formulieren", "toeslag terugbetalen", "huurtoeslag aanvragen",
    "belastingaangifte invullen", "hulp met de belasting", "schulden", "hulp bij rekeningen",
    "tablet leren", "leren werken met de smartphone", "inloopspreekuur", "klik en tik",
    "digisterker", "taalhuis", "werkmap uwv", "ww uitkering aanvragen", "aow aanvragen",
    "pensioen", "zorgtoeslag", "boete cjib betalen", "rijbewijs verlengen", "wmo aanvraag",
    "paspoort afspraak", "e-mail leren", "veilig internetten", "videobellen met de kleinkinderen",
    "pgb administratie", "eigen bijdrage cak", "indicatie wlz", "zorgverzekering kiezen",
    "studiefinanciering terugbetalen", "inburgering", "kinderbijslag", "bezwaar maken",
    "brief van de gemeente begrijpen", "thuisadministratie", "budgetcoach", "digicafe",
]  # fmt: skip
MIX = [  # (kind, share, text?, near?, radius km, theme filter?)
    ("text", 0.30, True, None, None, False),
    ("text + place 10 km", 0.30, True, "place", 10.0, False),
    ("text + postcode 25 km", 0.20, True, "postcode", 25.0, False),
    ("place 10 km", 0.10, False, "place", 10.0, False),
    ("text + theme + place 25 km", 0.10, True, "place", 25.0, True),
]
PAGE_SIZE = 25


@dataclass(frozen=True)
class Area:
    pc4: str
    place: str
    municipality: str
    province: str
    latitude: float
    longitude: float


def read_areas(data_dir: Path | None) -> tuple[list[Area], str]:
    path = data_dir / "nl_pc4.csv" if data_dir else None
    if path is not None and path.is_file():
        with path.open(encoding="utf-8") as handle:
            rows = [
                Area(r["pc4"], r["place"], r["municipality"], r["province"], float(r["lat"]), float(r["lon"]))
                for r in csv.DictReader(handle)
            ]  # fmt: skip
        return rows, f"{len(rows)} PC4 areas from {path}"
    areas = []
    i = 0
    lat = 50.80
    while lat < 53.45:
        lon = 3.40
        while lon < 7.15:
            areas.append(
                Area(
                    str(1000 + i % 8999),
                    f"Raster {i}",
                    f"Raster {i // 20}",
                    "Nederland",
                    round(lat, 4),
                    round(lon, 4),
                )
            )
            i += 1
            lon += 0.07
        lat += 0.045
    return areas, f"a synthetic grid of {len(areas)} points over the Netherlands (no --data-dir)"


# --- generating the map --------------------------------------------------------------------


def generate(count: int, areas: list[Area], owner: Any, rng: random.Random) -> dict[str, list[Any]]:
    """Model instances (not saved) for ``count`` services nationwide."""
    from wegwijs.socialmap.models import (
        Location,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
        SocialOrganization,
    )

    today = date.today()
    by_municipality: dict[str, list[Area]] = {}
    for area in areas:
        by_municipality.setdefault(area.municipality, []).append(area)
    out: dict[str, list[Any]] = {
        k: [] for k in ("orgs", "locations", "services", "sals", "schedules", "phones")
    }
    weights = [kind[1] for kind in ORG_KINDS]
    made = 0
    while made < count:
        name, _w, offer, location_names = rng.choices(ORG_KINDS, weights)[0]
        area = rng.choice(areas)
        fill = {"place": area.place, "municipality": area.municipality, "province": area.province}
        org = SocialOrganization(
            id=uuid.uuid4(),
            name=name.format(**fill),
            description=f"{name.split(' {')[0]}: hulp en cursussen dichtbij.",
            website=f"https://www.example.nl/{rng.randrange(10**6)}",
            owner=owner,
        )
        out["orgs"].append(org)
        out["phones"].append(
            Phone(
                id=uuid.uuid4(),
                organization=org,
                number=f"0{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            )
        )
        locations = []
        for i in range(rng.choices([1, 2, 3], [60, 30, 10])[0]):
            at = area if i == 0 else rng.choice(by_municipality[area.municipality])
            letters = rng.choice("ABCEGHJKLMNPRTVWXZ") + rng.choice("ABCEGHJKLMNPRTVWXZ")
            location = Location(
                id=uuid.uuid4(),
                organization=org,
                name=rng.choice(location_names).format(place=at.place),
                address_1=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                postal_code=f"{at.pc4} {letters}",
                city=at.place,
                state_province=at.province,
                latitude=round(at.latitude + rng.uniform(-0.008, 0.008), 6),
                longitude=round(at.longitude + rng.uniform(-0.012, 0.012), 6),
                facilities=rng.sample(
                    ["computers", "printer", "wifi", "spreekkamer"], rng.randint(0, 3)
                ),
            )
            locations.append(location)
        out["locations"].extend(locations)
        for _ in range(min(count - made, max(1, round(rng.gauss(8, 4))))):
            made += 1
            title, themes, fmt, access = rng.choice(offer)
            capacity = rng.choice([6, 8, 10, 12]) if fmt == "cursus" else None
            where = rng.sample(locations, min(len(locations), rng.choices([1, 2], [75, 25])[0]))
            start = clock(rng.choice([9, 10, 13, 14, 19]), rng.choice([0, 30]))
            end = clock(start.hour + 2, start.minute)
            days = sorted(rng.sample(range(5), rng.choice([1, 1, 2])))
            sentences = [rng.choice(THEME_TEXT[t]) for t in themes[:2]]
            sentences.append(FORMAT_TEXT[fmt].format(capacity=capacity))
            sentences.append(
                f"{' en '.join(DAY_NAMES[d] for d in days).capitalize()} van {start:%H.%M} tot "
                f"{end:%H.%M} uur."
            )
            sentences += rng.sample(EXTRA_TEXT, rng.randint(0, 2))
            groups = rng.sample(TARGET_GROUPS, rng.choices([0, 1, 2], [40, 45, 15])[0])
            status = rng.choices(["active", "inactive", "temporarily closed"], [96, 2, 2])[0]
            service = Service(
                id=uuid.uuid4(),
                organization=org,
                name=title,
                description=" ".join(sentences),
                status=status,
                do_not_refer=rng.random() < 0.04,
                themes=list(themes),
                target_groups=groups,
                format=fmt,
                access=access,
                what_to_bring=[b for t in themes for b in BRING.get(t, [])][:3],
                languages=[
                    "nl",
                    *rng.sample(["en", "ar", "tr", "pl"], rng.choices([0, 1, 2], [70, 20, 10])[0]),
                ],
                capacity=capacity,
                intake_required=title.startswith("Digisterker"),
                last_verified=today - timedelta(days=rng.randint(0, 270)),
            )
            service.refresh_codes()
            out["services"].append(service)
            if rng.random() < 0.3:
                out["phones"].append(
                    Phone(
                        id=uuid.uuid4(),
                        service=service,
                        number=f"0{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                        description="Aanmelden",
                    )
                )
            for location in where:
                sal = ServiceAtLocation(id=uuid.uuid4(), service=service, location=location)
                out["sals"].append(sal)
                if fmt == "cursus":
                    first = today + timedelta(days=rng.randint(1, 60))
                    for week in range(4):
                        day = first + timedelta(weeks=week)
                        out["schedules"].append(
                            Schedule(
                                id=uuid.uuid4(),
                                service_at_location=sal,
                                dtstart=day,
                                until=day,
                                opens_at=start,
                                closes_at=end,
                                description=f"Les {week + 1}",
                            )
                        )
                else:
                    byday = ",".join(["MO", "TU", "WE", "TH", "FR"][d] for d in days)
                    out["schedules"].append(
                        Schedule(
                            id=uuid.uuid4(),
                            service_at_location=sal,
                            freq="WEEKLY",
                            byday=byday,
                            opens_at=start,
                            closes_at=end,
                        )
                    )
    return out


ORDER = [("orgs", "SocialOrganization"), ("locations", "Location"), ("services", "Service"),
         ("sals", "ServiceAtLocation"), ("schedules", "Schedule"), ("phones", "Phone")]  # fmt: skip


def raw_rows(generated: dict[str, list[Any]]) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """(table, columns, rows) ready for executemany, converted as the database wants them."""
    from django.db import connection

    tables = []
    for key, _name in ORDER:
        objects = generated[key]
        fields = [f for f in type(objects[0])._meta.concrete_fields]
        columns = [f.column for f in fields]
        rows = [
            tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
            for obj in objects
        ]
        tables.append((type(objects[0])._meta.db_table, columns, rows))
    return tables


def raw_insert(tables: list[tuple[str, list[str], list[tuple[Any, ...]]]]) -> float:
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in tables:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                rows,
            )
    return time.perf_counter() - start


def empty_tables() -> None:
    from django.db import connection, transaction

    from wegwijs.socialmap import models

    with transaction.atomic(), connection.cursor() as cursor:
        for _key, name in reversed(ORDER):
            cursor.execute(f"DELETE FROM {getattr(models, name)._meta.db_table}")


# --- the baseline: plain SQL full text + a box ---------------------------------------------


class Baseline:
    """One SQL query per search on the same tables: full text (FTS5 / tsvector) with the
    visibility and theme filters, a latitude/longitude box and the exact distance."""

    def __init__(self) -> None:
        from django.db import connection

        self.vendor = connection.vendor
        start = time.perf_counter()
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(
                    "CREATE VIRTUAL TABLE bench_fts USING fts5(service_id UNINDEXED, name, "
                    "description, extra, tokenize='unicode61 remove_diacritics 2')"
                )
                cursor.execute(
                    """INSERT INTO bench_fts (service_id, name, description, extra)
                    SELECT s.id, s.name || ' ' || s.alternate_name, s.description,
                           o.name || ' ' || coalesce((SELECT group_concat(l.city || ' ' || l.name, ' ')
                               FROM socialmap_serviceatlocation sal
                               JOIN socialmap_location l ON l.id = sal.location_id
                               WHERE sal.service_id = s.id), '')
                    FROM socialmap_service s JOIN socialmap_socialorganization o ON o.id = s.organization_id
                    WHERE s.status = 'active'"""
                )
            else:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS cube")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
                cursor.execute(
                    """CREATE TABLE bench_fts AS
                    SELECT s.id AS service_id,
                      setweight(to_tsvector('dutch', s.name || ' ' || s.alternate_name), 'A')
                      || setweight(to_tsvector('dutch', s.description), 'B')
                      || to_tsvector('dutch', o.name || ' ' || coalesce((SELECT string_agg(l.city || ' ' || l.name, ' ')
                               FROM socialmap_serviceatlocation sal
                               JOIN socialmap_location l ON l.id = sal.location_id
                               WHERE sal.service_id = s.id), '')) AS doc
                    FROM socialmap_service s JOIN socialmap_socialorganization o ON o.id = s.organization_id
                    WHERE s.status = 'active'"""
                )
                cursor.execute("CREATE INDEX bench_fts_doc ON bench_fts USING gin (doc)")
                cursor.execute("CREATE UNIQUE INDEX bench_fts_id ON bench_fts (service_id)")
                cursor.execute(
                    "CREATE INDEX bench_location_earth ON socialmap_location "
                    "USING gist (ll_to_earth(latitude, longitude))"
                )
                cursor.execute("ANALYZE")
        self.build_seconds = time.perf_counter() - start

    @staticmethod
    def words(text: str) -> list[str]:
        return [w for w in re.findall(r"\w+", text.lower()) if len(w) > 1]

    def query(
        self, q: str, theme: str, lat: float | None, lon: float | None, radius: float | None
    ) -> list[Any]:
        from django.db import connection

        words = self.words(q)
        params: list[Any] = []
        where = ["s.status = 'active'"]
        if theme:
            where.append("s.codes LIKE %s")
            params.append(f"% {theme} %")
        if self.vendor == "sqlite":
            match = " OR ".join(f'"{w}"' for w in words)
            if lat is None:
                sql = (
                    "SELECT f.service_id, bm25(bench_fts, 0, 3.0, 1.0, 1.0) AS r FROM bench_fts f "
                    "JOIN socialmap_service s ON s.id = f.service_id "
                    f"WHERE bench_fts MATCH %s AND {' AND '.join(where)} ORDER BY r"
                )
                params.insert(0, match)
            else:
                d_lat = radius / 111.195
                d_lon = radius / (111.195 * math.cos(math.radians(lat)))
                distance = (
                    "12742.0176 * asin(sqrt(pow(sin(radians(l.latitude - %s) / 2), 2) + "
                    "cos(radians(%s)) * cos(radians(l.latitude)) * "
                    "pow(sin(radians(l.longitude - %s) / 2), 2)))"
                )
                source = (
                    "FROM socialmap_service s"
                    if not words
                    else ("FROM bench_fts f JOIN socialmap_service s ON s.id = f.service_id")
                )
                text = "bench_fts MATCH %s AND " if words else ""
                sql = (
                    f"SELECT s.id, min({distance}) AS d {source} "
                    "JOIN socialmap_serviceatlocation sal ON sal.service_id = s.id "
                    "JOIN socialmap_location l ON l.id = sal.location_id "
                    f"WHERE {text}{' AND '.join(where)} "
                    "AND l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s "
                    "GROUP BY s.id HAVING d <= %s ORDER BY d"
                )
                params = [lat, lat, lon] + ([match] if words else []) + params
                params += [lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon, radius]
        else:
            tsquery = " | ".join(words)
            if lat is None:
                sql = (
                    "SELECT f.service_id, ts_rank(f.doc, q) AS r FROM bench_fts f "
                    "JOIN socialmap_service s ON s.id = f.service_id, to_tsquery('dutch', %s) q "
                    f"WHERE f.doc @@ q AND {' AND '.join(where)} ORDER BY r DESC"
                )
                params.insert(0, tsquery)
            else:
                point = "ll_to_earth(%s, %s)"
                source = (
                    "FROM socialmap_service s"
                    if not words
                    else ("FROM bench_fts f JOIN socialmap_service s ON s.id = f.service_id")
                )
                text = "f.doc @@ to_tsquery('dutch', %s) AND " if words else ""
                sql = (
                    f"SELECT s.id, min(earth_distance({point}, ll_to_earth(l.latitude, l.longitude))) AS d "
                    f"{source} JOIN socialmap_serviceatlocation sal ON sal.service_id = s.id "
                    "JOIN socialmap_location l ON l.id = sal.location_id "
                    f"WHERE {text}{' AND '.join(where)} "
                    f"AND earth_box({point}, %s) @> ll_to_earth(l.latitude, l.longitude) "
                    f"AND earth_distance({point}, ll_to_earth(l.latitude, l.longitude)) <= %s "
                    "GROUP BY s.id ORDER BY d"
                )
                params = [lat, lon] + ([tsquery] if words else []) + params
                params += [lat, lon, radius * 1000, lat, lon, radius * 1000]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


# --- the run -------------------------------------------------------------------------------


@dataclass
class Query:
    kind: str
    q: str
    near: str
    radius: float | None
    theme: str


def make_queries(n: int, areas: list[Area], grid: bool, rng: random.Random) -> list[Query]:
    from wegwijs.desk.codes import Theme

    places = sorted({a.place for a in areas})
    out = []
    for kind, share, text, near, radius, theme in MIX:
        for _ in range(round(n * share)):
            area = rng.choice(areas)
            where = ""
            if near == "place":
                where = f"{area.latitude:.4f},{area.longitude:.4f}" if grid else rng.choice(places)
            elif near == "postcode":
                where = (
                    f"{area.latitude:.4f},{area.longitude:.4f}"
                    if grid
                    else f"{area.pc4} {rng.choice('ABCDEGHJ')}{rng.choice('ABCDEGHJ')}"
                )
            out.append(
                Query(
                    kind,
                    rng.choice(QUERIES) if text else "",
                    where,
                    radius,
                    rng.choice([t for t in Theme.values if t != "overig"]) if theme else "",
                )
            )
    rng.shuffle(out)
    return out


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="wegwijs-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    try:
        yield f"{SERVER}/{DB_NAME}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def profiled(fn: Callable[[], Any], top: int = 35) -> Any:
    profile = cProfile.Profile()
    result = profile.runcall(fn)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    return result


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):>7.1f} {percentile(values, 95):>7.1f}"


def run(args: argparse.Namespace) -> None:
    with database(args.database) as url:
        os.environ["DJANGO_SETTINGS_MODULE"] = "wegwijs.conf.test"
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        import logging

        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from rest_framework.authtoken.models import Token

        from wegwijs.accounts.models import Role
        from wegwijs.geo import geocoding
        from wegwijs.geo.services import import_pc4
        from wegwijs.search import services as search
        from wegwijs.socialmap import finding, hsds
        from wegwijs.socialmap.models import Service
        from wegwijs.testing.network import build_network, user_for

        logging.disable(logging.WARNING)
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        rng = random.Random(args.seed)
        call_command("migrate", verbosity=0)
        network = build_network()
        user = user_for(Role.DESK_WORKER, network)
        areas, where = read_areas(args.data_dir)
        grid = not (args.data_dir and (args.data_dir / "nl_pc4.csv").is_file())
        if not grid:
            import_pc4(args.data_dir / "nl_pc4.csv")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()"
                if connection.vendor == "sqlite"
                else "SHOW server_version"
            )
            db_version = cursor.fetchone()[0]
        print(f"Load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(
            f"{date.today()}: {connection.vendor} {db_version}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()})"
        )
        print(f"Places: {where}")

        generated = generate(args.services, areas, network.rotterdam, rng)
        counts = {k: len(v) for k, v in generated.items()}
        print("Generated: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))

        # -- import, beside the raw insert ------------------------------------------------------
        tables = raw_rows(generated)
        raw = raw_insert(tables)
        start = time.perf_counter()
        document = hsds.export_json()
        export_s = time.perf_counter() - start
        path = Path(tempfile.mkdtemp(prefix="wegwijs-hsds-")) / "socialmap.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        del document
        empty_tables()
        schema = "with" if hsds.schema_dir() is not None else "without"
        out = io.StringIO()

        def load() -> None:
            call_command(
                "socialmap", "import", str(path), "--owner", network.rotterdam.slug, stdout=out
            )

        start, cpu = time.perf_counter(), time.process_time()
        if args.profile == "import":
            profiled(load)
        else:
            load()
        imported, imported_cpu = time.perf_counter() - start, time.process_time() - cpu
        stored = Service.objects.count()
        indexed = len(search.search("hulp", kinds=["service"], limit=100000))
        assert stored == counts["services"], (stored, counts["services"])
        print(
            f"\nImport of {counts['services']:,} services ({path.stat().st_size / 1e6:.0f} MB HSDS JSON, {schema} the schema check):"
        )
        print(
            f"  wegwijs socialmap import   {imported:7.1f} s   (target <= 60 s; {imported_cpu:.1f} s CPU in this process)"
        )
        print(
            f"  raw bulk insert (floor)    {raw:7.1f} s   same rows, executemany, one transaction"
        )
        print(f"  import / raw               {imported / raw:7.1f} x")
        print(
            f"  (export_json of the same:  {export_s:7.1f} s; {indexed:,} services found for 'hulp')"
        )
        path.unlink()
        path.parent.rmdir()

        # -- search ----------------------------------------------------------------------------
        search.reset()  # as a new app process: load the whole index from the database
        start = time.perf_counter()
        search.current_index()
        index_s = time.perf_counter() - start
        start = time.perf_counter()
        geocoding.geocode("Utrecht")
        gazetteer_s = time.perf_counter() - start
        baseline = Baseline()
        client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        queries = make_queries(args.queries, areas, grid, rng)
        timings: dict[str, dict[str, list[float]]] = {}
        sizes: dict[str, list[int]] = {}

        def one(query: Query) -> None:
            c0 = time.process_time()
            t0 = time.perf_counter()
            place = geocoding.geocode(query.near) if query.near else None
            criteria = finding.Criteria(
                q=query.q, theme=query.theme, place=place, radius_km=query.radius if place else None
            )
            found = finding.find(user, criteria)
            n = found.count() if not isinstance(found, finding.Found) else len(found.ids)
            t1 = time.perf_counter()
            c1 = time.process_time()
            params: dict[str, Any] = {"page_size": PAGE_SIZE}
            for key, value in (("q", query.q), ("near", query.near), ("theme", query.theme)):
                if value:
                    params[key] = value
            if query.near:
                params["radius_km"] = query.radius
            response = client.get("/api/v1/services/", params)
            assert response.status_code == 200, response.content[:300]
            t2 = time.perf_counter()
            baseline.query(
                query.q,
                query.theme,
                place.latitude if place else None,
                place.longitude if place else None,
                query.radius if place else None,
            )
            t3 = time.perf_counter()
            for name, seconds in (
                ("find", t1 - t0),
                ("find_cpu", c1 - c0),
                ("api", t2 - t1),
                ("baseline", t3 - t2),
            ):
                timings.setdefault(query.kind, {}).setdefault(name, []).append(seconds * 1000)
                timings.setdefault("all", {}).setdefault(name, []).append(seconds * 1000)
            sizes.setdefault(query.kind, []).append(n)

        for query in queries[:10]:  # warm-up, not counted
            one(query)
        timings.clear()
        sizes.clear()
        if args.profile == "search":
            profiled(lambda: [one(q) for q in queries])
        else:
            for query in queries:
                one(query)
        print(
            f"\nSearch, {len(queries)} queries (after 10 warm-up), ms; index loaded in {index_s:.1f} s, "
            f"gazetteer in {gazetteer_s:.1f} s, baseline index built in {baseline.build_seconds:.1f} s"
        )
        label = "FTS5 + box" if baseline.vendor == "sqlite" else "tsvector + earth_box"
        width = max(10, len(label) + 4)
        print(
            f"{'queries':<28}{'n':>5}{'results':>9}   {'search p50':>10} {'p95':>7}   "
            f"{'CPU p50':>7} {'p95':>7}   {'API p50':>7} {'p95':>7}   "
            f"{label + ' p50':>{width}} {'p95':>7}"
        )
        everything = [n for values in sizes.values() for n in values]
        for kind in [m[0] for m in MIX] + ["all"]:
            t = timings[kind]
            results = statistics.median(sizes.get(kind, everything))
            print(
                f"{kind:<28}{len(t['find']):>5}{results:>9.0f}   {ms(t['find']):>18}   "
                f"{ms(t['find_cpu']):>15}   {ms(t['api']):>15}   {ms(t['baseline']):>{width + 8}}"
            )
        p95 = percentile(timings["all"]["find"], 95)
        print(
            f"\nTarget: search p95 <= 50 ms: {'met' if p95 <= 50 else 'MISSED'} ({p95:.1f} ms; "
            f"CPU {percentile(timings['all']['find_cpu'], 95):.1f} ms); import <= 60 s: "
            f"{'met' if imported <= 60 else 'MISSED'} ({imported:.1f} s; CPU {imported_cpu:.1f} s)"
        )
        print(f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        del settings


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--services", type=int, default=20000)
    parser.add_argument("--data-dir", type=Path, default=None, help="folder with nl_pc4.csv")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", choices=["import", "search"], default=None)
    args = parser.parse_args()
    if args.database == "both":
        for kind in ("sqlite", "postgres"):
            argv = [a for a in sys.argv[1:]]
            i = argv.index("--database")
            argv[i + 1] = kind
            print(f"=== {kind} ===", flush=True)
            subprocess.run([sys.executable, __file__, *argv], check=False)  # noqa: S603
            print(flush=True)
        return
    run(args)


if __name__ == "__main__":
    main()
