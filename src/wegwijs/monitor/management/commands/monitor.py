"""``wegwijs monitor rebuild | check | prune | fold``: the monitor's rollups;
``send-reports`` and ``opendata``: the quarterly report by e-mail and the open data."""

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
        sub.add_parser(
            "fold",
            help="Move the counts waiting in the delta tables into the rollups (PostgreSQL; "
            "the scheduled job does this every minute, and every read of the figures).",
        )
        send = sub.add_parser(
            "send-reports",
            help="E-mail the quarterly report to its subscribers: the previous quarter once its "
            "report day has come (what the daily job does), or the quarter given.",
        )
        send.add_argument("--quarter", help="The quarter, e.g. 2026Q3 (it must have ended).")
        send.add_argument("--dry-run", action="store_true", help="Only list who would get it.")
        opendata = sub.add_parser(
            "opendata",
            help="Write the open data of a year or quarter (CSV, JSON, datapackage.json) to a "
            "folder; publishes (and keeps) quarters not published before.",
        )
        opendata.add_argument("--year", type=int, required=True)
        opendata.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        opendata.add_argument("--out", required=True, help="Folder to write the files to.")

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
            rollups.fold()
            problems = rollups.differences()
            if problems:
                raise CommandError(
                    "The rollups differ from the registrations (run 'wegwijs monitor "
                    "rebuild'):\n" + "\n".join(problems)
                )
            self.stdout.write(
                f"The rollups agree with the registrations ({time.perf_counter() - started:.1f} s)."
            )
        elif action == "send-reports":
            from wegwijs.monitor.reportcommands import send_reports

            self.stdout.write(send_reports(options["quarter"], dry_run=options["dry_run"]))
        elif action == "opendata":
            from wegwijs.monitor.reportcommands import write_opendata

            self.stdout.write(write_opendata(options["year"], options["quarter"], options["out"]))
        elif action == "fold":
            folded = rollups.fold()
            self.stdout.write(
                f"{folded.deltas:,} delta rows folded into {folded.rows:,} rollup rows "
                f"({time.perf_counter() - started:.2f} s)."
            )
        else:
            self.stdout.write(f"{rollups.prune():,} empty rollup rows deleted.")
