"""Login records (user name and IP address) are deleted after the keep period."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wegwijs.core import schedule

pytestmark = pytest.mark.django_db


def _log(days_ago: int) -> AccessLog:
    log = AccessLog.objects.create(username="medewerker", ip_address="192.0.2.1", user_agent="t")
    # attempt_time is set on creation; move it back in time.
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=_ago(days_ago))
    return log


def _ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


@override_settings(LOGIN_RECORDS_KEEP_DAYS=90)
def test_old_login_records_go_and_recent_ones_stay() -> None:
    old, recent = _log(120), _log(10)
    attempt = AccessAttempt.objects.create(
        username="medewerker", ip_address="192.0.2.1", user_agent="t", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=_ago(100))

    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "login records older than 90 days: 1" in out.getvalue()
    assert AccessLog.objects.count() == 2

    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "login records older than 90 days: 1" in out.getvalue()
    assert "lock-out counters older than 90 days: 1" in out.getvalue()
    assert "192.0.2.1" not in out.getvalue() and "medewerker" not in out.getvalue()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_login_records_job_is_scheduled() -> None:
    assert schedule.jobs()["login-records-retention"].at == "03:40"
