"""What the crawl of the demo (``scripts/axe-crawl``) found, checked where it was found.

- Text did not wrap at 320 px (WCAG 1.4.10): a web address in a sentence or a link, a long
  word in a heading, a grid column wider than the screen (``.columns``), a definition list
  whose terms took their full width (``.kb-meta``). Fixed in the shared stylesheet.
- The monitor linked every branch name (and map marker) to the branch's page, also for users
  who may not open it (an agency's analyst got "not found").
- The crawler itself named a table that scrolls in its own box as the culprit of an overflow
  and checked Django's debug "not found" page (DEBUG on) as if it were one of ours.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 720}


def overflow_at_320(page: Any, url: str) -> int:
    response = page.goto(url)
    assert response.status == 200, url
    return page_overflow(page)


def test_addresses_long_words_and_columns_fit_at_320_px(new_page, demo):
    """The programme office's pages where the crawl found text wider than 320 px."""
    from django.utils import timezone

    from wegwijs.accounts.models import User
    from wegwijs.network.models import Organisation
    from wegwijs.programme.subsidy import services
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
    coordinator = User.objects.get(username="coordinator")
    rotterdam = Organisation.objects.get(slug="bibliotheek-rotterdam")
    application = services.create_application(
        coordinator,
        scheme,
        services.ApplicationInput(
            lines=[
                services.LineInput(
                    library_id=rotterdam.pk, start_year=year, amounts={year: Decimal("20000")}
                )
            ]
        ),
    )
    # A long term in the list of facts ("Reden voor een lager bedrag").
    type(application).objects.filter(pk=application.pk).update(
        decision_reason="De begroting bevat kosten die al uit een andere regeling komen."
    )

    page = new_page(viewport=NARROW)
    login(page, "programma")
    too_wide = {
        url: overflow
        for url in (
            "/monitor/open-data/",  # the licence's web address in a sentence
            "/programma/contact/experts/probiblio/",  # a web address as a link
            "/sociale-kaart/beheer/importeren/",  # lists in .columns
            application.get_absolute_url(),  # .kb-meta with a long term
        )
        if (overflow := overflow_at_320(page, url))
    }
    assert not too_wide, too_wide


def test_a_long_word_in_a_heading_wraps_at_320_px(new_page, demo):
    """The card on the referral page has the offer's name as its heading."""
    from wegwijs.network.demo import DEMO_PARTNER_SLUG
    from wegwijs.network.models import Organisation
    from wegwijs.socialmap.models import Location, Service, ServiceAtLocation, SocialOrganization

    organization = SocialOrganization.objects.create(
        name="Belastingwinkel Rotterdam",
        description="Hulp bij de aangifte.",
        owner=Organisation.objects.get(slug=DEMO_PARTNER_SLUG),
    )
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
        name="Informatiebijeenkomst: belastingaangifte doen",
        description="Samen de aangifte inkomstenbelasting doen.",
        themes=["belastingen"],
        format="bijeenkomst",
        access="aanmelden",
    )
    ServiceAtLocation.objects.create(service=service, location=location)
    page = new_page(viewport=NARROW)
    login(page, "medewerker")
    page.goto(f"/doorverwijzingen/nieuw/{service.pk}/")
    expect(page.locator("#card-title")).to_have_text(service.name)
    assert page_overflow(page) == 0


def test_branch_names_in_the_monitor_link_only_to_pages_the_user_may_open(new_page, demo):
    from wegwijs.monitor import generator

    last_year = date.today().year - 1
    generator.generate(3000, seed=5, start=date(last_year, 1, 1), end=date(last_year, 12, 31))
    url = f"/monitor/?year={last_year}"

    analyst = new_page()
    login(analyst, "analist")
    analyst.goto(url)
    rows = analyst.locator("#block-branches table tbody tr")
    expect(rows.first).to_be_visible()
    expect(analyst.locator("#block-branches table a")).to_have_count(0)
    points = analyst.evaluate("JSON.parse(document.getElementById('map-points').textContent)")
    assert points and not any(point["url"] for point in points)
    if analyst.locator("#map .leaflet-marker-icon").count():  # the popup names, no link
        # markers of nearby branches overlap: the click goes to this marker itself
        analyst.locator("#map .leaflet-marker-icon").first.dispatch_event("click")
        expect(analyst.locator(".leaflet-popup-content strong")).to_be_visible()
        expect(analyst.locator(".leaflet-popup-content a")).to_have_count(0)

    coordinator = new_page()
    login(coordinator, "coordinator")
    coordinator.goto(url)
    links = coordinator.locator("#block-branches table a")
    expect(links.first).to_be_visible()
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert coordinator.request.get(href).status == 200, href


def test_the_crawler_names_what_widens_the_page_not_a_table_that_scrolls(page, live_server):
    from tests.browser.crawl import WIDEST_JS

    page.set_viewport_size(NARROW)
    page.goto("/account/inloggen/")
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend',
            '<p class="long">Zie ' + 'x'.repeat(80) + '</p>' +
            '<div class="table-wrap"><table><tr><td>' + 'y'.repeat(200) + '</td></tr></table></div>');
          document.querySelector('p.long').style.overflowWrap = 'normal';
        }"""
    )
    assert page_overflow(page) > 0
    assert page.evaluate(WIDEST_JS).endswith("p.long")


def test_the_crawler_reports_a_debug_not_found_page_as_not_found_only(page, live_server):
    """With DEBUG on, a 404 is Django's technical page: a broken link, not a page to check."""
    from django.http import Http404
    from django.test import RequestFactory
    from django.views.debug import technical_404_response

    from tests.browser.crawl import check_page

    path = "/netwerk/vestigingen/999999/"
    request = RequestFactory().get(path)
    html = technical_404_response(request, Http404("No Branch matches the given query.")).content
    page.route(
        f"**{path}",
        lambda route: route.fulfill(status=404, content_type="text/html; charset=utf-8", body=html),
    )
    page.set_viewport_size(NARROW)
    result, links = check_page(page, "test", live_server.url + path, axe=False)
    assert result.problems == ["HTTP 404"]
    assert links == []
    assert page_overflow(page) > 0  # Django's page is too wide at 320 px, but not ours
