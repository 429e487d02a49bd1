"""Reading registrations: what a user may see, and the choices most used at a branch."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from wegwijs.accounts import scoping
from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.desk.models import Question, Visit

POPULAR_WINDOW_DAYS = 90


def visible_visits(user: Any) -> QuerySet[Visit]:
    """Visits the user may see row by row: their scope, plus what they registered themselves.
    Agency analysts and partner editors see no rows (figures come from the monitor)."""
    level = scoping.scope_for(user).level
    if level == scoping.Level.NATIONAL:
        return Visit.objects.all()  # (an empty Q() OR-ed with anything would narrow it)
    condition = scoping.records_q(user)
    if getattr(user, "pk", None) is not None and level not in (
        scoping.Level.OWN,
        scoping.Level.NONE,
    ):
        condition |= Q(registered_by=user)
    return Visit.objects.filter(condition)


def filter_visits(
    qs: QuerySet[Visit],
    *,
    start: date | None = None,
    end: date | None = None,
    branch: int | None = None,
    theme: str | None = None,
    organisation: str | None = None,
) -> QuerySet[Visit]:
    """Filter by period (dates inclusive, Europe/Amsterdam), branch, theme and organisation."""
    tz = timezone.get_current_timezone()
    if start:
        qs = qs.filter(occurred_at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end:
        qs = qs.filter(
            occurred_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
        )
    if branch:
        qs = qs.filter(branch_id=branch)
    if theme:
        qs = qs.filter(questions__theme=theme)
    if organisation:
        qs = qs.filter(questions__organisation=organisation)
    if theme or organisation:
        qs = qs.distinct()
    return qs


def _ranked(
    branch_id: int | None, field: str, choices: list[tuple[str, Any]]
) -> list[tuple[str, Any]]:
    if branch_id is None:
        return choices
    since = timezone.now() - timedelta(days=POPULAR_WINDOW_DAYS)
    counts = dict(
        Question.objects.filter(visit__branch_id=branch_id, visit__occurred_at__gte=since)
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )
    order = {code: index for index, (code, _label) in enumerate(choices)}
    return sorted(choices, key=lambda c: (-counts.get(c[0], 0), order[c[0]]))


def ranked_themes(branch_id: int | None) -> list[tuple[str, Any]]:
    """Theme choices with the most used at this branch (last 90 days) first."""
    return _ranked(branch_id, "theme", list(Theme.choices))


def ranked_organisations(branch_id: int | None) -> list[tuple[str, Any]]:
    return _ranked(branch_id, "organisation", list(OrganisationCode.choices))
