"""Fixtures of the knowledge-base tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wegwijs.search import services as search


@pytest.fixture(autouse=True)
def _fresh_search_index() -> Iterator[None]:
    """Each test's database starts empty; so does this process's search index."""
    search.reset()
    yield
    search.reset()
