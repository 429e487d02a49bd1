"""The one place that decides what a user may see and change.

Every view and API endpoint asks this module, never the role directly. A :class:`Scope`
says at which level a user works; :func:`scope_q` turns it into a filter for any model,
given the lookup paths from that model to a branch, a library organisation and a province.

| role              | records (visits, ...)      | network directory            | edit network        |
|-------------------|----------------------------|------------------------------|---------------------|
| desk worker       | own branch                 | own library organisation     | no                  |
| coordinator       | own library organisation   | own library organisation     | own branches        |
| POI consultant    | libraries in its provinces | libraries in its provinces   | no                  |
| programme office  | national                   | national                     | everything          |
| administrator     | national                   | national                     | everything          |
| agency analyst    | aggregated, own org code   | own organisation only        | no                  |
| partner editor    | own organisation's entries | own organisation only        | no                  |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from wegwijs.accounts.models import Role
from wegwijs.network.models import Branch, Organisation, OrganisationKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wegwijs.accounts.models import User


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCES = "provinces"
    ORGANISATION = "organisation"
    BRANCH = "branch"
    OWN = "own"  # only the user's own organisation, no library data (agencies, partners)
    NONE = "none"


@dataclass(frozen=True)
class Scope:
    level: Level
    organisation_id: int | None = None
    branch_id: int | None = None
    province_codes: frozenset[str] = field(default_factory=frozenset)
    agency_code: str = ""

    @property
    def org_id(self) -> int:
        """The organisation id; only for levels that have one."""
        if self.organisation_id is None:
            raise ValueError(f"scope level {self.level} has no organisation")
        return self.organisation_id

    @property
    def is_national(self) -> bool:
        return self.level == Level.NATIONAL


NO_SCOPE = Scope(Level.NONE)


_CACHE_ATTR = "_wegwijs_scope"


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """The scope of a user's records (visits, questions, referrals...).

    A page asks this several times (navigation, the view, its querysets); the answer is kept
    on the user object for as long as the fields it depends on stay the same, so a POI
    consultant's provinces are read once per request, not once per question.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    key = (user.role, user.is_superuser, user.organisation_id, user.branch_id)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    scope = _compute_scope(user)
    setattr(user, _CACHE_ATTR, (key, scope))
    return scope


def _compute_scope(user: User) -> Scope:
    if user.is_superuser or user.role in (Role.ADMIN, Role.PROGRAMME_OFFICE):
        return Scope(Level.NATIONAL, organisation_id=user.organisation_id)
    org = user.organisation
    if org is None:
        return NO_SCOPE
    if user.role == Role.POI_CONSULTANT and org.kind == OrganisationKind.POI:
        codes = frozenset(org.provinces.values_list("code", flat=True))
        return Scope(Level.PROVINCES, organisation_id=org.pk, province_codes=codes)
    if user.role == Role.COORDINATOR and org.kind == OrganisationKind.LIBRARY:
        return Scope(Level.ORGANISATION, organisation_id=org.pk)
    if user.role == Role.DESK_WORKER and org.kind == OrganisationKind.LIBRARY:
        if user.branch_id is None:
            return NO_SCOPE
        return Scope(Level.BRANCH, organisation_id=org.pk, branch_id=user.branch_id)
    if user.role == Role.AGENCY_ANALYST and org.kind == OrganisationKind.AGENCY:
        return Scope(Level.OWN, organisation_id=org.pk, agency_code=org.code)
    if user.role == Role.PARTNER_EDITOR and org.kind == OrganisationKind.PARTNER:
        return Scope(Level.OWN, organisation_id=org.pk)
    return NO_SCOPE


def directory_scope_for(user: User | AnonymousUser | None) -> Scope:
    """The scope of the network directory: desk workers see their whole library organisation."""
    return directory_scope(scope_for(user))


def directory_scope(scope: Scope) -> Scope:
    """The directory scope that goes with a records scope (see :func:`directory_scope_for`)."""
    if scope.level == Level.BRANCH:
        return Scope(Level.ORGANISATION, organisation_id=scope.organisation_id)
    return scope


def scope_q(
    scope: Scope,
    *,
    branch: str | None = None,
    organisation: str | None = None,
    province: str | None = None,
) -> Q:
    """A filter for records, given the lookup paths from the model to its branch, its library
    organisation and its province (e.g. ``branch="branch"``,
    ``organisation="branch__organisation"``, ``province="branch__organisation__province"``).

    A level whose path is not given matches nothing: records cannot leak through a missing path.
    Mind that the national level gives an empty ``Q()``: OR-ing it with another Q narrows the
    result to that other Q, so callers that widen a scope must handle the national level first.
    """
    nothing = Q(pk__in=[])
    if scope.level == Level.NATIONAL:
        return Q()
    if scope.level == Level.PROVINCES:
        return Q(**{f"{province}__code__in": scope.province_codes}) if province else nothing
    if scope.level == Level.ORGANISATION:
        return Q(**{f"{organisation}_id": scope.organisation_id}) if organisation else nothing
    if scope.level == Level.BRANCH:
        return Q(**{f"{branch}_id": scope.branch_id}) if branch else nothing
    return nothing


def restrict(qs: QuerySet[Any], scope: Scope, **paths: str) -> QuerySet[Any]:
    """``qs`` filtered by :func:`scope_q`."""
    return qs.filter(scope_q(scope, **paths))


def visible_organisations(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    """Organisations the user may see in the directory."""
    scope = directory_scope_for(user)
    qs = Organisation.objects.all()
    if scope.level == Level.NATIONAL:
        return qs
    if scope.level == Level.PROVINCES:
        return qs.filter(
            Q(kind=OrganisationKind.LIBRARY, province__code__in=scope.province_codes)
            | Q(pk=scope.org_id)
        ).distinct()
    if scope.level in (Level.ORGANISATION, Level.OWN):
        return qs.filter(pk=scope.org_id)
    return qs.none()


def visible_libraries(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    return visible_organisations(user).filter(kind=OrganisationKind.LIBRARY)


def visible_branches(user: User | AnonymousUser | None) -> QuerySet[Branch]:
    """Branches the user may see in the directory."""
    return directory_branches(directory_scope_for(user))


def directory_branches(scope: Scope) -> QuerySet[Branch]:
    """Branches in a directory scope: what :func:`visible_branches` gives its user."""
    if scope.level == Level.OWN:
        return Branch.objects.none()
    return restrict(
        Branch.objects.all(),
        scope,
        organisation="organisation",
        province="organisation__province",
    )


def can_edit_branch(user: User | AnonymousUser | None, branch: Branch) -> bool:
    """Coordinators edit their own branches; programme office and administrators edit all."""
    scope = scope_for(user)
    if scope.level == Level.NATIONAL:
        return True
    return (
        scope.level == Level.ORGANISATION
        and branch.organisation_id is not None
        and branch.organisation_id == scope.organisation_id
    )


def editable_branches(user: User | AnonymousUser | None) -> QuerySet[Branch]:
    scope = scope_for(user)
    if scope.level == Level.NATIONAL:
        return Branch.objects.all()
    if scope.level == Level.ORGANISATION:
        return Branch.objects.filter(organisation_id=scope.org_id)
    return Branch.objects.none()


def libraries_editable_by(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    """Library organisations whose branches the user may add and change."""
    scope = scope_for(user)
    libraries = Organisation.objects.libraries()
    if scope.level == Level.NATIONAL:
        return libraries
    if scope.level == Level.ORGANISATION:
        return libraries.filter(pk=scope.org_id)
    return libraries.none()


def is_national(user: User | AnonymousUser | None) -> bool:
    """Programme office, administrators: the national level, which may see and keep all."""
    return scope_for(user).level == Level.NATIONAL


def can_edit_network(user: User | AnonymousUser | None) -> bool:
    """May the user change organisations (national level only)?"""
    return is_national(user)


def branches_for_registration(user: User | AnonymousUser | None) -> QuerySet[Branch]:
    """Branches where the user may register visits: desk workers and coordinators at their own
    library's branches (volunteers work at more than one), the programme office and
    administrators anywhere; other roles register nothing."""
    scope = scope_for(user)
    if scope.level == Level.NATIONAL:
        return Branch.objects.all()
    if scope.level in (Level.ORGANISATION, Level.BRANCH):
        return Branch.objects.filter(organisation_id=scope.org_id)
    return Branch.objects.none()


def records_q(user: User | AnonymousUser | None, branch_path: str = "branch") -> Q:
    """:func:`scope_q` for records that hang from a branch (visits, questions via
    ``visit__branch``...): the filter of what the user may see, row by row."""
    return scope_q(
        scope_for(user),
        branch=branch_path,
        organisation=f"{branch_path}__organisation",
        province=f"{branch_path}__organisation__province",
    )
