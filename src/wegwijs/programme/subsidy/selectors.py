"""Who sees which applications, who may do what with them, and the list's filters.

| role              | sees                                                   | may                     |
|-------------------|--------------------------------------------------------|-------------------------|
| programme office  | every application                                      | assess, grant, reject,  |
|                   |                                                        | record payment, settle  |
| POI consultant    | its POI's applications and those of libraries in its   | create, edit, submit,   |
|                   | provinces                                              | withdraw its POI's own  |
| coordinator       | its library's applications and the POI applications    | create, edit, submit,   |
|                   | that include its library                               | withdraw its library's  |

Only the applicant organisation's users (and the programme office) get the decision letter.
The levels come from :mod:`wegwijs.programme.access`; this module never looks at roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from wegwijs.accounts import scoping
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.programme import access
from wegwijs.programme.subsidy.models import (
    DECIDED_STATES,
    SubsidyApplication,
    SubsidyApplicationLine,
    SubsidyLineAmount,
    SubsidyScheme,
    SubsidyState,
)

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser


# -- who ----------------------------------------------------------------------------------
def applicant_for(user: AnyUser) -> Organisation | None:
    """The organisation a user applies for: a coordinator's library, a POI consultant's POI;
    None for every other role (the programme office does not apply)."""
    if access.is_coordinator(user) or access.is_poi(user):
        org_id = scoping.scope_for(user).org_id
        return Organisation.objects.filter(pk=org_id).first()
    return None


def eligible_libraries(applicant: Organisation) -> QuerySet[Organisation]:
    """The libraries an applicant may apply for: a library itself; a POI the libraries of its
    provinces."""
    libraries = Organisation.objects.libraries()
    if applicant.kind == OrganisationKind.LIBRARY:
        return libraries.filter(pk=applicant.pk)
    if applicant.kind == OrganisationKind.POI:
        return libraries.filter(province__in=applicant.provinces.all()).order_by("name")
    return libraries.none()


def is_applicant_user(user: AnyUser, application: SubsidyApplication) -> bool:
    """Does the user work for the applicant (coordinator of the library, consultant of the
    POI)?"""
    if not (access.is_coordinator(user) or access.is_poi(user)):
        return False
    return scoping.scope_for(user).organisation_id == application.applicant_id


#: Actions on an application: who (the applicant's users or the programme office) and from
#: which state. Services check the same table before they change anything.
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "edit": ("applicant", (SubsidyState.DRAFT,)),
    "submit": ("applicant", (SubsidyState.DRAFT,)),
    "withdraw": ("applicant", (SubsidyState.DRAFT,)),
    "assess": ("office", (SubsidyState.SUBMITTED,)),
    "grant": ("office", (SubsidyState.ASSESSED,)),
    "reject": ("office", (SubsidyState.ASSESSED,)),
    "pay": ("office", (SubsidyState.GRANTED,)),
    "settle": ("office", (SubsidyState.PAID,)),
}


def may_act(user: AnyUser, application: SubsidyApplication, action: str) -> bool:
    """Is ``user`` the kind of user who does ``action`` on this application (its state
    aside)?"""
    who, _states = ACTIONS[action]
    if who == "office":
        return access.is_programme_office(user)
    return is_applicant_user(user, application)


def allowed_actions(user: AnyUser, application: SubsidyApplication) -> list[str]:
    """The actions the user may take now, in the order of :data:`ACTIONS`."""
    return [
        name
        for name, (_who, states) in ACTIONS.items()
        if application.state in states and may_act(user, application, name)
    ]


def can_read_letter(user: AnyUser, application: SubsidyApplication) -> bool:
    """The decision letter: for the applicant's users and the programme office, once
    decided."""
    if application.state not in DECIDED_STATES:
        return False
    if not hasattr(application, "letter"):
        return False
    return access.is_programme_office(user) or is_applicant_user(user, application)


def can_apply(user: AnyUser) -> bool:
    return applicant_for(user) is not None


# -- what ---------------------------------------------------------------------------------
def visible_applications(user: AnyUser) -> QuerySet[SubsidyApplication]:
    """Applications the user may see (see the table above)."""
    qs = SubsidyApplication.objects.all()
    level = access.level(user)
    if level == scoping.Level.NATIONAL:
        return qs
    scope = scoping.scope_for(user)
    if level == scoping.Level.PROVINCES:
        return qs.filter(
            Q(applicant_id=scope.org_id)
            | Q(
                pk__in=SubsidyApplicationLine.objects.filter(
                    library__province__code__in=scope.province_codes
                ).values("application_id")
            )
        )
    if level == scoping.Level.ORGANISATION:
        return qs.filter(
            Q(applicant_id=scope.org_id)
            | Q(
                pk__in=SubsidyApplicationLine.objects.filter(library_id=scope.org_id).values(
                    "application_id"
                )
            )
        )
    return qs.none()


def with_lines(qs: QuerySet[SubsidyApplication]) -> QuerySet[SubsidyApplication]:
    """``qs`` with its applicant, scheme, lines (library, province) and amounts loaded."""
    return qs.select_related("applicant", "scheme").prefetch_related(
        Prefetch(
            "lines",
            queryset=SubsidyApplicationLine.objects.select_related(
                "library", "library__province", "library__poi"
            ).prefetch_related(
                Prefetch("amounts", queryset=SubsidyLineAmount.objects.order_by("year"))
            ),
        )
    )


def current_scheme() -> SubsidyScheme | None:
    """The scheme pages show by default: the newest one."""
    return SubsidyScheme.objects.order_by("-start_year", "-pk").first()


@dataclass(frozen=True)
class ListFilters:
    scheme: SubsidyScheme | None = None
    state: str = ""
    province_code: str = ""
    poi: Organisation | None = None
    start_year: int | None = None


def filtered(qs: QuerySet[SubsidyApplication], f: ListFilters) -> QuerySet[SubsidyApplication]:
    """The list's filters. Province, POI and start year look at the lines: a POI's
    collective application shows under every province and start year of its libraries."""
    if f.scheme is not None:
        qs = qs.filter(scheme=f.scheme)
    if f.state:
        qs = qs.filter(state=f.state)
    lines: dict[str, Any] = {}
    if f.province_code:
        lines["library__province__code"] = f.province_code
    if f.start_year is not None:
        lines["start_year"] = f.start_year
    if lines:
        qs = qs.filter(
            pk__in=SubsidyApplicationLine.objects.filter(**lines).values("application_id")
        )
    if f.poi is not None:
        qs = qs.filter(
            Q(applicant=f.poi)
            | Q(
                pk__in=SubsidyApplicationLine.objects.filter(library__poi=f.poi).values(
                    "application_id"
                )
            )
        )
    return qs
