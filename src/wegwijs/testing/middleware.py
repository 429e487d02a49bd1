"""Middleware for the test suite only (``wegwijs.conf.test``).

The browser tests run the site in a live-server thread. On SQLite the test database lives in
memory, and the server's threads share the test's one connection with it: two requests at
the same time (htmx search-as-you-type, a click while a search is still answering) would use
that connection at once, which SQLite refuses ("bad parameter or other API misuse"). Here
requests take turns while the connection is shared; on PostgreSQL, or with a file database,
every thread has its own connection and nothing waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponseBase

_TURN = threading.Lock()
#: A request that never gives its turn back (a client gone mid-answer) must not stop the
#: rest of the run: after this many seconds the next request goes ahead.
WAIT_SECONDS = 30


def _shared_in_memory_sqlite() -> bool:
    """Whether this request runs in a live-server thread on the shared in-memory connection.

    The test client answers in the test's own (main) thread, one request at a time, and may
    leave a streamed answer unread: it never takes a turn."""
    if threading.current_thread() is threading.main_thread():
        return False
    return connection.vendor == "sqlite" and bool(connection.is_in_memory_db())


def one_request_at_a_time(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        if not _shared_in_memory_sqlite():
            return get_response(request)
        has_turn = _TURN.acquire(timeout=WAIT_SECONDS)

        def give_back() -> None:
            if has_turn:
                _TURN.release()

        try:
            response = get_response(request)
        except BaseException:
            give_back()
            raise
        # The turn ends when the server closes the response, after a streamed body (an
        # export) has been read from the database to the end.
        response._resource_closers.append(give_back)
        return response

    return middleware
