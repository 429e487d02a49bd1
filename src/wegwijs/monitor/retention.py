"""The monitor's part of ``wegwijs retention``: the record of which user was sent which
quarterly report is kept two years (enough to answer "did I get it?"), then deleted."""

from __future__ import annotations

from django.utils import timezone

from wegwijs.core.retention import Outcome, register
from wegwijs.monitor.models import ReportDelivery

KEEP_YEARS = 2


def run(dry_run: bool) -> Outcome:
    cutoff = timezone.localdate().year - KEEP_YEARS
    old = ReportDelivery.objects.filter(year__lt=cutoff)
    count = old.count() if dry_run else old.delete()[0]
    return Outcome(
        lines=[f"quarterly report deliveries of {cutoff - 1} and before: {count}"], count=count
    )


register(
    "monitor-report-deliveries",
    run,
    "records of quarterly reports sent by e-mail, after two years",
)
