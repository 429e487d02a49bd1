"""Layout and keyboard basics: 320 px wide and 200% zoom without horizontal scrolling,
a visible focus indicator, the skip link, and a map that neither hides content nor traps focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import (
    CODE_URL,
    central_branch,
    enter_code,
    enter_password,
    login,
    page_overflow,
    submit,
    totp_code,
)

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    # 200% zoom of a 1280 x 960 window: half the CSS pixels, twice the device pixels.
    "zoom200": {"viewport": {"width": 640, "height": 480}, "device_scale_factor": 2},
}

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# Elements that stick out of the viewport (outside the .table-wrap regions that may scroll).
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right + scrollX > width + 1 && !e.closest(".table-wrap"))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + e.classList);
}"""

FOCUS_RING = """() => {
  const s = getComputedStyle(document.activeElement);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_every_shell_page_fits_without_horizontal_scrolling(new_page, demo, size):
    from django.template.loader import render_to_string
    from django_otp.plugins.otp_totp.models import TOTPDevice

    too_wide: dict[str, object] = {}
    page = new_page(**SIZES[size])

    def check(label: str) -> None:
        # Waits (up to 2 s) for the layout to settle, e.g. while a map or Swagger UI draws.
        try:
            page.wait_for_function(FITS, timeout=2_000)
        except PlaywrightTimeoutError:
            too_wide[label] = (page_overflow(page), page.evaluate(TOO_WIDE))

    page.goto("/account/inloggen/")
    check("login")
    enter_password(page, "programma", "wrong")
    check("login with an error")
    enter_password(page, "programma")
    expect(page).to_have_url(CODE_URL)
    check("code entry")
    enter_code(page, totp_code("programma"))
    check("start page")
    branch = central_branch()
    for url in [
        "/netwerk/bibliotheken/",
        "/netwerk/bibliotheken/?province=NL-ZH&wave=2020",
        "/netwerk/bibliotheken/bibliotheek-rotterdam/",
        "/netwerk/vestigingen/",
        "/netwerk/vestigingen/?q=rotterdam&has_ido=true",
        f"/netwerk/vestigingen/{branch}/",
        f"/netwerk/vestigingen/{branch}/bewerken/",
        "/netwerk/vestigingen/999999/",
    ]:
        page.goto(url)
        check(url)
    page.goto(f"/netwerk/vestigingen/{branch}/bewerken/")
    page.locator("#id_name").fill("")
    submit(page)
    expect(page.locator("#error-summary")).to_be_visible()
    check("branch edit form with errors")
    page.goto("/api/v1/docs/")
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    check("API docs")
    html = render_to_string("500.html")
    page.route(
        "**/server-error-page/",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )
    page.goto("/server-error-page/")
    check("500 page")

    # The authenticator set-up page (QR code) and the locked-out page, in fresh sessions.
    TOTPDevice.objects.filter(user__username="coordinator").delete()
    page = new_page(**SIZES[size])
    enter_password(page, "coordinator")
    expect(page.locator("main code.secret")).to_be_visible()
    check("code setup")
    page = new_page(**SIZES[size])
    for _attempt in range(5):
        enter_password(page, "analist", "wrong")
    expect(page.locator("#id_username")).to_have_count(0)
    check("locked out")

    assert not too_wide, too_wide


def test_skip_link_comes_first_and_focus_is_visible(page, demo):
    page.goto("/account/inloggen/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("main form button[type=submit]")).to_be_focused()
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2, ring

    login(page, "medewerker")
    page.goto("/netwerk/vestigingen/")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("header a.brand")).to_be_focused()
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2, ring  # also on the dark header
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#id_q")).to_be_focused()


def test_map_neither_hides_content_nor_traps_focus(page, demo):
    login(page, "medewerker")
    page.goto("/netwerk/vestigingen/")
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(4)
    # The markers are no tab stops: the same branches are links in the table.
    expect(page.locator("#map .leaflet-marker-icon[tabindex]")).to_have_count(0)

    map_box = page.locator("#map").bounding_box()
    table_box = page.locator("#results .table-wrap").bounding_box()
    count_box = page.locator("#results .result-count").bounding_box()
    assert count_box["y"] + count_box["height"] <= map_box["y"]
    assert map_box["y"] + map_box["height"] <= table_box["y"]

    # Tab from the last filter control through the map to the table, and back.
    page.locator(".filters__actions a").focus()
    stops = []
    for _ in range(10):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                "document.activeElement.closest('#map') ? 'map' : document.activeElement.className"
            )
        )
        if stops[-1] == "table-wrap":
            break
    assert stops[-1] == "table-wrap", stops
    assert 1 <= stops.count("map") <= 5, stops
    # Arrow keys pan the focused map; Tab still leaves it.
    page.locator("#map").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".filters__actions a")).to_be_focused()
