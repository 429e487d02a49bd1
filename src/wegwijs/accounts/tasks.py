"""Scheduled work of accounts: deleting old login records."""

from __future__ import annotations

from django.tasks import task

from wegwijs.accounts import retention
from wegwijs.core.schedule import Job, register


@task()
def purge_login_records() -> str:
    return "; ".join(retention.run(dry_run=False).lines)


register(Job("login-records-retention", purge_login_records, at="03:40"))
