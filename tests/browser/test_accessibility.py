"""axe-core (WCAG 2.0/2.1 A and AA) finds no violations on any page of the staff shell.

The start page of every role, the 403 and 404 pages and the locked-out page are checked in
test_roles.py, where those pages come up anyway.
"""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    CODE_URL,
    HOME_URL,
    axe_problems,
    central_branch,
    enter_code,
    enter_password,
    login,
    submit,
    totp_code,
)

pytestmark = pytest.mark.django_db(transaction=True)

MAP_POINTS = "JSON.parse(document.getElementById('map-points')?.textContent || '[]').length"


def test_login_and_code_pages(page, demo):
    page.goto("/account/inloggen/")
    problems = axe_problems(page, "login")

    enter_password(page, "programma", "wrong")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^[^–]+: "))
    problems += axe_problems(page, "login with an error")

    enter_password(page, "programma")
    expect(page).to_have_url(CODE_URL)
    expect(page.locator("nav.site-nav")).to_have_count(0)  # no menu before the second step
    problems += axe_problems(page, "code entry")

    enter_code(page, "000000" if totp_code("programma") != "000000" else "111111")
    expect(page.locator("#id_token")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_token")).to_have_attribute("aria-describedby", "id_token_error")
    problems += axe_problems(page, "code entry with an error")
    # (django-otp now throttles this device for a second; the role tests log in with codes.)
    assert not problems, problems


def test_linking_an_authenticator_app(page, demo):
    """A coordinator without a linked app gets the QR page, types the key into an 'app'."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="coordinator").delete()
    enter_password(page, "coordinator")
    expect(page).to_have_url(re.compile(r"/account/code/instellen/"))
    expect(page.locator("main figure svg")).to_be_visible()
    problems = axe_problems(page, "code setup")

    # What a person does with an authenticator app: read the key on the page, get a code.
    key = page.locator("main code.secret").inner_text().replace(" ", "")
    code = TOTP(base64.b32decode(key)).token()
    enter_code(page, f"{code:06d}")
    expect(page).to_have_url(HOME_URL)
    expect(page.locator("main .messages")).to_be_visible()
    problems += axe_problems(page, "start page with a message")
    assert not problems, problems


def test_directory_pages(page, demo):
    from wegwijs.network.models import Organisation

    login(page, "coordinator")
    branch = central_branch()
    poi = Organisation.objects.pois().order_by("slug").first().slug
    pages = [
        ("/netwerk/bibliotheken/", "library list"),
        (f"/netwerk/bibliotheken/?q=rotterdam&province=NL-ZH&poi={poi}", "library list, filtered"),
        ("/netwerk/bibliotheken/?q=geen-bibliotheek-zo", "library list, no results"),
        ("/netwerk/bibliotheken/bibliotheek-rotterdam/", "library detail"),
        ("/netwerk/vestigingen/", "branch list"),
        ("/netwerk/vestigingen/?has_ido=true&q=rotterdam", "branch list, filtered"),
        (f"/netwerk/vestigingen/{branch}/", "branch detail"),
        (f"/netwerk/vestigingen/{branch}/bewerken/", "branch edit form"),
        ("/netwerk/vestigingen/nieuw/", "new branch form"),
    ]
    problems = ""
    for url, label in pages:
        response = page.goto(url)
        assert response.status == 200, url
        if page.evaluate(MAP_POINTS):  # axe also checks the map, once Leaflet has drawn it
            expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()
        problems += axe_problems(page, label)

    # The filter form keeps its choices (also the yes/no select written out in _filters.html).
    page.goto("/netwerk/vestigingen/?has_ido=false")
    expect(page.locator("#id_has_ido")).to_have_value("false")

    # A failed submit: errors in the summary (focused) and at the fields.
    page.goto(f"/netwerk/vestigingen/{branch}/bewerken/")
    page.locator("#id_name").fill("")
    page.locator("#id_postcode").fill("12")
    page.locator("#id_uren-0-closes").fill("08:00")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_name")).to_have_attribute("aria-describedby", "id_name_error")
    expect(page.locator("#id_uren-0-closes")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error-summary li")).to_have_count(3)
    problems += axe_problems(page, "branch edit form with errors")

    # The links in the error summary move to the field.
    page.locator("#error-summary a").first.click()
    expect(page.locator("#id_name")).to_be_focused()
    assert not problems, problems


def test_api_docs_page(page, demo):
    login(page, "medewerker")
    page.goto("/api/v1/docs/")
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    # No axe rule is switched off here: our template gives the page its language and
    # landmarks, swagger.css fixes Swagger UI's contrast and SWAGGER_UI_SETTINGS turns off
    # the deep links that Swagger UI nests inside its buttons (nested-interactive).
    assert not (problems := axe_problems(page, "API docs")), problems


def test_server_error_page(page, live_server):
    """500.html is rendered without a request; serve it as Django would and check it."""
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    page.route(
        "**/server-error-page/",
        lambda route: route.fulfill(status=500, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto("/server-error-page/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main a[href='/']")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # stylesheet loaded
    assert not (problems := axe_problems(page, "500 page")), problems
