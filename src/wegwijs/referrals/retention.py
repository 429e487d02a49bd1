"""The referrals' part of ``wegwijs retention``."""

from __future__ import annotations

from wegwijs.core.retention import Outcome, register
from wegwijs.referrals import services


def run(dry_run: bool) -> Outcome:
    result = services.purge_expired(dry_run=dry_run)
    return Outcome(
        lines=[
            f"referrals expired (still open after 30 days): {len(result.expired)}"
            + (f" (ids {', '.join(map(str, result.expired))})" if result.expired else ""),
            f"referral contact details erased: {len(result.erased)}"
            + (f" (ids {', '.join(map(str, result.erased))})" if result.erased else ""),
        ],
        count=len({*result.erased, *result.expired}),
    )


register("referrals", run, "contact details of referrals: closed, or older than 30 days")
