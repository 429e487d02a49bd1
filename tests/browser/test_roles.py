"""Each demo role logs in through the real form (with its authenticator code where needed)
and sees its own menu, start page and part of the network; wrong passwords lock the account."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    CODE_URL,
    axe_problems,
    enter_password,
    login,
    page_overflow,
)

pytestmark = pytest.mark.django_db(transaction=True)

HOME = "/"
LIBRARIES = "/netwerk/bibliotheken/"
BRANCHES = "/netwerk/vestigingen/"
API = "/api/v1/docs/"
ADMIN = "/beheer/"
DESK = "/balie/"
KB = "/kennisbank/"
SM = "/sociale-kaart/"
REF = "/doorverwijzingen/"
MON = "/monitor/"
PROG = "/programma/"
NEWS = "/programma/contact/nieuws/"

# user name: (first name, menu links, library organisations on the start page or None)
ROLES = {
    "medewerker": ("Mila", [HOME, DESK, REF, KB, SM, MON, NEWS, LIBRARIES, BRANCHES, API], 1),
    "coordinator": ("Kees", [HOME, DESK, REF, KB, SM, MON, PROG, LIBRARIES, BRANCHES, API], 1),
    "poi": ("Anne", [HOME, KB, SM, MON, PROG, LIBRARIES, BRANCHES, API], "poi"),
    "programma": ("Sanne", [HOME, DESK, REF, KB, SM, MON, PROG, LIBRARIES, BRANCHES, API], "all"),
    "analist": ("Youssef", [HOME, KB, SM, MON, NEWS, API], None),
    "partner": ("Fatma", [HOME, REF, KB, SM, NEWS, API], None),
    "beheerder": (
        "Bram",
        [HOME, DESK, REF, KB, SM, MON, PROG, LIBRARIES, BRANCHES, API, ADMIN],
        "all",
    ),
}


def expected_library_count(kind: object) -> int:
    from wegwijs.network.models import Organisation

    libraries = Organisation.objects.libraries()
    if kind == "all":
        return libraries.count()
    if kind == "poi":
        return libraries.filter(poi__slug="probiblio").count()
    assert isinstance(kind, int)
    return kind


def other_library_branch(slug: str = "bibliotheek-rotterdam") -> int:
    from wegwijs.network.models import Branch

    return Branch.objects.exclude(organisation__slug=slug).order_by("pk").first().pk


def own_branch(slug: str = "bibliotheek-rotterdam") -> int:
    from wegwijs.network.models import Branch

    return Branch.objects.filter(organisation__slug=slug).order_by("pk").first().pk


@pytest.mark.parametrize("username", list(ROLES))
def test_role_logs_in_and_sees_its_menu_and_start_page(page, demo, username):
    first_name, menu, libraries = ROLES[username]
    login(page, username)

    nav = page.locator("header nav.site-nav")
    links = page.locator(".site-nav a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == menu
    expect(nav.locator('a[aria-current="page"]')).to_have_attribute("href", HOME)
    expect(page.locator("main h1")).to_contain_text(first_name)
    if libraries is None:
        # Agencies and partners see their own organisation only: no directory figures.
        expect(page.locator("#own-org")).to_be_visible()
        expect(page.locator("#network-figures")).to_have_count(0)
    else:
        figures = page.locator("#network-figures + dl dd")
        expect(figures.first).to_have_text(str(expected_library_count(libraries)))
    if username in ("medewerker", "coordinator"):
        expect(page.locator("#home-branch + p a")).to_have_text("Centrale Bibliotheek")
    assert page_overflow(page) == 0
    assert not (problems := axe_problems(page)), problems


def test_desk_worker_sees_only_the_own_library(page, demo):
    login(page, "medewerker")
    page.goto(BRANCHES)
    expect(page.locator("#results tbody tr")).to_have_count(4)

    response = page.goto(f"{BRANCHES}{own_branch()}/")
    assert response.status == 200
    expect(page.get_by_role("link", name=re.compile("bewerken|edit", re.I))).to_have_count(0)

    response = page.goto(f"{BRANCHES}{other_library_branch()}/")
    assert response.status == 404
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f'main a[href="{HOME}"]')).to_be_visible()
    problems = axe_problems(page, "404 page")

    response = page.goto(f"{LIBRARIES}bibliotheek-amstelland/")
    assert response.status == 404

    response = page.goto(f"{BRANCHES}{own_branch()}/bewerken/")
    assert response.status == 403
    expect(page.locator("main h1")).to_be_visible()
    problems += axe_problems(page, "403 page")
    assert not problems, problems


def test_programme_office_sees_all_libraries(page, demo):
    from wegwijs.network.models import Organisation

    login(page, "programma")
    page.goto(LIBRARIES)
    total = Organisation.objects.libraries().count()
    expect(page.locator("#results tbody tr")).to_have_count(total)
    expect(page.locator("#results .result-count")).to_contain_text(str(total))

    response = page.goto(f"{BRANCHES}{other_library_branch()}/")
    assert response.status == 200
    expect(page.locator(f'main a[href$="/{other_library_branch()}/bewerken/"]')).to_be_visible()


def test_five_wrong_passwords_lock_the_account(page, demo):
    for _attempt in range(4):
        enter_password(page, "coordinator", "not-the-password")
        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#id_username")).to_be_visible()

    with page.expect_response(lambda r: r.request.method == "POST") as fifth:
        enter_password(page, "coordinator", "still-not-the-password")
    assert fifth.value.status == 429
    expect(page.locator("#id_username")).to_have_count(0)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator('main a[href="/account/inloggen/"]')).to_be_visible()
    expect(page.locator("main p").first).to_contain_text(" 15 ")  # AXES_COOLOFF_MINUTES
    assert not (problems := axe_problems(page, "locked-out page")), problems

    # Even the right password does not get in while the lock lasts.
    enter_password(page, "coordinator")
    expect(page.locator("#id_username")).to_have_count(0)
    expect(page).not_to_have_url(CODE_URL)
