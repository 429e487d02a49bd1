"""factory-boy factories for the network and accounts, shared by every app's tests."""

from __future__ import annotations

from datetime import time
from typing import Any

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import (
    Branch,
    HoursKind,
    IdoModel,
    Municipality,
    OpeningPeriod,
    Organisation,
    OrganisationKind,
    Province,
    Wave,
)

PASSWORD = "correct-horse-battery"  # noqa: S105


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "NL-ZH"
    name = "Zuid-Holland"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{9000 + n % 999:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    province = factory.SubFactory(ProvinceFactory)


class PoiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.POI
    name = factory.Sequence(lambda n: f"POI {n}")
    slug = factory.Sequence(lambda n: f"poi-{n}")

    @factory.post_generation
    def provinces(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.provinces.set(extracted or [ProvinceFactory()])


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.LIBRARY
    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    slug = factory.Sequence(lambda n: f"bibliotheek-{n}")
    province = factory.SubFactory(ProvinceFactory)
    poi = None
    wave = Wave.WAVE_2020
    ido_model = IdoModel.BASIS


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    kind = OrganisationKind.AGENCY
    name = "UWV"
    slug = "uwv"
    code = "uwv"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PARTNER
    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    kind = OrganisationKind.PROGRAMME
    name = "KB programmabureau"
    slug = "kb"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    organisation = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Vestiging {n}")
    street = "Stationsplein 1"
    postcode = "2611 BT"
    place = "Delft"
    latitude = 52.0116
    longitude = 4.3571
    has_ido = True


def weekly_hours(
    branch: Branch, days: range = range(5), opens: time = time(9), closes: time = time(17)
) -> None:
    """Give a branch the same opening hours on the given weekdays (default Monday-Friday)."""
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(branch=branch, kind=HoursKind.OPEN, weekday=d, opens=opens, closes=closes)
        for d in days
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    role = Role.DESK_WORKER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


def make_user(
    role: str, organisation: Organisation | None = None, branch: Branch | None = None, **kwargs: Any
) -> User:
    """A user with a role in a fitting organisation (made when not given)."""
    if organisation is None:
        organisation = {
            Role.DESK_WORKER: lambda: branch.organisation if branch else LibraryFactory(),
            Role.COORDINATOR: lambda: branch.organisation if branch else LibraryFactory(),
            Role.POI_CONSULTANT: PoiFactory,
            Role.PROGRAMME_OFFICE: ProgrammeFactory,
            Role.AGENCY_ANALYST: AgencyFactory,
            Role.PARTNER_EDITOR: PartnerFactory,
            Role.ADMIN: ProgrammeFactory,
        }[Role(role)]()
    if role == Role.DESK_WORKER and branch is None:
        branch = BranchFactory(organisation=organisation)
    return UserFactory(
        role=role,
        organisation=organisation,
        branch=branch,
        is_superuser=role == Role.ADMIN,
        is_staff=role == Role.ADMIN,
        **kwargs,
    )


def add_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)
