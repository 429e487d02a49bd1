"""The start page after login: figures for the user's own part of the network."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wegwijs.accounts.models import Role
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import Network

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "libraries", "branches"),
    [
        (Role.DESK_WORKER, 1, 2),
        (Role.COORDINATOR, 1, 2),
        (Role.POI_CONSULTANT, 2, 3),
        (Role.PROGRAMME_OFFICE, 3, 4),
        (Role.AGENCY_ANALYST, 0, 0),
        (Role.PARTNER_EDITOR, 0, 0),
    ],
)
def test_start_page_counts_the_libraries_and_branches_the_user_may_see(
    network: Network, log_in: Callable[..., Any], role: str, libraries: int, branches: int
) -> None:
    organisation = {
        Role.DESK_WORKER: network.rotterdam,
        Role.COORDINATOR: network.rotterdam,
        Role.POI_CONSULTANT: network.probiblio,
        Role.PROGRAMME_OFFICE: network.kb,
        Role.AGENCY_ANALYST: network.uwv,
        Role.PARTNER_EDITOR: network.partner,
    }[role]
    branch = network.rotterdam_centrum if role == Role.DESK_WORKER else None
    client = log_in(make_user(role, organisation=organisation, branch=branch))

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["library_count"] == libraries
    assert response.context["branch_count"] == branches


def test_desk_worker_sees_the_own_branch_on_the_start_page(
    network: Network, log_in: Callable[..., Any]
) -> None:
    worker = make_user(
        Role.DESK_WORKER, organisation=network.rotterdam, branch=network.rotterdam_zuid
    )

    response = log_in(worker).get("/")

    assert response.context["home_branch"] == network.rotterdam_zuid
    assert response.context["home_status"] is not None
