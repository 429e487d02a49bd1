"""Who sees what in the contact area (reads only; the rules for writing are in services).

| who                         | "Meer weten?" requests              | experts      | news                      | materials            |
|-----------------------------|-------------------------------------|--------------|---------------------------|----------------------|
| the POI's experts           | open requests of the POI, in full   | own POI      | read; write for own POI   | read, download       |
| other consultants of a POI  | counts of the POI (when it has experts) | own POI  | read; write for own POI   | read, download       |
| programme office, admin     | counts only, every POI              | every POI    | read and write everything | read, add, change    |
| everyone else logged in     | nothing                             | nothing      | read, by audience         | read, download       |

A POI without experts sends requests to all its POI consultants (the fallback), so someone
always sees them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.programme import access
from wegwijs.programme.contact.models import (
    Audience,
    ContactExpert,
    ContactRequest,
    NewsItem,
    NewsStatus,
    RequestStatus,
)

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser

LIBRARY_ROLES = (Role.DESK_WORKER, Role.COORDINATOR)


# -- experts and requests -------------------------------------------------------------------
def consultants(poi: Organisation) -> QuerySet[User]:
    """The POI's active POI consultants."""
    return User.objects.filter(organisation=poi, role=Role.POI_CONSULTANT, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


def experts(poi: Organisation) -> QuerySet[User]:
    """The experts named for the POI (active consultants of that POI only)."""
    return consultants(poi).filter(contact_expert_of__poi=poi)


def handlers(poi: Organisation) -> QuerySet[User]:
    """Who receives the POI's requests: its experts, or all its consultants when it names
    none."""
    named = experts(poi)
    return named if named.exists() else consultants(poi)


def is_handler(user: AnyUser, poi: Organisation) -> bool:
    if user is None or not user.is_authenticated or not access.is_poi(user):
        return False
    return handlers(poi).filter(pk=user.pk).exists()


def handled_poi(user: AnyUser) -> Organisation | None:
    """The POI whose requests this user handles (None: the user handles none)."""
    poi = access.poi_of(user)
    if poi is None or not is_handler(user, poi):
        return None
    return poi


def open_requests(user: AnyUser) -> QuerySet[ContactRequest]:
    """The open requests the user may open: those of the POI it handles."""
    poi = handled_poi(user)
    if poi is None:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(poi=poi, status=RequestStatus.OPEN)


def count_pois(user: AnyUser) -> QuerySet[Organisation]:
    """The POIs whose request counts the user may see: every POI for the programme office,
    its own for a POI consultant, none for others."""
    if access.is_programme_office(user):
        return Organisation.objects.pois()
    poi = access.poi_of(user)
    if poi is not None:
        return Organisation.objects.filter(pk=poi.pk)
    return Organisation.objects.none()


def expert_pois(user: AnyUser) -> QuerySet[Organisation]:
    """The POIs whose experts the user may name: every POI (programme office), its own."""
    return count_pois(user)


def expert_rows(poi: Organisation) -> QuerySet[ContactExpert]:
    return ContactExpert.objects.filter(poi=poi).select_related("user", "added_by")


# -- news -----------------------------------------------------------------------------------
def _audiences(user: Any) -> list[str]:
    if access.is_programme_office(user):
        return [a.value for a in Audience]
    if user.role in LIBRARY_ROLES:
        return [Audience.ALL, Audience.LIBRARIES]
    if user.role == Role.POI_CONSULTANT:
        return [Audience.ALL, Audience.POIS]
    return [Audience.ALL]


def _poi_items_q(user: Any) -> Q:
    """Which POIs' own news the user reads: the POI it works for, or the POI(s) serving its
    library's province."""
    org = user.organisation
    if org is None:
        return Q(pk__in=[])
    if org.kind == OrganisationKind.POI:
        return Q(poi=org)
    if org.kind == OrganisationKind.LIBRARY and org.province_id:
        return Q(poi__provinces=org.province_id)
    return Q(pk__in=[])


def visible_news(user: AnyUser) -> QuerySet[NewsItem]:
    """Published news the user may read, newest first (drafts and future dates left out)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NewsItem.objects.none()
    qs = NewsItem.objects.filter(status=NewsStatus.PUBLISHED, publish_on__lte=timezone.localdate())
    if access.is_programme_office(user):
        return qs
    qs = qs.filter(audience__in=_audiences(user))
    return qs.filter(Q(poi__isnull=True) | _poi_items_q(user)).distinct()


def latest_news(user: AnyUser, limit: int = 3) -> list[NewsItem]:
    """The newest items for a start page."""
    return list(visible_news(user).order_by("-publish_on", "-pk")[:limit])


def can_write_news(user: AnyUser) -> bool:
    return access.is_programme_office(user) or access.is_poi(user)


def editable_news(user: AnyUser) -> QuerySet[NewsItem]:
    """The items (drafts included) the user may change: all (programme office), its POI's."""
    if access.is_programme_office(user):
        return NewsItem.objects.all()
    poi = access.poi_of(user)
    if poi is not None:
        return NewsItem.objects.filter(poi=poi)
    return NewsItem.objects.none()


# -- materials ------------------------------------------------------------------------------
def can_see_materials(user: AnyUser) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_manage_materials(user: AnyUser) -> bool:
    return access.is_programme_office(user)


# -- the area's own navigation ----------------------------------------------------------------
def area_nav(user: AnyUser, current: str) -> list[dict[str, Any]]:
    """The links of the area's sub-navigation that this user may follow."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    items: list[tuple[str, str, str]] = []
    if access.can_use(user):
        items.append(("index", _("Overview"), "programme:contact:index"))
    items.append(("news", _("News"), "programme:contact:news_list"))
    items.append(("materials", _("Materials"), "programme:contact:material_list"))
    if access.is_poi(user) or access.is_programme_office(user):
        label = _("Request counts") if access.is_programme_office(user) else _("Requests")
        items.append(("requests", label, "programme:contact:request_list"))
        items.append(("experts", _("Experts"), "programme:contact:experts"))
    return [
        {"key": key, "label": label, "url": reverse(name), "current": key == current}
        for key, label, name in items
    ]
