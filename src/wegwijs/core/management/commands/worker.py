"""``wegwijs worker``: the background worker that runs queued tasks (e-mail, reminders,
retention, retraining).

Tasks are queued in the database by the django-tasks-db backend (``TASKS_BACKEND=database``);
run one or more workers next to the web processes. ``--scheduler`` also enqueues the scheduled
jobs when they are due (what ``wegwijs scheduler`` does), so a small installation needs one
extra process only. ``--batch`` runs what is queued and stops (for cron or tests).
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from wegwijs.core import schedule

logger = logging.getLogger("wegwijs.worker")


def _scheduler_loop(interval: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            for name in schedule.run_due():
                logger.info("scheduled job %s enqueued", name)
        except Exception:  # keep the worker alive; the next round tries again
            logger.exception("The scheduler round failed")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(DbWorkerCommand):
    help = "Run background tasks from the queue (and, with --scheduler, the scheduled jobs)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument(
            "--scheduler",
            action="store_true",
            help="Also enqueue scheduled jobs when they are due (see `wegwijs scheduler --list`).",
        )
        parser.add_argument(
            "--scheduler-interval",
            type=int,
            default=60,
            help="Seconds between scheduler checks (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        with_scheduler = options.pop("scheduler")
        interval = max(5, options.pop("scheduler_interval"))
        if with_scheduler and options.get("batch"):
            # One round, then the queue including what it enqueued.
            for name in schedule.run_due():
                self.stdout.write(f"scheduled job {name} enqueued")
        elif with_scheduler:
            threading.Thread(
                target=_scheduler_loop, args=(interval, stop), name="scheduler", daemon=True
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
