"""Every search test starts with a process that has not built its index yet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wegwijs.search import services


@pytest.fixture(autouse=True)
def _fresh_search_index() -> Iterator[None]:
    services.reset()
    yield
    services.reset()
