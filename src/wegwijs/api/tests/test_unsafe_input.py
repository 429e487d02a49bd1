"""Text that no database can store is a 400, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from wegwijs.accounts.models import Role
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db


def api(network: Network) -> Client:
    user = user_for(Role.COORDINATOR, network)
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


@pytest.mark.parametrize("text", ["ab\x00cd", "\ud973x"])
def test_json_body_with_a_nul_or_lone_surrogate_is_refused(network: Network, text: str) -> None:
    body = json.dumps({"organisation": "bibliotheek-rotterdam", "name": text, "municipality": text})
    response = api(network).post("/api/v1/branches/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_nul_in_a_query_parameter_is_refused_on_api_and_pages(network: Network, log_in) -> None:
    assert api(network).get("/api/v1/branches/", {"q": "a\x00b"}).status_code == 400
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    assert client.get("/netwerk/vestigingen/", {"q": "a\x00b"}).status_code == 400


def test_odd_lookups_are_not_found_not_server_errors(network: Network) -> None:
    client = api(network)
    assert client.get("/api/v1/organisations/%C3%A4%00/").status_code in (400, 404)
    assert client.get("/api/v1/branches/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/visits/", {"branch": "99999999999999999999999"}).status_code == 400
