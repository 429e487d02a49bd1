"""The accounts' part of ``wegwijs retention``: login records hold a user name and an IP
address (personal data), kept ``LOGIN_RECORDS_KEEP_DAYS`` days for security reviews."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from wegwijs.core.retention import Outcome, register


def run(dry_run: bool) -> Outcome:
    cutoff = timezone.now() - timedelta(days=settings.LOGIN_RECORDS_KEEP_DAYS)
    old = {
        "login records": AccessLog.objects.filter(attempt_time__lt=cutoff),
        "failed login records": AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        "lock-out counters": AccessAttempt.objects.filter(attempt_time__lt=cutoff),
    }
    lines, total = [], 0
    for label, qs in old.items():
        count = qs.count() if dry_run else qs.delete()[0]
        lines.append(f"{label} older than {settings.LOGIN_RECORDS_KEEP_DAYS} days: {count}")
        total += count
    return Outcome(lines=lines, count=total)


register("login-records", run, "login records (user name, IP address) after the keep period")
