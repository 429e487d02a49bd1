"""Token authentication with a short per-process cache, for registering visits.

Registering is the API's busiest write (every desk, all day): the token lookup (one query for
the token, its user and the user's organisation) was about a fifth of a registration's CPU.
``POST /api/v1/visits/`` keeps a successful lookup for ``API_TOKEN_CACHE_SECONDS`` (default
5 s) in the process that made it, together with the branches the user was found allowed to
register at (``desk.services`` reads them from the user object). So a deleted token, a
deactivated user or a changed role or library stops counting for registrations within those
seconds: at once in the process where the change was saved (signals below), within the
time in the other app processes. Failed lookups are never kept. 0 switches the cache off.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from rest_framework.authtoken.models import Token

from wegwijs.api.authentication import BearerTokenAuthentication

DEFAULT_SECONDS = 5.0
MAX_ENTRIES = 2048
#: the attribute on a cached user object where ``desk.services`` keeps the branches checked
BRANCHES_ATTRIBUTE = "_registration_branches"

# token key -> (valid until, on the monotonic clock; user; token)
_cache: dict[str, tuple[float, Any, Any]] = {}


def cache_seconds() -> float:
    return float(getattr(settings, "API_TOKEN_CACHE_SECONDS", DEFAULT_SECONDS))


class CachedTokenAuthentication(BearerTokenAuthentication):
    """``BearerTokenAuthentication`` whose successful lookups are kept a few seconds."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        seconds = cache_seconds()
        now = time.monotonic()
        entry = _cache.get(key)
        if entry is not None and entry[0] > now and seconds > 0:
            return entry[1], entry[2]
        user, token = super().authenticate_credentials(key)  # raises when not valid
        if seconds > 0:
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            setattr(user, BRANCHES_ATTRIBUTE, {})
            _cache[key] = (now + seconds, user, token)
        return user, token


def forget(*, key: str | None = None, user_id: Any = None) -> None:
    """Drop cached lookups of a token, or of every token of a user (this process only)."""
    if key is not None:
        _cache.pop(key, None)
    if user_id is not None:
        for cached_key, (_until, user, _token) in list(_cache.items()):
            if user.pk == user_id:
                _cache.pop(cached_key, None)


def _token_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget(key=instance.key)


def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget(user_id=instance.pk)


post_delete.connect(_token_deleted, sender=Token, dispatch_uid="desk_api_token_deleted")
post_save.connect(_user_changed, sender=get_user_model(), dispatch_uid="desk_api_user_saved")
post_delete.connect(_user_changed, sender=get_user_model(), dispatch_uid="desk_api_user_deleted")
