"""The budget overview's sums (per year, nationally and per province), its chart and
summary, the audit trail in words, and the demo data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from wegwijs.programme.subsidy import budget, charts, exports, history, services
from wegwijs.programme.subsidy.models import SubsidyApplication, SubsidyState
from wegwijs.programme.subsidy.tests.conftest import (
    BEFORE,
    DECIDED,
    LATER,
    World,
    collective_application,
    line,
)

pytestmark = pytest.mark.django_db

D = Decimal


def _apply(world: World, user: object, rows: list[services.LineInput]) -> SubsidyApplication:
    return services.create_application(
        user, world.scheme, services.ApplicationInput(lines=rows), at=BEFORE
    )


def _to(world: World, a: SubsidyApplication, state: str) -> None:
    user = {
        world.n.probiblio: world.poi,
        world.n.bisc: world.bisc,
        world.n.rotterdam: world.coordinator,
        world.n.zaanstreek: world.zaanstreek_coordinator,
    }[a.applicant]
    if state == SubsidyState.DRAFT:
        return
    services.submit(user, a, at=BEFORE)
    if state == SubsidyState.SUBMITTED:
        return
    services.assess(world.office, a, at=DECIDED)
    if state == SubsidyState.REJECTED:
        services.reject(world.office, a, "past niet", at=DECIDED)
        return
    services.grant(world.office, a, at=DECIDED)
    if state == SubsidyState.GRANTED:
        return
    services.record_payment(world.office, a, date(2020, 1, 10), at=LATER)
    if state == SubsidyState.PAID:
        return
    first = services.amount_rows(a)[0]
    services.settle(
        world.office, a, date(2020, 2, 10), {(first.line_id, first.year): D("1000")}, at=LATER
    )


def test_the_budget_sums_per_year_and_per_province(world: World) -> None:
    # Probiblio for Rotterdam (ZH: 2020 20,000 / 2021 10,000) and Zaanstreek (NH: 2021 25,000),
    # settled with Rotterdam's 2020 amount brought down to 1,000.
    collective = collective_application(world)
    _to(world, collective, SubsidyState.SETTLED)
    # Utrecht (BiSC): rejected; its request still counts as requested.
    utrecht = _apply(world, world.bisc, [line(world.n.utrecht_library, 2021, y2019="3000")])
    _to(world, utrecht, SubsidyState.REJECTED)
    # A withdrawn draft counts nowhere (the rejection freed the library for a new one).
    again = _apply(world, world.bisc, [line(world.n.utrecht_library, 2020, y2019="1")])
    services.withdraw(world.bisc, again, at=BEFORE)

    data = budget.overview(world.scheme)
    by_year = {row.year: row for row in data.years}
    assert [r.year for r in data.years] == [2019, 2020, 2021]
    f2019, f2020, f2021 = (by_year[y].figures for y in (2019, 2020, 2021))
    assert (f2019.requested, f2019.granted, f2019.paid, f2019.settled) == (D(3000), 0, 0, 0)
    assert (f2020.requested, f2020.granted, f2020.paid, f2020.settled) == (
        D(20000),
        D(20000),
        D(20000),
        D(1000),
    )
    assert (f2021.requested, f2021.granted, f2021.paid, f2021.settled) == (
        D(35000),
        D(35000),
        D(35000),
        D(35000),
    )
    # Settled: the final amount is what counts against the budget.
    assert by_year[2020].remaining == D(400000) - D(1000)
    assert by_year[2021].remaining == D(450000) - D(35000)
    assert data.total.budget == D(950000)
    assert data.total.figures.requested == D(58000)
    assert data.total.figures.granted == D(55000)
    assert data.total.remaining == D(950000) - D(36000)
    provinces = {(r.province, r.year): r.figures for r in data.provinces}
    assert set(provinces) == {
        ("Zuid-Holland", 2020),
        ("Zuid-Holland", 2021),
        ("Noord-Holland", 2021),
        ("Utrecht", 2019),
    }
    assert provinces[("Noord-Holland", 2021)].granted == D(25000)
    assert provinces[("Zuid-Holland", 2020)].settled == D(1000)
    assert provinces[("Utrecht", 2019)].granted == 0
    assert services.committed(world.scheme) == {2020: D(1000), 2021: D(35000)}

    with translation.override("en"):
        assert data.summary.startswith(
            "Of the budget of €950,000.00 for 2019–2021, €55,000.00 is granted (6%) and "
            "€55,000.00 is paid; €914,000.00 remains. €58,000.00 was requested."
        )
        chart = str(charts.budget_chart(data))
    assert chart.startswith('<svg class="chart subsidy-chart" role="img" aria-label="')
    assert chart.count("subsidy-bar--budget") == 3 and chart.count("subsidy-bar--settled") == 3
    assert "style=" not in chart  # the CSP forbids inline styles

    years, per_province = exports.budget_sheets(data)
    rows = list(years.rows)
    assert rows[0][0] == "2019"
    assert rows[-1][1:] == [D(950000), D(58000), D(55000), D(55000), D(36000), D(914000)]
    assert len(list(per_province.rows)) == 4


def test_an_empty_scheme_has_a_plain_summary(world: World) -> None:
    world.scheme.budget_years.all().delete()
    data = budget.overview(world.scheme)
    with translation.override("en"):
        assert data.summary == "No funding schedule has been set for this scheme yet."
    assert str(charts.budget_chart(data)) == ""


def test_the_trail_in_words_names_organisations_years_and_amounts() -> None:
    with translation.override("en"):
        lines = history.describe(
            {
                "contact": "changed",
                "added": {"OBA": {"start_year": 2020, "amounts": {"2020": "5000.00"}}},
                "removed": ["Bibliotheek Hoorn"],
                "changed": {
                    "Bibliotheek Rotterdam": {
                        "start_year": [2020, 2021],
                        "amounts": {"2021": ["10000.00", "12000.00"]},
                    }
                },
                "paid": {"OBA": {"2020": "5000.00"}},
                "date": "2020-01-15",
            }
        )
    assert lines == [
        "Contact text changed.",
        "Added: OBA (start 2020; 2020 €5,000.00).",
        "Removed: Bibliotheek Hoorn.",
        "Bibliotheek Rotterdam: start year 2020 → 2021; 2021 €10,000.00 → €12,000.00.",
        "Paid: OBA, 2020 €5,000.00.",
        "Date: 15-01-2020.",
    ]


def test_the_demo_tells_the_story_in_every_state_and_runs_again(db: None) -> None:
    from wegwijs.network.demo import load_network
    from wegwijs.programme.subsidy import demo

    load_network()
    summary = demo.load()
    assert "8 applications (8 new)" in summary
    assert "8 applications (0 new)" in demo.load()
    states = set(SubsidyApplication.objects.values_list("state", flat=True))
    assert states == set(SubsidyState.values)
    collective = SubsidyApplication.objects.get(applicant__slug="probiblio")
    assert collective.state == SubsidyState.PAID
    provinces = {line.library.province.code for line in collective.lines.all()}
    assert provinces == {"NL-NH", "NL-ZH"}
    assert collective.lines.count() == 5
    assert collective.letter.data["collective"] is True
    scheme = collective.scheme
    assert scheme.is_demo and scheme.start_years == [2020, 2021]
    assert budget.overview(scheme).total.remaining > 0
