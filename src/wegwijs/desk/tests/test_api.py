"""POST/GET /api/v1/visits/: nested questions, filters, errors with paths, idempotency."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from wegwijs.accounts.models import Role
from wegwijs.desk.models import Visit
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/visits/"


def client_for(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")


def body(branch_id: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "branch": branch_id,
        "occurred_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
        "channel": "balie",
        "duration": "10-30",
        "questions": [{"theme": "digid", "organisation": "logius", "help_given": "samen"}],
    }
    data.update(overrides)
    return data


def post(client: Client, data: dict[str, Any], **headers: str) -> Any:
    return client.post(URL, json.dumps(data), content_type="application/json", headers=headers)


def test_register_a_visit_with_two_questions(network: Network) -> None:
    client = client_for(user_for(Role.DESK_WORKER, network))
    data = body(
        network.rotterdam_centrum.pk,
        questions=[
            {"theme": "digid", "organisation": "logius", "help_given": "samen"},
            {
                "theme": "geldzaken",
                "organisation": "gemeente",
                "help_given": "doorverwezen",
                "referral_target": "schuldhulp",
            },
        ],
    )
    response = post(client, data)
    assert response.status_code == 201, response.content
    result = response.json()
    assert [q["layer"] for q in result["questions"]] == ["rijk", "gemeente"]
    assert result["questions"][1]["referral_target"] == "schuldhulp"


def test_errors_name_the_field_path_and_nothing_is_stored(network: Network) -> None:
    client = client_for(user_for(Role.DESK_WORKER, network))
    data = body(
        network.rotterdam_centrum.pk,
        questions=[
            {"theme": "digid", "organisation": "logius", "help_given": "samen"},
            {"theme": "digid", "organisation": "logius", "help_given": "doorverwezen"},
        ],
    )
    response = post(client, data)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [e["path"] for e in response.json()["errors"]] == ["questions.1.referral_target"]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"occurred_at": (timezone.now() + timedelta(days=2)).isoformat()}, "occurred_at"),
        ({"branch": 999999}, "branch"),
        ({"channel": "brief"}, "channel"),
        ({"questions": []}, "questions"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_input_gives_a_400_with_the_path(
    network: Network, overrides: dict[str, Any], path: str
) -> None:
    client = client_for(user_for(Role.DESK_WORKER, network))
    response = post(client, body(network.rotterdam_centrum.pk, **overrides))
    assert response.status_code == 400
    assert path in [e["path"] for e in response.json()["errors"]]
    assert not Visit.objects.exists()


def test_a_retried_post_with_the_same_idempotency_key_returns_the_first_result(
    network: Network,
) -> None:
    client = client_for(user_for(Role.DESK_WORKER, network))
    first = post(client, body(network.rotterdam_centrum.pk), **{"Idempotency-Key": "a1"})
    again = post(client, body(network.rotterdam_centrum.pk), **{"Idempotency-Key": "a1"})
    other = post(client, body(network.rotterdam_centrum.pk), **{"Idempotency-Key": "a2"})
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert first.json()["id"] == again.json()["id"] != other.json()["id"]
    assert Visit.objects.count() == 2


def test_list_is_scoped_filtered_and_paginated(network: Network) -> None:
    mine = user_for(Role.DESK_WORKER, network)
    elsewhere = make_user(Role.DESK_WORKER, organisation=network.zaanstreek, branch=network.zaandam)
    post(client_for(mine), body(network.rotterdam_centrum.pk))
    post(
        client_for(elsewhere),
        body(
            network.zaandam.pk,
            questions=[{"theme": "boetes", "organisation": "cjib", "help_given": "informatie"}],
        ),
    )

    assert client_for(mine).get(URL).json()["count"] == 1
    national = client_for(user_for(Role.PROGRAMME_OFFICE, network))
    assert national.get(URL).json()["count"] == 2
    assert national.get(URL, {"theme": "boetes"}).json()["count"] == 1
    assert national.get(URL, {"organisation": "logius"}).json()["count"] == 1
    assert national.get(URL, {"branch": network.zaandam.pk}).json()["count"] == 1
    today = timezone.localdate().isoformat()
    assert national.get(URL, {"start": today, "end": today}).json()["count"] == 2
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert national.get(URL, {"start": tomorrow}).json()["count"] == 0
    assert national.get(URL, {"page_size": 1}).json()["next"]
    assert national.get(URL, {"theme": "nonsense"}).status_code == 400


def test_agency_analysts_see_no_visit_rows(network: Network) -> None:
    post(client_for(user_for(Role.DESK_WORKER, network)), body(network.rotterdam_centrum.pk))
    assert client_for(user_for(Role.AGENCY_ANALYST, network)).get(URL).json()["count"] == 0


def test_the_post_answer_is_what_the_serializer_gives_for_the_stored_visit(
    network: Network,
) -> None:
    # The answer is built without the serializer's second pass: pin it to the serializer.
    from rest_framework.renderers import JSONRenderer

    from wegwijs.desk.api.serializers import VisitSerializer

    client = client_for(user_for(Role.DESK_WORKER, network))
    occurred = (timezone.now() - timedelta(hours=3)).astimezone(
        timezone.get_fixed_timezone(330)  # another offset, microseconds kept
    )
    data = body(
        network.rotterdam_centrum.pk,
        occurred_at=occurred.isoformat(),
        note="  tweede bezoek  ",
        questions=[
            {"theme": "digid", "organisation": "logius", "help_given": "samen"},
            {
                "kind": "overheid",
                "theme": "geldzaken",
                "organisation": "gemeente",
                "help_given": "doorverwezen",
                "referral_target": "schuldhulp",
                "citizen_words": " Hoe vraag ik uitstel aan? ",
            },
            {
                "theme": "toeslagen",
                "organisation": "toeslagen",
                "help_given": "informatie",
                "referral_target": "schuldhulp",
            },
        ],
    )
    for headers in ({}, {"Idempotency-Key": "pin"}, {"Idempotency-Key": "pin"}):
        response = post(client, data, **headers)
        assert response.status_code in (200, 201), response.content
        stored = Visit.objects.get(pk=response.json()["id"])
        expected = JSONRenderer().render(VisitSerializer(stored).data)
        assert json.loads(response.content) == json.loads(expected)
        assert list(response.json()) == list(json.loads(expected))
        assert response.json()["occurred_at"].endswith(("+01:00", "+02:00"))
        assert response.json()["note"] == "tweede bezoek"
