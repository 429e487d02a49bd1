"""GET /api/v1/public/locations/: public facts only, CORS for every origin, rate-limited."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from wegwijs.public.tests.data import PublicNetwork

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/locations/"
FIELDS = {
    "id",
    "name",
    "organisation",
    "street",
    "postcode",
    "place",
    "latitude",
    "longitude",
    "distance_km",
    "ido_model",
    "ido_model_text",
    "help_hours",
    "open_now",
    "open_until",
    "next_open",
    "consultation_hours",
    "opening_hours",
    "accessibility",
    "url",
}


def test_the_nearest_informatiepunten_with_public_fields_only(
    client: Client, public: PublicNetwork
) -> None:
    response = client.get(URL, {"near": "1541 AB", "limit": 3})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"near", "approximate", "suggestions", "results"}
    assert body["near"]["label"] == "1541 Koog aan de Zaan"
    assert body["approximate"] is False
    results = body["results"]
    assert [r["name"] for r in results] == [
        "De Bieb Zaandam",
        "De Bieb Krommenie",
        "Bibliotheek Neude",
    ]
    assert all(set(r) == FIELDS for r in results)  # no staff counts, no demo flags
    first = results[0]
    assert first["help_hours"] == "consultation"
    assert first["ido_model"] == "basis"
    assert {"weekday": 1, "opens": "10:00", "closes": "12:00"} in first["consultation_hours"]
    assert first["url"] == f"http://testserver/hulp/locatie/{public.zaandam.pk}/"
    assert first["distance_km"] < results[1]["distance_km"]


def test_an_unknown_place_gives_suggestions(client: Client, public: PublicNetwork) -> None:
    body = client.get(URL, {"near": "Zaandm"}).json()

    assert body["near"] is None
    assert body["results"] == []
    assert "Zaandam" in [s["label"] for s in body["suggestions"]]


def test_bad_input_is_a_problem_with_the_parameter(client: Client) -> None:
    for params in ({}, {"near": "x" * 201}, {"near": "Zaandam", "limit": "0"}):
        response = client.get(URL, params)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        paths = {e["path"] for e in response.json()["errors"]}
        assert paths <= {"near", "limit"} and paths


def test_cors_is_open_for_the_public_api_only(client: Client, public: PublicNetwork) -> None:
    origin = {"origin": "https://www.uwv.nl"}

    response = client.get(URL, {"near": "3011"}, headers=origin)
    preflight = client.options(URL, headers={**origin, "access-control-request-method": "GET"})
    staff_api = client.get("/api/v1/branches/", headers=origin)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in staff_api.headers


@override_settings(PUBLIC_API_RATE="3/minute")
def test_too_many_requests_are_refused_with_429(client: Client, public: PublicNetwork) -> None:
    answers = [client.get(URL, {"near": "3011"}) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1]["Content-Type"] == "application/problem+json"
    assert int(answers[-1]["Retry-After"]) > 0
    other_client = client.get(URL, {"near": "3011"}, REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200


@override_settings(PUBLIC_API_RATE="3/minute")
def test_a_forged_forwarded_header_does_not_escape_the_limit(
    client: Client, public: PublicNetwork
) -> None:
    codes = [
        client.get(URL, {"near": "3011"}, headers={"x-forwarded-for": f"10.1.1.{i}"}).status_code
        for i in range(4)
    ]

    assert codes[-1] == 429


def test_open_now_and_limit(client: Client, public: PublicNetwork) -> None:
    body = client.get(URL, {"near": "Zaandam", "limit": 50, "open_now": "true"}).json()

    assert all(r["open_now"] for r in body["results"])
    assert all(r["help_hours"] != "ask" for r in body["results"])


def test_the_schema_describes_the_public_api(client: Client) -> None:
    from wegwijs.accounts.models import Role
    from wegwijs.testing.factories import make_user

    client.force_login(
        make_user(Role.DESK_WORKER), backend="django.contrib.auth.backends.ModelBackend"
    )
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/public/locations/"]["get"]

    assert {p["name"] for p in operation["parameters"]} >= {"near", "limit", "open_now"}
    assert "429" in operation["responses"]
    assert operation["responses"]["429"]["content"]["application/problem+json"]
    assert not operation.get("security")  # no login needed
