"""``wegwijs generate-registrations --count N [--seed S] [--start DATE --end DATE]
[--branches ID ...]``: synthetic visits and questions for demos and benchmarks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.monitor import generator


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Store N synthetic questions (in about 0.8 N visits) with a realistic mix, inside the "
        "branches' opening hours; the same seed gives the same registrations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="Number of questions.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--start", type=_date, help="First day (default: a year back).")
        parser.add_argument("--end", type=_date, help="Last day (default: yesterday).")
        parser.add_argument(
            "--branches",
            type=int,
            nargs="+",
            metavar="ID",
            help="Branch ids (default: every branch with an IDO and opening hours).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]

        def progress(done: int, total: int) -> None:
            if verbosity > 1:
                self.stderr.write(f"{done:,} / {total:,} questions")

        try:
            result = generator.generate(
                options["count"],
                seed=options["seed"],
                start=options["start"],
                end=options["end"],
                branch_ids=options["branches"],
                progress=progress,
            )
        except generator.GeneratorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.questions:,} questions in {result.visits:,} visits stored in "
            f"{result.seconds:.1f} s ({result.per_second:,.0f} questions/s); rollups updated."
        )
