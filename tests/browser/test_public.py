"""The public site in a real browser: axe finds nothing on any page, every page fits 320 px
(= 1280 px at 400 % zoom) and weighs under 100 KB, search works by keyboard, without
JavaScript and with "use my location", the map comes on request, the widget embeds."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)

WEIGHT_LIMIT = 100_000
TEXT_TYPES = ("text/", "application/javascript", "application/json")


@pytest.fixture
def site(transactional_db: None) -> dict[str, str]:
    """The public test network; returns the public pages by name."""
    from wegwijs.public.tests.data import build

    network = build()
    return {
        "home": "/hulp/",
        "results": "/hulp/zoeken/?q=1541+AB",
        "not found": "/hulp/zoeken/?q=qwxzv",
        "too long": "/hulp/zoeken/?q=" + "x" * 300,
        "location": f"/hulp/locatie/{network.zaandam.pk}/",
        "card": f"/hulp/locatie/{network.zaandam.pk}/kaart/",
        "courses": "/hulp/cursussen/",
        "courses near": "/hulp/cursussen/?q=Zaandam",
        "course": f"/hulp/cursussen/{network.digisterker.pk}/",
        "landing": "/hulp/uwv/?postcode=1541AB",
        "404": "/hulp/bestaatniet/",
        "widget": "/hulp/widget/?q=1541",
    }


def show_map(page: Any) -> None:
    page.get_by_role("button", name="Laat zien op een kaart").click()
    expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()


def _transferred(page: Any, url: str, action: Callable[[Any], None] | None = None) -> int:
    """Bytes a page costs, map tiles aside (they never load here): HTML as sent, static text
    files gzip-compressed as the production static server sends them."""
    finished: list[Any] = []

    def record(request: Any) -> None:
        finished.append(request)

    page.on("requestfinished", record)
    page.goto(url)  # waits for the load event: the page, its styles, scripts and images
    if action is not None:
        action(page)
        for _ in range(50):  # (not wait_for_function: the site's CSP forbids its eval)
            if page.evaluate("[...document.images].every(image => image.complete)"):
                break
            page.wait_for_timeout(100)
    total = 0
    for request in finished:
        response = request.response()
        if response is None:
            continue
        body = response.body() if response.status < 300 else b""
        kind = response.headers.get("content-type", "")
        static = "/static/" in request.url
        size = len(gzip.compress(body, 6)) if static and kind.startswith(TEXT_TYPES) else len(body)
        total += size + request.sizes()["responseHeadersSize"]
    page.remove_listener("requestfinished", record)
    return total


def test_every_public_page_passes_axe_fits_320_pixels_and_weighs_under_100_kb(
    new_page: Callable[..., Any], site: dict[str, str]
) -> None:
    narrow = new_page(viewport={"width": 320, "height": 640})
    problems = ""
    weights = {}
    for name, url in site.items():
        page = new_page()  # a fresh context: nothing cached, every file counts
        weights[name] = _transferred(page, url)
        problems += axe_problems(page, name)
        narrow.goto(url)
        assert page_overflow(narrow) == 0, f"{name} scrolls sideways at 320 px"
    page = new_page()
    weights["results with the map"] = _transferred(page, site["results"], show_map)
    problems += axe_problems(page, "results with the map")
    narrow.goto(site["results"])
    show_map(narrow)
    assert page_overflow(narrow) == 0

    assert not problems, problems
    heavy = {name: size for name, size in weights.items() if size >= WEIGHT_LIMIT}
    assert not heavy, f"over {WEIGHT_LIMIT} bytes: {heavy} (all: {weights})"
    assert weights["results"] < 40_000  # without the map: no Leaflet at all


def test_search_by_keyboard(page: Any, site: dict[str, str]) -> None:
    page.goto(site["home"])
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("1541 AB")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hulp/zoeken/\?q=1541\+AB"))
    first = page.locator(".result__title a").first
    for _ in range(30):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("De Bieb Zaandam")


def test_without_javascript_the_list_works(
    new_page: Callable[..., Any], site: dict[str, str]
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(site["home"])
    expect(page.get_by_role("button", name="Gebruik mijn locatie")).to_have_count(0)
    page.locator("#id_q").fill("Zaandam")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".result")).to_have_count(5)
    expect(page.locator(".result").first).to_contain_text("De Bieb Zaandam")
    expect(page.locator("[data-map]")).to_be_hidden()

    page.get_by_role("button", name="Zet de taal op English").click()
    expect(page.locator("h1")).to_have_text("Informatiepunten near Zaandam")


def test_use_my_location(new_page: Callable[..., Any], site: dict[str, str]) -> None:
    page = new_page(
        geolocation={"latitude": 51.9215, "longitude": 4.4895}, permissions=["geolocation"]
    )
    page.goto(site["home"])
    page.get_by_role("button", name="Gebruik mijn locatie").click()
    expect(page).to_have_url(re.compile(r"lat=51\.92150&lon=4\.48950"))
    expect(page.locator("h1")).to_have_text("Informatiepunten bij uw locatie")
    expect(page.locator(".result").first).to_contain_text("Centrale Bibliotheek")


def test_the_map_comes_on_request(page: Any, site: dict[str, str]) -> None:
    page.goto(site["results"])
    toggle = page.get_by_role("button", name="Laat zien op een kaart")
    expect(page.locator("#map")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    show_map(page)

    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(5)
    expect(page.get_by_role("button", name="Verberg de kaart")).to_have_attribute(
        "aria-expanded", "true"
    )


def test_the_widget_on_a_partner_page(page: Any, live_server: Any, site: dict[str, str]) -> None:
    page.goto(site["home"])  # any page of ours; the snippet below is what a partner pastes
    page.set_content(
        '<main><h1>Partner</h1><div data-wegwijs-widget data-postcode="1541 AB"></div></main>'
        f'<script src="{live_server.url}/static/public/widget.js"></script>'
    )
    frame = page.frame_locator("iframe")
    expect(frame.locator(".result")).to_have_count(3)
    expect(frame.locator("#id_q")).to_have_value("1541 AB")
    expect(page.locator("iframe")).to_have_attribute("title", re.compile("Informatiepunt"))
    expect(page.locator("iframe")).to_have_attribute("style", re.compile(r"height: \d+px"))
