"""Console commands for accounts: API tokens and the demo accounts' authenticator codes."""

from __future__ import annotations

import io
import re
from unittest.mock import patch

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from rest_framework.authtoken.models import Token

from wegwijs.accounts.models import Role
from wegwijs.testing.factories import add_totp, make_user

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_createtoken_prints_a_token_that_opens_the_api_as_that_user(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)

    key = run("createtoken", user.username)

    response = client.get("/api/v1/branches/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [b["name"] for b in response.json()["results"]] == [user.branch.name]


def test_createtoken_twice_prints_the_same_token_and_reset_replaces_it() -> None:
    user = make_user(Role.COORDINATOR)

    first = run("createtoken", user.username)
    again = run("createtoken", user.username)
    reset = run("createtoken", user.username, "--reset")

    assert first == again
    assert reset != first
    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [reset]


def test_reset_token_no_longer_opens_the_api(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)
    old = run("createtoken", user.username)
    run("createtoken", user.username, "--reset")

    response = client.get("/api/v1/branches/", HTTP_AUTHORIZATION=f"Token {old}")

    assert response.status_code == 401


def test_createtoken_refuses_an_unknown_or_inactive_user() -> None:
    inactive = make_user(Role.DESK_WORKER, is_active=False)

    with pytest.raises(CommandError):
        run("createtoken", "nobody-by-this-name")
    with pytest.raises(CommandError):
        run("createtoken", inactive.username)
    assert not Token.objects.exists()


def test_totp_prints_the_current_six_digit_code_of_a_demo_account() -> None:
    user = make_user(Role.COORDINATOR, is_demo=True)
    device = add_totp(user)

    code = run("totp", user.username)

    assert re.fullmatch(r"\d{6}", code)
    assert device.verify_token(code)


def test_totp_code_keeps_its_leading_zeros() -> None:
    # The printed code has exactly the six digits the authenticator app shows, also "012345".
    user = make_user(Role.COORDINATOR, is_demo=True)
    device = add_totp(user)
    device.key = b"12345678901234567890".hex()
    device.save()

    def code_at(moment: float) -> int:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = moment
        return totp.token()

    moment = next(float(t * 30) for t in range(1000) if code_at(t * 30) < 100_000)

    with patch("django_otp.oath.time", return_value=moment):
        code = run("totp", user.username)

    assert code == f"{code_at(moment):06d}"
    assert code.startswith("0")


def test_totp_refuses_real_accounts() -> None:
    user = make_user(Role.COORDINATOR, is_demo=False)
    add_totp(user)

    with pytest.raises(CommandError):
        run("totp", user.username)
