"""Validators for Dutch network data: postcodes and opening-hour schedules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Four digits (no leading zero), optional space, two letters; SA, SD and SS are never issued.
POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")
_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}


def normalise_postcode(value: str) -> str:
    """Return the postcode as ``1234 AB``, or raise ValidationError with a Dutch message."""
    match = POSTCODE_RE.match(value or "")
    if not match or match.group(2).upper() in _FORBIDDEN_LETTERS:
        raise ValidationError(
            gettext_lazy("Enter a valid postcode: four digits and two letters, like 1234 AB."),
            code="invalid_postcode",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)


@dataclass(frozen=True)
class TimeRange:
    weekday: int
    opens: time
    closes: time


def validate_schedule(ranges: Iterable[TimeRange]) -> None:
    """Check a weekly schedule: each range closes after it opens, and no two overlap.

    Raises ValidationError with a list of messages, one per problem, in the order of the
    ranges given, so that forms and the API can point at the offending row.
    """
    items = list(ranges)
    errors: dict[int, str] = {}
    for index, item in enumerate(items):
        if item.closes <= item.opens:
            errors[index] = _("The closing time must be later than the opening time.")
    by_day: dict[int, list[tuple[int, TimeRange]]] = {}
    for index, item in enumerate(items):
        if index not in errors:
            by_day.setdefault(item.weekday, []).append((index, item))
    for day_items in by_day.values():
        day_items.sort(key=lambda pair: pair[1].opens)
        # Compare with the range that closes last so far, not only the one just before:
        # in 9-17, 10-11, 12-13 the last range overlaps the first.
        prev: TimeRange | None = None
        for index, item in day_items:
            if prev is not None and item.opens < prev.closes:
                errors.setdefault(
                    index,
                    _("These hours overlap with %(opens)s–%(closes)s on the same day.")
                    % {
                        "opens": prev.opens.strftime("%H:%M"),
                        "closes": prev.closes.strftime("%H:%M"),
                    },
                )
            if prev is None or item.closes > prev.closes:
                prev = item
    if errors:
        raise ValidationError(
            {
                str(index): ValidationError(message, code="schedule")
                for index, message in errors.items()
            }
        )
