"""A small network for tests: three provinces, two POIs, three libraries, one of each other
organisation. ``network`` in the root conftest builds it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Branch, Organisation, Province
from wegwijs.testing.factories import (
    AgencyFactory,
    BranchFactory,
    LibraryFactory,
    PartnerFactory,
    PoiFactory,
    ProgrammeFactory,
    ProvinceFactory,
    make_user,
)


@dataclass
class Network:
    zuid_holland: Province
    noord_holland: Province
    utrecht: Province
    probiblio: Organisation  # POI for Zuid- and Noord-Holland
    bisc: Organisation  # POI for Utrecht
    rotterdam: Organisation  # library in Zuid-Holland
    zaanstreek: Organisation  # library in Noord-Holland
    utrecht_library: Organisation  # library in Utrecht
    rotterdam_centrum: Branch
    rotterdam_zuid: Branch
    zaandam: Branch
    utrecht_neude: Branch
    uwv: Organisation
    partner: Organisation
    kb: Organisation


def user_for(role: str, n: Network, **kwargs: Any) -> User:
    """A user with ``role`` in the fitting organisation of the network (desk workers in
    Rotterdam Centrum, coordinators of Rotterdam, POI consultants of Probiblio...)."""
    organisation, branch = {
        Role.DESK_WORKER: (n.rotterdam, n.rotterdam_centrum),
        Role.COORDINATOR: (n.rotterdam, None),
        Role.POI_CONSULTANT: (n.probiblio, None),
        Role.PROGRAMME_OFFICE: (n.kb, None),
        Role.AGENCY_ANALYST: (n.uwv, None),
        Role.PARTNER_EDITOR: (n.partner, None),
        Role.ADMIN: (n.kb, None),
    }[Role(role)]
    return make_user(role, organisation=organisation, branch=branch, **kwargs)


def build_network() -> Network:
    zh = ProvinceFactory(code="NL-ZH", name="Zuid-Holland")
    nh = ProvinceFactory(code="NL-NH", name="Noord-Holland")
    ut = ProvinceFactory(code="NL-UT", name="Utrecht")
    probiblio = PoiFactory(name="Probiblio", slug="probiblio", provinces=[zh, nh])
    bisc = PoiFactory(name="BiSC", slug="bisc", provinces=[ut])
    rotterdam = LibraryFactory(
        name="Bibliotheek Rotterdam", slug="bibliotheek-rotterdam", province=zh, poi=probiblio
    )
    zaanstreek = LibraryFactory(
        name="De Bieb voor de Zaanstreek", slug="zaanstreek", province=nh, poi=probiblio
    )
    utrecht_library = LibraryFactory(
        name="Bibliotheek Utrecht", slug="bibliotheek-utrecht", province=ut, poi=bisc
    )
    return Network(
        zuid_holland=zh,
        noord_holland=nh,
        utrecht=ut,
        probiblio=probiblio,
        bisc=bisc,
        rotterdam=rotterdam,
        zaanstreek=zaanstreek,
        utrecht_library=utrecht_library,
        rotterdam_centrum=BranchFactory(organisation=rotterdam, name="Centrale Bibliotheek"),
        rotterdam_zuid=BranchFactory(organisation=rotterdam, name="Bibliotheek Zuidplein"),
        zaandam=BranchFactory(organisation=zaanstreek, name="De Bieb Zaandam"),
        utrecht_neude=BranchFactory(organisation=utrecht_library, name="Bibliotheek Neude"),
        uwv=AgencyFactory(),
        partner=PartnerFactory(name="Sociaal Raadslieden"),
        kb=ProgrammeFactory(),
    )
