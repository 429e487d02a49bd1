"""The API /api/v1/: who gets in, what they see, what they may change, and errors with paths."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Branch, OpeningException, OpeningPeriod
from wegwijs.testing.factories import add_totp, weekly_hours
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

LogIn = Callable[..., Any]
PROBLEM = "application/problem+json"
BRANCHES = "/api/v1/branches/"
ORGANISATIONS = "/api/v1/organisations/"


def token_client(user: User, keyword: str = "Token") -> Client:
    key = io.StringIO()
    call_command("createtoken", user.username, stdout=key)
    return Client(HTTP_AUTHORIZATION=f"{keyword} {key.getvalue().strip()}")


def names(response: Any) -> set[str]:
    return {item["name"] for item in response.json()["results"]}


def error_paths(response: Any) -> set[str]:
    return {error["path"] for error in response.json()["errors"]}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    return body


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [BRANCHES, ORGANISATIONS])
def test_without_credentials_the_api_answers_401_as_problem_json(client: Client, url: str) -> None:
    body = assert_problem(client.get(url), 401)

    assert body["detail"]


def test_unknown_token_is_refused(network: Network) -> None:
    response = Client(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567").get(
        BRANCHES
    )

    assert_problem(response, 401)


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_token_from_createtoken_works_as_token_or_bearer(network: Network, keyword: str) -> None:
    client = token_client(user_for(Role.DESK_WORKER, network), keyword)

    response = client.get(BRANCHES)

    assert response.status_code == 200
    assert names(response) == {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}


def test_token_of_a_user_who_was_deactivated_stops_working(network: Network) -> None:
    user = user_for(Role.COORDINATOR, network)
    client = token_client(user)
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert_problem(client.get(BRANCHES), 401)


def test_logged_in_session_opens_the_api(network: Network, log_in: LogIn) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))

    response = client.get(BRANCHES)

    assert response.status_code == 200
    assert names(response) == {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}


def test_session_without_the_code_step_gets_403(network: Network, log_in: LogIn) -> None:
    user = user_for(Role.POI_CONSULTANT, network)
    add_totp(user)
    client = log_in(user, verified=False)

    assert_problem(client.get(BRANCHES), 403)


# --- reading, scoped like the pages ---------------------------------------------------------

EVERY_BRANCH = {
    "Centrale Bibliotheek",
    "Bibliotheek Zuidplein",
    "De Bieb Zaandam",
    "Bibliotheek Neude",
}


@pytest.mark.parametrize(
    ("role", "organisations", "branches"),
    [
        (
            Role.DESK_WORKER,
            {"Bibliotheek Rotterdam"},
            {"Centrale Bibliotheek", "Bibliotheek Zuidplein"},
        ),
        (
            Role.COORDINATOR,
            {"Bibliotheek Rotterdam"},
            {"Centrale Bibliotheek", "Bibliotheek Zuidplein"},
        ),
        (
            Role.POI_CONSULTANT,
            {"Probiblio", "Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek"},
            {"Centrale Bibliotheek", "Bibliotheek Zuidplein", "De Bieb Zaandam"},
        ),
        (
            Role.PROGRAMME_OFFICE,
            {
                "Probiblio",
                "BiSC",
                "Bibliotheek Rotterdam",
                "De Bieb voor de Zaanstreek",
                "Bibliotheek Utrecht",
                "UWV",
                "Sociaal Raadslieden",
                "KB programmabureau",
            },
            EVERY_BRANCH,
        ),
        (Role.AGENCY_ANALYST, {"UWV"}, set()),
        (Role.PARTNER_EDITOR, {"Sociaal Raadslieden"}, set()),
    ],
)
def test_api_lists_are_scoped_like_the_pages(
    network: Network, role: str, organisations: set[str], branches: set[str]
) -> None:
    client = token_client(user_for(role, network))

    assert names(client.get(ORGANISATIONS)) == organisations
    assert names(client.get(BRANCHES)) == branches


def test_branch_of_another_library_is_not_found(network: Network) -> None:
    client = token_client(user_for(Role.DESK_WORKER, network))

    assert client.get(f"{BRANCHES}{network.rotterdam_zuid.pk}/").status_code == 200
    assert_problem(client.get(f"{BRANCHES}{network.zaandam.pk}/"), 404)
    assert_problem(client.get(f"{ORGANISATIONS}{network.zaanstreek.slug}/"), 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"kind": "library"},
            {"Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek", "Bibliotheek Utrecht"},
        ),
        ({"kind": "poi"}, {"Probiblio", "BiSC"}),
        ({"province": "NL-NH"}, {"De Bieb voor de Zaanstreek"}),
        ({"poi": "bisc"}, {"Bibliotheek Utrecht"}),
        ({"q": "rotter"}, {"Bibliotheek Rotterdam"}),
    ],
)
def test_organisation_filters_narrow_the_list(
    network: Network, query: dict[str, str], expected: set[str]
) -> None:
    client = token_client(user_for(Role.PROGRAMME_OFFICE, network))

    assert names(client.get(ORGANISATIONS, query)) == expected


def test_branch_filters_narrow_the_list(network: Network) -> None:
    client = token_client(user_for(Role.PROGRAMME_OFFICE, network))

    assert names(client.get(BRANCHES, {"province": "NL-UT"})) == {"Bibliotheek Neude"}
    assert names(client.get(BRANCHES, {"poi": "probiblio", "q": "zaan"})) == {"De Bieb Zaandam"}


def test_organisation_shows_its_province_poi_wave_and_model(network: Network) -> None:
    client = token_client(user_for(Role.COORDINATOR, network))

    body = client.get(f"{ORGANISATIONS}{network.rotterdam.slug}/").json()

    assert body["kind"] == "library"
    assert body["province"] == "NL-ZH"
    assert body["poi"] == "probiblio"
    assert body["wave"] == network.rotterdam.wave
    assert body["ido_model"] == network.rotterdam.ido_model
    assert body["url"] == network.rotterdam.get_absolute_url()


def test_branch_shows_hours_and_whether_it_is_open_at_this_moment(network: Network) -> None:
    branch = network.rotterdam_centrum
    weekly_hours(branch)
    OpeningException.objects.create(branch=branch, date=datetime(2025, 6, 4).date(), closed=True)
    client = token_client(user_for(Role.COORDINATOR, network))
    tuesday_ten = datetime(2025, 6, 3, 8, 0, tzinfo=UTC)  # 10:00 in Amsterdam
    tuesday_evening = datetime(2025, 6, 3, 18, 0, tzinfo=UTC)

    with patch("django.utils.timezone.now", return_value=tuesday_ten):
        during = client.get(f"{BRANCHES}{branch.pk}/").json()
    with patch("django.utils.timezone.now", return_value=tuesday_evening):
        evening = client.get(f"{BRANCHES}{branch.pk}/").json()

    assert during["status"]["open_now"] is True
    assert datetime.fromisoformat(during["status"]["until"]) == datetime(
        2025, 6, 3, 15, 0, tzinfo=UTC
    )
    assert during["status"]["next_open"] is None
    assert evening["status"]["open_now"] is False
    assert evening["status"]["until"] is None
    # Wednesday is closed (exception), so Thursday 09:00 in Amsterdam.
    assert datetime.fromisoformat(evening["status"]["next_open"]) == datetime(
        2025, 6, 5, 7, 0, tzinfo=UTC
    )
    assert during["opening_hours"][0] == {
        "kind": "open",
        "weekday": 0,
        "opens": "09:00",
        "closes": "17:00",
    }
    assert [e["date"] for e in during["exceptions"]] == ["2025-06-04"]
    assert during["province"] == "NL-ZH"


def test_branch_without_hours_is_closed_with_no_next_opening(network: Network) -> None:
    client = token_client(user_for(Role.DESK_WORKER, network))

    body = client.get(f"{BRANCHES}{network.rotterdam_zuid.pk}/").json()

    assert body["status"] == {"open_now": False, "until": None, "next_open": None}


# --- writing ----------------------------------------------------------------------------------


def new_branch(network: Network, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": network.rotterdam.slug,
        "name": "Bibliotheek Noord",
        "street": "Noordplein 1",
        "postcode": "3035ea",
        "place": "Rotterdam",
        "opening_hours": [
            {"weekday": 0, "opens": "09:00", "closes": "12:00"},
            {"weekday": 0, "opens": "13:00", "closes": "17:00"},
            {"kind": "spreekuur", "weekday": 2, "opens": "10:00", "closes": "12:00"},
        ],
    }
    data.update(fields)
    return data


def stored_hours(branch: Branch) -> list[tuple[str, int, time, time]]:
    return list(
        branch.opening_periods.order_by("kind", "weekday", "opens").values_list(
            "kind", "weekday", "opens", "closes"
        )
    )


def test_coordinator_adds_a_branch_with_its_hours(network: Network) -> None:
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.post(BRANCHES, new_branch(network), content_type="application/json")

    assert response.status_code == 201, response.content
    branch = Branch.objects.get(name="Bibliotheek Noord")
    assert branch.organisation == network.rotterdam
    assert branch.postcode == "3035 EA"
    assert response.json()["postcode"] == "3035 EA"
    assert stored_hours(branch) == [
        ("open", 0, time(9), time(12)),
        ("open", 0, time(13), time(17)),
        ("spreekuur", 2, time(10), time(12)),
    ]
    assert len(response.json()["opening_hours"]) == 3


def test_coordinator_changes_the_hours_of_a_branch(network: Network) -> None:
    branch = network.rotterdam_centrum
    weekly_hours(branch)
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.patch(
        f"{BRANCHES}{branch.pk}/",
        {"opening_hours": [{"weekday": 5, "opens": "10:00", "closes": "14:00"}], "staff_count": 2},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert stored_hours(branch) == [("open", 5, time(10), time(14))]
    assert response.json()["opening_hours"] == [
        {"kind": "open", "weekday": 5, "opens": "10:00", "closes": "14:00"}
    ]
    branch.refresh_from_db()
    assert branch.staff_count == 2


def test_patch_without_hours_keeps_the_hours_and_exceptions(network: Network) -> None:
    branch = network.rotterdam_centrum
    weekly_hours(branch)
    OpeningException.objects.create(branch=branch, date=timezone.localdate() + timedelta(days=3))
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.patch(
        f"{BRANCHES}{branch.pk}/", {"has_ido": False}, content_type="application/json"
    )

    assert response.status_code == 200
    assert len(stored_hours(branch)) == 5
    assert branch.opening_exceptions.count() == 1


def test_coordinator_sets_holidays_from_today_on(network: Network) -> None:
    branch = network.rotterdam_centrum
    day = timezone.localdate() + timedelta(days=2)
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.patch(
        f"{BRANCHES}{branch.pk}/",
        {
            "exceptions": [
                {"date": day.isoformat(), "closed": False, "opens": "10:00", "closes": "16:00"}
            ]
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert list(branch.opening_exceptions.values_list("date", "opens", "closes")) == [
        (day, time(10), time(16))
    ]


def test_coordinator_cannot_add_a_branch_to_another_library(network: Network) -> None:
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.post(
        BRANCHES,
        new_branch(network, organisation=network.zaanstreek.slug),
        content_type="application/json",
    )

    body = assert_problem(response, 403)
    assert body["detail"] == "U mag geen vestigingen van deze organisatie wijzigen."
    assert not Branch.objects.filter(name="Bibliotheek Noord").exists()


def test_coordinator_cannot_change_a_branch_of_another_library(network: Network) -> None:
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.patch(
        f"{BRANCHES}{network.zaandam.pk}/", {"name": "Gekaapt"}, content_type="application/json"
    )

    assert_problem(response, 403)
    network.zaandam.refresh_from_db()
    assert network.zaandam.name == "De Bieb Zaandam"


def test_coordinator_cannot_move_own_branch_to_another_library(network: Network) -> None:
    client = token_client(user_for(Role.COORDINATOR, network))

    response = client.patch(
        f"{BRANCHES}{network.rotterdam_zuid.pk}/",
        {"organisation": network.zaanstreek.slug},
        content_type="application/json",
    )

    assert_problem(response, 403)
    network.rotterdam_zuid.refresh_from_db()
    assert network.rotterdam_zuid.organisation == network.rotterdam


@pytest.mark.parametrize("role", [Role.DESK_WORKER, Role.POI_CONSULTANT, Role.AGENCY_ANALYST])
def test_roles_that_may_not_edit_get_403_and_nothing_changes(network: Network, role: str) -> None:
    client = token_client(user_for(role, network))

    patched = client.patch(
        f"{BRANCHES}{network.rotterdam_centrum.pk}/",
        {"name": "Gekaapt"},
        content_type="application/json",
    )
    posted = client.post(BRANCHES, new_branch(network), content_type="application/json")

    assert_problem(patched, 403)
    assert_problem(posted, 403)
    assert not Branch.objects.filter(name__in=["Gekaapt", "Bibliotheek Noord"]).exists()


def test_programme_office_changes_a_branch_anywhere(network: Network) -> None:
    client = token_client(user_for(Role.PROGRAMME_OFFICE, network))

    response = client.put(
        f"{BRANCHES}{network.utrecht_neude.pk}/",
        new_branch(network, organisation=network.utrecht_library.slug, name="Bibliotheek Neude"),
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert len(stored_hours(network.utrecht_neude)) == 3


# --- bad input: problem+json with field paths, nothing stored ---------------------------------


@pytest.fixture
def coordinator_api(network: Network) -> Client:
    weekly_hours(network.rotterdam_centrum)
    return token_client(user_for(Role.COORDINATOR, network))


def assert_nothing_changed(network: Network) -> None:
    assert not Branch.objects.filter(name="Bibliotheek Noord").exists()
    branch = Branch.objects.get(pk=network.rotterdam_centrum.pk)
    assert branch.name == "Centrale Bibliotheek"
    assert branch.postcode == "2611 BT"
    assert stored_hours(branch) == [("open", day, time(9), time(17)) for day in range(5)]
    assert not OpeningPeriod.objects.exclude(branch=branch).exists()


def test_invalid_postcode_is_a_400_at_path_postcode(
    network: Network, coordinator_api: Client
) -> None:
    created = coordinator_api.post(
        BRANCHES, new_branch(network, postcode="0123 AB"), content_type="application/json"
    )
    patched = coordinator_api.patch(
        f"{BRANCHES}{network.rotterdam_centrum.pk}/",
        {"postcode": "1234 SS", "name": "Nieuwe naam"},
        content_type="application/json",
    )

    for response in (created, patched):
        body = assert_problem(response, 400)
        assert error_paths(response) == {"postcode"}
        assert body["errors"][0]["message"]
        assert body["detail"] == "De invoer is niet geldig. Zie errors voor wat er mis is."
    assert_nothing_changed(network)


def test_overlapping_opening_hours_are_a_400_at_the_row_that_overlaps(
    network: Network, coordinator_api: Client
) -> None:
    hours = [
        {"weekday": 0, "opens": "09:00", "closes": "12:00"},
        {"weekday": 0, "opens": "11:00", "closes": "17:00"},
    ]
    created = coordinator_api.post(
        BRANCHES, new_branch(network, opening_hours=hours), content_type="application/json"
    )
    patched = coordinator_api.patch(
        f"{BRANCHES}{network.rotterdam_centrum.pk}/",
        {"opening_hours": hours, "name": "Nieuwe naam"},
        content_type="application/json",
    )

    for response in (created, patched):
        assert_problem(response, 400)
        assert error_paths(response) == {"opening_hours.1.opens"}
    assert_nothing_changed(network)


def test_closing_before_opening_is_a_400_at_the_closing_time(
    network: Network, coordinator_api: Client
) -> None:
    response = coordinator_api.patch(
        f"{BRANCHES}{network.rotterdam_centrum.pk}/",
        {
            "opening_hours": [
                {"weekday": 1, "opens": "09:00", "closes": "12:00"},
                {"weekday": 3, "opens": "17:00", "closes": "09:00"},
            ]
        },
        content_type="application/json",
    )

    assert_problem(response, 400)
    assert error_paths(response) == {"opening_hours.1.closes"}
    assert_nothing_changed(network)


def test_branch_without_an_organisation_is_a_400_at_path_organisation(
    network: Network, coordinator_api: Client
) -> None:
    data = new_branch(network)
    del data["organisation"]
    unknown = new_branch(network, organisation="bestaat-niet")
    empty = new_branch(network, organisation=None)

    for payload in (data, unknown, empty):
        response = coordinator_api.post(BRANCHES, payload, content_type="application/json")
        assert_problem(response, 400)
        assert error_paths(response) == {"organisation"}
    assert_nothing_changed(network)


def test_several_problems_are_all_listed_with_their_paths(
    network: Network, coordinator_api: Client
) -> None:
    data = new_branch(
        network,
        postcode="12345",
        name="",
        opening_hours=[{"weekday": 9, "opens": "09:00", "closes": "17:00"}],
    )
    del data["organisation"]

    response = coordinator_api.post(BRANCHES, data, content_type="application/json")

    assert_problem(response, 400)
    assert error_paths(response) == {"organisation", "name", "postcode", "opening_hours.0.weekday"}
    assert_nothing_changed(network)


def test_exception_in_the_past_or_twice_is_a_400_at_its_date(
    network: Network, coordinator_api: Client
) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    later = (timezone.localdate() + timedelta(days=5)).isoformat()

    response = coordinator_api.patch(
        f"{BRANCHES}{network.rotterdam_centrum.pk}/",
        {
            "exceptions": [{"date": yesterday}, {"date": later}, {"date": later}],
            "name": "Nieuwe naam",
        },
        content_type="application/json",
    )

    assert_problem(response, 400)
    assert error_paths(response) == {"exceptions.0.date", "exceptions.2.date"}
    assert_nothing_changed(network)
    assert not OpeningException.objects.exists()


def test_special_hours_without_times_are_a_400_at_that_exception(
    network: Network, coordinator_api: Client
) -> None:
    later = (timezone.localdate() + timedelta(days=5)).isoformat()

    response = coordinator_api.patch(
        f"{BRANCHES}{network.rotterdam_centrum.pk}/",
        {"exceptions": [{"date": later, "closed": False}]},
        content_type="application/json",
    )

    assert_problem(response, 400)
    assert {
        path.rsplit(".", 1)[0] if path.count(".") > 1 else path for path in error_paths(response)
    } == {"exceptions.0"}
    assert not OpeningException.objects.exists()


def test_malformed_json_is_a_400_problem(network: Network, coordinator_api: Client) -> None:
    response = coordinator_api.post(BRANCHES, "{not json", content_type="application/json")

    assert_problem(response, 400)


def test_messages_follow_the_accept_language_header(
    network: Network, coordinator_api: Client
) -> None:
    response = coordinator_api.post(
        BRANCHES,
        new_branch(network, name=""),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert_problem(response, 400)
    assert response.json()["errors"][0]["message"] == "This field may not be blank."


# --- the contract -----------------------------------------------------------------------------


def test_schema_is_served_as_openapi_3_with_the_network_endpoints(client: Client) -> None:
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/branches/", "/api/v1/branches/{id}/", "/api/v1/organisations/"} <= set(
        schema["paths"]
    )
    assert "application/problem+json" in str(
        schema["paths"]["/api/v1/branches/"]["post"]["responses"]["400"]
    )
