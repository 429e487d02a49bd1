"""Who may see and keep what in the support area (on top of :mod:`wegwijs.programme.access`).

| role             | trajectories                              | catalogue                   | Soob meetings                                      |
|------------------|-------------------------------------------|-----------------------------|----------------------------------------------------|
| programme office | all; keeps all                            | adds types, sets every offer | all; creates and edits all                         |
| POI consultant   | its provinces' libraries; keeps them      | sets the offer in its provinces | of its provinces (or organised by its POI); creates and edits them |
| coordinator      | its own library, read-only                | reads                       | meetings its library takes part in; downloads materials |

Coordinators read their trajectory but do not write in it: the trajectory is the POI's record
of its work, with one owner, and the coordinator's side of the story belongs in the
conversation with the consultant, not in a second set of notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from wegwijs.accounts import scoping
from wegwijs.network.models import Organisation, Province
from wegwijs.programme import access
from wegwijs.programme.support.models import SoobMeeting

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser


def province_codes(user: AnyUser) -> frozenset[str]:
    """The provinces of a POI consultant (empty for every other role)."""
    if not access.is_poi(user):
        return frozenset()
    return scoping.scope_for(user).province_codes


def can_keep_trajectory(user: AnyUser, library: Organisation) -> bool:
    """The programme office keeps every trajectory, a POI consultant those of its provinces'
    libraries; coordinators read their own."""
    if access.is_programme_office(user):
        return True
    if access.is_poi(user):
        return library.province is not None and library.province.code in province_codes(user)
    return False


def can_configure_catalogue(user: AnyUser) -> bool:
    return access.is_programme_office(user) or access.is_poi(user)


def configurable_provinces(user: AnyUser) -> QuerySet[Province]:
    """Provinces whose offer the user may set: all (programme office) or its own (POI)."""
    if access.is_programme_office(user):
        return Province.objects.all()
    if access.is_poi(user):
        return Province.objects.filter(code__in=province_codes(user))
    return Province.objects.none()


def visible_meetings(user: AnyUser) -> QuerySet[SoobMeeting]:
    qs = SoobMeeting.objects.all()
    if access.is_programme_office(user):
        return qs
    if access.is_poi(user):
        poi = scoping.scope_for(user).org_id
        return qs.filter(
            Q(provinces__code__in=province_codes(user)) | Q(organiser_id=poi)
        ).distinct()
    if access.is_coordinator(user):
        return qs.filter(participations__library_id=scoping.scope_for(user).org_id).distinct()
    return qs.none()


def can_create_meeting(user: AnyUser) -> bool:
    return access.is_programme_office(user) or access.is_poi(user)


def can_edit_meeting(user: AnyUser, meeting: SoobMeeting) -> bool:
    """The programme office, and POI consultants of the meeting's provinces (or of its
    organiser)."""
    if access.is_programme_office(user):
        return True
    if not access.is_poi(user):
        return False
    if meeting.organiser_id == scoping.scope_for(user).org_id:
        return True
    codes = province_codes(user)
    return any(p.code in codes for p in meeting.provinces.all())


def organisers(user: AnyUser) -> QuerySet[Organisation]:
    """POIs the user may name as organiser: its own POI, or any POI for the programme office."""
    if access.is_programme_office(user):
        return Organisation.objects.pois()
    if access.is_poi(user):
        return Organisation.objects.pois().filter(pk=scoping.scope_for(user).org_id)
    return Organisation.objects.none()
