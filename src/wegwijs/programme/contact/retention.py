"""The contact area's part of ``wegwijs retention`` (imported through
``programme/retention.py``)."""

from __future__ import annotations

from wegwijs.core.retention import Outcome, register
from wegwijs.programme.contact import services
from wegwijs.programme.contact.models import keep_days


def run(dry_run: bool) -> Outcome:
    result = services.purge_expired(dry_run=dry_run)
    days = keep_days()
    return Outcome(
        lines=[
            f"'Meer weten?' requests erased unhandled after {days} days: {len(result.expired)}"
            + (f" (ids {', '.join(map(str, result.expired))})" if result.expired else ""),
            f"'Meer weten?' request details erased: {len(result.erased)}"
            + (f" (ids {', '.join(map(str, result.erased))})" if result.erased else ""),
        ],
        count=len(set(result.erased)),
    )


register(
    "contact-requests",
    run,
    "'Meer weten?' requests: contact details and question, unhandled after "
    "CONTACT_REQUESTS_KEEP_DAYS days",
)
