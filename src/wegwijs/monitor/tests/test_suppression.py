"""Suppression: no figure from 1 to 4 is visible outside the library, and no hidden figure
can be worked out from the figures shown and the totals. The attacker is a linear programme
(scipy): for every "<5" it finds the smallest and largest value that fits everything shown."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from wegwijs.monitor import suppression
from wegwijs.monitor.suppression import SECONDARY, SMALL, Bound, Cell

Equation = tuple[list[int] | dict[int, int], Bound]


def attack(cells: Sequence[Cell], equations: Sequence[Equation]) -> dict[int, tuple[int, int]]:
    """For each "<5" cell: the lowest and highest whole value consistent with the shown cells,
    "<5" meaning 1 to 4, "×" at least 5, and each equation (cell indices, or indices with
    coefficients, whose weighted sum lies within the bound). Returns {index: (low, high)}."""
    hidden = [i for i, c in enumerate(cells) if c.hidden]
    position = {cell: k for k, cell in enumerate(hidden)}
    bounds = [(1, 4) if cells[i].status == SMALL else (5, None) for i in hidden]
    a_ub, b_ub, a_eq, b_eq = [], [], [], []
    for indices, bound in equations:
        weights = indices if isinstance(indices, dict) else dict.fromkeys(indices, 1)
        row = [0.0] * len(hidden)
        shown = 0
        for i, weight in weights.items():
            if cells[i].hidden:
                row[position[i]] += weight
            else:
                shown += weight * cells[i].value
        if not any(row):
            continue
        if bound.low == bound.high:
            a_eq.append(row)
            b_eq.append(bound.low - shown)
        else:
            a_ub.append([-x for x in row])
            b_ub.append(-(bound.low - shown))
            if bound.high != math.inf:
                a_ub.append(row)
                b_ub.append(bound.high - shown)
    result = {}
    for i in hidden:
        if cells[i].status != SMALL:
            continue
        extremes = []
        for sign in (1, -1):
            c = [0.0] * len(hidden)
            c[position[i]] = sign
            solved = linprog(
                c,
                A_ub=a_ub or None,
                b_ub=b_ub or None,
                A_eq=a_eq or None,
                b_eq=b_eq or None,
                bounds=bounds,
                method="highs",
            )
            assert solved.status == 0, "the published figures must be consistent"
            extremes.append(sign * solved.fun)
        result[i] = (math.ceil(extremes[0] - 1e-9), math.floor(extremes[1] + 1e-9))
    return result


def assert_protected(cells: Sequence[Cell], equations: Sequence[Equation]) -> None:
    for cell in cells:
        assert not (0 < cell.value < 5 and not cell.hidden), "a small figure is visible"
        assert (cell.status == SMALL) == (0 < cell.value < 5)
    for index, (low, high) in attack(cells, equations).items():
        assert low < high, f"cell {index} ({cells[index].value}) can be worked out: {low}..{high}"


def test_one_small_figure_gets_a_companion() -> None:
    cells = suppression.protect([120, 3, 40, 9], suppression.exact(172))
    assert cells is not None
    assert [c.display for c in cells] == ["120", "<5", "40", "×"]
    # without the companion, 172 - 120 - 40 - 9 = 3
    assert attack(cells, [([0, 1, 2, 3], Bound(172, 172))])[1] == (1, 4)


def test_a_companion_of_five_is_not_enough_when_every_small_figure_is_one() -> None:
    cells = suppression.protect([1, 5, 6, 50], suppression.exact(62))
    assert cells is not None
    assert [c.status for c in cells] == [SMALL, SECONDARY, SECONDARY, ""]


def test_two_small_figures_protect_each_other_only_when_their_sum_allows() -> None:
    protected = suppression.protect([2, 3, 50], suppression.exact(55))
    assert protected is not None
    assert [c.status for c in protected] == [SMALL, SMALL, ""]  # 5 = 1+4 = 2+3 = ...
    needs_more = suppression.protect([4, 4, 50], suppression.exact(58))
    assert needs_more is not None
    assert [c.status for c in needs_more] == [SMALL, SMALL, SECONDARY]  # 8 = 4 + 4 only


def test_a_table_of_small_figures_only_is_withheld() -> None:
    assert suppression.protect([4, 4], suppression.exact(8)) is None
    assert suppression.protect([1, 1, 0], suppression.exact(2)) is None


def test_a_small_total_bounds_the_line_but_tells_too_little() -> None:
    cells = suppression.protect([1, 2], Bound(1, 4))
    assert cells is not None
    assert_protected(cells, [([0, 1], Bound(1, 4))])


def test_zeros_are_shown_and_inside_the_library_everything_is() -> None:
    assert [c.display for c in suppression.protect([0, 7], suppression.exact(7)) or []] == [
        "0",
        "7",
    ]
    assert [c.display for c in suppression.visible([1, 2, 3])] == ["1", "2", "3"]


lines = st.lists(
    st.one_of(st.integers(0, 6), st.integers(0, 40), st.integers(0, 2000)), min_size=1, max_size=18
)


@settings(max_examples=300, deadline=None)
@given(values=lines)
def test_no_hidden_figure_can_be_derived_from_a_line_and_its_total(values: list[int]) -> None:
    total = sum(values)
    bound = suppression.total_cell(total).bound()
    cells = suppression.protect(values, bound)
    if cells is None:  # withheld: nothing published
        return
    assert_protected(cells, [(list(range(len(values))), bound)])


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.integers(0, 30), min_size=16, max_size=16))
def test_layers_derived_from_organisations_reveal_nothing_more(values: list[int]) -> None:
    """The organisation table and the layer table together: a layer is the sum of its
    organisations, and both tables show the same total."""
    members = [list(range(0, 12)), [12], [13, 14, 15]]
    total = sum(values)
    bound = suppression.total_cell(total).bound()
    orgs = suppression.protect(values, bound)
    if orgs is None:
        return
    layers = suppression.group(orgs, members)
    if layers is None:  # withheld: only when a layer's hidden organisations are all "<5"
        assert any(
            sum(1 for i in group if orgs[i].value) >= 2
            and all(orgs[i].status == SMALL for i in group if orgs[i].hidden)
            and not any(not orgs[i].hidden and orgs[i].value for i in group)
            for group in members
        )
        return
    cells = [*orgs, *layers]  # 16 organisations, then 3 layers
    equations: list[Equation] = [(list(range(16)), bound), (list(range(16, 19)), bound)]
    for k, indices in enumerate(members):  # a layer minus its organisations is 0
        equations.append(({16 + k: 1, **dict.fromkeys(indices, -1)}, Bound(0, 0)))
    assert_protected(cells, equations)
    for k, layer in enumerate(layers):
        if not layer.hidden:  # a layer shown is the sum of organisations shown
            assert all(not orgs[i].hidden for i in members[k])


@pytest.mark.parametrize(
    ("values", "parent"),
    [([3, 40, 2], Cell(45)), ([1, 1], Cell(2, SMALL)), ([6, 2], Cell(8, SECONDARY))],
)
def test_part_tables_are_protected_against_their_parent_as_shown(
    values: list[int], parent: Cell
) -> None:
    cells = suppression.protect(values, parent.bound())
    assert cells is not None
    assert_protected(cells, [(list(range(len(values))), parent.bound())])
