"""Spam protection of the public "Meer weten?" form, without third parties:

* a honeypot field that people never see (``hidden``) and simple robots fill in;
* a signed time stamp in the form: a submit within :data:`MIN_SECONDS` of loading the page is
  a robot's speed, one after :data:`MAX_AGE` seconds (or without a valid stamp) is asked to
  send again;
* a rate limit per client address (:data:`RATE` sends), counted in Django's default cache
  (shared by every app process with ``CACHE_BACKEND=database``) by the same throttle class
  and the same client address rule (``NUM_PROXIES``) as the public API.
"""

from __future__ import annotations

import time
from typing import Any

from django.core import signing
from django.http import HttpRequest
from rest_framework.throttling import SimpleRateThrottle

MIN_SECONDS = 3
MAX_AGE = 2 * 60 * 60
RATE = "10/hour"
_SALT = "wegwijs.programme.contact.form-started"

#: Outcomes of :func:`check_started`.
OK, TOO_FAST, EXPIRED = "ok", "too_fast", "expired"


def started_token(now: float | None = None) -> str:
    """The signed moment the form was shown."""
    return signing.dumps({"t": round(now if now is not None else time.time(), 3)}, salt=_SALT)


def check_started(token: str, now: float | None = None) -> str:
    """OK, TOO_FAST, or EXPIRED (also for a missing or tampered stamp)."""
    now = now if now is not None else time.time()
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=MAX_AGE)
        started = float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return EXPIRED
    elapsed = now - started
    if elapsed < 0 or elapsed > MAX_AGE:
        return EXPIRED
    return TOO_FAST if elapsed < MIN_SECONDS else OK


class ContactRateThrottle(SimpleRateThrottle):
    """:data:`RATE` form submits per client address, logged in or not."""

    scope = "programme-contact"

    def get_rate(self) -> str:
        return RATE

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def allow_submit(request: HttpRequest) -> bool:
    """Count this submit for the client address; False when it is over the limit."""
    return ContactRateThrottle().allow_request(request, None)  # type: ignore[arg-type]
