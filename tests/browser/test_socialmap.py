"""The social map in a real browser: search, read, suggest a correction; axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def offer(demo: None) -> str:
    from wegwijs.network.models import Organisation
    from wegwijs.socialmap.models import (
        Location,
        Schedule,
        Service,
        ServiceAtLocation,
        SocialOrganization,
    )

    rotterdam = Organisation.objects.get(slug="bibliotheek-rotterdam")
    organization = SocialOrganization.objects.create(
        name="Bibliotheek Rotterdam", description="De bibliotheek.", owner=rotterdam
    )
    location = Location.objects.create(
        organization=organization,
        name="Centrale Bibliotheek",
        address_1="Hoogstraat 110",
        postal_code="3011 PV",
        city="Rotterdam",
        latitude=51.92,
        longitude=4.49,
        accessibility="Ingang zonder drempel, lift.",
    )
    service = Service.objects.create(
        organization=organization,
        name="Klik & Tik inloop",
        description="Leer de basis van de computer, in uw eigen tempo.",
        themes=["digitale-vaardigheden"],
        target_groups=["ouderen"],
        format="cafe",
        access="inloop",
    )
    at = ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(
        service_at_location=at, freq="WEEKLY", byday="TU", opens_at="10:00", closes_at="12:00"
    )
    return str(service.pk)


def test_social_map_pages_have_no_axe_violations_and_fit_320_pixels(
    new_page: Any, offer: str
) -> None:
    page = new_page()
    login(page, "coordinator")
    problems = ""
    for url in (
        "/sociale-kaart/",
        "/sociale-kaart/?q=computer",
        "/sociale-kaart/?near=Rotterdam",
        "/sociale-kaart/?near=Roterdam",
        f"/sociale-kaart/{offer}/",
        "/sociale-kaart/?format=cafe&day=2030-01-01",
        f"/sociale-kaart/{offer}/kaart/",
        "/sociale-kaart/controle/",
    ):
        page.goto(url)
        problems += axe_problems(page)
    page.goto(f"/sociale-kaart/{offer}/")
    page.click("section[aria-labelledby=feedback-title] button")
    expect(page.locator(".field-error")).to_be_visible()
    problems += axe_problems(page, "feedback with an error")
    assert not problems, problems

    small = new_page(viewport={"width": 320, "height": 640})
    login(small, "medewerker")
    for url in ("/sociale-kaart/", f"/sociale-kaart/{offer}/", f"/sociale-kaart/{offer}/kaart/"):
        small.goto(url)
        assert not page_overflow(small), url


def test_search_as_you_type_finds_the_course(page: Any, offer: str) -> None:
    login(page, "medewerker")
    page.goto("/sociale-kaart/")
    page.locator("#id_q").press_sequentially("computerles", delay=10)
    expect(page.locator(".article-card")).to_have_count(1)
    expect(page.locator(".article-card").first).to_contain_text("Klik & Tik")


def test_a_facet_link_filters_in_place_and_keeps_focus(page: Any, offer: str) -> None:
    login(page, "medewerker")
    page.goto("/sociale-kaart/")
    link = page.locator("#facet-format-cafe")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#facet-format-cafe")).to_have_attribute("aria-current", "true")
    expect(page.locator("#facet-format-cafe")).to_be_focused()
    expect(page.locator("#id_format")).to_have_value("cafe")  # the form follows the facet
    expect(page.locator("#results-status")).to_contain_text("1 aanbod")
    assert "format=cafe" in page.url


def test_the_card_copies_its_sms_text(page: Any, offer: str) -> None:
    login(page, "medewerker")
    page.goto(f"/sociale-kaart/{offer}/kaart/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".sms")).to_be_hidden()
    expect(page.locator(".citizen-card")).to_be_visible()
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Tekst kopiëren").click()
    expect(page.get_by_role("status").filter(has_text="gekopieerd")).to_be_visible()
