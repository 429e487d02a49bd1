"""The desk screen in a real browser: a typical visit in at most four actions, accessible."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, central_branch, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


class CountingPage:
    """Counts the actions a person takes: choosing in a list, ticking, clicking, pressing Enter."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.actions = 0

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.actions += 1

    def check(self, selector: str) -> None:
        self.page.check(selector)
        self.actions += 1

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.actions += 1

    def type(self, selector: str, text: str) -> None:
        """Typing a text counts as one action, whatever its length."""
        self.page.locator(selector).press_sequentially(text, delay=20)
        self.actions += 1

    def press(self, selector: str, key: str) -> None:
        self.page.press(selector, key)
        self.actions += 1


def test_volunteer_registers_a_typical_one_question_visit_in_four_actions(
    page: Any, demo: None
) -> None:
    from wegwijs.desk.models import Visit

    login(page, "medewerker")
    page.goto("/balie/")
    expect(page.locator("#id_form-0-citizen_words")).to_be_focused()  # keyboard-first
    person = CountingPage(page)

    person.select("#id_form-0-theme", "toeslagen")
    expect(page.locator("#id_form-0-organisation")).to_have_value("toeslagen")  # preselected
    person.check("input[name='form-0-help_given'][value='samen']")
    person.click("main form button.button:not(.button--secondary)")

    expect(page.locator(".messages")).to_be_visible()
    assert person.actions <= 4
    visit = Visit.objects.get()
    question = visit.questions.get()
    assert (question.theme, question.organisation, question.layer, question.help_given) == (
        "toeslagen",
        "toeslagen",
        "rijk",
        "samen",
    )
    assert visit.branch_id == central_branch()
    # Ready for the next visitor: same branch and channel, an empty question.
    expect(page.locator("#id_branch")).to_have_value(str(central_branch()))
    expect(page.locator("input[name='channel'][value='balie']")).to_be_checked()
    expect(page.locator("#id_form-0-theme")).to_have_value("")


def test_worker_types_the_citizens_words_and_takes_the_suggestion_with_enter(
    page: Any, triage_ready: None
) -> None:
    from wegwijs.desk.models import Visit

    login(page, "medewerker")
    page.goto("/balie/")
    person = CountingPage(page)

    person.type("#id_form-0-citizen_words", "digi d doet het niet meer")
    expect(page.locator("#suggestions-form-0 button.suggestion").first).to_contain_text("DigiD")
    person.press("#id_form-0-citizen_words", "Enter")  # takes the first suggestion
    expect(page.locator("#id_form-0-theme")).to_have_value("digid")
    expect(page.locator("#id_form-0-organisation")).to_have_value("logius")
    expect(page.locator("input[name='form-0-help_given']").first).to_be_focused()
    person.check("input[name='form-0-help_given'][value='informatie']")
    person.click("main form button.button:not(.button--secondary)")

    expect(page.locator(".messages")).to_be_visible()
    assert person.actions <= 4
    question = Visit.objects.get().questions.get()
    assert (question.theme, question.organisation, question.citizen_words) == (
        "digid",
        "logius",
        "digi d doet het niet meer",
    )


def test_a_click_on_a_suggestion_fills_in_the_question(page: Any, triage_ready: None) -> None:
    login(page, "medewerker")
    page.goto("/balie/")
    page.fill("#id_form-0-citizen_words", "zorgtoeslag aanvragen")
    suggestion = page.locator("#suggestions-form-0 button.suggestion").first
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("#id_form-0-theme")).to_have_value("toeslagen")
    expect(page.locator("#id_form-0-organisation")).to_have_value("toeslagen")


def test_referred_question_shows_the_partner_choice_only_when_needed(page: Any, demo: None) -> None:
    login(page, "medewerker")
    page.goto("/balie/")
    referral = page.locator("#id_form-0-referral_target")
    expect(referral).to_be_hidden()
    page.check("input[name='form-0-help_given'][value='doorverwezen']")
    expect(referral).to_be_visible()


def test_desk_pages_have_no_axe_violations_and_fit_320_pixels(new_page: Any, demo: None) -> None:
    page = new_page()
    login(page, "medewerker")
    problems = ""
    for url in ("/balie/", "/balie/turven/", "/balie/registraties/"):
        page.goto(url)
        problems += axe_problems(page)
    # an error state: referred without a partner
    page.goto("/balie/")
    page.select_option("#id_form-0-theme", "digid")
    page.check("input[name='form-0-help_given'][value='doorverwezen']")
    page.click("main form button.button:not(.button--secondary)")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "register with errors")
    page.goto("/balie/")
    page.fill("#id_form-0-citizen_words", "wachtwoord digid vergeten")
    expect(page.locator("#suggestions-form-0 button.suggestion").first).to_be_visible()
    problems += axe_problems(page, "register with suggestions")
    assert not problems, problems

    small = new_page(viewport={"width": 320, "height": 640})
    login(small, "medewerker")
    for url in ("/balie/", "/balie/turven/", "/balie/registraties/"):
        small.goto(url)
        assert page_overflow(small) <= 0, url


def test_registering_works_without_javascript(new_page: Any, demo: None) -> None:
    from wegwijs.desk.models import Visit

    page = new_page(java_script_enabled=False)
    login(page, "medewerker")
    page.goto("/balie/")
    page.select_option("#id_form-0-theme", "boetes")
    page.select_option("#id_form-0-organisation", "cjib")
    page.check("input[name='form-0-help_given'][value='informatie']")
    page.click("main form button.button:not(.button--secondary)")
    expect(page.locator(".messages")).to_be_visible()
    assert Visit.objects.get().questions.get().organisation == "cjib"
