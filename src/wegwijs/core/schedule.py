"""Jobs that run on a schedule, e.g. the nightly triage retrain.

Apps register a :class:`Job` (a Django task and a time of day, or an interval) when their
``tasks`` module is imported. ``wegwijs scheduler`` runs in its own process and enqueues every
job when it is due; with several scheduler processes a due run is claimed once (a unique row
per job and due time), so nothing runs twice. The task itself runs wherever the TASKS backend
says: in the scheduler process with the default immediate backend, on a worker otherwise.
``wegwijs scheduler --once`` enqueues what is due and stops, for use from cron.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: Any  # a django.tasks Task
    at: str | None = None  # "HH:MM" local time, once a day
    every: timedelta | None = None

    def last_due(self, now: datetime) -> datetime:
        """The most recent moment this job was due at or before ``now``."""
        local = timezone.localtime(now)
        if self.at is not None:
            hour, minute = (int(p) for p in self.at.split(":"))
            due = timezone.make_aware(datetime.combine(local.date(), time(hour, minute)))
            return due if due <= local else due - timedelta(days=1)
        assert self.every is not None
        seconds = int(self.every.total_seconds())
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % seconds, tz=timezone.get_current_timezone())


_jobs: dict[str, Job] = {}


def register(job: Job) -> None:
    if (job.at is None) == (job.every is None):
        raise ValueError(f"{job.name}: give either at= or every=")
    if job.at is not None:
        hour, minute = (int(p) for p in job.at.split(":"))
        time(hour, minute)  # raises on an impossible time
    _jobs[job.name] = job


def jobs() -> dict[str, Job]:
    """All jobs: imports the ``tasks`` module of every installed Wegwijs app first."""
    for config in apps.get_app_configs():
        if config.name.startswith("wegwijs."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise
    return dict(_jobs)


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due and not yet claimed; returns the names enqueued."""
    from wegwijs.core.models import ScheduledRun

    now = now or timezone.now()
    started: list[str] = []
    for job in jobs().values():
        due = job.last_due(now)
        previous = ScheduledRun.objects.filter(job=job.name).order_by("-due_at").first()
        if previous is not None and previous.due_at >= due:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, due_at=due)
        except IntegrityError:
            continue  # another scheduler claimed it
        try:
            result = job.task.enqueue()
            run.result_id = str(getattr(result, "id", ""))[:64]
            finished = getattr(result, "is_finished", False)
            run.message = str((finished and result.return_value) or "enqueued")[:500]
            run.status = ScheduledRun.Status.DONE
        except Exception as exc:  # a failing job must not stop the others
            logger.exception("Scheduled job %s failed", job.name)
            run.status = ScheduledRun.Status.FAILED
            run.message = f"{type(exc).__name__}"[:500]
        run.finished_at = timezone.now()
        run.save()
        started.append(job.name)
    return started
