"""Housekeeping of the task queue itself."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from wegwijs.core.schedule import Job, register


def prune_task_results(keep_days: int | None = None) -> int:
    """Delete finished task results older than ``TASK_RESULTS_KEEP_DAYS``; returns the count.

    Only the database backend keeps results; with another backend there is nothing to do.
    """
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.models import DBTaskResult

    days = settings.TASK_RESULTS_KEEP_DAYS if keep_days is None else keep_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def prune() -> str:
    return f"{prune_task_results()} old task results deleted"


register(Job("tasks-prune", prune, at="03:15"))
