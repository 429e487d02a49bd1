"""The referral pages through the test client: the desk refers, the partner handles it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from wegwijs.accounts.models import Role
from wegwijs.referrals import consent, services
from wegwijs.referrals.models import Referral, Status
from wegwijs.referrals.tests.helpers import (
    EMAIL,
    NAME,
    PHONE,
    SUMMARY,
    World,
    course_service,
)
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


def warm_form(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "warm",
        "consent": "on",
        "consent_version": consent.CURRENT_VERSION,
        "contact_name": NAME,
        "contact_phone": PHONE,
        "contact_email": EMAIL,
        "summary": SUMMARY,
    }
    data.update(overrides)
    return data


def create_url(world: World, service: Any = None) -> str:
    service = service or world.service
    return f"{reverse('referrals:create', args=[service.pk])}?vraag={world.question.pk}"


def test_warm_referral_end_to_end_desk_to_partner_and_back(
    world: World, client: Any, log_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # The desk registered a visit with help "doorverwezen": the next form offers to refer.
    log_in(world.desk_worker)
    response = client.post(
        reverse("desk:register"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "1",
            "form-MAX_NUM_FORMS": "10",
            "form-0-kind": "overheid",
            "form-0-theme": "toeslagen",
            "form-0-organisation": "toeslagen",
            "form-0-help_given": "doorverwezen",
            "form-0-referral_target": "sociaal-raadslieden",
            "occurred_at": "2020-01-01T10:00",
            "branch": str(world.network.rotterdam_centrum.pk),
            "channel": "balie",
            "duration": "10-30",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("desk:register")).content.decode()
    match = re.search(r'href="(/doorverwijzingen/nieuw/\?vraag=(\d+))"', page)
    assert match, "the register page offers to refer the question"
    assert "vraag=" not in client.get(reverse("desk:register")).content.decode()  # once

    # Step 1: the service for the question's theme is suggested.
    page = client.get(match[1]).content.decode()
    assert world.service.name in page
    question_id = int(match[2])

    # Step 2: the consent text is shown; the referral is sent.
    url = f"{reverse('referrals:create', args=[world.service.pk])}?vraag={question_id}"
    page = client.get(url).content.decode()
    assert consent.current().nl in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, warm_form())
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])

    (to_partner,) = mail.outbox
    link = re.search(r"https?://\S+/doorverwijzingen/\d+/", to_partner.body)
    assert link
    for secret in (NAME, PHONE, EMAIL, "huurtoeslag"):
        assert secret not in to_partner.body

    # The desk sees the status.
    page = client.get(reverse("referrals:list")).content.decode()
    assert "Verstuurd, wacht op de partner" in page

    # The partner follows the link, sees the details and accepts, contacts, completes.
    client.logout()
    detail = link[0].split("8000", 1)[-1]
    assert client.get(detail).status_code == 302  # to the login page first
    log_in(world.partner_editor)
    response = client.get(detail)
    page = response.content.decode()
    assert NAME in page and PHONE in page and SUMMARY in page
    assert "no-store" in response["Cache-Control"]  # never cached with contact details
    assert world.service.name in client.get(reverse("referrals:partner_list")).content.decode()
    for slug in ("accepteren", "contact-gehad", "afronden"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("referrals:act", args=[referral.pk, slug]))
        assert response.status_code == 302, slug
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.contact_encrypted == ""
    page = client.get(detail).content.decode()
    assert NAME not in page and PHONE not in page
    assert "gewist" in page

    # The desk was told about each response, without personal data.
    to_desk = [m for m in mail.outbox if m.to == ["mila@bieb.example"]]
    assert len(to_desk) == 3
    assert all(NAME not in m.body for m in to_desk)


def test_the_form_refuses_no_consent_and_personal_data_in_the_summary(
    world: World, client: Any, log_in: Any
) -> None:
    log_in(world.desk_worker)
    response = client.post(
        create_url(world),
        warm_form(consent="", summary="Mevrouw belt terug op 06-12345678, BSN 111222333."),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "toestemming" in form.errors["consent"][0]
    assert "BSN" in form.errors["summary"][0]
    assert form.has_error("summary", code="personal_data")
    assert not Referral.objects.exists()

    response = client.post(create_url(world), warm_form(summary="Bel 06-12345678.", _mask="1"))
    assert response.status_code == 302
    assert Referral.objects.get().summary == "Bel [TELEFOONNUMMER]."


def test_a_cold_referral_shows_the_card_and_keeps_nothing_typed(
    world: World, client: Any, log_in: Any
) -> None:
    log_in(world.desk_worker)
    response = client.post(create_url(world), warm_form(kind="cold", consent=""))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:card", args=[referral.pk])
    assert referral.contact_encrypted == "" and referral.summary == ""
    page = client.get(response["Location"]).content.decode()
    assert world.service.name in page and "010 123 4567" in page
    assert not mail.outbox


def test_decline_on_the_page_needs_a_reason(world: World, client: Any, log_in: Any) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    log_in(world.partner_editor)
    url = reverse("referrals:act", args=[referral.pk, "afwijzen"])
    response = client.post(url, {"reason": "", "note": ""})
    assert response.status_code == 400
    assert response.context["decline_form"].errors["reason"]
    response = client.post(url, {"reason": "not_our_service", "note": "Beter de gemeente."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED


def test_other_partners_and_other_libraries_do_not_see_a_referral(
    world: World, client: Any, log_in: Any
) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    detail = reverse("referrals:detail", args=[referral.pk])
    accept = reverse("referrals:act", args=[referral.pk, "accepteren"])

    log_in(make_user(Role.PARTNER_EDITOR))
    assert client.get(detail).status_code == 404
    assert client.post(accept).status_code == 404
    assert client.get(reverse("referrals:partner_list")).context["total"] == 0

    log_in(
        make_user(
            Role.DESK_WORKER, organisation=world.network.zaanstreek, branch=world.network.zaandam
        )
    )
    assert client.get(detail).status_code == 404

    # The desk sees it but cannot accept; the partner cannot cancel.
    log_in(world.desk_worker)
    assert client.post(accept).status_code == 403
    log_in(world.partner_editor)
    assert client.post(reverse("referrals:act", args=[referral.pk, "annuleren"])).status_code == 403

    # The programme office sees the overview, without contact details or buttons.
    log_in(user_for(Role.PROGRAMME_OFFICE, world.network))
    assert client.get(reverse("referrals:list")).context["total"] == 1
    response = client.get(detail)
    assert response.status_code == 200
    assert NAME not in response.content.decode()
    assert response.context["actions"] == []

    # A colleague at the branch sees it and may cancel, but not the contact details.
    log_in(user_for(Role.DESK_WORKER, world.network))
    response = client.get(detail)
    assert NAME not in response.content.decode()
    assert [a["name"] for a in response.context["actions"]] == ["cancel"]


def test_partner_editors_land_on_their_own_list(world: World, client: Any, log_in: Any) -> None:
    log_in(world.partner_editor)
    response = client.get(reverse("referrals:list"))
    assert response["Location"] == reverse("referrals:partner_list")
    log_in(world.desk_worker)
    assert client.get(reverse("referrals:partner_list")).status_code == 403
    assert client.get(reverse("referrals:new")).status_code == 200
    log_in(user_for(Role.AGENCY_ANALYST, world.network))
    assert client.get(reverse("referrals:list")).status_code == 403
    assert client.get(reverse("referrals:new")).status_code == 403


def test_overdue_referrals_are_flagged_on_the_desk_list(
    world: World, client: Any, log_in: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    referral = services.create_warm(world.desk_worker, world.warm_input())
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=6))
    log_in(world.desk_worker)
    page = client.get(reverse("referrals:list")).content.decode()
    assert "Geen reactie na 2 werkdagen" in page
    response = client.get(reverse("referrals:list"), {"state": "overdue"})
    assert response.context["total"] == 1


def test_a_course_date_is_chosen_from_the_sessions_with_places_left(
    world: World, client: Any, log_in: Any
) -> None:
    course, schedule, day = course_service(world.network.rotterdam, capacity=1)
    make_user(Role.COORDINATOR, organisation=world.network.rotterdam)
    log_in(world.desk_worker)
    url = reverse("referrals:create", args=[course.pk])
    page = client.get(url).content.decode()
    assert "intake" in page.lower()
    value = f"{schedule.pk}|{day.isoformat()}"
    assert value in page
    data = warm_form(kind="course", branch=str(world.network.rotterdam_centrum.pk), session=value)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Referral.objects.get().session_date == day
    assert value not in client.get(url).content.decode()  # full: no longer offered
    response = client.post(url, data)
    assert response.status_code == 400


def test_the_visit_list_links_referred_questions(world: World, client: Any, log_in: Any) -> None:
    log_in(world.desk_worker)
    page = client.get(reverse("desk:visit_list")).content.decode()
    assert f"/doorverwijzingen/nieuw/?vraag={world.question.pk}" in page
    log_in(user_for(Role.PROGRAMME_OFFICE, world.network))
    page = client.get(reverse("desk:visit_list")).content.decode()
    assert "/doorverwijzingen/nieuw/" not in page
