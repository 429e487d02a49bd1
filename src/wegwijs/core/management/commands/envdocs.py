"""``wegwijs envdocs``: the environment variables the settings read, as a Markdown table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the settings read from the environment as a Markdown table."

    def handle(self, *args: Any, **options: Any) -> None:
        import importlib

        from wegwijs.conf import env

        for module in ("wegwijs.conf.base", "wegwijs.conf.dev"):
            importlib.import_module(module)
        try:
            importlib.import_module("wegwijs.conf.production")
        except Exception:  # noqa: S110 - SECRET_KEY missing is fine here; variables are declared first
            pass
        self.stdout.write(env.markdown_table(), ending="")
