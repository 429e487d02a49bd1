"""Scheduled work of the monitor: the quarterly report by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.monitor import retention, rollups, subscriptions


@task()
def send_quarterly_reports() -> str:
    """Once a quarter's report day has come, e-mail each subscriber the previous quarter's
    report (once; failures are retried on the next daily run). Also deletes the records of
    reports sent more than two years ago."""
    outcome = subscriptions.send_due()
    retention.run(dry_run=False)
    if outcome is None:
        return "No quarterly report due yet."
    return outcome.summary()


register(Job("monitor-quarterly-reports", send_quarterly_reports, at=settings.MONITOR_REPORT_TIME))


@task()
def fold_rollups() -> str:
    """PostgreSQL: move the counts the triggers appended to the delta tables into the
    rollups (reads of the figures fold too; this keeps the delta tables small and read
    replicas at most a minute behind). Nothing to do on SQLite."""
    folded = rollups.fold()
    return f"{folded.deltas} delta rows folded into {folded.rows} rollup rows"


register(Job("monitor-fold-rollups", fold_rollups, every=rollups.FOLD_EVERY))
