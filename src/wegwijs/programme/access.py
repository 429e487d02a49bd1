"""Who may use the programme office's pages, and at which level.

| role              | sees                            | keeps (typical)                                  |
|-------------------|---------------------------------|--------------------------------------------------|
| programme office  | every library, POI, application | waves, schemes, assessments, news and materials  |
| administrator     | as the programme office         | as the programme office                          |
| POI consultant    | libraries in its provinces      | support trajectories, collective applications    |
| coordinator       | its own library organisation    | own checklist, application, partners, training   |
| others            | nothing here                    | nothing                                          |

Every area asks this module (and :mod:`wegwijs.accounts.scoping`), never the role directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from wegwijs.accounts import scoping
from wegwijs.network.models import Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wegwijs.accounts.models import User

    AnyUser = User | AnonymousUser | None

_LEVELS = (scoping.Level.NATIONAL, scoping.Level.PROVINCES, scoping.Level.ORGANISATION)


def level(user: AnyUser) -> scoping.Level:
    """The user's level here: national, provinces (POI), organisation (coordinator) or none."""
    scope = scoping.scope_for(user)
    return scope.level if scope.level in _LEVELS else scoping.Level.NONE


def can_use(user: AnyUser) -> bool:
    """May the user open the programme pages at all?"""
    return level(user) != scoping.Level.NONE


def is_programme_office(user: AnyUser) -> bool:
    """Programme office and administrators: the national level, which keeps everything."""
    return level(user) == scoping.Level.NATIONAL


def is_poi(user: AnyUser) -> bool:
    return level(user) == scoping.Level.PROVINCES


def is_coordinator(user: AnyUser) -> bool:
    return level(user) == scoping.Level.ORGANISATION


def libraries(user: AnyUser) -> QuerySet[Organisation]:
    """Library organisations the user may see here (all; its provinces'; its own)."""
    if not can_use(user):
        return Organisation.objects.none()
    return scoping.visible_libraries(user)


def poi_of(user: AnyUser) -> Organisation | None:
    """The POI a POI consultant works for (None for every other role)."""
    if not is_poi(user):
        return None
    return Organisation.objects.get(pk=scoping.scope_for(user).org_id)


def require(user: AnyUser) -> None:
    """Raise 403 unless the user may use the programme pages."""
    if not can_use(user):
        raise PermissionDenied


def require_programme_office(user: AnyUser) -> None:
    if not is_programme_office(user):
        raise PermissionDenied


def own_library(user: AnyUser) -> Organisation:
    """A coordinator's own library organisation (where the areas' start pages send it); 403
    when it has none."""
    library = libraries(user).first()
    if library is None:
        raise PermissionDenied
    return library


def library_or_403(user: AnyUser, slug: str) -> Organisation:
    """The library organisation ``slug`` if the user may see it, else 403 (never 404, so a
    slug's existence does not leak beyond what a plain 404 for unknown slugs tells)."""
    from django.http import Http404

    library = libraries(user).filter(slug=slug).first()
    if library is None:
        if Organisation.objects.libraries().filter(slug=slug).exists():
            raise PermissionDenied
        raise Http404
    return library
