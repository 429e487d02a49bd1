"""Our labelled questions: the sets are sound, and triage meets its target on the held-out set
and on the fresh set (at least 90 % top-1 for theme and organisation), far above a plain BM25."""

from __future__ import annotations

from pathlib import Path

import pytest

from wegwijs.desk.codes import Theme
from wegwijs.knowledge import seed
from wegwijs.triage import evaluation
from wegwijs.triage.classifier import builtin_examples

EVAL = Path(evaluation.__file__).with_name("data") / "eval"


@pytest.mark.parametrize("name", ["dev.tsv", "heldout.tsv", "fresh.tsv"])
def test_labelled_sets_are_large_varied_and_apart_from_the_training_data(name: str) -> None:
    cases = evaluation.read(EVAL / name)
    assert len(cases) >= 150
    assert {t for c in cases for t in c.themes} == set(Theme.values)
    training = {e.text.strip().lower() for e in builtin_examples()}
    assert not [c.text for c in cases if c.text.strip().lower() in training]


def test_the_labelled_sets_do_not_share_questions() -> None:
    sets = {
        name: {c.text.lower() for c in evaluation.read(EVAL / name)}
        for name in ("dev.tsv", "heldout.tsv", "fresh.tsv")
    }
    assert not sets["dev.tsv"] & sets["heldout.tsv"]
    assert not sets["fresh.tsv"] & (sets["dev.tsv"] | sets["heldout.tsv"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["heldout.tsv", "fresh.tsv"])
def test_triage_meets_the_target_on_held_out_questions(name: str) -> None:
    """The held-out set, and a fresh set written later by hand in other styles (spoken Dutch,
    typos, English, long stories, one-word questions)."""
    seed.load()
    cases = evaluation.read(EVAL / name)
    ours = evaluation.score(cases, evaluation.triage_predictor())
    baseline = evaluation.score(cases, evaluation.bm25_predictor())
    assert ours["theme_top1"] >= 0.9, ours
    assert ours["organisation_top1"] >= 0.9, ours
    assert ours["theme_top1"] > baseline["theme_top1"]
