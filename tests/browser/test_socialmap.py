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
    for url in ("/sociale-kaart/", f"/sociale-kaart/{offer}/"):
        small.goto(url)
        assert not page_overflow(small), url


def test_search_as_you_type_finds_the_course(page: Any, offer: str) -> None:
    login(page, "medewerker")
    page.goto("/sociale-kaart/")
    page.locator("#id_q").press_sequentially("computerles", delay=10)
    expect(page.locator(".article-card")).to_have_count(1)
    expect(page.locator(".article-card").first).to_contain_text("Klik & Tik")
