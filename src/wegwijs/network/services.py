"""Changing the network: branches with their weekly hours and exceptions, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.network.models import Branch, HoursKind, OpeningException, OpeningPeriod
from wegwijs.network.validators import TimeRange, normalise_postcode, validate_schedule


@dataclass(frozen=True)
class PeriodData:
    weekday: int
    opens: time
    closes: time
    kind: str = HoursKind.OPEN


@dataclass(frozen=True)
class ExceptionData:
    date: date
    closed: bool = True
    opens: time | None = None
    closes: time | None = None
    reason: str = ""


def validate_periods(periods: Sequence[PeriodData]) -> None:
    """Validate a week schedule; errors are keyed by the index of the period in ``periods``.

    Opening and consultation hours are checked separately: consultation hours may lie
    inside the opening hours, but two ranges of the same kind may not overlap.
    """
    errors: dict[str, Any] = {}
    for kind in HoursKind.values:
        indexed = [(i, p) for i, p in enumerate(periods) if p.kind == kind]
        try:
            validate_schedule(TimeRange(p.weekday, p.opens, p.closes) for _, p in indexed)
        except ValidationError as exc:
            for local_index, messages in exc.message_dict.items():
                errors[str(indexed[int(local_index)][0])] = messages
    if errors:
        raise ValidationError(errors)


def validate_exceptions(exceptions: Sequence[ExceptionData], today: date) -> None:
    errors: dict[str, Any] = {}
    seen: set[date] = set()
    for index, item in enumerate(exceptions):
        # Keys name the field where one is to blame (``2.date``), so the API can point at it.
        if item.date < today:
            errors[f"{index}.date"] = [_("Choose today or a later date.")]
            continue
        candidate = OpeningException(
            date=item.date, closed=item.closed, opens=item.opens, closes=item.closes
        )
        try:
            candidate.clean()
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors.update({f"{index}.{f}": m for f, m in exc.message_dict.items()})
            else:
                errors[str(index)] = exc.messages
            continue
        if item.date in seen:
            errors[f"{index}.date"] = [_("This date is listed twice.")]
        seen.add(item.date)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_branch(
    branch: Branch,
    *,
    periods: Sequence[PeriodData] | None = None,
    exceptions: Sequence[ExceptionData] | None = None,
) -> Branch:
    """Validate and save a branch and (when given) replace its schedule and its exceptions
    from today on (past exceptions are history and stay).

    Nothing is stored when anything is invalid: a ValidationError names the problem per
    field (``postcode``), per period (``periods.2``) or per exception (``exceptions.0.date``).
    """
    errors: dict[str, Any] = {}
    if branch.postcode:
        try:
            branch.postcode = normalise_postcode(branch.postcode)
        except ValidationError as exc:
            errors["postcode"] = exc.messages
    try:
        branch.full_clean(exclude=["postcode"] if "postcode" in errors else None)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    today = timezone.localdate()
    try:
        if periods is not None:
            validate_periods(periods)
    except ValidationError as exc:
        errors.update({f"periods.{i}": m for i, m in exc.message_dict.items()})
    try:
        if exceptions is not None:
            validate_exceptions(exceptions, today)
    except ValidationError as exc:
        errors.update({f"exceptions.{i}": m for i, m in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    branch.save()
    if periods is not None:
        branch.opening_periods.all().delete()
        OpeningPeriod.objects.bulk_create(
            OpeningPeriod(
                branch=branch, kind=p.kind, weekday=p.weekday, opens=p.opens, closes=p.closes
            )
            for p in periods
        )
    if exceptions is not None:
        branch.opening_exceptions.filter(date__gte=today).delete()
        OpeningException.objects.bulk_create(
            OpeningException(
                branch=branch,
                date=e.date,
                closed=e.closed,
                opens=None if e.closed else e.opens,
                closes=None if e.closed else e.closes,
                reason=e.reason,
            )
            for e in exceptions
        )
    return branch
