"""Who sees which referrals, and who may do what with them.

- **Desk side**: desk workers see their branch's referrals, coordinators their library's, POI
  consultants their provinces' and the programme office all (read-only), each plus the
  referrals they made themselves (like visits).
- **Partner side**: the editors of the organisation that keeps the service (partner editors of
  a local partner; coordinators for a library's own courses) see and handle the warm referrals
  and course registrations sent to it. Cold referrals never reach a partner.
- **Contact details** are shown only to the person who made the referral and to the partner.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wegwijs.accounts import scoping
from wegwijs.accounts.models import Role
from wegwijs.referrals.models import Kind, Referral

#: Roles that handle referrals for their organisation (as in socialmap.services.EDITOR_ROLES).
PARTNER_ROLES = (Role.PARTNER_EDITOR, Role.COORDINATOR)
#: Roles that make referrals at the desk.
DESK_ROLES = (Role.DESK_WORKER, Role.COORDINATOR)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def desk_referrals(user: Any) -> QuerySet[Referral]:
    level = scoping.scope_for(user).level
    if level == scoping.Level.NATIONAL:
        return Referral.objects.all()
    if level in (scoping.Level.OWN, scoping.Level.NONE):
        return Referral.objects.none()
    return Referral.objects.filter(scoping.records_q(user) | Q(created_by=user))


def is_partner_user(user: Any) -> bool:
    return _authenticated(user) and user.role in PARTNER_ROLES and user.organisation_id is not None


def partner_referrals(user: Any) -> QuerySet[Referral]:
    if not is_partner_user(user):
        return Referral.objects.none()
    return Referral.objects.filter(partner_id=user.organisation_id).exclude(kind=Kind.COLD)


def visible_referrals(user: Any) -> QuerySet[Referral]:
    """Desk side and partner side together (detail pages, the API)."""
    if scoping.is_national(user):
        return Referral.objects.all()
    condition = Q(pk__in=desk_referrals(user).values("pk"))
    if is_partner_user(user):
        condition |= Q(partner_id=user.organisation_id) & ~Q(kind=Kind.COLD)
    return Referral.objects.filter(condition)


def can_make_referrals(user: Any) -> bool:
    return (
        _authenticated(user)
        and user.role in DESK_ROLES
        and scoping.scope_for(user).level
        in (
            scoping.Level.BRANCH,
            scoping.Level.ORGANISATION,
        )
    )


def acts_as_partner(user: Any, referral: Referral) -> bool:
    return (
        is_partner_user(user)
        and referral.kind != Kind.COLD
        and referral.partner_id == user.organisation_id
    )


def can_cancel(user: Any, referral: Referral) -> bool:
    """The desk that made it: the person, or desk staff of the branch or the library."""
    if not _authenticated(user):
        return False
    if referral.created_by_id == user.pk:
        return True
    scope = scoping.scope_for(user)
    if user.role not in DESK_ROLES:
        return False
    if scope.level == scoping.Level.BRANCH:
        return referral.branch_id == scope.branch_id
    if scope.level == scoping.Level.ORGANISATION:
        return referral.branch.organisation_id == scope.organisation_id
    return False


def can_see_contact(user: Any, referral: Referral) -> bool:
    if not _authenticated(user) or not referral.has_contact:
        return False
    return referral.created_by_id == user.pk or acts_as_partner(user, referral)
