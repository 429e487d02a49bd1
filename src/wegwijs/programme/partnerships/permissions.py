"""Who may see and change a library's partnership tools.

| role              | sees                          | changes                                   |
|-------------------|-------------------------------|-------------------------------------------|
| coordinator       | its own library               | its own library's tools                   |
| POI consultant    | libraries in its provinces    | the same (it advises)                     |
| programme office  | every library (read-only)     | the national set of criteria              |
| administrator     | as the programme office       | as the programme office                   |
| others            | nothing (403)                 | nothing                                   |

Built on :mod:`wegwijs.programme.access`; nothing here looks at roles itself.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from wegwijs.network.models import Organisation
from wegwijs.programme import access


def can_view(user: Any, library: Organisation) -> bool:
    return access.libraries(user).filter(pk=library.pk).exists()


def can_edit(user: Any, library: Organisation) -> bool:
    """Coordinators their own library, POI consultants their provinces' libraries."""
    if not (access.is_coordinator(user) or access.is_poi(user)):
        return False
    return can_view(user, library)


def can_keep_national(user: Any) -> bool:
    """The national set of criteria is the programme office's."""
    return access.is_programme_office(user)


def library(user: Any, slug: str, *, edit: bool = False) -> Organisation:
    """The library ``slug`` if the user may see it (and change it, with ``edit``); 403 for a
    library out of reach or a read-only user, 404 for an unknown slug."""
    access.require(user)
    found = access.library_or_403(user, slug)
    if edit and not can_edit(user, found):
        raise PermissionDenied
    return found
