"""Who may see and keep what in the training area (on top of
:mod:`wegwijs.programme.access`).

| role             | names of trained people             | keeps people and dates | sessions                                   |
|------------------|-------------------------------------|------------------------|--------------------------------------------|
| coordinator      | its own library's                   | its own library's      | sees its library's, its POI's and national ones; creates its library's; marks its own people |
| POI consultant   | its provinces' libraries' (reading) | –                      | sees its own, its libraries' and national ones; creates its POI's; marks people of its provinces at its own sessions |
| programme office | none: counts only                   | the trainings and the threshold | sees all (counts only); creates national ones |

Names are personal data with one purpose (training records): the programme office, which
needs no names for its work, sees figures only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from wegwijs.accounts import scoping
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.programme import access
from wegwijs.programme.training.models import TrainingPerson, TrainingSession

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser


def _org_id(user: AnyUser) -> int | None:
    return scoping.scope_for(user).organisation_id


def may_see_names(user: AnyUser, library: Organisation) -> bool:
    if access.is_coordinator(user):
        return library.pk == _org_id(user)
    if access.is_poi(user):
        return (
            library.province is not None
            and library.province.code in scoping.scope_for(user).province_codes
        )
    return False


def may_keep_people(user: AnyUser, library: Organisation) -> bool:
    return access.is_coordinator(user) and library.pk == _org_id(user)


def named_libraries(user: AnyUser) -> QuerySet[Organisation]:
    """Libraries whose people the user may see by name."""
    if access.is_coordinator(user) or access.is_poi(user):
        return access.libraries(user)
    return Organisation.objects.none()


def visible_people(user: AnyUser) -> QuerySet[TrainingPerson]:
    return TrainingPerson.objects.filter(library__in=named_libraries(user))


def visible_sessions(user: AnyUser) -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.all()
    national = Q(organiser__kind=OrganisationKind.PROGRAMME)
    if access.is_programme_office(user):
        return qs
    if access.is_poi(user):
        return qs.filter(
            national | Q(organiser_id=_org_id(user)) | Q(organiser__in=access.libraries(user))
        )
    if access.is_coordinator(user):
        own = access.libraries(user).first()
        mine = national | Q(organiser_id=_org_id(user))
        if own is not None and own.poi_id is not None:
            mine |= Q(organiser_id=own.poi_id)
        return qs.filter(mine)
    return qs.none()


def session_organisers(user: AnyUser) -> QuerySet[Organisation]:
    """Who the user may create sessions for: its own library, its own POI, or (programme
    office) the programme office."""
    if access.is_programme_office(user):
        return Organisation.objects.filter(kind=OrganisationKind.PROGRAMME)
    org_id = _org_id(user)
    if org_id is not None and (access.is_poi(user) or access.is_coordinator(user)):
        return Organisation.objects.filter(pk=org_id)
    return Organisation.objects.none()


def can_create_session(user: AnyUser) -> bool:
    return access.can_use(user)


def can_edit_session(user: AnyUser, session: TrainingSession) -> bool:
    if access.is_programme_office(user):
        return session.organiser.kind == OrganisationKind.PROGRAMME
    return session.organiser_id == _org_id(user) and (
        access.is_poi(user) or access.is_coordinator(user)
    )


def attendable_people(user: AnyUser, session: TrainingSession) -> QuerySet[TrainingPerson]:
    """The active people whose attendance the user may mark at this session: a coordinator
    its own library's; a POI consultant those of its provinces at its own sessions."""
    people = TrainingPerson.objects.filter(left_on__isnull=True).select_related("user")
    if access.is_coordinator(user):
        return people.filter(library_id=_org_id(user))
    if access.is_poi(user) and session.organiser_id == _org_id(user):
        return people.filter(library__in=access.libraries(user))
    return people.none()
