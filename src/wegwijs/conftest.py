"""Shared pytest fixtures for every app's tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _expected_database(django_db_setup: None, django_db_blocker: object) -> None:
    """scripts/test-all says which database a run must use; a silent fallback fails the run."""
    from django.conf import settings

    if os.environ.get("CI") == "true" and settings.SETTINGS_MODULE != "wegwijs.conf.test":
        pytest.fail(f"Tests must run with wegwijs.conf.test, not {settings.SETTINGS_MODULE}.")
    expected = os.environ.get("WEGWIJS_EXPECT_DB")
    if expected and connection.vendor != expected:
        pytest.fail(f"This run must use {expected}, but the database is {connection.vendor}.")


@pytest.fixture(autouse=True)
def _reset_language() -> None:
    from django.utils import translation

    translation.activate("nl")


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Each test starts with no in-memory search index or triage model of an earlier test
    (their database rows were rolled back)."""
    from wegwijs.search import services as search
    from wegwijs.triage import services as triage

    search.reset()
    triage.reset()


@pytest.fixture
def log_in(client: Any) -> Callable[..., Any]:
    """Log a user in on the test client; users who need two-factor login also pass the code
    step (``verified=False`` leaves them at the password step)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wegwijs.testing.factories import add_totp

    def _log_in(user: Any, *, verified: bool = True) -> Any:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if verified and user.needs_two_factor:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_totp(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _log_in


@pytest.fixture
def network(db: None) -> Any:
    """Three provinces, two POIs (one serving two provinces), three libraries with branches,
    an agency, a local partner and the programme office (see wegwijs.testing.network)."""
    from wegwijs.testing.network import build_network

    return build_network()
