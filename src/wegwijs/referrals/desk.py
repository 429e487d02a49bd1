"""The desk's way into referrals: after a visit is registered, the questions it may refer
are offered on the next (empty) form; the registrations list links each such question."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from wegwijs.desk.models import Question, Visit

SESSION_KEY = "referral_questions"


def remember_referral_questions(request: HttpRequest, visit: Visit) -> None:
    from wegwijs.referrals.selectors import can_make_referrals
    from wegwijs.referrals.services import REFERRAL_HELP

    if not can_make_referrals(request.user):
        return
    ids = [q.pk for q in visit.questions.all() if q.help_given in REFERRAL_HELP]
    if ids:
        request.session[SESSION_KEY] = ids
    else:
        request.session.pop(SESSION_KEY, None)


def pop_referral_questions(request: HttpRequest) -> list[Any]:
    """The questions remembered by the last registration (once), if still visible."""
    from wegwijs.desk.selectors import visible_visits

    session = getattr(request, "session", None)
    if session is None:
        return []
    ids = session.pop(SESSION_KEY, None)
    if not ids or not isinstance(ids, list):
        return []
    return list(
        Question.objects.filter(
            pk__in=[i for i in ids if isinstance(i, int)],
            visit__in=visible_visits(request.user),
        ).order_by("position")
    )
