"""The branch filters with the keyboard only; with JavaScript, htmx replaces just #results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def count_of(locator_text: str) -> int:
    match = re.match(r"\s*(\d+)", locator_text)
    assert match, locator_text
    return int(match.group(1))


def test_branch_filters_with_the_keyboard_update_only_the_results(page, demo):
    from django.db.models import Q

    from wegwijs.network.models import Branch

    login(page, "programma")
    page.goto("/netwerk/vestigingen/")
    count = page.locator("#results .result-count")
    expect(count).to_contain_text(str(Branch.objects.count()))
    page.evaluate("window.sameDocument = true")  # gone after a full page load

    # From the top of the page: skip link, then the search field is the first stop in main.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    search = page.locator("#id_q")
    expect(search).to_be_focused()
    page.keyboard.type("delft")
    expected = Branch.objects.filter(
        Q(name__icontains="delft")
        | Q(place__icontains="delft")
        | Q(organisation__name__icontains="delft")
    ).count()
    expect(count).to_have_text(re.compile(rf"^\s*{expected}\b"))
    expect(page).to_have_url(re.compile(r"q=delft"))
    expect(page.locator("#results-status")).to_have_text(re.compile(rf"^\s*{expected}\b"))
    expect(search).to_be_focused()  # focus stays where the user is typing

    # Empty the search, then move on to "Has an Informatiepunt" and choose with the arrow keys.
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(count).to_have_text(re.compile(rf"^\s*{Branch.objects.count()}\b"))
    has_ido = page.locator("#id_has_ido")
    for _ in range(10):
        page.keyboard.press("Tab")
        if has_ido.evaluate("e => e === document.activeElement"):
            break
    expect(has_ido).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(has_ido).to_have_value("true")
    expected = Branch.objects.filter(has_ido=True).count()
    assert expected < Branch.objects.count()
    expect(count).to_have_text(re.compile(rf"^\s*{expected}\b"))
    expect(page).to_have_url(re.compile(r"has_ido=true"))
    expect(page.locator("#results tbody tr")).to_have_count(min(expected, 50))

    # The Filter button works with Enter too (and the results stay the same).
    page.keyboard.press("Tab")
    button = page.locator(".filters button[type=submit]")
    expect(button).to_be_focused()
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.keyboard.press("Enter")
    expect(count).to_have_text(re.compile(rf"^\s*{expected}\b"))
    assert page.evaluate("window.sameDocument") is True  # never a full page load
