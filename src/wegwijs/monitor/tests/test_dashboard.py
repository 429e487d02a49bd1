"""The dashboard per role: scope, suppression of every table, trends, bad filters, the page
without JavaScript, the exports and the API."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from rest_framework.test import APIClient

from wegwijs.accounts.models import Role
from wegwijs.monitor.filters import InvalidFilters, selection_for
from wegwijs.monitor.report import Report, Table, build
from wegwijs.monitor.suppression import Cell
from wegwijs.monitor.tests.conftest import Registered
from wegwijs.monitor.tests.test_suppression import assert_protected
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


def report_for(role: str, reg: Registered, **params: Any) -> Report:
    user = user_for(role, reg.network)
    return build(selection_for(user, reg.params(**params)))


def figure(table: Table, code: str, column: str = "questions") -> Cell | None:
    for row in table.rows:
        if row.code == code:
            return row.cells[column]
    return None


def assert_tables_protected(report: Report) -> None:
    """Every table, column by column, against the total it shows: no small figure visible,
    none derivable (the linear-programme attacker of test_suppression)."""
    for table in report.tables:
        if table.withheld:
            continue
        for column in table.columns:
            if column.kind != "count" or table.chart == "heatmap":
                continue
            cells = [
                r.cells[column.key] for r in table.rows if isinstance(r.cells.get(column.key), Cell)
            ]
            total = (table.total or {}).get(column.key)
            equations = (
                [(list(range(len(cells))), total.bound())] if isinstance(total, Cell) else []
            )
            assert_protected(cells, equations)
        if table.chart == "heatmap":
            cells = [c for r in table.rows for c in r.cells.values()]
            visits = report.key_figures[1][1]
            assert_protected(cells, [(list(range(len(cells))), visits.bound())])


def test_programme_office_sees_the_country_with_small_figures_hidden(
    registered: Registered,
) -> None:
    report = report_for(Role.PROGRAMME_OFFICE, registered)
    assert report.suppressed
    questions, visits = report.key_figures[0][1], report.key_figures[1][1]
    assert (questions.value, visits.value) == (75, 75)
    assert report.key_figures[0][2].value == 20  # the year before
    themes = report.table("theme")
    assert figure(themes, "digid").display == "45"
    assert figure(themes, "boetes").display == "<5"
    assert figure(themes, "boetes").shown is None
    unmet = report.table("unmet")
    assert figure(unmet, "werk-uitkering").display == "<5"  # 3 could not be helped
    assert_tables_protected(report)
    # "DigiD was the most frequent theme: 60% of questions, up 10 points on the previous period."
    assert "DigiD" in themes.summary and "60%" in themes.summary and "10" in themes.summary
    branches = report.table("branches")
    assert {r.label for r in branches.rows} == {
        "Centrale Bibliotheek", "Bibliotheek Zuidplein", "De Bieb Zaandam", "Bibliotheek Neude",
    }  # fmt: skip


def test_an_agency_sees_only_questions_about_its_own_organisation(registered: Registered) -> None:
    report = report_for(Role.AGENCY_ANALYST, registered)
    assert report.suppressed
    assert report.key_figures[0][1].value == 11  # uwv: 3 + 2 + 4 + 2
    assert len(report.key_figures) == 1  # no visits: a visit is not "about" an organisation
    assert [r.code for r in report.table("organisation").rows] == ["uwv"]
    assert {r.code for r in report.table("theme").rows} == {"werk-uitkering"}
    assert "heatmap" not in {t.key for t in report.tables}
    assert_tables_protected(report)
    user = user_for(Role.AGENCY_ANALYST, registered.network)
    with pytest.raises(InvalidFilters) as exc:
        selection_for(user, {"organisation": "logius"})
    assert "organisation" in exc.value.errors


def test_a_poi_sees_its_provinces_only(registered: Registered) -> None:
    report = report_for(Role.POI_CONSULTANT, registered)
    assert report.key_figures[0][1].value == 75 - 9  # not Utrecht
    assert "Bibliotheek Neude" not in {r.label for r in report.table("branches").rows}
    assert report.suppressed
    assert_tables_protected(report)
    north = report_for(Role.POI_CONSULTANT, registered, province="NL-NH")
    assert north.key_figures[0][1].value == 16
    user = user_for(Role.POI_CONSULTANT, registered.network)
    for bad in ({"province": "NL-UT"}, {"library": "bibliotheek-utrecht"}):
        with pytest.raises(InvalidFilters):
            selection_for(user, registered.params(**bad))


def test_the_library_itself_sees_its_exact_figures(registered: Registered) -> None:
    report = report_for(Role.COORDINATOR, registered)
    assert not report.suppressed
    assert report.key_figures[0][1].value == 50  # Rotterdam: both branches
    themes = report.table("theme")
    assert figure(themes, "boetes").display == "1"  # inside the library: as it is
    assert figure(themes, "werk-uitkering").display == "5"
    user = user_for(Role.COORDINATOR, registered.network)
    with pytest.raises(InvalidFilters):
        selection_for(user, registered.params(branch=registered.network.zaandam.pk))
    desk = report_for(Role.DESK_WORKER, registered)  # Rotterdam Centrum
    assert desk.key_figures[0][1].value == 41
    assert not desk.suppressed


def test_roles_without_figures_are_refused(
    registered: Registered, client: Any, log_in: Any
) -> None:
    user = user_for(Role.PARTNER_EDITOR, registered.network)
    with pytest.raises(PermissionDenied):
        selection_for(user, {})
    log_in(user)
    assert client.get("/monitor/").status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"quarter": 1, "month": 2},
        {"start": "2024-01"},
        {"start": "2024-05", "end": "2024-02"},
        {"start": "24-05", "end": "2024-06"},
        {"start": "2024-13", "end": "2025-01"},
        {"start": "2000-01", "end": "2024-01"},
        {"start": "2019-01", "end": "2999-01"},
        {"year": 2010},
        {"year": "abc"},
        {"granularity": "hour"},
        {"kind": "nonsense"},
        {"province": "NL-XX"},
        {"branch": "x"},
        {"year": 2024, "start": "2024-01", "end": "2024-02"},
    ],
)
def test_invalid_filters_answer_400_with_a_message(
    params: dict[str, Any], registered: Registered, client: Any, log_in: Any
) -> None:
    user = user_for(Role.PROGRAMME_OFFICE, registered.network)
    log_in(user)
    page = client.get("/monitor/", params)
    assert page.status_code == 400
    assert "error-summary" in page.text
    api = APIClient()
    api.force_authenticate(user)
    answer = api.get("/api/v1/monitor/", params)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["errors"][0]["message"]
    assert client.get("/monitor/export/theme.csv", params).status_code == 400


def test_a_long_range_is_shown_per_longer_step(registered: Registered) -> None:
    user = user_for(Role.PROGRAMME_OFFICE, registered.network)
    selection = selection_for(
        user, {"start": "2019-07", "end": f"{registered.year}-12", "granularity": "day"}
    )
    assert selection.coarsened and selection.granularity != "day"
    report = build(selection)
    assert report.table("series").note
    assert sum(r.cells["questions"].value for r in report.table("series").rows) == 95


def test_the_heatmap_puts_visits_at_their_local_hour(registered: Registered) -> None:
    report = report_for(Role.COORDINATOR, registered)
    heatmap = report.table("heatmap")
    weekday = str(__import__("datetime").date(registered.year, 3, 10).weekday())
    row = next(r for r in heatmap.rows if r.code == weekday)
    assert row.cells["11"].value == 50
    assert sum(c.value for r in heatmap.rows for c in r.cells.values()) == 50


def test_the_page_works_without_javascript(
    registered: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.PROGRAMME_OFFICE, registered.network))
    page = client.get("/monitor/", registered.params())
    assert page.status_code == 200
    html = page.text
    main = html[html.index('<main'):html.index('</main>')]  # fmt: skip
    assert main.count('role="img"') >= 8
    assert 'aria-label="Questions by theme' in main or 'aria-label="Vragen per thema' in main
    assert main.count("<table") >= 10 and "<caption" in main
    assert "&lt;5" in main
    assert " style=" not in main  # the Content Security Policy allows no inline styles
    assert "/monitor/export/theme.csv?" in main
    for role in (Role.POI_CONSULTANT, Role.COORDINATOR, Role.DESK_WORKER, Role.AGENCY_ANALYST):
        log_in(user_for(role, registered.network))
        assert client.get("/monitor/", registered.params()).status_code == 200


def test_exports_hold_the_tables_as_shown(registered: Registered, client: Any, log_in: Any) -> None:
    log_in(user_for(Role.PROGRAMME_OFFICE, registered.network))
    response = client.get("/monitor/export/theme.csv", registered.params())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["digid"][2] == "45"
    assert by_code["boetes"][2] == "<5"
    assert rows[-1][1] and rows[-1][2] == "75"
    workbook = load_workbook(
        io.BytesIO(client.get("/monitor/export/all.xlsx", registered.params()).content)
    )
    assert {"theme", "organisation", "branches", "heatmap"} <= set(workbook.sheetnames)
    values = list(workbook["theme"].iter_rows(values_only=True))
    assert ("boetes", "<5") in {(row[0], row[2]) for row in values}
    assert ("digid", 45) in {(row[0], row[2]) for row in values}
    assert client.get("/monitor/export/nothing.csv").status_code == 404
    assert client.get("/monitor/export/all.csv").status_code == 404


def test_the_api_answers_like_the_page(registered: Registered) -> None:
    api = APIClient()
    api.force_authenticate(user_for(Role.AGENCY_ANALYST, registered.network))
    body = api.get("/api/v1/monitor/", registered.params()).json()
    assert body["suppressed"] is True
    assert body["key_figures"][0]["value"]["value"] == 11
    theme = next(t for t in body["tables"] if t["key"] == "theme")
    assert [r["code"] for r in theme["rows"]] == ["werk-uitkering"]
    api.force_authenticate(user_for(Role.PARTNER_EDITOR, registered.network))
    assert api.get("/api/v1/monitor/").status_code == 403


def test_a_period_that_has_not_ended_compares_the_same_months(registered: Registered) -> None:
    from datetime import date

    user = user_for(Role.PROGRAMME_OFFICE, registered.network)
    selection = selection_for(user, {"year": 2026}, today=date(2026, 5, 20))
    assert (selection.period.start, selection.period.end) == (date(2026, 1, 1), date(2026, 5, 1))
    assert (selection.previous.start, selection.previous.end) == (
        date(2025, 1, 1),
        date(2025, 5, 1),
    )
    quarter = selection_for(user, {"year": 2026, "quarter": 2}, today=date(2026, 5, 20))
    assert (quarter.previous.start, quarter.previous.end) == (date(2026, 1, 1), date(2026, 2, 1))


def test_a_table_that_cannot_be_protected_is_withheld(
    registered: Registered, client: Any, log_in: Any
) -> None:
    from datetime import datetime

    from wegwijs.monitor.tests.conftest import AMSTERDAM, register
    from wegwijs.testing.factories import BranchFactory

    small = BranchFactory(organisation=registered.network.utrecht_library, name="Klein")
    office = user_for(Role.PROGRAMME_OFFICE, registered.network)
    when = datetime(registered.year, 5, 4, 10, 0, tzinfo=AMSTERDAM)
    register(office, small, when, "digid", "logius", "samen", count=4)
    register(office, small, when, "boetes", "cjib", "samen", count=4)
    report = build(selection_for(office, registered.params(branch=small.pk)))
    themes = report.table("theme")
    assert themes.withheld and not themes.rows and themes.lines() == []  # 8 = 4 + 4
    assert report.key_figures[0][1].display == "8"
    log_in(office)
    page = client.get("/monitor/", registered.params(branch=small.pk))
    assert "Te weinig vragen om deze tabel te tonen" in page.text
    rows = client.get("/monitor/export/theme.csv", registered.params(branch=small.pk))
    assert rows.content.decode("utf-8-sig").strip().count("\n") == 0  # the header only
