"""``wegwijs envdocs``: the environment variables the settings read, as a Markdown table."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the settings read from the environment as a Markdown table."

    def handle(self, *args: Any, **options: Any) -> None:
        import importlib

        from wegwijs.conf import env

        for module in ("wegwijs.conf.base", "wegwijs.conf.dev"):
            importlib.import_module(module)
        # Without SECRET_KEY production settings refuse to load, after declaring their variables.
        with contextlib.suppress(Exception):
            importlib.import_module("wegwijs.conf.production")
        self.stdout.write(env.markdown_table(), ending="")
