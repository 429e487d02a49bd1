"""The budget overview of a scheme: per budget year, what is requested, granted, paid and
settled against the funding schedule, nationally and per province.

Sums are made in Python with ``Decimal`` over one query's rows (a few thousand at most: lines
times years), so they are exact in cents on SQLite and PostgreSQL alike.

* requested: the requested amounts of every application that was submitted (also those later
  rejected; drafts and withdrawn applications do not count);
* granted: the granted amounts of granted, paid and settled applications;
* paid / settled: the amounts paid (paid and settled applications) and settled;
* committed: what the decisions take from the budget: the settled amount once settled, else
  the granted amount; remaining = budget − committed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from wegwijs.programme.subsidy.formatting import format_euros
from wegwijs.programme.subsidy.models import (
    GRANTED_STATES,
    REQUESTED_STATES,
    SubsidyLineAmount,
    SubsidyScheme,
    SubsidyState,
)

ZERO = Decimal("0.00")
PAID_STATES = (SubsidyState.PAID, SubsidyState.SETTLED)


@dataclass
class Figures:
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    paid: Decimal = ZERO
    settled: Decimal = ZERO
    committed: Decimal = ZERO

    @property
    def euros(self) -> dict[str, str]:
        return {
            name: format_euros(getattr(self, name))
            for name in ("requested", "granted", "paid", "settled", "committed")
        }

    def add(
        self,
        state: str,
        requested: Decimal,
        granted: Decimal | None,
        paid: Decimal | None,
        settled: Decimal | None,
    ) -> None:
        self.requested += requested
        if state in GRANTED_STATES:
            self.granted += granted or ZERO
            done = state == SubsidyState.SETTLED and settled is not None
            self.committed += (settled or ZERO) if done else (granted or ZERO)
        if state in PAID_STATES:
            self.paid += paid or ZERO
        if state == SubsidyState.SETTLED:
            self.settled += settled or ZERO


@dataclass
class YearRow:
    year: int | None  # None: the total
    budget: Decimal | None
    figures: Figures = field(default_factory=Figures)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.figures.committed

    @property
    def budget_euros(self) -> str:
        return format_euros(self.budget) if self.budget is not None else ""

    @property
    def remaining_euros(self) -> str:
        remaining = self.remaining
        return format_euros(remaining) if remaining is not None else ""

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else _("Total")


@dataclass
class ProvinceRow:
    province: str
    year: int
    figures: Figures


@dataclass
class Overview:
    scheme: SubsidyScheme
    years: list[YearRow]
    total: YearRow
    provinces: list[ProvinceRow]

    @property
    def summary(self) -> str:
        """One or two sentences that say what the chart shows."""
        total = self.total
        if total.budget is None or total.budget == 0:
            return _("No funding schedule has been set for this scheme yet.")
        f = total.figures
        share = round(100 * f.granted / total.budget) if total.budget else 0
        text = _(
            "Of the budget of %(budget)s for %(first)s–%(last)s, %(granted)s is granted "
            "(%(share)s%%) and %(paid)s is paid; %(remaining)s remains. %(requested)s was "
            "requested."
        ) % {
            "budget": format_euros(total.budget),
            "first": self.scheme.start_year,
            "last": self.scheme.end_year,
            "granted": format_euros(f.granted),
            "share": share,
            "paid": format_euros(f.paid),
            "remaining": format_euros(total.remaining),
            "requested": format_euros(f.requested),
        }
        tightest = min(
            (row for row in self.years if row.budget),
            key=lambda row: (row.remaining or ZERO) / (row.budget or 1),
            default=None,
        )
        if tightest is not None and tightest.remaining is not None and len(self.years) > 1:
            text += " " + _("The least is left in %(year)s: %(remaining)s.") % {
                "year": tightest.year,
                "remaining": format_euros(tightest.remaining),
            }
        return text


def overview(scheme: SubsidyScheme) -> Overview:
    budgets = {b.year: b.amount for b in scheme.budget_years.all()}
    years = {year: YearRow(year, budgets.get(year)) for year in scheme.years}
    for year, amount in budgets.items():  # a budget outside the period still shows
        years.setdefault(year, YearRow(year, amount))
    provinces: dict[tuple[str, int], Figures] = defaultdict(Figures)
    rows = SubsidyLineAmount.objects.filter(
        line__application__scheme=scheme, line__application__state__in=REQUESTED_STATES
    ).values_list(
        "year",
        "line__application__state",
        "line__library__province__name",
        "requested",
        "granted",
        "paid",
        "settled",
    )
    for year, state, province, requested, granted, paid, settled in rows:
        row = years.setdefault(year, YearRow(year, None))
        row.figures.add(state, requested, granted, paid, settled)
        provinces[(province or "", year)].add(state, requested, granted, paid, settled)
    ordered = [years[y] for y in sorted(years)]
    total = YearRow(
        None, sum((r.budget for r in ordered if r.budget is not None), ZERO) if budgets else None
    )
    for row in ordered:
        for name in ("requested", "granted", "paid", "settled", "committed"):
            setattr(total.figures, name, getattr(total.figures, name) + getattr(row.figures, name))
    return Overview(
        scheme=scheme,
        years=ordered,
        total=total,
        provinces=[
            ProvinceRow(province, year, figures)
            for (province, year), figures in sorted(provinces.items())
        ],
    )
