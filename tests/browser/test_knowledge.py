"""The knowledge base in a real browser: search as you type, read, write; axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def articles(demo: None) -> None:
    from wegwijs.knowledge import services
    from wegwijs.knowledge.models import Status
    from wegwijs.network.models import Organisation

    uwv = Organisation.objects.get(code="uwv")
    for slug, title, question, theme in (
        ("ww-aanvragen", "WW aanvragen", "Hoe vraag ik een WW-uitkering aan?", "werk-uitkering"),
        ("werkmap", "Mijn UWV en de werkmap", "Waar vind ik mijn werkmap?", "werk-uitkering"),
    ):
        services.create(
            None,
            {
                "title": title,
                "question": question,
                "summary": "U regelt dit zelf op uwv.nl met uw DigiD.",
                "steps": ["Ga naar uwv.nl.", "Log in met DigiD."],
                "bring": ["DigiD"],
                "refer": "Lukt het niet, verwijs dan naar het UWV.",
                "links": [{"title": "UWV", "url": "https://www.uwv.nl"}],
                "themes": [theme],
                "organisations": ["uwv"],
                "keywords": ["werkloos"],
                "source": "https://www.uwv.nl",
            },
            owner=uwv,
            slug=slug,
            status=Status.PUBLISHED,
            check_permission=False,
        )


def test_search_updates_the_results_as_the_worker_types(page: Any, articles: None) -> None:
    login(page, "medewerker")
    page.goto("/kennisbank/")
    expect(page.locator(".article-card")).to_have_count(2)
    page.locator("#id_q").press_sequentially("werkloos ww aanvraagen", delay=10)
    expect(page.locator(".article-card").first).to_contain_text("WW aanvragen")
    expect(page.locator("#results-status")).to_contain_text("artikel")
    page.locator(".article-card a").first.click()
    expect(page.locator("h1")).to_have_text("WW aanvragen")


def test_knowledge_pages_have_no_axe_violations_and_fit_320_pixels(
    new_page: Any, articles: None
) -> None:
    page = new_page()
    login(page, "analist")
    problems = ""
    for url in (
        "/kennisbank/",
        "/kennisbank/?q=werkmap",
        "/kennisbank/ww-aanvragen/",
        "/kennisbank/ww-aanvragen/geschiedenis/",
        "/kennisbank/beheer/",
        "/kennisbank/nieuw/",
    ):
        page.goto(url)
        problems += axe_problems(page)
    page.goto("/kennisbank/ww-aanvragen/wijzigen/")
    page.fill("#id_summary", "Bel 06-12345678 voor hulp.")
    page.click("main form button.button")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "edit with errors")
    assert not problems, problems

    small = new_page(viewport={"width": 320, "height": 640})
    login(small, "analist")
    for url in ("/kennisbank/", "/kennisbank/ww-aanvragen/", "/kennisbank/ww-aanvragen/wijzigen/"):
        small.goto(url)
        assert not page_overflow(small), url
