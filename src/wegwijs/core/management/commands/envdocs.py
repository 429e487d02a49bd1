"""``wegwijs envdocs``: the environment variables the settings read, as a Markdown table."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

START, END = "<!-- envdocs:start -->", "<!-- envdocs:end -->"


class Command(BaseCommand):
    help = "Print the settings read from the environment as a Markdown table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--write",
            metavar="FILE",
            help="Replace the table between the envdocs markers in FILE (docs/operations.md).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import importlib

        from wegwijs.conf import env

        for module in ("wegwijs.conf.base", "wegwijs.conf.dev"):
            importlib.import_module(module)
        # Without SECRET_KEY production settings refuse to load, after declaring their variables.
        with contextlib.suppress(Exception):
            importlib.import_module("wegwijs.conf.production")
        table = env.markdown_table()
        if not options["write"]:
            self.stdout.write(table, ending="")
            return
        path = Path(options["write"])
        text = path.read_text(encoding="utf-8")
        if START not in text or END not in text:
            raise CommandError(f"{path} has no {START} ... {END} markers")
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        path.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
        self.stdout.write(f"updated {path}")
