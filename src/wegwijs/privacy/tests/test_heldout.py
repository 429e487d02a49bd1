"""The privacy guard on the held-out set (data/heldout.jsonl): floors per kind, set just below
what the guard reaches, so that a regression fails. ``scripts/pii-eval --errors`` shows what
is missed or wrongly flagged."""

from __future__ import annotations

import pytest

from wegwijs.privacy.tests.evaluation import (
    Report,
    evaluate,
    format_errors,
    format_report,
    load_heldout,
    load_triage_questions,
)

RECALL_FLOOR = {
    "bsn": 0.95,
    "iban": 0.95,
    "phone": 0.95,
    "email": 0.95,
    "dob": 0.92,
    "address": 0.92,
    "name": 0.90,
}
PRECISION_FLOOR = {
    "bsn": 0.97,
    "iban": 0.97,
    "phone": 0.95,
    "email": 0.97,
    "dob": 0.95,
    "address": 0.95,
    "name": 0.93,
}
MAX_FLAGGED_NEGATIVES = 3  # texts without personal data that get any finding


@pytest.fixture(scope="module")
def heldout() -> Report:
    return evaluate(load_heldout())


def test_the_heldout_set_is_big_and_varied() -> None:
    items = load_heldout()
    assert len(items) >= 250
    assert sum(1 for _, expected in items if not expected) >= 100
    for kind in RECALL_FLOOR:
        assert sum(1 for _, e in items for k, _ in e if k == kind) >= 15, kind


@pytest.mark.parametrize("kind", RECALL_FLOOR)
def test_recall_and_precision_per_kind(heldout: Report, kind: str) -> None:
    score = heldout.kinds[kind]
    detail = format_report("held-out set", heldout) + "\n" + format_errors(heldout)
    assert score.recall >= RECALL_FLOOR[kind], detail
    assert score.precision >= PRECISION_FLOOR[kind], detail


def test_ordinary_questions_are_rarely_flagged(heldout: Report) -> None:
    assert len(heldout.flagged_negatives) <= MAX_FLAGGED_NEGATIVES, heldout.flagged_negatives


def test_the_triage_questions_are_not_flagged() -> None:
    """Some 2,000 desk questions that others wrote for triage, none with personal data."""
    report = evaluate(load_triage_questions())
    assert report.negatives >= 1000
    assert len(report.flagged_negatives) <= report.negatives // 200, report.flagged_negatives
