"""Everything works without JavaScript: logging in (with the code), filtering the library list
with the plain GET form, and saving the branch form. The map is then simply not shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import central_branch, login, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_filters_and_branch_form_without_javascript(new_page, demo):
    from wegwijs.network.models import Branch, Organisation

    page = new_page(java_script_enabled=False)
    login(page, "programma")  # with the authenticator code step
    expect(page.locator("main h1")).to_contain_text("Sanne")

    page.goto("/netwerk/bibliotheken/")
    expect(page.locator("#map")).to_be_hidden()
    expect(page.locator("#results tbody tr")).to_have_count(
        Organisation.objects.libraries().count()
    )
    page.locator("#id_province").select_option("NL-NH")
    page.locator("#id_q").fill("bibliotheek")
    page.locator(".filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"province=NL-NH"))
    expected = (
        Organisation.objects.libraries()
        .filter(province__code="NL-NH", name__icontains="bibliotheek")
        .count()
    )
    assert 0 < expected < Organisation.objects.libraries().count()
    expect(page.locator("#results tbody tr")).to_have_count(expected)
    expect(page.locator("#id_province")).to_have_value("NL-NH")  # the form keeps the choice
    expect(page.locator("#id_q")).to_have_value("bibliotheek")

    branch = Branch.objects.get(pk=central_branch())
    page.goto(f"/netwerk/vestigingen/{branch.pk}/bewerken/")
    page.locator("#id_name").fill("")
    submit(page)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_name_error")).to_be_visible()

    page.locator("#id_name").fill("Centrale Bibliotheek")
    page.locator("#id_volunteer_count").fill("12")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/netwerk/vestigingen/{branch.pk}/$"))
    expect(page.locator("main .messages")).to_be_visible()
    branch.refresh_from_db()
    assert branch.volunteer_count == 12
