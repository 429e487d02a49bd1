"""Feedback to agencies and the referral tables in a real browser: axe-core finds no WCAG 2.1
A/AA violations on the feedback page (agency, programme office, bad input) and on the
dashboard with the referral tables; choosing an organisation works without JavaScript."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_problems, login

pytestmark = pytest.mark.django_db(transaction=True)

PHRASES = [
    "Ik kan niet inloggen op de werkmap",
    "Mijn WW-uitkering is gestopt",
    "Hoe vraag ik de ziektewet aan",
]


def _data(year: int) -> None:
    """Generated registrations, the citizen's words on some UWV questions (from many
    libraries) and referrals with every outcome."""
    from django.core.cache import cache

    from wegwijs.desk.models import Question
    from wegwijs.monitor import generator
    from wegwijs.network.models import Organisation
    from wegwijs.referrals.models import Referral

    cache.clear()
    generator.generate(3000, seed=5, start=date(year, 1, 1), end=date(year, 12, 31))
    uwv = list(
        Question.objects.filter(organisation="uwv", visit__occurred_at__year=year)
        .order_by("pk")
        .values_list("pk", flat=True)[:90]
    )
    for i, pk in enumerate(uwv):
        Question.objects.filter(pk=pk).update(citizen_words=PHRASES[i % len(PHRASES)])
    partner = Organisation.objects.filter(kind="partner").first()
    assert partner is not None
    referred = Question.objects.filter(
        help_given="doorverwezen", visit__occurred_at__year=year
    ).select_related("visit")[:60]
    statuses = ["completed", "completed", "declined", "accepted", "cancelled", "expired"]
    for i, question in enumerate(referred):
        status = statuses[i % len(statuses)]
        created = question.visit.occurred_at + timedelta(minutes=5)
        Referral.objects.create(
            kind="warm", status=status, question=question, branch_id=question.visit.branch_id,
            service_name="Spreekuur", partner=partner, consent_given=True, consent_version="1",
            decline_reason="no_capacity" if status == "declined" else "", created_at=created,
            accepted_at=created + timedelta(days=1) if status in ("accepted", "completed") else None,
            completed_at=created + timedelta(days=2) if status == "completed" else None,
        )  # fmt: skip


def test_feedback_and_referral_tables_are_accessible(page, new_page, demo):
    year = date.today().year - 1
    _data(year)
    login(page, "analist")
    page.goto(f"/monitor/feedback/?year={year}")
    expect(page.locator("#block-words table")).to_be_visible()
    expect(page.locator("#block-phrases")).to_contain_text("werkmap")
    expect(page.locator("#block-months svg[role=img]")).to_be_visible()
    problems = axe_problems(page, "feedback, agency")
    page.goto(f"/monitor/feedback/?year={year}&organisation=logius")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(page, "feedback, another organisation")
    office = new_page()
    login(office, "programma")
    office.goto(f"/monitor/?year={year}")
    expect(office.locator("#block-referraloutcome table")).to_be_visible()
    expect(office.locator("#block-declinereason")).to_be_visible()
    problems += axe_problems(office, "dashboard with the referral tables")
    office.goto("/monitor/feedback/")
    problems += axe_problems(office, "feedback, no organisation chosen")
    assert not problems, problems


def test_choosing_an_organisation_without_javascript(new_page, demo):
    year = date.today().year - 1
    _data(year)
    page = new_page(java_script_enabled=False)
    login(page, "programma")
    page.goto("/monitor/")
    page.get_by_role("link", name=re.compile("Terugkoppeling|Feedback")).click()
    expect(page).to_have_url(re.compile(r"/monitor/feedback/$"))
    page.locator("#id_organisation").select_option("uwv")
    page.locator("#id_year").select_option(str(year))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"organisation=uwv"))
    expect(page.locator("#block-theme table")).to_be_visible()
    expect(page.locator("#block-phrases")).to_contain_text("werkmap")
    download = page.locator("#block-words a[href*='words.csv']")
    expect(download).to_have_attribute("href", re.compile(r"organisation=uwv"))
