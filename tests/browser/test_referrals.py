"""A warm referral in a real browser: the desk registers a referred question, refers it with
the citizen's consent, and the partner's address gets an e-mail without personal data."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partner_service(demo: None) -> str:
    from datetime import time

    from wegwijs.network.demo import DEMO_PARTNER_SLUG
    from wegwijs.network.models import Organisation
    from wegwijs.socialmap.models import (
        Location,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
        SocialOrganization,
    )

    partner = Organisation.objects.get(slug=DEMO_PARTNER_SLUG)
    organization = SocialOrganization.objects.create(
        name="Sociaal Raadslieden Rotterdam",
        description="Gratis hulp bij brieven en formulieren.",
        email="info@raadslieden.example",
        owner=partner,
    )
    Phone.objects.create(organization=organization, number="010 123 4567")
    location = Location.objects.create(
        organization=organization,
        name="Wijkcentrum",
        address_1="Hoogstraat 110",
        postal_code="3011 PV",
        city="Rotterdam",
        latitude=51.92,
        longitude=4.49,
    )
    service = Service.objects.create(
        organization=organization,
        name="Hulp bij brieven en formulieren",
        description="Sociaal raadslieden helpen met toeslagen en bezwaar.",
        themes=["toeslagen"],
        format="spreekuur",
        access="aanmelden",
    )
    at = ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(
        service_at_location=at, freq="WEEKLY", byday="FR", opens_at=time(9), closes_at=time(12)
    )
    return str(service.pk)


def test_desk_refers_a_question_warmly_with_consent(
    page: Any, partner_service: str, mailoutbox: list[Any]
) -> None:
    from wegwijs.referrals.models import Referral

    login(page, "medewerker")
    page.goto("/balie/")
    page.select_option("#id_form-0-theme", "toeslagen")
    page.check("input[name='form-0-help_given'][value='doorverwezen']")
    page.select_option("#id_form-0-referral_target", "sociaal-raadslieden")
    page.click("main form button.button:not(.button--secondary)")

    page.get_by_role("link", name="Verwijs de vraag over", exact=False).click()
    page.get_by_role("link", name="Hulp bij brieven en formulieren").click()
    expect(page.locator("#consent-text")).to_contain_text("Ik vind het goed")
    assert not (problems := axe_problems(page)), problems
    assert page_overflow(page) == 0

    page.check("#id_consent")
    page.fill("#id_contact_name", "Jan Jansen")
    page.fill("#id_contact_phone", "06 12345678")
    page.fill("#id_summary", "Hulp bij bezwaar tegen de terugvordering van huurtoeslag.")
    page.get_by_role("button", name="Doorverwijzen").click()

    expect(page.locator("main h1")).to_contain_text("Doorverwijzing naar")
    expect(page.locator("main")).to_contain_text("Verstuurd, wacht op de partner")
    expect(page.locator("main")).to_contain_text("Jan Jansen")  # shown to the one who referred
    referral = Referral.objects.get()
    assert referral.contact_encrypted and "Jansen" not in referral.contact_encrypted
    (message,) = mailoutbox
    assert f"/doorverwijzingen/{referral.pk}/" in message.body
    assert "Jansen" not in message.body and "12345678" not in message.body
    assert not (problems := axe_problems(page)), problems
