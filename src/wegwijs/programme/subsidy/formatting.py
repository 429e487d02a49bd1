"""Amounts in euros and the deadline, as people write and read them.

* :func:`parse_amount` reads what people type in an amount field: "12.500", "12.500,50",
  "€ 12.500,-", "12500.5" in Dutch; "12,500.50" in English. Thousands separators must come in
  groups of three, at most two decimals, never negative. It returns a ``Decimal`` in cents
  (never a float) or raises :class:`AmountError` with a message for the field.
* :func:`format_amount` / :func:`format_euros` write a ``Decimal`` the way the active language
  does: "12.500,00" and "€ 12.500,00" in Dutch, "12,500.00" and "€12,500.00" in English.
  ``parse_amount(format_amount(x)) == x`` for every amount (a hypothesis test checks it).
* :func:`format_deadline` writes a moment in Dutch time; midnight is written as 24.00 of the
  day before, as the scheme does: 2019-10-12 00:00 is "11 oktober 2019 om 24.00 uur".
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

#: Deadlines and decision dates are Dutch time, whatever the server's zone.
DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
CENT = Decimal("0.01")
#: The largest amount a field takes (the database keeps 12 digits, 2 of them decimals).
MAX_AMOUNT = Decimal("9999999999.99")

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PREFIX = re.compile(r"^(€|eur|euro)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(€|eur|euro)$", re.IGNORECASE)


class AmountError(ValueError):
    """Input that is not an amount; ``str(error)`` is the message for the person."""


def _decimal_marks(language: str | None) -> tuple[str, str]:
    """(thousands separator, decimal mark) of ``language`` (the active one when None)."""
    code = (language or translation.get_language() or "nl").split("-")[0]
    return (",", ".") if code == "en" else (".", ",")


def parse_amount(text: str, language: str | None = None) -> Decimal:
    """The amount in ``text`` as a Decimal with two places; :class:`AmountError` if it is not
    one. Empty text is an error too: fields decide whether empty means zero."""
    thousands, mark = _decimal_marks(language)
    value = _SPACES.sub(" ", str(text)).strip()
    value = _SUFFIX.sub("", _PREFIX.sub("", value)).strip()
    if value.endswith((f"{mark}-", f"{mark}--")):  # "12.500,-": whole euros
        value = value.rstrip("-")[:-1]
    if not value:
        raise AmountError(_("Enter an amount in euros, for example 12.500."))
    if value.startswith("-"):
        raise AmountError(_("An amount cannot be negative."))
    integer, decimals = value, ""
    if mark in value:
        integer, _sep, decimals = value.rpartition(mark)
    elif value.count(thousands) == 1 and re.fullmatch(
        rf"\d+{re.escape(thousands)}\d{{1,2}}", value
    ):
        # "12.5" in Dutch or "12,50" in English: a single separator before one or two digits
        # can only be a decimal mark (groups of thousands have three digits).
        integer, _sep, decimals = value.partition(thousands)
    if decimals and not decimals.isdigit():
        raise AmountError(_("Enter an amount in euros, for example 12.500."))
    if len(decimals) > 2:
        raise AmountError(_("An amount has at most two decimals (cents)."))
    grouped = rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+|\d{{1,3}}( \d{{3}})+"
    if re.fullmatch(grouped, integer):
        integer = integer.replace(thousands, "").replace(" ", "")
    if not integer.isdigit() or not integer.isascii():
        raise AmountError(_("Enter an amount in euros, for example 12.500."))
    try:
        amount = Decimal(f"{int(integer)}.{decimals or '0'}").quantize(CENT)
    except InvalidOperation as exc:  # pragma: no cover - digits only by now
        raise AmountError(_("Enter an amount in euros, for example 12.500.")) from exc
    if amount > MAX_AMOUNT:
        raise AmountError(_("This amount is too large."))
    return amount


def to_cents(value: Decimal | int | str) -> Decimal:
    """``value`` rounded to whole cents (half up, as bookkeeping does)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal | int | str | None, language: str | None = None) -> str:
    """The amount with thousands separators and two decimals: "12.500,00" ("" for None)."""
    if value is None or value == "":
        return ""
    thousands, mark = _decimal_marks(language)
    amount = to_cents(value)
    sign = "-" if amount < 0 else ""
    integer, _dot, cents = f"{abs(amount):.2f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    return f"{sign}{thousands.join(groups)}{mark}{cents}"


def format_euros(value: Decimal | int | str | None, language: str | None = None) -> str:
    """The amount with the euro sign: "€ 12.500,00" in Dutch, "€12,500.00" in English."""
    if value is None or value == "":
        return ""
    code = (language or translation.get_language() or "nl").split("-")[0]
    space = "" if code == "en" else "\u00a0"
    return f"€{space}{format_amount(value, language)}"


def local(moment: datetime) -> datetime:
    """``moment`` in Dutch time."""
    return timezone.localtime(moment, DUTCH_TIME)


def deadline_parts(moment: datetime) -> tuple[datetime, str, str]:
    """(the day as people name it, hour, minute): midnight is 24.00 of the day before."""
    when = local(moment)
    if when.time() == time(0, 0):
        return when - timedelta(days=1), "24", "00"
    return when, str(when.hour), f"{when.minute:02d}"


def format_deadline(moment: datetime) -> str:
    """ "11 oktober 2019 om 24.00 uur" for 2019-10-12 00:00 Dutch time (in English: "11
    October 2019 at 24:00")."""
    day, hour, minute = deadline_parts(moment)
    return _("%(date)s at %(hour)s:%(minute)s") % {
        "date": dateformat.format(day.date(), "j F Y"),
        "hour": hour,
        "minute": minute,
    }
