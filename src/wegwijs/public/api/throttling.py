"""Rate limits of the public API: per client address, counted in the default cache (shared by
every app process when ``CACHE_BACKEND=database``)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """``PUBLIC_API_RATE`` requests per client address (e.g. 60/minute); read at each request,
    so a changed setting (or a test's override) takes effect at once."""

    scope = "public"

    def get_rate(self) -> str:
        return str(settings.PUBLIC_API_RATE)
