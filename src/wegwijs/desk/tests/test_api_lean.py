"""The lean path of POST /api/v1/visits/: plain valid input skips the serializer (and gives
exactly what it would), token lookups are kept a few seconds per process (and a deleted
token or deactivated user stops working at once here, within those seconds elsewhere)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from wegwijs.accounts.models import Role
from wegwijs.desk.api import authentication
from wegwijs.desk.api.serializers import VisitSerializer, fast_input
from wegwijs.desk.codes import MAX_TEXT, Channel, Duration, HelpGiven, Kind, ReferralTarget, Theme
from wegwijs.desk.codes import OrganisationCode as Org
from wegwijs.desk.models import Visit
from wegwijs.testing.network import Network, user_for

URL = "/api/v1/visits/"


def post(client: Client, data: Any) -> Any:
    return client.post(URL, json.dumps(data), content_type="application/json")


def body(branch_id: int) -> dict[str, Any]:
    return {
        "branch": branch_id,
        "occurred_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
        "channel": "balie",
        "duration": "10-30",
        "questions": [{"theme": "digid", "organisation": "logius", "help_given": "samen"}],
    }


# --- The fast path gives what the serializer gives, or leaves it to the serializer ----------


def _maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, sometimes something a client might get wrong."""
    odd = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-2, 2),
        st.just(""),
        st.just("  "),
        st.text(max_size=5),
        st.lists(st.integers(), max_size=1),
    )
    return st.one_of(valid, valid, valid, odd)


def _text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        st.just("   "),
        st.just(" Hoe vraag ik uitstel aan? "),
        st.just("x" * MAX_TEXT + "  "),
        st.just("x" * (MAX_TEXT + 1)),
        st.text(max_size=8),
    )


QUESTION = st.fixed_dictionaries(
    {
        "theme": _maybe(st.sampled_from(Theme.values)),
        "organisation": _maybe(st.sampled_from(Org.values)),
        "help_given": _maybe(st.sampled_from(HelpGiven.values)),
    },
    optional={
        "kind": _maybe(st.sampled_from(Kind.values)),
        "referral_target": _maybe(st.sampled_from(["", *ReferralTarget.values])),
        "citizen_words": _maybe(_text()),
        "layer": st.just("rijk"),  # read-only: ignored
        "position": st.integers(0, 3),
    },
)
TIMES = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),  # naive: the current time zone applies
    st.sampled_from(["2026-03-29T02:30:00", "2026-13-01T00:00:00", "2026-11-24", "nu", ""]),
)
PAYLOAD = st.fixed_dictionaries(
    {
        "branch": _maybe(st.integers(1, 10**6)),
        "occurred_at": _maybe(TIMES),
        "channel": _maybe(st.sampled_from(Channel.values)),
        "duration": _maybe(st.sampled_from(Duration.values)),
        "questions": _maybe(st.lists(_maybe(QUESTION), min_size=0, max_size=11)),
    },
    optional={"note": _maybe(_text()), "id": st.integers(), "batch": st.none()},
)


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.one_of(PAYLOAD, _maybe(st.lists(PAYLOAD, max_size=1))))
def test_the_fast_path_validates_exactly_as_the_serializer(data: Any) -> None:
    fast = fast_input(data)
    serializer = VisitSerializer(data=data)
    if fast is not None:
        assert serializer.is_valid(), serializer.errors
        assert fast == serializer.to_input()
        assert [type(q.kind) for q in fast.questions] == [
            type(q.kind) for q in serializer.to_input().questions
        ]


VALID_QUESTION = st.fixed_dictionaries(
    {
        "theme": st.sampled_from(Theme.values),
        "organisation": st.sampled_from(Org.values),
        "help_given": st.sampled_from(HelpGiven.values),
    },
    optional={
        "kind": st.sampled_from(Kind.values),
        "referral_target": st.sampled_from(["", *ReferralTarget.values]),
        "citizen_words": st.text(max_size=20),
    },
)
VALID_PAYLOAD = st.fixed_dictionaries(
    {
        "branch": st.integers(1, 10**6),
        "occurred_at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        "channel": st.sampled_from(Channel.values),
        "duration": st.sampled_from(Duration.values),
        "questions": st.lists(VALID_QUESTION, min_size=1, max_size=10),
    },
    optional={"note": st.text(max_size=20)},
)


@settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=VALID_PAYLOAD)
def test_plain_valid_input_always_takes_the_fast_path(data: Any) -> None:
    serializer = VisitSerializer(data=data)
    if serializer.is_valid():  # not when the text holds NUL or the time cannot be converted
        assert fast_input(data) == serializer.to_input()


def test_plain_valid_input_takes_the_fast_path() -> None:
    data = body(1)
    data["questions"].append(
        {
            "kind": "bibliotheek",
            "theme": "digitale-vaardigheden",
            "organisation": "overig",
            "help_given": "doorverwezen",
            "referral_target": "taalhuis",
            "citizen_words": " Hoe werkt de app? ",
        }
    )
    data["note"] = " tweede bezoek "
    fast = fast_input(data)
    serializer = VisitSerializer(data=data)
    assert serializer.is_valid()
    assert fast is not None and fast == serializer.to_input()
    assert fast.note == "tweede bezoek" and fast.questions[0].kind == Kind.OVERHEID


# --- The token cache ---------------------------------------------------------------------


@pytest.fixture
def clean_cache() -> Any:
    authentication._cache.clear()
    yield
    authentication._cache.clear()


@pytest.mark.django_db
def test_a_second_registration_with_the_same_token_is_one_statement_on_postgresql(
    network: Network, clean_cache: None
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
    with CaptureQueriesContext(connection) as ctx:
        assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
    sqls = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    if connection.vendor == "postgresql":  # the one-statement insert; token, branch known
        assert len(sqls) == 1 and sqls[0].startswith("WITH v AS (INSERT")
    else:  # SQLite: the ORM path (visit, questions, audit row), no token or branch query
        assert not any("authtoken_token" in sql or "network_branch" in sql for sql in sqls)
    # A branch of another library is refused, also when asked again (the answer is kept).
    for _ in range(2):
        response = post(client, body(network.zaandam.pk))
        assert response.status_code == 400
        assert [e["path"] for e in response.json()["errors"]] == ["branch"]
    assert Visit.objects.count() == 2


@pytest.mark.django_db
def test_a_deleted_token_or_deactivated_user_stops_at_once_in_this_process(
    network: Network, clean_cache: None
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    token = Token.objects.create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
    user.is_active = False
    user.save()
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 401
    user.is_active = True
    user.save()
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
    token.delete()
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 401
    assert Visit.objects.count() == 2


@pytest.mark.django_db
def test_a_change_saved_elsewhere_counts_within_the_cache_seconds(
    network: Network, clean_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth import get_user_model

    user = user_for(Role.DESK_WORKER, network)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    clock = [1000.0]
    monkeypatch.setattr(authentication.time, "monotonic", lambda: clock[0])
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
    # Another app process deactivates the user: no signal reaches this one.
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    clock[0] += authentication.DEFAULT_SECONDS - 0.5
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
    clock[0] += 1.0
    assert post(client, body(network.rotterdam_centrum.pk)).status_code == 401
    with override_settings(API_TOKEN_CACHE_SECONDS=0):
        get_user_model().objects.filter(pk=user.pk).update(is_active=True)
        assert post(client, body(network.rotterdam_centrum.pk)).status_code == 201
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
        assert post(client, body(network.rotterdam_centrum.pk)).status_code == 401  # at once
