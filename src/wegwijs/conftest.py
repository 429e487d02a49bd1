"""Shared pytest fixtures for every app's tests."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _expected_database(django_db_setup: None, django_db_blocker: object) -> None:
    """scripts/test-all says which database a run must use; a silent fallback fails the run."""
    expected = os.environ.get("WEGWIJS_EXPECT_DB")
    if expected and connection.vendor != expected:
        pytest.fail(f"This run must use {expected}, but the database is {connection.vendor}.")


@pytest.fixture(autouse=True)
def _reset_language() -> None:
    from django.utils import translation

    translation.activate("nl")
