"""Fixtures of the partnership tools' tests: a small set of tools for Bibliotheek Rotterdam
(the test network's coordinator library) and social-map organisations near and far."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from wegwijs.programme.partnerships.models import (
    PartnershipCriterion,
    PartnershipGoal,
    PartnershipPartner,
    PartnershipScore,
)
from wegwijs.socialmap.models import Location, SocialOrganization


@dataclass
class Tools:
    library: Any
    near: SocialOrganization  # on the social map, near the library's branches (Delft)
    far: SocialOrganization  # on the social map, in Groningen
    raadslieden: PartnershipPartner
    humanitas: PartnershipPartner
    doelgroep: PartnershipCriterion  # weight 3
    capaciteit: PartnershipCriterion  # weight 1
    bereiken: PartnershipGoal


def social(name: str, owner: Any, lat: float, lon: float, city: str) -> SocialOrganization:
    organisation = SocialOrganization.objects.create(name=name, description="Hulp.", owner=owner)
    Location.objects.create(
        organization=organisation, name=name, city=city, latitude=lat, longitude=lon
    )
    return organisation


@pytest.fixture
def tools(network: Any) -> Tools:
    library = network.rotterdam
    near = social("Formulierenbrigade Delft", network.partner, 52.0, 4.36, "Delft")
    far = social("Humanitas Groningen", network.partner, 53.22, 6.57, "Groningen")
    raadslieden = PartnershipPartner.objects.create(
        library=library,
        name="Sociaal Raadslieden",
        sector="sociaal-raadslieden",
        status="active",
        influence=5,
        added_value=4,
        interests="Minder vastgelopen inwoners.",
    )
    humanitas = PartnershipPartner.objects.create(
        library=library, name="Humanitas", sector="vrijwilligers", status="exploring"
    )
    doelgroep = PartnershipCriterion.objects.create(
        library=library, name="Gedeelde doelgroep", weight=3, position=1
    )
    capaciteit = PartnershipCriterion.objects.create(
        library=library, name="Capaciteit", weight=1, position=2
    )
    PartnershipScore.objects.create(
        partner=raadslieden, criterion=doelgroep, fit=5, added_value=5, feasibility=4
    )
    PartnershipScore.objects.create(
        partner=raadslieden, criterion=capaciteit, fit=3, added_value=3, feasibility=3
    )
    bereiken = PartnershipGoal.objects.create(library=library, name="Meer inwoners bereiken")
    return Tools(library, near, far, raadslieden, humanitas, doelgroep, capaciteit, bereiken)
