"""Small figures outside the library: shown as "<5", and never derivable from the totals.

Outside the library itself (POI, programme office, agencies, administrators) a count from 1
to 4 is shown as "<5" (*primary suppression*). A table also shows its total, so one hidden
figure in a line could be worked out as the total minus the figures shown. Each line (the
cells that add up to a shown total) is therefore checked: from the figures shown, the total
and what readers know of hidden figures ("<5" is 1 to 4; a figure hidden for protection, "×",
is at least 5), every "<5" must still have at least two possible values. While it has not,
the smallest figure of 5 or more in the line is hidden as well (*complementary
suppression*). When no figure is left to hide, the table is withheld. docs/privacy.md
explains the method; the tests attack it with a linear programme.

A line's total may itself be known only as a range (a "<5" total, or a total that is a
hidden cell of another table, such as the help given "referred" for the table of referral
targets): :class:`Bound`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL = "small"  # 1 to 4, shown as "<5"
SECONDARY = "secondary"  # hidden so that a small figure cannot be worked out, shown as "×"


@dataclass(frozen=True)
class Cell:
    value: int
    status: str = ""

    @property
    def hidden(self) -> bool:
        return bool(self.status)

    @property
    def shown(self) -> int | None:
        """The value as published: None when hidden."""
        return None if self.status else self.value

    @property
    def display(self) -> str:
        if self.status == SMALL:
            return "<5"
        if self.status == SECONDARY:
            return "×"
        return f"{self.value:,}".replace(",", ".")

    def bound(self) -> Bound:
        """What a reader knows of this cell's value."""
        if self.status == SMALL:
            return Bound(1, THRESHOLD - 1)
        if self.status == SECONDARY:
            return Bound(THRESHOLD, math.inf)
        return Bound(self.value, self.value)


@dataclass(frozen=True)
class Bound:
    low: float
    high: float


UNKNOWN = Bound(0, math.inf)


def visible(values: Sequence[int]) -> list[Cell]:
    """Inside the library: every figure as it is."""
    return [Cell(v) for v in values]


def primary(value: int) -> Cell:
    return Cell(value, SMALL if 0 < value < THRESHOLD else "")


def total_cell(value: int) -> Cell:
    """A total on its own (a key figure): only primary suppression applies."""
    return primary(value)


def _safe(cells: Sequence[Cell], total: Bound) -> bool:
    """Can every "<5" in the line still take at least two values?"""
    small = sum(1 for c in cells if c.status == SMALL)
    if not small:
        return True
    secondary = sum(1 for c in cells if c.status == SECONDARY)
    shown = sum(c.value for c in cells if not c.hidden)
    hidden_low, hidden_high = total.low - shown, total.high - shown
    # a small cell at its highest: the other hidden cells at their lowest
    highest = min(THRESHOLD - 1, hidden_high - (small - 1) - THRESHOLD * secondary)
    # at its lowest: the other hidden cells at their highest (a secondary has no limit)
    lowest = 1 if secondary else max(1, hidden_low - (THRESHOLD - 1) * (small - 1))
    return highest > lowest


def protect(values: Sequence[int], total: Bound | None) -> list[Cell] | None:
    """Primary and complementary suppression of one line of ``values`` whose sum is known to
    readers within ``total`` (None: no total is known, primary suppression only).

    Returns the cells, or None when the line cannot be protected (withhold the table).
    """
    cells = [primary(v) for v in values]
    if total is None:
        return cells
    while not _safe(cells, total):
        candidates = [(c.value, i) for i, c in enumerate(cells) if not c.hidden and c.value]
        if not candidates:
            return None
        _value, index = min(candidates)
        cells[index] = Cell(cells[index].value, SECONDARY)
    return cells


def exact(total: int) -> Bound:
    return Bound(total, total)


def group(children: Sequence[Cell], members: Sequence[Sequence[int]]) -> list[Cell] | None:
    """Cells for groups of ``children`` (a government layer: its organisations), telling a
    reader nothing the children do not already tell:

    - all members shown: their sum;
    - one member not zero: a copy of that member (shown, "<5" or "×");
    - a member hidden as "×" or shown at 5 or more among the hidden ones: "×" (the children
      already say the group is at least 5);
    - otherwise the hidden members are two or more "<5" and nothing else: the group's
      figure would narrow them down ("<5" says at most 4 in all, "×" at least 5), so there
      is no safe cell for it and None is returned: withhold the table of groups.
    """
    result = []
    for indices in members:
        cells = [children[i] for i in indices]
        value = sum(c.value for c in cells)
        nonzero = [c for c in cells if c.value]
        if all(not c.hidden for c in cells):
            result.append(Cell(value))
        elif len(nonzero) == 1:
            result.append(Cell(value, nonzero[0].status))
        elif any(c.status == SECONDARY or (not c.hidden and c.value >= THRESHOLD) for c in cells):
            result.append(Cell(value, SECONDARY))
        else:
            return None
    return result
