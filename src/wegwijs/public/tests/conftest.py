"""Public-site tests: a small network, an empty cache (rate-limit counters) and no network."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from wegwijs.geo import geocoding
from wegwijs.public.tests.data import PublicNetwork, build


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("public tests never use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    cache.clear()
    geocoding.reset()
    yield
    cache.clear()
    geocoding.reset()


@pytest.fixture
def public(db: None) -> PublicNetwork:
    return build()
