"""Template context for every page: the navigation for the user's role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts import scoping


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


def navigation(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items: list[tuple[str | Promise, str]] = [(_("Home"), reverse("core:home"))]
    if scoping.branches_for_registration(user).exists():
        items.append((_("Desk"), reverse("desk:register")))
    from wegwijs.referrals.selectors import can_make_referrals, is_partner_user

    if can_make_referrals(user) or is_partner_user(user) or scoping.is_national(user):
        items.append((_("Referrals"), reverse("referrals:list")))
    items.append((_("Knowledge base"), reverse("knowledge:list")))
    items.append((_("Social map"), reverse("socialmap:list")))
    from wegwijs.monitor.views import has_figures

    if has_figures(user):
        items.append((_("Monitor"), reverse("monitor:dashboard")))
    from wegwijs.programme import access as programme_access

    if programme_access.can_use(user):
        items.append((_("Programme"), reverse("programme:index")))
    else:  # the programme's news and campaign materials are for everyone who logs in
        items.append((_("News"), reverse("programme:contact:news_list")))
    level = scoping.directory_scope_for(user).level
    if level in (scoping.Level.NATIONAL, scoping.Level.PROVINCES, scoping.Level.ORGANISATION):
        items.append((_("Libraries"), reverse("network:library_list")))
        items.append((_("Branches"), reverse("network:branch_list")))
    items.append((_("API"), reverse("api:docs")))
    if user.is_staff:
        items.append((_("Management"), reverse("admin:index")))
    path = request.path
    home = reverse("core:home")
    return [
        NavItem(label, url, path == url if url == home else path.startswith(url))
        for label, url in items
    ]


def wegwijs(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_items": navigation(request),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
