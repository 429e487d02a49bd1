"""``wegwijs monitor rebuild | check | prune``: the monitor's rollups."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.monitor import rollups


class Command(BaseCommand):
    help = "Recompute the monitor's rollups from the registrations, or check them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "rebuild",
            help="Recompute every rollup from scratch in one transaction (registrations wait "
            "meanwhile on PostgreSQL). Needed after moving a branch or library to another "
            "province.",
        )
        sub.add_parser(
            "check",
            help="Compare the rollups with a recomputation; exit 1 and list the differences "
            "when they disagree.",
        )
        sub.add_parser("prune", help="Delete rollup rows whose count went back to zero.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        started = time.perf_counter()
        if action == "rebuild":
            counts = rollups.rebuild()
            self.stdout.write(
                f"Rollups rebuilt in {time.perf_counter() - started:.1f} s: "
                f"{counts['question_rows']:,} question rows, {counts['visit_rows']:,} visit rows."
            )
        elif action == "check":
            problems = rollups.differences()
            if problems:
                raise CommandError(
                    "The rollups differ from the registrations (run 'wegwijs monitor "
                    "rebuild'):\n" + "\n".join(problems)
                )
            self.stdout.write(
                f"The rollups agree with the registrations ({time.perf_counter() - started:.1f} s)."
            )
        else:
            self.stdout.write(f"{rollups.prune():,} empty rollup rows deleted.")
