"""Training in a real browser: axe-core finds no WCAG 2.1 A/AA violations on the overview,
a library's page (branches and people), the person form and a session; and a coordinator
adds a person, records a session and marks attendance without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login, page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


def save(page: Any) -> None:
    """Press the form's main button ("Opslaan"), not "remove" or "delete"."""
    page.get_by_role("button", name="Opslaan", exact=True).click()


@pytest.fixture
def training_demo(demo: None) -> None:
    from wegwijs.programme.training import demo as training_demo

    training_demo.load()


def test_training_pages_are_accessible(page: Any, new_page: Any, training_demo: None) -> None:
    from wegwijs.programme.training.models import TrainingPerson, TrainingSession

    login(page, "coordinator")
    page.goto("/programma/training/bibliotheek/bibliotheek-rotterdam/")
    expect(page.locator("table.people tbody tr").first).to_be_visible()
    problems = axe_problems(page, "training, library")
    person = TrainingPerson.objects.filter(library__slug="bibliotheek-rotterdam").first()
    assert person is not None
    page.goto(f"/programma/training/mensen/{person.pk}/")
    page.locator("#id_user").select_option("")
    page.locator("#id_name").fill("")
    save(page)
    expect(page.locator("#error-summary")).to_be_visible()
    problems += axe_problems(page, "person form with errors")
    session = TrainingSession.objects.filter(organiser__slug="bibliotheek-rotterdam").first()
    assert session is not None
    page.goto(f"/programma/training/sessies/{session.pk}/")
    problems += axe_problems(page, "session with attendance")
    office = new_page()
    login(office, "programma")
    office.goto("/programma/training/")
    problems += axe_problems(office, "training overview, national")
    office.goto("/programma/training/instellingen/")
    problems += axe_problems(office, "training settings")
    assert not problems, problems
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/programma/training/bibliotheek/bibliotheek-rotterdam/")
    assert page_overflow(page) == 0


def test_coordinator_records_training_without_javascript(new_page: Any, demo: None) -> None:
    from wegwijs.programme.training.models import TrainingPerson, TrainingRecord

    page = new_page(java_script_enabled=False)
    login(page, "coordinator")
    page.goto("/programma/training/")
    expect(page).to_have_url(re.compile(r"/training/bibliotheek/bibliotheek-rotterdam/$"))
    page.get_by_role("link", name=re.compile("persoon toevoegen|Add a person", re.I)).click()
    page.locator("#id_name").fill("Ans V.")
    page.locator("#id_role").select_option("volunteer")
    page.get_by_label("Centrale Bibliotheek").check()
    save(page)
    expect(page.locator("main .messages")).to_be_visible()
    ans = TrainingPerson.objects.get(name="Ans V.")
    assert [b.name for b in ans.branches.all()] == ["Centrale Bibliotheek"]

    page.goto("/programma/training/sessies/nieuw/")
    from wegwijs.programme.training.models import TrainingType

    page.locator("#id_training").select_option(str(TrainingType.objects.get(code="doorvragen").pk))
    page.locator("#id_date").fill("2020-05-12")
    page.locator("#id_place").fill("Centrale Bibliotheek")
    page.locator("#id_given_by").fill("Probiblio")
    save(page)
    expect(page).to_have_url(re.compile(r"/training/sessies/\d+/$"))
    page.get_by_label(re.compile("Ans V.")).check()
    page.locator("form.attendance button[type=submit]").click()
    expect(page.locator("main .messages")).to_be_visible()
    record = TrainingRecord.objects.get(person=ans, training__code="doorvragen")
    assert record.completed_on is not None and record.completed_on.isoformat() == "2020-05-12"
