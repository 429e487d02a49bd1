"""The contact area in a real browser: axe finds nothing on the public "Meer weten?" pages or
on the materials list and news, and the form is sent without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def contact_demo(demo: None) -> None:
    from django.core.cache import cache

    from wegwijs.programme.contact import demo as contact

    cache.clear()  # the form's rate-limit counters
    contact.load()  # after the demo users: the POI's consultant is named expert


def test_the_public_form_passes_axe_and_is_sent_without_javascript(
    new_page: Any, contact_demo: None
) -> None:
    from wegwijs.programme.contact.models import ContactRequest
    from wegwijs.referrals.crypto import decrypt_contact

    # axe needs JavaScript in the page; the form itself does not.
    before = ContactRequest.objects.count()  # the demo's handled requests, for the counts
    checked = new_page()
    problems = ""
    checked.goto("/programma/contact/meer-weten/")
    problems += axe_problems(checked)
    checked.goto("/programma/contact/meer-weten/probiblio/")
    problems += axe_problems(checked)
    assert page_overflow(checked) == 0
    checked.wait_for_timeout(3100)  # people take longer than the robot check's 3 seconds
    checked.locator("main form button[type=submit]").click()
    expect(checked.locator("#error-summary")).to_be_visible()
    expect(checked.locator("#id_email_error")).to_be_visible()
    problems += axe_problems(checked, "the form with errors")
    assert ContactRequest.objects.count() == before

    page = new_page(java_script_enabled=False)
    page.goto("/programma/contact/meer-weten/")
    page.locator("#id_provincie").select_option("NL-ZH")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/meer-weten/probiblio/\?provincie=NL-ZH$"))
    expect(page.locator("#id_province")).to_have_value("NL-ZH")
    page.locator("#id_phone").fill("06 12345678")
    page.locator("#id_organisation").fill("Bibliotheek Katwijk")
    page.locator("#id_question").fill("Hoe plannen we de lokale bijeenkomst?")
    page.wait_for_timeout(3100)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/meer-weten/probiblio/verzonden/$"))
    checked.goto(page.url)
    problems += axe_problems(checked)
    assert problems == "", problems

    request = ContactRequest.objects.get(status="open")
    assert request.poi.slug == "probiblio" and request.province.code == "NL-ZH"
    assert decrypt_contact(request.contact_encrypted).phone == "0612345678"


def test_the_materials_list_and_news_pass_axe(new_page: Any, contact_demo: None) -> None:
    page = new_page()
    login(page, "medewerker")
    problems = ""
    page.goto("/programma/contact/materialen/")
    expect(page.locator(".contact-material")).to_have_count(4)
    problems += axe_problems(page)
    assert page_overflow(page) == 0
    page.locator("#id_categorie").select_option("flyer")
    page.locator(".filters button[type=submit]").click()
    expect(page.locator(".contact-material")).to_have_count(1)
    problems += axe_problems(page, "filtered")
    with page.expect_download() as download:
        page.locator(".contact-material a[download]").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto("/programma/contact/nieuws/")
    problems += axe_problems(page)
    page.locator(".article-card h2 a").first.click()
    problems += axe_problems(page)
    assert problems == "", problems
