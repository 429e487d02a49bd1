"""Helpers of the training tests: trainings, people and completed dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from wegwijs.network.models import Branch, HoursKind, OpeningPeriod
from wegwijs.programme.training import catalogue
from wegwijs.programme.training.models import TrainingPerson, TrainingRecord, TrainingType


@pytest.fixture
def trainings(network: Any) -> dict[str, TrainingType]:
    catalogue.ensure()
    return {t.code: t for t in TrainingType.objects.all()}


def person(library: Any, name: str, *branches: Branch, **kwargs: Any) -> TrainingPerson:
    created = TrainingPerson.objects.create(
        library=library, name=name, role=kwargs.pop("role", "volunteer"), **kwargs
    )
    created.branches.set(branches)
    return created


def complete(who: TrainingPerson, *trainings: TrainingType, on: date = date(2020, 5, 1)) -> None:
    for training in trainings:
        TrainingRecord.objects.create(person=who, training=training, completed_on=on)


def hours(branch: Branch, kind: str, *ranges: tuple[int, str, str]) -> None:
    """ranges: (weekday, "HH:MM", "HH:MM")."""
    from datetime import time

    def parse(value: str) -> time:
        h, m = value.split(":")
        return time(int(h), int(m))

    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(branch=branch, kind=kind, weekday=d, opens=parse(o), closes=parse(c))
        for d, o, c in ranges
    )


OPEN = HoursKind.OPEN
CONSULT = HoursKind.CONSULTATION
