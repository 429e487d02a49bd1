"""The arithmetic of the weighing table and the strength analysis (no database)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijs.programme.partnerships import scoring
from wegwijs.programme.partnerships.scoring import Advice, Quadrant

score = st.integers(min_value=1, max_value=5)
weight = st.integers(min_value=1, max_value=5)
row = st.tuples(weight, score, score, score)


def test_the_total_runs_from_0_to_100_whatever_the_weights() -> None:
    assert scoring.total([(3, 1, 1, 1), (1, 1, 1, 1)]) == 0
    assert scoring.total([(3, 5, 5, 5), (1, 5, 5, 5)]) == 100
    assert scoring.total([(5, 3, 3, 3), (1, 3, 3, 3)]) == 50
    assert scoring.total([]) is None


def test_the_total_is_the_weighted_mean_of_the_criteria() -> None:
    # Criterion A (weight 3): mean 14/3 counts (14/3 - 1)/4 = 11/12; B (weight 1): mean 3, 1/2.
    # (3 × 11/12 + 1 × 1/2) / 4 = 0.8125 → 81.25 → 81.
    assert scoring.exact_total([(3, 5, 5, 4), (1, 3, 3, 3)]) == Fraction(325, 4)
    assert scoring.total([(3, 5, 5, 4), (1, 3, 3, 3)]) == 81
    # A heavier weight pulls the total towards that criterion.
    assert scoring.total([(5, 5, 5, 5), (1, 1, 1, 1)]) == 83  # 500/6 = 83.3
    assert scoring.total([(1, 5, 5, 5), (5, 1, 1, 1)]) == 17


def test_the_total_rounds_half_up() -> None:
    # One criterion with mean 7/3: (4/3)/4 = 1/3 → 33.3 → 33; mean 11/3 → 66.7 → 67.
    assert scoring.total([(1, 2, 2, 3)]) == 33
    assert scoring.total([(1, 4, 4, 3)]) == 67
    # 62.5 exactly (weights 1 and 1, counts 1/2 and 3/4) rounds up to 63.
    assert scoring.exact_total([(1, 3, 3, 3), (1, 4, 4, 4)]) == Fraction(125, 2)
    assert scoring.total([(1, 3, 3, 3), (1, 4, 4, 4)]) == 63


@pytest.mark.parametrize(
    "bad", [(3, 0, 3, 3), (3, 3, 6, 3), (3, 3, 3, -1), (0, 3, 3, 3), (6, 3, 3, 3)]
)
def test_scores_and_weights_outside_the_range_are_refused(bad: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError, match="from 1 to 5"):
        scoring.total([bad])


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=8))
def test_the_total_stays_within_0_and_100(rows: list[tuple[int, int, int, int]]) -> None:
    value = scoring.total(rows)
    assert value is not None
    assert 0 <= value <= 100
    exact = scoring.exact_total(rows)
    assert exact is not None and abs(value - exact) <= Fraction(1, 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=8), st.data())
def test_raising_a_score_never_lowers_the_total(
    rows: list[tuple[int, int, int, int]], data: st.DataObject
) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    part = data.draw(st.integers(min_value=1, max_value=3))
    if rows[i][part] == 5:
        return
    raised = [list(r) for r in rows]
    raised[i][part] += 1
    higher = [tuple(r) for r in raised]
    assert scoring.exact_total(higher) > scoring.exact_total(rows)  # type: ignore[operator]
    assert scoring.total(higher) >= scoring.total(rows)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("total", "complete", "expected"),
    [
        (70, True, Advice.START),
        (69, True, Advice.EXPLORE),
        (50, True, Advice.EXPLORE),
        (49, True, Advice.NOT_NOW),
        (0, True, Advice.NOT_NOW),
        (100, False, Advice.INCOMPLETE),
        (None, True, Advice.INCOMPLETE),
    ],
)
def test_the_advice_follows_the_thresholds(
    total: int | None, complete: bool, expected: Advice
) -> None:
    assert scoring.advice(total, complete=complete) == expected


def test_the_thresholds_are_the_library_s_own() -> None:
    assert scoring.advice(60, start_from=60, explore_from=40) == Advice.START
    assert scoring.advice(39, start_from=60, explore_from=40) == Advice.NOT_NOW
    assert scoring.advice(40, start_from=40, explore_from=40) == Advice.START


@pytest.mark.parametrize(
    ("influence", "added_value", "expected"),
    [
        (5, 5, Quadrant.KEY),
        (4, 4, Quadrant.KEY),
        (4, 3, Quadrant.SATISFY),
        (5, 1, Quadrant.SATISFY),
        (3, 4, Quadrant.INFORM),
        (1, 5, Quadrant.INFORM),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant_placement(influence: int, added_value: int, expected: Quadrant) -> None:
    assert scoring.quadrant(influence, added_value) == expected


def test_a_quadrant_needs_scores_in_range() -> None:
    with pytest.raises(ValueError):
        scoring.quadrant(0, 3)
    with pytest.raises(ValueError):
        scoring.quadrant(3, 6)
