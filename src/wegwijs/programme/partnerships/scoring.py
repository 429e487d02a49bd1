"""The arithmetic of the partnership tools, as pure functions (no database).

**Weighing table (afwegingstabel).** Each criterion *c* has a weight *w* (1-5) and, per partner,
three scores from 1 to 5: fit, added value and feasibility. The criterion's mean
*m* = (fit + added value + feasibility) / 3 lies between 1 and 5; it counts as
*(m - 1) / 4*, between 0 and 1. The total is the weighted mean of those, as a percentage::

    total = 100 × Σ w·(m - 1)/4 / Σ w        (rounded half up to a whole number, 0-100)

so all 1s give 0, all 5s give 100, all 3s give 50, whatever the weights; raising any score
never lowers the total. Only scored criteria count; the advice needs every criterion scored.

**Advice.** From ``start_from`` (default 70): "start the partnership"; from ``explore_from``
(default 50): "explore further"; below: "do not start now". The library sets both.

**Strength analysis (krachtenanalyse).** A power/interest grid (Mendelow) with influence on
the vertical axis and added value on the horizontal one, both 1-5. A score of 4 or 5 counts as
high (:data:`HIGH_FROM`), so 3 ("moderate") stays on the low side:

- high influence, high added value: **key partner** (work closely together);
- high influence, low added value: **keep satisfied**;
- low influence, high added value: **keep informed**;
- low influence, low added value: **keep an eye on** (Mendelow's "monitor").
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_MIN, SCORE_MAX = 1, 5
WEIGHT_MIN, WEIGHT_MAX = 1, 5
DEFAULT_START_FROM = 70
DEFAULT_EXPLORE_FROM = 50
#: Influence or added value from this score up counts as high in the quadrant chart.
HIGH_FROM = 4


class Advice(models.TextChoices):
    START = "start", _("Start the partnership")
    EXPLORE = "explore", _("Explore further")
    NOT_NOW = "not_now", _("Do not start now")
    INCOMPLETE = "incomplete", _("Score every criterion first")


class Quadrant(models.TextChoices):
    KEY = "key", _("Key partner")
    SATISFY = "satisfy", _("Keep satisfied")
    INFORM = "inform", _("Keep informed")
    MONITOR = "monitor", _("Keep an eye on")


#: What each quadrant asks of the library (the legend under the chart).
QUADRANT_ADVICE = {
    Quadrant.KEY: _("High influence and high added value: work closely together and plan jointly."),
    Quadrant.SATISFY: _(
        "High influence, less added value: keep them satisfied and involve them in decisions "
        "that affect them."
    ),
    Quadrant.INFORM: _(
        "High added value, less influence: keep them informed and make good use of what they offer."
    ),
    Quadrant.MONITOR: _(
        "Less influence and less added value: keep an eye on them, with little effort."
    ),
}


def _check(value: int, low: int, high: int, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}, not {value!r}")


def criterion_mean(fit: int, added_value: int, feasibility: int) -> Fraction:
    """The mean of the three scores of one criterion (1 to 5, exact)."""
    for value in (fit, added_value, feasibility):
        _check(value, SCORE_MIN, SCORE_MAX, "a score")
    return Fraction(fit + added_value + feasibility, 3)


def exact_total(rows: Iterable[tuple[int, int, int, int]]) -> Fraction | None:
    """The total (0-100, exact) of ``(weight, fit, added value, feasibility)`` rows; None
    without rows."""
    weighted = Fraction(0)
    weights = 0
    for weight, fit, added_value, feasibility in rows:
        _check(weight, WEIGHT_MIN, WEIGHT_MAX, "a weight")
        mean = criterion_mean(fit, added_value, feasibility)
        weighted += weight * (mean - 1) / 4
        weights += weight
    if not weights:
        return None
    return 100 * weighted / weights


def total(rows: Iterable[tuple[int, int, int, int]]) -> int | None:
    """:func:`exact_total` rounded half up to a whole number (what the table shows and the
    advice compares), or None without rows."""
    exact = exact_total(rows)
    if exact is None:
        return None
    return int(exact + Fraction(1, 2))  # both non-negative: int() floors


def advice(
    value: int | None,
    *,
    complete: bool = True,
    start_from: int = DEFAULT_START_FROM,
    explore_from: int = DEFAULT_EXPLORE_FROM,
) -> Advice:
    """The advice for a total; :attr:`Advice.INCOMPLETE` when not every criterion is scored."""
    if value is None or not complete:
        return Advice.INCOMPLETE
    if value >= start_from:
        return Advice.START
    if value >= explore_from:
        return Advice.EXPLORE
    return Advice.NOT_NOW


def is_high(score: int) -> bool:
    return score >= HIGH_FROM


def quadrant(influence: int, added_value: int) -> Quadrant:
    """Where a partner lands in the strength analysis."""
    _check(influence, SCORE_MIN, SCORE_MAX, "influence")
    _check(added_value, SCORE_MIN, SCORE_MAX, "added value")
    if is_high(influence):
        return Quadrant.KEY if is_high(added_value) else Quadrant.SATISFY
    return Quadrant.INFORM if is_high(added_value) else Quadrant.MONITOR
