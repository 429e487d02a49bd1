"""A small rollout on the test network (see :class:`World`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from wegwijs.network.models import Municipality, Organisation
from wegwijs.programme.rollout.models import (
    LibraryRollout,
    RolloutStep,
    RolloutWave,
    StepSuggestion,
)
from wegwijs.testing.factories import MunicipalityFactory


@dataclass
class World:
    net: Any
    kopgroep: RolloutWave
    wave_2020: RolloutWave
    elearning: RolloutStep
    socialmap: RolloutStep
    opening: RolloutStep
    rotterdam_m: Municipality
    zaanstad_m: Municipality
    utrecht_m: Municipality
    schiedam_m: Municipality  # Zuid-Holland, no branch


@pytest.fixture
def world(network: Any) -> World:
    """Rotterdam (kopgroep) opened 1 July 2019; De Zaanstreek (2020) planned 1 May 2020 and
    not opened: behind; Utrecht (2020) opened 1 June 2020. Four municipalities, three with a
    branch that has an Informatiepunt."""
    kopgroep = RolloutWave.objects.create(
        code="kopgroep-2019", planned_libraries=15, planned_start=date(2019, 7, 1)
    )
    wave_2020 = RolloutWave.objects.create(
        code="2020", planned_libraries=65, planned_start=date(2020, 1, 1)
    )
    Organisation.objects.filter(pk=network.rotterdam.pk).update(wave="kopgroep-2019")
    network.rotterdam.refresh_from_db()
    LibraryRollout.objects.create(
        library=network.rotterdam,
        planned_opening=date(2019, 7, 1),
        actual_opening=date(2019, 7, 1),
    )
    LibraryRollout.objects.create(library=network.zaanstreek, planned_opening=date(2020, 5, 1))
    LibraryRollout.objects.create(
        library=network.utrecht_library,
        planned_opening=date(2020, 6, 1),
        actual_opening=date(2020, 6, 1),
    )
    rotterdam_m = MunicipalityFactory(code="0599", name="Rotterdam", province=network.zuid_holland)
    schiedam_m = MunicipalityFactory(code="0606", name="Schiedam", province=network.zuid_holland)
    zaanstad_m = MunicipalityFactory(code="0479", name="Zaanstad", province=network.noord_holland)
    utrecht_m = MunicipalityFactory(code="0344", name="Utrecht", province=network.utrecht)
    for branch, municipality in (
        (network.rotterdam_centrum, rotterdam_m),
        (network.rotterdam_zuid, rotterdam_m),
        (network.zaandam, zaanstad_m),
        (network.utrecht_neude, utrecht_m),
    ):
        branch.municipality = municipality
        branch.save(update_fields=["municipality"])
    return World(
        net=network,
        kopgroep=kopgroep,
        wave_2020=wave_2020,
        elearning=RolloutStep.objects.create(
            key="e-learning", title="Volg de e-learning", position=10, due_offset_days=-30
        ),
        socialmap=RolloutStep.objects.create(
            key="sociale-kaart",
            title="Zet het aanbod in de sociale kaart",
            position=20,
            due_offset_days=-14,
            suggestion=StepSuggestion.SOCIAL_MAP,
        ),
        opening=RolloutStep.objects.create(
            key="opening",
            title="Open het Informatiepunt",
            position=30,
            due_offset_days=0,
            suggestion=StepSuggestion.OPENING,
        ),
        rotterdam_m=rotterdam_m,
        zaanstad_m=zaanstad_m,
        utrecht_m=utrecht_m,
        schiedam_m=schiedam_m,
    )
