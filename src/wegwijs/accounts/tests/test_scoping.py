"""Who sees and changes which part of the network: one table per role, checked in one place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from wegwijs.accounts import scoping
from wegwijs.accounts.models import Role, User
from wegwijs.network.models import OpeningPeriod
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import Network
from wegwijs.testing.network import user_for as _user

pytestmark = pytest.mark.django_db

ALL = "all"


def _records(n: Network) -> dict[str, OpeningPeriod]:
    """One record per branch, reached through branch, organisation and province paths."""
    return {
        branch.name: OpeningPeriod.objects.create(
            branch=branch, weekday=0, opens=time(9), closes=time(17)
        )
        for branch in (n.rotterdam_centrum, n.rotterdam_zuid, n.zaandam, n.utrecht_neude)
    }


def _names(qs: object) -> set[str]:
    return {item.name for item in qs}  # type: ignore[attr-defined]


# role -> (organisations seen, branches seen, branches editable, records in scope)
EXPECTED: dict[str, tuple[object, object, object, object]] = {
    Role.DESK_WORKER: (
        {"Bibliotheek Rotterdam"},
        {"Centrale Bibliotheek", "Bibliotheek Zuidplein"},
        set(),
        {"Centrale Bibliotheek"},
    ),
    Role.COORDINATOR: (
        {"Bibliotheek Rotterdam"},
        {"Centrale Bibliotheek", "Bibliotheek Zuidplein"},
        {"Centrale Bibliotheek", "Bibliotheek Zuidplein"},
        {"Centrale Bibliotheek", "Bibliotheek Zuidplein"},
    ),
    Role.POI_CONSULTANT: (
        {"Probiblio", "Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek"},
        {"Centrale Bibliotheek", "Bibliotheek Zuidplein", "De Bieb Zaandam"},
        set(),
        {"Centrale Bibliotheek", "Bibliotheek Zuidplein", "De Bieb Zaandam"},
    ),
    Role.PROGRAMME_OFFICE: (ALL, ALL, ALL, ALL),
    Role.AGENCY_ANALYST: ({"UWV"}, set(), set(), set()),
    Role.PARTNER_EDITOR: ({"Sociaal Raadslieden"}, set(), set(), set()),
    Role.ADMIN: (ALL, ALL, ALL, ALL),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_and_edits_its_own_part_of_the_network(network: Network, role: str) -> None:
    from wegwijs.network.models import Branch, Organisation

    user = _user(role, network)
    records = _records(network)
    all_orgs = set(Organisation.objects.values_list("name", flat=True))
    all_branches = set(Branch.objects.values_list("name", flat=True))
    orgs, branches, editable, in_scope = EXPECTED[role]

    scope = scoping.scope_for(user)
    record_q = scoping.scope_q(
        scope,
        branch="branch",
        organisation="branch__organisation",
        province="branch__organisation__province",
    )
    records_seen = {
        name
        for name, record in records.items()
        if OpeningPeriod.objects.filter(record_q, pk=record.pk).exists()
    }

    assert _names(scoping.visible_organisations(user)) == (all_orgs if orgs == ALL else orgs)
    assert _names(scoping.visible_branches(user)) == (all_branches if branches == ALL else branches)
    assert _names(scoping.editable_branches(user)) == (
        all_branches if editable == ALL else editable
    )
    assert {b.name for b in Branch.objects.all() if scoping.can_edit_branch(user, b)} == (
        all_branches if editable == ALL else editable
    )
    assert records_seen == (set(records) if in_scope == ALL else in_scope)


def _stripped(user: User, **fields: object) -> User:
    """The user with fields cleared in the database, as a half-finished admin edit leaves it."""
    User.objects.filter(pk=user.pk).update(**fields)
    return User.objects.get(pk=user.pk)


NOBODY: list[tuple[str, Callable[[Network], object]]] = [
    ("anonymous visitor", lambda n: AnonymousUser()),
    ("no user at all", lambda n: None),
    ("inactive coordinator", lambda n: _user(Role.COORDINATOR, n, is_active=False)),
    ("inactive administrator", lambda n: _user(Role.ADMIN, n, is_active=False)),
    (
        "desk worker without a branch",
        lambda n: _stripped(_user(Role.DESK_WORKER, n), branch=None),
    ),
    (
        "coordinator without organisation",
        lambda n: _stripped(_user(Role.COORDINATOR, n), organisation=None),
    ),
    (
        "coordinator of a POI (wrong kind of organisation)",
        lambda n: make_user(Role.COORDINATOR, organisation=n.probiblio),
    ),
    (
        "POI consultant of a library (wrong kind of organisation)",
        lambda n: make_user(Role.POI_CONSULTANT, organisation=n.rotterdam),
    ),
    (
        "agency analyst of a library (wrong kind of organisation)",
        lambda n: make_user(Role.AGENCY_ANALYST, organisation=n.rotterdam),
    ),
    (
        "partner editor of an agency (wrong kind of organisation)",
        lambda n: make_user(Role.PARTNER_EDITOR, organisation=n.uwv),
    ),
]


@pytest.mark.parametrize(("who", "make"), NOBODY, ids=[who for who, _ in NOBODY])
def test_users_without_a_valid_role_see_and_edit_nothing(
    network: Network, who: str, make: Callable[[Network], object]
) -> None:
    user = make(network)
    records = _records(network)

    scope = scoping.scope_for(user)  # type: ignore[arg-type]

    assert scope == scoping.NO_SCOPE
    assert not scoping.visible_organisations(user).exists()  # type: ignore[arg-type]
    assert not scoping.visible_branches(user).exists()  # type: ignore[arg-type]
    assert not scoping.editable_branches(user).exists()  # type: ignore[arg-type]
    assert not scoping.libraries_editable_by(user).exists()  # type: ignore[arg-type]
    assert not scoping.can_edit_branch(user, network.rotterdam_centrum)  # type: ignore[arg-type]
    assert not scoping.can_edit_network(user)  # type: ignore[arg-type]
    assert not OpeningPeriod.objects.filter(
        scoping.scope_q(scope, branch="branch", organisation="branch__organisation"),
        pk__in=[r.pk for r in records.values()],
    ).exists()


def test_poi_serving_two_provinces_sees_libraries_in_both_but_not_in_a_third(
    network: Network,
) -> None:
    consultant = _user(Role.POI_CONSULTANT, network)

    libraries = _names(scoping.visible_libraries(consultant))

    assert libraries == {"Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek"}
    assert "Bibliotheek Utrecht" not in libraries
    assert "BiSC" not in _names(scoping.visible_organisations(consultant))


def test_poi_consultant_sees_a_new_library_as_soon_as_it_is_in_one_of_its_provinces(
    network: Network,
) -> None:
    from wegwijs.testing.factories import LibraryFactory

    consultant = _user(Role.POI_CONSULTANT, network)
    LibraryFactory(name="Bibliotheek Delft", province=network.zuid_holland)

    assert "Bibliotheek Delft" in _names(scoping.visible_libraries(consultant))


def test_desk_worker_sees_only_branches_of_own_library(network: Network) -> None:
    worker = _user(Role.DESK_WORKER, network)

    assert _names(scoping.visible_branches(worker)) == {
        "Centrale Bibliotheek",
        "Bibliotheek Zuidplein",
    }


def test_desk_worker_records_are_limited_to_the_own_branch(network: Network) -> None:
    worker = _user(Role.DESK_WORKER, network)

    scope = scoping.scope_for(worker)

    assert scope.level == scoping.Level.BRANCH
    assert scope.branch_id == network.rotterdam_centrum.pk
    assert scoping.directory_scope_for(worker).level == scoping.Level.ORGANISATION


def test_coordinator_may_add_branches_only_to_own_library(network: Network) -> None:
    coordinator = _user(Role.COORDINATOR, network)

    assert _names(scoping.libraries_editable_by(coordinator)) == {"Bibliotheek Rotterdam"}
    assert not scoping.can_edit_branch(coordinator, network.zaandam)
    assert not scoping.can_edit_network(coordinator)


def test_programme_office_may_change_every_library_and_the_network(network: Network) -> None:
    office = _user(Role.PROGRAMME_OFFICE, network)

    assert _names(scoping.libraries_editable_by(office)) == {
        "Bibliotheek Rotterdam",
        "De Bieb voor de Zaanstreek",
        "Bibliotheek Utrecht",
    }
    assert scoping.can_edit_network(office)


def test_agency_analyst_scope_carries_its_organisation_code_for_aggregated_figures(
    network: Network,
) -> None:
    analyst = _user(Role.AGENCY_ANALYST, network)

    scope = scoping.scope_for(analyst)

    assert scope.level == scoping.Level.OWN
    assert scope.agency_code == "uwv"
    assert not scoping.visible_libraries(analyst).exists()


def test_superuser_is_national_whatever_the_role_field_says(network: Network) -> None:
    user = _stripped(_user(Role.COORDINATOR, network), is_superuser=True)

    assert scoping.scope_for(user).is_national
    assert scoping.can_edit_branch(user, network.utrecht_neude)


def test_record_filter_without_a_path_for_the_users_level_matches_nothing(
    network: Network,
) -> None:
    records = _records(network)
    ids = [r.pk for r in records.values()]
    consultant_scope = scoping.scope_for(_user(Role.POI_CONSULTANT, network))
    coordinator_scope = scoping.scope_for(_user(Role.COORDINATOR, network))

    # A model that only knows its branch cannot be filtered by province or organisation.
    assert not OpeningPeriod.objects.filter(
        scoping.scope_q(consultant_scope, branch="branch"), pk__in=ids
    ).exists()
    assert not OpeningPeriod.objects.filter(
        scoping.scope_q(coordinator_scope, branch="branch"), pk__in=ids
    ).exists()


def test_restrict_filters_a_queryset_like_scope_q(network: Network) -> None:
    records = _records(network)
    scope = scoping.scope_for(_user(Role.COORDINATOR, network))

    restricted = scoping.restrict(
        OpeningPeriod.objects.filter(pk__in=[r.pk for r in records.values()]),
        scope,
        organisation="branch__organisation",
    )

    assert {p.branch.name for p in restricted} == {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}


def test_a_page_reads_a_poi_consultants_provinces_once_but_a_changed_role_counts(
    network: Network, django_assert_num_queries: Any
) -> None:
    consultant = _user(Role.POI_CONSULTANT, network)
    consultant = type(consultant).objects.select_related("organisation").get(pk=consultant.pk)
    with django_assert_num_queries(1):
        first = scoping.scope_for(consultant)
        again = scoping.scope_for(consultant)
    assert first is again and first.level == scoping.Level.PROVINCES

    consultant.role = Role.PROGRAMME_OFFICE
    assert scoping.scope_for(consultant).level == scoping.Level.NATIONAL
