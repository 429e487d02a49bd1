"""Small helpers shared by the benchmark scripts (run as ``python bench/NAME.py``)."""

from __future__ import annotations


def percentile(values: list[float], p: float) -> float:
    """The value at rank ``p`` percent of the sorted values (nearest rank, from 0)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
