"""Factories for the social map, and ``build_social_map()``: a small, realistic map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import factory

from wegwijs.network.models import Branch, Organisation
from wegwijs.socialmap.models import (
    Access,
    Format,
    Location,
    Phone,
    Schedule,
    Scope,
    Service,
    ServiceAtLocation,
    SocialOrganization,
    TargetGroup,
)
from wegwijs.testing.factories import LibraryFactory


class SocialOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialOrganization

    name = factory.Sequence(lambda n: f"Stichting Hulp {n}")
    description = "Helpt inwoners met brieven en formulieren."
    owner = factory.SubFactory(LibraryFactory)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(SocialOrganizationFactory)
    name = factory.Sequence(lambda n: f"Wijkcentrum {n}")
    address_1 = "Hoogstraat 110"
    postal_code = "3011 PV"
    city = "Rotterdam"
    state_province = "Zuid-Holland"
    latitude = 51.9225
    longitude = 4.4792


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(SocialOrganizationFactory)
    name = factory.Sequence(lambda n: f"Spreekuur {n}")
    description = "Hulp bij DigiD en de belastingaangifte."
    themes = factory.LazyFunction(lambda: ["digid"])
    format = Format.SPREEKUUR
    access = Access.WALK_IN
    last_verified = date(2025, 3, 1)


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    freq = Schedule.Freq.WEEKLY
    byday = "TU"
    opens_at = time(10)
    closes_at = time(12)


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    number = "010 281 6100"


@dataclass
class SocialMap:
    organization: SocialOrganization
    course: Service
    consultation: Service
    library_location: Location
    community_centre: Location
    lonely: SocialOrganization


def build_social_map(owner: Organisation, branch: Branch | None = None) -> SocialMap:
    """An organization with a course at two locations (weekly schedules and dated sessions),
    a walk-in consultation hour (do not refer), a phone, what to bring, target groups; and an
    organization without services."""
    org = SocialOrganizationFactory(
        owner=owner,
        name="Bibliotheek Rotterdam",
        alternate_name="BRO",
        email="ido@bibliotheek.rotterdam.nl",
        website="https://www.bibliotheek.rotterdam.nl/",
    )
    PhoneFactory(organization=org, number="010 281 6100", description="Algemene vragen")
    library = LocationFactory(
        organization=org,
        name="Centrale Bibliotheek",
        branch=branch,
        accessibility="Rolstoeltoegankelijk, lift naar alle verdiepingen.",
        facilities=["computers", "printer", "wifi"],
        transportation="Metro Blaak",
    )
    centre = LocationFactory(
        organization=org,
        name="Wijkcentrum De Larik",
        address_1="Larikkenstraat 2",
        postal_code="3083 VA",
        latitude=51.8838,
        longitude=4.4853,
    )
    LocationFactory(
        organization=org,
        name="Online",
        location_type=Location.LocationType.VIRTUAL,
        address_1="",
        postal_code="",
        city="",
        state_province="",
        latitude=None,
        longitude=None,
    )
    course = ServiceFactory(
        organization=org,
        name="Digisterker",
        alternate_name="Werken met de e-overheid",
        description="Vier bijeenkomsten van twee uur over DigiD en de overheid online.",
        themes=["digid", "digitale-vaardigheden"],
        target_groups=[TargetGroup.SENIORS, TargetGroup.LOW_LITERACY],
        format=Format.CURSUS,
        access=Access.SIGN_UP,
        what_to_bring=["DigiD-inloggegevens", "Een eigen tablet of laptop"],
        languages=["nl"],
        capacity=8,
        intake_required=True,
        scope=Scope.LOCAL,
        source="G!DS",
        url="https://www.digisterker.nl/",
    )
    PhoneFactory(service=course, number="010 281 6199", description="Aanmelden")
    at_library = ServiceAtLocationFactory(service=course, location=library)
    ScheduleFactory(
        service_at_location=at_library, byday="TU", opens_at=time(10), closes_at=time(12)
    )
    for day in (date(2025, 4, 1), date(2025, 4, 8)):
        ScheduleFactory(
            service_at_location=at_library,
            freq="",
            byday="",
            dtstart=day,
            until=day,
            opens_at=time(14),
            closes_at=time(16),
            description="Bijeenkomst",
        )
    at_centre = ServiceAtLocationFactory(
        service=course, location=centre, description="In de grote zaal"
    )
    ScheduleFactory(
        service_at_location=at_centre, byday="MO,TH", opens_at=time(9, 30), closes_at=time(11, 30)
    )
    consultation = ServiceFactory(
        organization=org,
        name="Inloopspreekuur Belastingaangifte",
        themes=["belastingaangifte"],
        target_groups=[TargetGroup.ALL],
        format=Format.SPREEKUUR,
        access=Access.WALK_IN,
        do_not_refer=True,
        fees_description="Gratis voor leden, anders 5 euro.",
        languages=["nl", "en", "ar"],
    )
    sal = ServiceAtLocationFactory(service=consultation, location=library)
    ScheduleFactory(
        service_at_location=sal,
        freq=Schedule.Freq.WEEKLY,
        byday="WE",
        opens_at=time(13),
        closes_at=time(15, 30),
        until=date(2025, 12, 31),
    )
    lonely = SocialOrganizationFactory(owner=owner, name="Humanitas Rotterdam")
    PhoneFactory(organization=lonely, number="010 123 4567")
    return SocialMap(org, course, consultation, library, centre, lonely)
