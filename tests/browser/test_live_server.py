"""The live server the browser tests use answers requests that arrive at the same time.

A browser sends them all the time (htmx search-as-you-type, a click while a search is
still answering). On SQLite the server's threads share one in-memory connection; they must
take turns instead of failing with "Er ging iets mis".
"""

from __future__ import annotations

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def test_requests_at_the_same_time_all_get_their_page(live_server: Any, demo: None) -> None:
    from wegwijs.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="medewerker"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    pages = ["/kennisbank/?q=digid", "/kennisbank/?q=ww+aanvragen", "/balie/", "/"]

    def fetch(n: int) -> int:
        # Signed-in pages: each reads the session, the user and the page's own rows.
        url = f"{live_server.url}{pages[n % len(pages)]}"  # always http://localhost
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
        with urllib.request.urlopen(request) as answer:  # noqa: S310
            return int(answer.status)

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(fetch, range(120)))
    assert statuses == [200] * 120
