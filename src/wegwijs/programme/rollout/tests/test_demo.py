"""The rollout's demo data on the demo network: waves, the kopgroep, variety, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from wegwijs.network.demo import load_network
from wegwijs.network.models import Organisation
from wegwijs.privacy.scanner import scan
from wegwijs.programme.rollout import demo
from wegwijs.programme.rollout import progress as rp
from wegwijs.programme.rollout.models import (
    LibraryRollout,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
)

pytestmark = pytest.mark.django_db


def test_the_demo_rollout() -> None:
    load_network()
    first = demo.load()
    assert first.startswith("Rollout: 3 waves, 6 checklist steps, 48 libraries")
    assert list(RolloutWave.objects.values_list("code", "planned_libraries")) == [
        ("kopgroep-2019", 15),
        ("2020", 65),
        ("2021", 70),
    ]
    kopgroep = LibraryRollout.objects.filter(library__wave="kopgroep-2019")
    assert kopgroep.count() == 15
    assert set(kopgroep.values_list("actual_opening", flat=True)) == {date(2019, 7, 1)}
    today = date(2026, 11, 24)
    rows = rp.library_rows(Organisation.objects.libraries(), today)
    statuses = {row.status for row in rows}
    assert statuses == {"opened", "behind", "planned"}
    assert 1 <= sum(row.status == "behind" for row in rows) <= 6
    done = [
        RolloutStepProgress.objects.filter(library=row.library, done_on__isnull=False).count()
        for row in rows
    ]
    assert len(set(done)) >= 3  # checklist progress varies
    texts = [s.title for s in RolloutStep.objects.all()] + [
        p.evidence_note for p in RolloutStepProgress.objects.exclude(evidence_note="")
    ]
    assert not [t for t in set(texts) if scan(t)]  # the demo's texts pass the privacy guard
    counts = (LibraryRollout.objects.count(), RolloutStepProgress.objects.count())
    assert demo.load() == first  # safe to run again
    assert (LibraryRollout.objects.count(), RolloutStepProgress.objects.count()) == counts
