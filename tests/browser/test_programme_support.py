"""POI support in a real browser: axe-core finds no WCAG 2.1 A/AA violations on the matrix,
a library's trajectory, the item form with errors and a Soob meeting; and the POI consultant
plans a basic trajectory and records an activity without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


def save(page: Any) -> None:
    """Press the form's main button ("Opslaan"), not "remove" or "delete"."""
    page.get_by_role("button", name="Opslaan", exact=True).click()


@pytest.fixture
def support_demo(demo: None) -> None:
    from wegwijs.programme.support import demo as support_demo

    support_demo.load()


def test_support_pages_are_accessible(page: Any, support_demo: None) -> None:
    from wegwijs.programme.support.models import SoobMeeting

    login(page, "poi")
    page.goto("/programma/ondersteuning/")
    expect(page.locator("table.matrix tbody tr").first).to_be_visible()
    problems = axe_problems(page, "support matrix")
    page.goto("/programma/ondersteuning/?province=NL-NH&status=planned")
    problems += axe_problems(page, "support matrix, filtered")
    page.goto("/programma/ondersteuning/bibliotheek/bibliotheek-katwijk/")
    problems += axe_problems(page, "trajectory")
    page.goto("/programma/ondersteuning/bibliotheek/bibliotheek-katwijk/activiteit/intake/")
    page.locator("#id_notes").fill("Bel 06-12345678 voor een afspraak.")
    save(page)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Maskeer|Mask", re.I))).to_be_visible()
    problems += axe_problems(page, "item form with errors")
    meeting = SoobMeeting.objects.order_by("date").first()
    assert meeting is not None
    page.goto(f"/programma/ondersteuning/soob/{meeting.pk}/")
    problems += axe_problems(page, "Soob meeting")
    page.goto("/programma/ondersteuning/activiteiten/")
    problems += axe_problems(page, "activities on offer")
    assert not problems, problems
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/programma/ondersteuning/bibliotheek/bibliotheek-katwijk/")
    assert page_overflow(page) == 0


def test_plan_and_record_support_without_javascript(new_page: Any, demo: None) -> None:
    from wegwijs.programme.support.models import SupportItem

    page = new_page(java_script_enabled=False)
    login(page, "poi")
    page.goto("/programma/ondersteuning/bibliotheek/bibliotheek-velsen/")
    page.locator("#id_plan_start").fill("2030-03-02")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("main .messages")).to_be_visible()
    assert SupportItem.objects.filter(library__slug="bibliotheek-velsen").count() == 5
    # an extra session (Noord-Holland): first a date in the future as "done", then right
    page.goto("/programma/ondersteuning/bibliotheek/bibliotheek-velsen/activiteit/sessie-gids/")
    page.locator("#id_done_on").fill("2999-01-01")
    save(page)
    expect(page.locator("#error-summary a[href='#id_done_on']")).to_be_visible()
    page.locator("#id_done_on").fill("2020-05-04")
    page.locator("#id_notes").fill("Sessie over het eigen aanbod in G!DS.")
    save(page)
    expect(page).to_have_url(re.compile(r"/bibliotheek/bibliotheek-velsen/$"))
    item = SupportItem.objects.get(library__slug="bibliotheek-velsen", activity__code="sessie-gids")
    assert item.done_on is not None and item.done_on.isoformat() == "2020-05-04"
    # the same extra session in Zuid-Holland is refused with a message
    page.goto("/programma/ondersteuning/bibliotheek/bibliotheek-katwijk/activiteit/sessie-gids/")
    expect(page.locator("main .notice--warning")).to_contain_text("Zuid-Holland")
