"""The quarterly report page, the open-data page and the page of the unsubscribe link in a
real browser: axe-core finds no WCAG 2.1 A/AA violations (also with an error summary), and
subscribing to the report by e-mail, then stopping it through the link in the e-mail, works
without JavaScript."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_report_and_open_data_pages_are_accessible(page, new_page, demo):
    from wegwijs.accounts.models import User
    from wegwijs.monitor import subscriptions

    login(page, "programma")
    page.goto("/monitor/rapport/")
    expect(page.locator("#id_organisation")).to_be_visible()
    problems = axe_problems(page, "quarterly report, programme office")
    page.goto(f"/monitor/rapport/?year={date.today().year}&quarter=4&organisation=x")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "quarterly report, invalid choice")
    page.goto("/monitor/open-data/")
    expect(page.locator("#id_year")).to_be_visible()
    problems += axe_problems(page, "open data")
    page.goto("/monitor/open-data/?year=2018")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "open data, invalid year")
    library = new_page()
    login(library, "coordinator")
    library.goto("/monitor/rapport/")
    problems += axe_problems(library, "quarterly report, library")
    url = subscriptions.unsubscribe_url(User.objects.get(username="coordinator"))
    stranger = new_page()
    stranger.goto(url[url.index("/monitor/") :])
    problems += axe_problems(stranger, "stop the quarterly report, not logged in")
    assert not problems, problems


def test_subscribe_and_stop_by_the_e_mail_link_without_javascript(new_page, demo):
    from wegwijs.accounts.models import User
    from wegwijs.monitor import subscriptions
    from wegwijs.monitor.models import ReportSubscription

    page = new_page(java_script_enabled=False)
    login(page, "coordinator")
    page.goto("/monitor/rapport/")
    page.locator("form[action='/monitor/abonnementen/'] button").click()
    expect(page).to_have_url(re.compile(r"/monitor/rapport/#subscription$"))
    expect(page.locator(".messages")).to_be_visible()
    stop = page.locator("form[action='/monitor/abonnementen/'] input[value=unsubscribe]")
    expect(stop).to_have_count(1)
    user = User.objects.get(username="coordinator")
    assert ReportSubscription.objects.filter(user=user).exists()
    # The link in the e-mail, in a browser that is not logged in.
    stranger = new_page(java_script_enabled=False)
    url = subscriptions.unsubscribe_url(user)
    stranger.goto(url[url.index("/monitor/") :])
    stranger.locator("main form button[type=submit]").click()
    expect(stranger.locator("main .notice")).to_be_visible()
    assert not ReportSubscription.objects.filter(user=user).exists()
