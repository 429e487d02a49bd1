"""/api/v1/referrals/: scoped by role, errors as problem+json with field paths."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from wegwijs.accounts.models import Role
from wegwijs.referrals import consent, services
from wegwijs.referrals.models import Referral, Status
from wegwijs.referrals.tests.helpers import EMAIL, NAME, PHONE, SUMMARY, World
from wegwijs.testing.factories import add_totp, make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "warm",
        "question": world.question.pk,
        "service": str(world.service.pk),
        "consent": True,
        "consent_version": consent.CURRENT_VERSION,
        "contact_name": NAME,
        "contact_phone": PHONE,
        "contact_email": EMAIL,
        "summary": SUMMARY,
    }
    data.update(overrides)
    return data


def test_create_warm_and_read_back_the_contact_only_as_creator_or_partner(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api(world.desk_worker).post(URL, body(world), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "sent"
    assert data["contact"] == {"name": NAME, "phone": PHONE, "email": EMAIL}
    assert "contact_name" not in data
    assert len(mail.outbox) == 1

    assert "no-store" in response["Cache-Control"]
    partner = api(world.partner_editor).get(f"{URL}{data['id']}/").json()
    assert partner["contact"]["name"] == NAME
    assert partner["summary"] == SUMMARY

    for user in (
        user_for(Role.PROGRAMME_OFFICE, world.network),
        user_for(Role.DESK_WORKER, world.network),  # a colleague at the branch
    ):
        seen = api(user).get(f"{URL}{data['id']}/").json()
        assert seen["contact"] is None
        assert NAME not in str(seen)


def test_errors_are_problem_json_with_field_paths(world: World) -> None:
    response = api(world.desk_worker).post(
        URL,
        body(world, consent=False, summary="BSN 111222333 bij de aanslag", contact_email="nee"),
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    paths = {e["path"] for e in problem["errors"]}
    assert {"consent", "summary", "contact_email"} <= paths
    summary_error = next(e for e in problem["errors"] if e["path"] == "summary")
    assert summary_error["code"] == "personal_data"
    assert "111222333" not in str(problem)
    assert not Referral.objects.exists()

    response = api(world.desk_worker).post(URL, {"kind": "warm"}, format="json")
    assert response.status_code == 400
    assert "service" in {e["path"] for e in response.json()["errors"]}


def test_cold_referral_returns_the_card_and_stores_nothing_personal(world: World) -> None:
    response = api(world.desk_worker).post(
        URL,
        {"kind": "cold", "question": world.question.pk, "service": str(world.service.pk)},
        format="json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "handed_over"
    assert data["contact"] is None
    assert data["card"]["name"] == world.service.name
    assert data["card"]["phone"] == "010 123 4567"
    assert Referral.objects.get().contact_encrypted == ""

    response = api(world.desk_worker).post(
        URL, body(world, kind="cold", consent=False), format="json"
    )
    assert response.status_code == 400
    assert "contact_name" in {e["path"] for e in response.json()["errors"]}


def test_partner_steps_and_scoping(world: World) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    base = f"{URL}{referral.pk}/"

    other = make_user(Role.PARTNER_EDITOR)
    assert api(other).post(f"{base}accept/").status_code == 404
    assert api(other).get(URL).json()["count"] == 0
    assert api(world.desk_worker).post(f"{base}accept/").status_code == 403
    assert api(world.partner_editor).post(f"{base}cancel/").status_code == 403

    partner = api(world.partner_editor)
    assert partner.get(URL, {"side": "partner"}).json()["count"] == 1
    assert partner.post(f"{base}accept/").json()["status"] == "accepted"
    response = partner.post(f"{base}decline/", {}, format="json")
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["reason"]
    response = partner.post(f"{base}decline/", {"reason": "no_capacity"}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "declined" and data["decline_reason"] == "no_capacity"
    assert data["contact"] is None and data["contact_erased"] is True
    assert [e["action"] for e in data["events"]] == ["create", "accept", "decline", "erase"]

    response = partner.post(f"{base}accept/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "status"


def test_list_filters_and_their_errors(world: World) -> None:
    services.create_warm(world.desk_worker, world.warm_input())
    client = api(world.desk_worker)
    assert client.get(URL, {"status": "sent"}).json()["count"] == 1
    assert client.get(URL, {"status": "completed"}).json()["count"] == 0
    assert client.get(URL, {"overdue": "false"}).json()["count"] == 1
    assert client.get(URL, {"overdue": "true"}).json()["count"] == 0
    response = client.get(URL, {"status": "unknown", "side": "x"})
    assert response.status_code == 400
    assert {e["path"] for e in response.json()["errors"]} == {"status", "side"}


def test_roles_without_referrals_cannot_create(world: World) -> None:
    for role in (Role.PARTNER_EDITOR, Role.PROGRAMME_OFFICE, Role.AGENCY_ANALYST):
        user = user_for(role, world.network)
        if user.needs_two_factor:
            add_totp(user)
        response = api(user).post(URL, body(world), format="json")
        assert response.status_code == 403, role
    assert not Referral.objects.filter(status=Status.SENT).exists()


def test_the_consent_text_is_served_with_its_version(world: World) -> None:
    data = api(world.desk_worker).get(f"{URL}consent/").json()
    assert data == {"version": consent.CURRENT_VERSION, "text": consent.current().nl}
