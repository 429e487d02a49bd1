"""A small public network for the public site's tests (unit and browser): postcodes, libraries
of each IDO model, IDO branches with hours, one branch without an IDO, social-map courses and a
published UWV article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from wegwijs.geo import geocoding
from wegwijs.geo.models import Pc4Area
from wegwijs.knowledge.models import Article, Status
from wegwijs.network.models import (
    Branch,
    HoursKind,
    IdoModel,
    OpeningException,
    OpeningPeriod,
    Organisation,
)
from wegwijs.socialmap.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    SocialOrganization,
)
from wegwijs.testing.factories import AgencyFactory, LibraryFactory, ProvinceFactory

PC4 = [
    ("1506", "Zaandam", "Zaanstad", "Noord-Holland", 52.4386, 4.8264),
    ("1541", "Koog aan de Zaan", "Zaanstad", "Noord-Holland", 52.4580, 4.8050),
    ("3011", "Rotterdam", "Rotterdam", "Zuid-Holland", 51.9207, 4.4853),
    ("3511", "Utrecht", "Utrecht", "Utrecht", 52.0907, 5.1214),
    ("9711", "Groningen", "Groningen", "Groningen", 53.2190, 6.5670),
]


@dataclass
class PublicNetwork:
    zaandam: Branch  # basis: consultation hours Tuesday and Thursday 10-12
    krommenie: Branch  # basis: consultation hour Wednesday 14-16
    rotterdam: Branch  # altijd: Monday to Friday 9-17
    utrecht: Branch  # basis without consultation hours: "ask"
    groningen: Branch  # breed: every day 9-22
    no_ido: Branch  # near Zaandam, without an Informatiepunt
    uwv: Organisation
    kliktik: Service
    digisterker: Service
    ido_service: Service
    hidden: list[Service]


def _hours(branch: Branch, days: range, opens: time, closes: time, kind: str) -> None:
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(branch=branch, kind=kind, weekday=d, opens=opens, closes=closes) for d in days
    )


def _branch(library: Organisation, name: str, **fields: object) -> Branch:
    return Branch.objects.create(organisation=library, name=name, has_ido=True, **fields)


def build() -> PublicNetwork:
    now = timezone.now()
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
        for pc4, place, municipality, province, lat, lon in PC4
    )
    geocoding.reset()
    nh = ProvinceFactory(code="NL-NH", name="Noord-Holland")
    zh = ProvinceFactory(code="NL-ZH", name="Zuid-Holland")
    ut = ProvinceFactory(code="NL-UT", name="Utrecht")
    gr = ProvinceFactory(code="NL-GR", name="Groningen")
    zaanstreek = LibraryFactory(
        name="De Bieb voor de Zaanstreek", slug="zaanstreek", province=nh, ido_model=IdoModel.BASIS
    )
    rotterdam_lib = LibraryFactory(
        name="Bibliotheek Rotterdam", slug="rotterdam", province=zh, ido_model=IdoModel.ALTIJD
    )
    utrecht_lib = LibraryFactory(
        name="Bibliotheek Utrecht", slug="utrecht", province=ut, ido_model=IdoModel.BASIS
    )
    groningen_lib = LibraryFactory(
        name="Biblionet Groningen", slug="groningen", province=gr, ido_model=IdoModel.BREED
    )
    zaandam = _branch(
        zaanstreek,
        "De Bieb Zaandam",
        street="Westzijde 8",
        postcode="1506 EA",
        place="Zaandam",
        latitude=52.4393,
        longitude=4.8136,
        accessibility="Ingang zonder drempel, lift naar alle verdiepingen.",
    )
    _hours(zaandam, range(6), time(10), time(18), HoursKind.OPEN)
    _hours(zaandam, range(1, 4, 2), time(10), time(12), HoursKind.CONSULTATION)
    krommenie = _branch(
        zaanstreek,
        "De Bieb Krommenie",
        street="Zuiderhoofdstraat 18",
        postcode="1561 AM",
        place="Krommenie",
        latitude=52.4997,
        longitude=4.7639,
    )
    _hours(krommenie, range(5), time(13), time(17), HoursKind.OPEN)
    _hours(krommenie, range(2, 3), time(14), time(16), HoursKind.CONSULTATION)
    rotterdam = _branch(
        rotterdam_lib,
        "Centrale Bibliotheek",
        street="Hoogstraat 110",
        postcode="3011 PV",
        place="Rotterdam",
        latitude=51.9215,
        longitude=4.4895,
    )
    _hours(rotterdam, range(5), time(9), time(17), HoursKind.OPEN)
    utrecht = _branch(
        utrecht_lib,
        "Bibliotheek Neude",
        street="Neude 11",
        postcode="3512 AE",
        place="Utrecht",
        latitude=52.0929,
        longitude=5.1187,
    )
    _hours(utrecht, range(6), time(10), time(18), HoursKind.OPEN)
    groningen = _branch(
        groningen_lib,
        "Forum Groningen",
        street="Nieuwe Markt 1",
        postcode="9712 KN",
        place="Groningen",
        latitude=53.2194,
        longitude=6.5685,
    )
    _hours(groningen, range(7), time(9), time(22), HoursKind.OPEN)
    OpeningException.objects.create(
        branch=groningen, date=timezone.localdate() + timedelta(days=3), reason="Koningsdag"
    )
    no_ido = Branch.objects.create(
        organisation=zaanstreek,
        name="De Bieb Zaandam-Noord",
        street="Noorderweg 1",
        postcode="1506 AA",
        place="Zaandam",
        latitude=52.4390,
        longitude=4.8260,
        has_ido=False,
    )
    _hours(no_ido, range(7), time(0), time(23, 59), HoursKind.OPEN)

    owner = SocialOrganization.objects.create(
        name="De Bieb voor de Zaanstreek", description="De bibliotheek.", owner=zaanstreek
    )
    location = Location.objects.create(
        organization=owner,
        name="De Bieb Zaandam",
        branch=zaandam,
        address_1="Westzijde 8",
        postal_code="1506 EA",
        city="Zaandam",
        latitude=52.4393,
        longitude=4.8136,
        facilities=["computers", "printer", "wifi"],
    )

    def service(name: str, fmt: str, **fields: object) -> Service:
        fields.setdefault("themes", ["digitale-vaardigheden"])
        return Service.objects.create(
            organization=owner,
            name=name,
            description=f"{name}: leer het in de bibliotheek.",
            format=fmt,
            **fields,
        )

    def weekly(item: Service, byday: str, opens: time, closes: time, **fields: object) -> None:
        at = ServiceAtLocation.objects.create(service=item, location=location)
        Schedule.objects.create(
            service_at_location=at,
            freq=fields.pop("freq", Schedule.Freq.WEEKLY),
            byday=byday,
            opens_at=opens,
            closes_at=closes,
            **fields,
        )

    kliktik = service("Klik & Tik", "cursus")
    weekly(kliktik, "WE", time(14), time(16))
    digisterker = service("Digisterker", "cursus", access="aanmelden", capacity=8)
    start = date.today() + timedelta(days=7)
    weekly(
        digisterker,
        "MO",
        time(9, 30),
        time(11, 30),
        dtstart=start,
        until=start + timedelta(weeks=3),
    )
    ido_service = service(
        "Informatiepunt Digitale Overheid",
        "spreekuur",
        what_to_bring=["Uw bankpas"],
        themes=["digid", "toeslagen"],
    )
    weekly(ido_service, "TU,TH", time(10), time(12))
    hidden = [
        service("Oude cursus", "cursus", do_not_refer=True),
        service("Gestopte cursus", "cursus", status=ServiceStatus.INACTIVE),
    ]
    for item in hidden:
        weekly(item, "FR", time(10), time(12))

    uwv = AgencyFactory()
    Article.objects.create(
        slug="uwv-ww-aanvragen",
        title="WW aanvragen",
        question="Hoe vraag ik een WW-uitkering aan?",
        summary="U vraagt WW aan bij UWV, met DigiD.",
        steps=["Log in bij Mijn UWV."],
        bring=["Uw DigiD", "Uw ontslagbrief"],
        themes=["werk-uitkering"],
        organisations=["uwv"],
        source="https://www.uwv.nl",
        owner=uwv,
        status=Status.PUBLISHED,
        review_by=date.today() + timedelta(days=300),
    )
    return PublicNetwork(
        zaandam=zaandam,
        krommenie=krommenie,
        rotterdam=rotterdam,
        utrecht=utrecht,
        groningen=groningen,
        no_ido=no_ido,
        uwv=uwv,
        kliktik=kliktik,
        digisterker=digisterker,
        ido_service=ido_service,
        hidden=hidden,
    )
