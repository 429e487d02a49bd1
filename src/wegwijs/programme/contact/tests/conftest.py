"""Contact-area tests: the small test network with POI consultants at Probiblio (one named
expert, one colleague) and at BiSC, and an empty cache (the form's rate-limit counters)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from wegwijs.accounts.models import Role, User
from wegwijs.programme.contact import spam
from wegwijs.programme.contact.models import ContactExpert
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import Network, user_for


@dataclass
class World:
    network: Network
    expert: User  # Probiblio, named expert
    colleague: User  # Probiblio, another POI consultant (not an expert)
    bisc_consultant: User  # BiSC (Utrecht), no experts named: the fallback
    office: User
    coordinator: User
    desk_worker: User


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(network: Network) -> World:
    expert = user_for(Role.POI_CONSULTANT, network, first_name="Anne", email="anne@poi.test")
    colleague = user_for(Role.POI_CONSULTANT, network, first_name="Bas", email="bas@poi.test")
    bisc = make_user(
        Role.POI_CONSULTANT, organisation=network.bisc, first_name="Cor", email="cor@bisc.test"
    )
    ContactExpert.objects.create(poi=network.probiblio, user=expert)
    return World(
        network=network,
        expert=expert,
        colleague=colleague,
        bisc_consultant=bisc,
        office=user_for(Role.PROGRAMME_OFFICE, network),
        coordinator=user_for(Role.COORDINATOR, network),
        desk_worker=user_for(Role.DESK_WORKER, network),
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    """A filled-in "Meer weten?" form, loaded 10 seconds ago."""
    data = {
        "email": "vraag@bibliotheek.test",
        "phone": "",
        "organisation": "Bibliotheek Rotterdam",
        "question": "Hoe starten wij een Informatiepunt in onze bibliotheek?",
        "website": "",
        "started": spam.started_token(time.time() - 10),
    }
    data.update(overrides)
    return data
