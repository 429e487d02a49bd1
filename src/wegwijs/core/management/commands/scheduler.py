"""``wegwijs scheduler``: enqueue scheduled jobs when they are due (``--once`` for cron)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wegwijs.core import schedule


class Command(BaseCommand):
    help = "Run scheduled jobs (the nightly triage retrain...) when they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is due, then stop.")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in schedule.jobs().values():
                when = f"daily at {job.at}" if job.at else f"every {job.every}"
                self.stdout.write(f"{job.name}: {when}")
            return
        while True:
            for name in schedule.run_due():
                self.stdout.write(f"ran {name}")
            if options["once"]:
                return
            time.sleep(max(5, options["interval"]))
