"""The subsidy scheme in a real browser: a POI files a collective application (axe on the
form, the detail page and the list), and a coordinator saves and submits a draft with
JavaScript switched off."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_scheme(demo: None) -> Any:
    """A scheme that is still open (the demo scheme's deadline passed in 2019)."""
    from django.utils import timezone

    from wegwijs.programme.subsidy.models import SubsidyBudgetYear, SubsidyScheme

    year = timezone.localdate().year
    scheme = SubsidyScheme.objects.create(
        name="Subsidieregeling proef",
        slug="proef",
        start_year=year,
        end_year=year + 1,
        deadline=timezone.now() + timedelta(days=30),
        allowed_start_years=[year, year + 1],
    )
    for y in scheme.years:
        SubsidyBudgetYear.objects.create(scheme=scheme, year=y, amount=Decimal("500000"))
    return scheme


def test_a_poi_files_a_collective_application_and_the_pages_pass_axe(
    page: Any, open_scheme: Any
) -> None:
    from wegwijs.network.models import Organisation
    from wegwijs.programme.subsidy.models import SubsidyApplication

    oba = Organisation.objects.get(slug="oba")
    den_haag = Organisation.objects.get(slug="bibliotheek-den-haag")
    year = open_scheme.start_year
    login(page, "poi")
    page.goto("/programma/subsidie/aanvragen/")
    assert not (problems := axe_problems(page, "form")), problems
    assert page_overflow(page) == 0
    page.select_option("#id_lines-0-library", str(oba.pk))
    page.select_option("#id_lines-0-start_year", str(year))
    page.fill(f"#id_lines-0-amount_{year}", "20.000")
    page.select_option("#id_lines-1-library", str(den_haag.pk))
    page.select_option("#id_lines-1-start_year", str(year + 1))
    page.fill(f"#id_lines-1-amount_{year + 1}", "12.500,50")
    page.fill("#id_total", "32.000")  # does not add up
    page.locator("main form button.button:not(.button--secondary)").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_total_error")).to_be_visible()
    assert not (problems := axe_problems(page, "form with errors")), problems
    assert not SubsidyApplication.objects.exists()

    page.fill("#id_total", "32.500,50")
    page.locator("main form button.button:not(.button--secondary)").click()
    expect(page).to_have_url(re.compile(r"/programma/subsidie/DI-\d{4}-0001/$"))
    application = SubsidyApplication.objects.get()
    assert {line.library for line in application.lines.all()} == {oba, den_haag}
    expect(page.locator("main")).to_contain_text("€ 32.500,50")
    assert not (problems := axe_problems(page, "detail")), problems

    page.goto("/programma/subsidie/")
    expect(page.locator("main table")).to_contain_text(application.reference)
    assert not (problems := axe_problems(page, "list")), problems
    assert page_overflow(page) == 0


def test_a_coordinator_saves_and_submits_a_draft_without_javascript(
    new_page: Any, open_scheme: Any
) -> None:
    from wegwijs.programme.subsidy.models import SubsidyApplication, SubsidyState

    page = new_page(java_script_enabled=False)
    year = open_scheme.start_year
    login(page, "coordinator")  # Bibliotheek Rotterdam
    page.goto("/programma/subsidie/")
    page.locator("main a[href^='/programma/subsidie/aanvragen/']").first.click()
    expect(page).to_have_url(re.compile(r"/programma/subsidie/aanvragen/"))
    page.select_option("#id_lines-0-start_year", str(year + 1))
    page.fill(f"#id_lines-0-amount_{year + 1}", "15000")
    page.locator("main form button.button:not(.button--secondary)").click()
    expect(page).to_have_url(re.compile(r"/programma/subsidie/DI-\d{4}-0001/$"))
    page.locator("form[action$='/indienen/'] button").click()
    expect(page.locator("main .messages")).to_be_visible()
    application = SubsidyApplication.objects.get()
    assert application.state == SubsidyState.SUBMITTED
    assert application.applicant.slug == "bibliotheek-rotterdam"
    expect(page.locator("form[action$='/indienen/']")).to_have_count(0)
