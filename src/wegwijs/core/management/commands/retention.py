"""``wegwijs retention``: delete personal data that is past its retention period, in every app
that keeps some (referral contact details: closed referrals and anything older than 30 days).
``--dry-run`` says what would go and changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.core import retention


class Command(BaseCommand):
    help = "Delete personal data past its retention period (--dry-run: only report)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be deleted; change nothing."
        )
        parser.add_argument(
            "--only", action="append", default=[], metavar="NAME", help="Run only this part."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        hooks = retention.hooks()
        unknown = [name for name in options["only"] if name not in hooks]
        if unknown:
            raise CommandError(
                f"Unknown part: {', '.join(unknown)}. Known: {', '.join(hooks) or 'none'}."
            )
        total = 0
        for name, hook in hooks.items():
            if options["only"] and name not in options["only"]:
                continue
            outcome = hook.run(dry_run)
            total += outcome.count
            self.stdout.write(f"{name}: {hook.description}")
            for line in outcome.lines:
                self.stdout.write(f"  {line}")
        verb = "would be affected" if dry_run else "affected"
        self.stdout.write(
            f"{total} record(s) {verb}" + (" (dry run, nothing changed)" if dry_run else "")
        )
