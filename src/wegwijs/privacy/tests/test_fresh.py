"""The privacy guard on the fresh set (data/fresh.jsonl): 538 texts written blind after the
rules reached 100 % on the held-out set. Floors per kind are set just below what the guard
reaches (about one miss or one false finding per kind), so that a regression fails.
``scripts/pii-eval --errors`` shows what is missed or wrongly flagged."""

from __future__ import annotations

import pytest

from wegwijs.privacy.tests.evaluation import (
    Report,
    evaluate,
    format_errors,
    format_report,
    load_fresh,
)

RECALL_FLOOR = {
    "bsn": 0.97,
    "iban": 0.97,
    "phone": 0.98,
    "email": 0.96,
    "dob": 0.97,
    "address": 0.98,
    "name": 0.98,
}
PRECISION_FLOOR = {
    "bsn": 0.97,
    "iban": 0.97,
    "phone": 0.98,
    "email": 0.96,
    "dob": 0.97,
    "address": 0.98,
    "name": 0.98,
}
OVERALL_FLOOR = 0.99  # recall and precision over all kinds
MAX_FLAGGED_NEGATIVES = 2  # of the texts without personal data


@pytest.fixture(scope="module")
def fresh() -> Report:
    return evaluate(load_fresh())


def test_the_fresh_set_is_big_and_varied() -> None:
    items = load_fresh()
    assert len(items) >= 500
    assert sum(1 for _, expected in items if not expected) >= 200
    for kind in RECALL_FLOOR:
        assert sum(1 for _, e in items for k, _ in e if k == kind) >= 30, kind


@pytest.mark.parametrize("kind", RECALL_FLOOR)
def test_recall_and_precision_per_kind(fresh: Report, kind: str) -> None:
    score = fresh.kinds[kind]
    detail = format_report("fresh set", fresh) + "\n" + format_errors(fresh)
    assert score.recall >= RECALL_FLOOR[kind], detail
    assert score.precision >= PRECISION_FLOOR[kind], detail


def test_overall(fresh: Report) -> None:
    detail = format_report("fresh set", fresh) + "\n" + format_errors(fresh)
    assert fresh.total.recall >= OVERALL_FLOOR, detail
    assert fresh.total.precision >= OVERALL_FLOOR, detail


def test_ordinary_texts_are_rarely_flagged(fresh: Report) -> None:
    assert len(fresh.flagged_negatives) <= MAX_FLAGGED_NEGATIVES, fresh.flagged_negatives
