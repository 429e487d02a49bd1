"""The monitor in a real browser: axe-core finds no WCAG 2.1 A/AA violations on the dashboard
(charts, data tables, heatmap shading, the error summary), for the programme office with
small figures hidden and for a coordinator with its own figures."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_is_accessible(page, new_page, demo):
    from wegwijs.monitor import generator

    last_year = date.today().year - 1
    generator.generate(3000, seed=5, start=date(last_year, 1, 1), end=date(last_year, 12, 31))
    login(page, "programma")
    page.goto(f"/monitor/?year={last_year}")
    expect(page.locator("#block-theme svg[role=img]")).to_be_visible()
    expect(page.locator("#block-heatmap table")).to_be_visible()
    problems = axe_problems(page, "monitor, national")
    page.goto(f"/monitor/?year={last_year}&granularity=day&province=NL-GE")
    problems += axe_problems(page, "monitor, daily series, one province")
    page.goto("/monitor/?start=2024-05&end=2024-01")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "monitor, invalid filters")
    library = new_page()
    login(library, "coordinator")
    library.goto(f"/monitor/?year={last_year}")
    problems += axe_problems(library, "monitor, library")
    assert not problems, problems
