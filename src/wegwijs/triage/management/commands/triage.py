"""``wegwijs triage "TEXT" [--json]``: what triage suggests for a question (the JSON is the
answer of ``POST /api/v1/triage/``). Retrain with ``wegwijs triage-retrain``, measure with
``wegwijs triage-eval``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.triage import services


class Command(BaseCommand):
    help = "Suggest theme, organisation and articles for a question in the citizen's words."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text")
        parser.add_argument("--json", action="store_true", help="Print the API's JSON answer.")
        parser.add_argument("--limit", type=int, default=3, choices=range(1, 11), metavar="1-10")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"]
        if not text.strip():
            raise CommandError("Give the question as text.")
        if len(text) > services.MAX_TEXT:
            raise CommandError(f"At most {services.MAX_TEXT} characters.")
        result = services.suggest(text, limit=options["limit"])
        if options["json"]:
            self.stdout.write(json.dumps(services.as_json(result), ensure_ascii=False, indent=2))
            return
        if result.personal_data:
            kinds = ", ".join(sorted({f.kind for f in result.personal_data}))
            self.stdout.write(f"Personal data masked ({kinds}): {result.text}")
        if result.empty:
            self.stdout.write("No suggestion.")
            return
        for pair in result.pairs:
            self.stdout.write(f"{pair.score:5.0%}  {pair.theme.code} / {pair.organisation.code}")
        for article in result.articles:
            self.stdout.write(f"       {article.title}  {article.url}")
        for name, items in result.extra.items():
            for item in items:
                where = getattr(item, "organization", "")
                self.stdout.write(f"  [{name}] {getattr(item, 'title', item)}  {where}")
