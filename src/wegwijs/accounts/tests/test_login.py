"""Logging in: password, the authenticator code for coordinators and up, and the lock-out."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts.models import Role, User
from wegwijs.testing.factories import PASSWORD, add_totp, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:otp")
SETUP = reverse("accounts:otp_setup")
HOME = reverse("core:home")
LIBRARIES = reverse("network:library_list")

TWO_FACTOR_ROLES = [Role.COORDINATOR, Role.POI_CONSULTANT, Role.PROGRAMME_OFFICE, Role.ADMIN]
PASSWORD_ONLY_ROLES = [Role.DESK_WORKER, Role.AGENCY_ANALYST, Role.PARTNER_EDITOR]


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    right = int(code_for(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


def log_in_with_password(client: Client, user: User, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": user.username, "password": password, **extra})


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- password -------------------------------------------------------------------------------


def test_login_page_is_shown_to_visitors_and_pages_send_them_there(client: Client) -> None:
    assert client.get(LOGIN).status_code == 200
    response = client.get(LIBRARIES)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_desk_worker_logs_in_with_a_password_and_sees_the_start_page(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)

    response = log_in_with_password(client, user)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(LIBRARIES).status_code == 200


def test_wrong_password_shows_the_form_again_and_does_not_log_in(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)

    response = log_in_with_password(client, user, "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert not is_logged_in(client)


def test_inactive_user_cannot_log_in(client: Client) -> None:
    user = make_user(Role.DESK_WORKER, is_active=False)

    log_in_with_password(client, user)

    assert not is_logged_in(client)


def test_logging_out_ends_the_session(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)
    log_in_with_password(client, user)

    client.post(reverse("accounts:logout"))

    assert not is_logged_in(client)
    assert client.get(LIBRARIES).status_code == 302


# --- the authenticator code -----------------------------------------------------------------


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_coordinators_and_up_are_sent_to_the_code_step_after_the_password(
    client: Client, role: str
) -> None:
    user = make_user(role)
    add_totp(user)

    log_in_with_password(client, user)
    response = client.get(LIBRARIES)

    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next={LIBRARIES}"
    assert client.get(HOME)["Location"].startswith(CODE)


@pytest.mark.parametrize("role", PASSWORD_ONLY_ROLES)
def test_other_roles_need_only_a_password(client: Client, role: str) -> None:
    user = make_user(role)

    log_in_with_password(client, user)

    assert client.get(HOME).status_code == 200


def test_coordinator_with_the_right_code_reaches_the_page_asked_for(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    device = add_totp(user)
    log_in_with_password(client, user)

    response = client.post(CODE, {"token": code_for(device), "next": LIBRARIES})

    assert response.status_code == 302
    assert response["Location"] == LIBRARIES
    assert client.get(LIBRARIES).status_code == 200


def test_code_may_be_typed_with_a_space_in_the_middle(client: Client) -> None:
    user = make_user(Role.POI_CONSULTANT)
    device = add_totp(user)
    log_in_with_password(client, user)
    code = code_for(device)

    client.post(CODE, {"token": f"{code[:3]} {code[3:]}"})

    assert client.get(HOME).status_code == 200


def test_wrong_code_is_refused_and_the_pages_stay_closed(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    device = add_totp(user)
    log_in_with_password(client, user)

    response = client.post(CODE, {"token": wrong_code_for(device), "next": LIBRARIES})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert client.get(LIBRARIES).status_code == 302


def test_code_with_letters_is_refused(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    add_totp(user)
    log_in_with_password(client, user)

    response = client.post(CODE, {"token": "12a456"})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]


def test_code_step_does_not_send_the_user_to_another_site(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    device = add_totp(user)
    log_in_with_password(client, user)

    response = client.post(CODE, {"token": code_for(device), "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == HOME


def test_api_with_a_session_waits_for_the_code_too(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    add_totp(user)
    log_in_with_password(client, user)

    response = client.get("/api/v1/branches/")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_health_check_and_logout_are_reachable_before_the_code(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    add_totp(user)
    log_in_with_password(client, user)

    assert client.get("/health/").status_code == 200
    client.post(reverse("accounts:logout"))
    assert not is_logged_in(client)


def test_the_public_site_stays_open_to_a_coordinator_before_the_code(client: Client) -> None:
    coordinator = make_user(role=Role.COORDINATOR)
    add_totp(coordinator)
    log_in_with_password(client, coordinator)

    assert client.get("/hulp/").status_code == 200
    assert client.get("/api/v1/public/locations/", {"near": "Rotterdam"}).status_code == 200
    assert client.get(LIBRARIES).status_code == 302  # staff pages still wait for the code


def test_administration_pages_need_the_code_as_well(client: Client) -> None:
    admin = make_user(Role.ADMIN)
    device = add_totp(admin)
    log_in_with_password(client, admin)

    assert client.get("/beheer/")["Location"].startswith(CODE)
    client.post(CODE, {"token": code_for(device)})
    assert client.get("/beheer/").status_code == 200


# --- linking an authenticator app -----------------------------------------------------------


def test_coordinator_without_an_app_is_asked_to_link_one(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    log_in_with_password(client, user)

    to_code = client.get(LIBRARIES)
    to_setup = client.get(to_code["Location"])
    setup_page = client.get(to_setup["Location"])

    assert to_setup.status_code == 302
    assert to_setup["Location"].startswith(SETUP)
    assert setup_page.status_code == 200
    assert b"<svg" in setup_page.content  # the QR code
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed


def test_linking_the_app_with_a_correct_code_logs_in_and_keeps_the_app(client: Client) -> None:
    user = make_user(Role.PROGRAMME_OFFICE)
    log_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(f"{SETUP}?next={LIBRARIES}", {"token": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == LIBRARIES
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(LIBRARIES).status_code == 200


def test_linking_the_app_with_a_wrong_code_is_refused_and_can_be_tried_again(
    client: Client,
) -> None:
    user = make_user(Role.COORDINATOR)
    log_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    refused = client.post(SETUP, {"token": wrong_code_for(device)})
    shown_again = client.get(SETUP)
    accepted = client.post(SETUP, {"token": code_for(device)})

    assert refused.status_code == 200
    assert refused.context["form"].errors["token"]
    assert TOTPDevice.objects.filter(user=user).count() == 1  # the same key is shown again
    assert shown_again.status_code == 200
    assert accepted.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed


def test_setup_page_is_skipped_once_an_app_is_linked(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    add_totp(user)
    log_in_with_password(client, user)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --- lock-out -------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    client: Client,
) -> None:
    user = make_user(Role.DESK_WORKER)
    for _ in range(5):
        log_in_with_password(client, user, "wrong-password")

    response = log_in_with_password(client, user)

    assert response.status_code == 429
    assert not is_logged_in(client)
    assert "accounts/locked_out.html" in [t.name for t in response.templates]


def test_four_wrong_passwords_do_not_lock_the_account(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)
    for _ in range(4):
        log_in_with_password(client, user, "wrong-password")

    response = log_in_with_password(client, user)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_locked_account_does_not_lock_out_a_colleague(client: Client) -> None:
    user = make_user(Role.DESK_WORKER)
    colleague = make_user(Role.DESK_WORKER, branch=user.branch)
    for _ in range(5):
        log_in_with_password(client, user, "wrong-password")

    log_in_with_password(client, colleague)

    assert is_logged_in(client)


def test_a_link_with_several_filters_survives_the_code_step(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    device = add_totp(user)
    log_in_with_password(client, user)
    asked_for = f"{reverse('network:branch_list')}?province=NL-ZH&wave=2020&q=a+b"

    code_page = client.get(client.get(asked_for)["Location"])
    response = client.post(CODE, {"token": code_for(device), "next": code_page.context["next"]})

    assert response["Location"] == asked_for


def test_a_link_with_several_filters_survives_linking_the_app(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    log_in_with_password(client, user)
    asked_for = f"{reverse('network:branch_list')}?province=NL-ZH&wave=2020"

    to_code = client.get(asked_for)
    to_setup = client.get(to_code["Location"])
    setup_page = client.get(to_setup["Location"])
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": code_for(device), "next": setup_page.context["next"]})

    assert response["Location"] == asked_for


def test_after_wrong_codes_the_message_says_to_wait_and_the_wrong_code_is_not_shown_again(
    client: Client,
) -> None:
    user = make_user(Role.COORDINATOR)
    device = add_totp(user)
    log_in_with_password(client, user)
    wrong = wrong_code_for(device)
    client.post(CODE, {"token": wrong})

    # django-otp now refuses even the right code for a moment: the user is told to wait.
    response = client.post(CODE, {"token": code_for(device)})

    message = " ".join(response.context["form"].errors["token"])
    assert "seconden" in message or "seconds" in message
    assert f'value="{wrong}"' not in response.content.decode()
    assert not client.session.get("otp_device_id")
