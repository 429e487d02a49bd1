"""The audit trail in words: what an event's ``changes`` say, for the detail page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from wegwijs.programme.subsidy.formatting import format_euros


def _amounts(amounts: dict[str, Any]) -> str:
    return ", ".join(f"{year} {format_euros(value)}" for year, value in sorted(amounts.items()))


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return str(value)


def describe(changes: dict[str, Any]) -> list[str]:
    """One line per change, with organisation names, years and amounts; free text only as
    "changed" or "filled in" (the audit trail holds no text that people typed)."""
    lines: list[str] = []
    if changes.get("contact"):
        lines.append(_("Contact text changed."))
    for name, item in sorted((changes.get("added") or {}).items()):
        lines.append(
            _("Added: %(library)s (start %(year)s; %(amounts)s).")
            % {
                "library": name,
                "year": item.get("start_year"),
                "amounts": _amounts(item.get("amounts") or {}),
            }
        )
    for name in changes.get("removed") or []:
        lines.append(_("Removed: %(library)s.") % {"library": name})
    for name, item in sorted((changes.get("changed") or {}).items()):
        parts = []
        if "start_year" in item:
            old, new = item["start_year"]
            parts.append(_("start year %(old)s → %(new)s") % {"old": old, "new": new})
        for year, (old, new) in sorted((item.get("amounts") or {}).items()):
            parts.append(f"{year} {format_euros(old)} → {format_euros(new)}")
        lines.append(f"{name}: {'; '.join(parts)}.")
    for key, label in (
        ("granted", _("Granted")),
        ("paid", _("Paid")),
        ("settled", _("Settled")),
    ):
        for name, amounts in sorted((changes.get(key) or {}).items()):
            lines.append(f"{label}: {name}, {_amounts(amounts)}.")
    if changes.get("date"):
        lines.append(_("Date: %(date)s.") % {"date": _day(changes["date"])})
    if changes.get("note"):
        lines.append(_("Assessment note filled in."))
    if changes.get("reason"):
        lines.append(_("Reason filled in."))
    return lines
