"""The partnership tools in a real browser: axe-core finds no WCAG 2.1 A/AA violations on
the partner list, the quadrant chart and the weighing table (and the goals matrix and the
scoring form with an error), and a coordinator scores a partner with JavaScript switched off
(axe needs JavaScript, so it runs in the first test only)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/programma/samenwerking/bibliotheek-rotterdam/"


@pytest.fixture
def tools(demo: None) -> None:
    from wegwijs.programme.partnerships import demo as partnerships_demo

    partnerships_demo.load()


def test_the_partnership_pages_are_accessible(page: Any, new_page: Any, tools: None) -> None:
    login(page, "coordinator")
    page.goto(BASE)
    expect(page.locator("h1")).to_contain_text("Bibliotheek Rotterdam")
    expect(page.locator("table tbody tr")).to_have_count(8)
    problems = axe_problems(page, "partner list")
    page.goto(BASE + "krachtenanalyse/")
    expect(page.locator("svg.partnerships-chart[role=img]")).to_be_visible()
    expect(page.locator("svg.partnerships-chart circle")).to_have_count(7)  # ended one left out
    problems += axe_problems(page, "quadrant chart")
    page.goto(BASE + "afwegingstabel/")
    expect(page.locator("table.weighing-table caption")).to_be_visible()
    problems += axe_problems(page, "weighing table")
    page.goto(BASE + "doelen/")
    problems += axe_problems(page, "goals matrix")
    page.get_by_role("link", name="Humanitas Rotterdam").first.click()
    page.locator("a[href$='/scores/']").click()
    page.locator("table.scores-table tbody tr").first.locator("select").nth(1).select_option("")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "scores form with an error")
    office = new_page(viewport={"width": 360, "height": 740})
    login(office, "programma")
    office.goto(BASE + "krachtenanalyse/")
    expect(office.locator("svg.partnerships-chart")).to_be_visible()
    assert page_overflow(office) == 0
    problems += axe_problems(office, "quadrant chart, phone, read-only")
    assert not problems, problems


def test_a_coordinator_scores_a_partner_without_javascript(new_page: Any, tools: None) -> None:
    from wegwijs.programme.partnerships.models import PartnershipPartner, PartnershipScore

    page = new_page(java_script_enabled=False)
    login(page, "coordinator")
    page.goto(BASE)
    page.get_by_role("link", name="Humanitas Rotterdam").click()
    page.locator("a[href$='/scores/']").click()
    expect(page).to_have_url(re.compile(r"/partners/\d+/scores/$"))
    rows = page.locator("table.scores-table tbody tr")
    count = rows.count()
    assert count == 8
    partner = PartnershipPartner.objects.get(name="Humanitas Rotterdam")
    before = sorted(
        PartnershipScore.objects.filter(partner=partner).values_list(
            "fit", "added_value", "feasibility"
        )
    )
    # Half a row is refused with a message at the field and in the summary; nothing stored.
    first = rows.nth(0).locator("select")
    first.nth(0).select_option("5")
    first.nth(1).select_option("")
    first.nth(2).select_option("5")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(rows.nth(0).locator(".field-error")).to_be_visible()
    after = sorted(
        PartnershipScore.objects.filter(partner=partner).values_list(
            "fit", "added_value", "feasibility"
        )
    )
    assert after == before
    for i in range(count):
        for select in rows.nth(i).locator("select").all():
            select.select_option("4")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/partners/\d+/$"))
    expect(page.locator("#weighing-title ~ p").first).to_contain_text("75")
    assert PartnershipScore.objects.filter(partner=partner, fit=4).count() == 8
