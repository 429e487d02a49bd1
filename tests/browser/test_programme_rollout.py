"""The rollout in a real browser: axe-core finds no WCAG 2.1 A/AA violations on the progress
page (chart, data tables, the map drawn by its script, the list), the coverage table, the
checklist and a step form with errors; and a coordinator ticks a step without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rollout(demo):
    from wegwijs.programme.rollout import demo as rollout_demo

    rollout_demo.load()


def test_rollout_pages_are_accessible(page, new_page, rollout):
    login(page, "programma")
    page.goto("/programma/uitrol/")
    expect(page.locator("svg.rollout-chart[role=img]")).to_be_visible()
    expect(page.locator("#map .rollout-marker").first).to_be_visible()  # drawn by the script
    problems = axe_problems(page, "rollout progress, national, with the map")
    page.locator(".rollout-list summary").click()
    expect(page.locator(".rollout-list table")).to_be_visible()
    problems += axe_problems(page, "rollout progress, the branches as a list")
    page.goto("/programma/uitrol/gemeenten/?sort=-name")
    problems += axe_problems(page, "coverage per municipality")
    page.goto("/programma/uitrol/achterstand/")
    problems += axe_problems(page, "behind schedule")
    library = new_page()
    login(library, "coordinator")
    library.goto("/programma/uitrol/")
    expect(library).to_have_url(
        re.compile(r"/programma/uitrol/bibliotheek/bibliotheek-rotterdam/$")
    )
    problems += axe_problems(library, "the checklist")
    library.locator("a[href*='/stap/']").first.click()
    library.locator("#id_done").check()
    library.locator("#id_done_on").fill("2099-01-01")
    library.locator("#id_evidence_note").fill("Gebeld met 06-12345678")
    library.locator("main form button[type=submit]").first.click()
    expect(library.locator("#error-summary")).to_be_visible()
    problems += axe_problems(library, "a step with errors")
    assert not problems, problems


def test_a_coordinator_ticks_a_step_without_javascript(new_page, rollout):
    from wegwijs.programme.rollout.models import RolloutStep, RolloutStepProgress

    step = RolloutStep.objects.get(key="campagne")
    RolloutStepProgress.objects.filter(library__slug="bibliotheek-rotterdam", step=step).delete()
    page = new_page(java_script_enabled=False)
    login(page, "coordinator")
    page.goto("/programma/uitrol/bibliotheek/bibliotheek-rotterdam/")
    expect(page.locator("#map")).to_have_count(0)
    row = page.locator(f"#step-{step.pk}")
    row.locator("button[value=done]").click()
    expect(page).to_have_url(re.compile(rf"/bibliotheek/bibliotheek-rotterdam/#step-{step.pk}$"))
    expect(page.locator("main .messages")).to_be_visible()
    expect(page.locator(f"#step-{step.pk} button[value=undo]")).to_be_visible()
    progress = RolloutStepProgress.objects.get(library__slug="bibliotheek-rotterdam", step=step)
    assert progress.done_on is not None
    assert progress.done_by.username == "coordinator"
