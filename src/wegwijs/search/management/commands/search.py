"""``wegwijs search reindex [KIND ...]`` and ``wegwijs search query TEXT``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.search import services


class Command(BaseCommand):
    help = "Rebuild the search index, or try a query and see how it was understood."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("reindex", help="Rebuild the index from the content.")
        rebuild.add_argument("kinds", nargs="*", help="Only these kinds (default: all).")
        query = sub.add_parser("query", help="Search and print the hits as JSON.")
        query.add_argument("text")
        query.add_argument("--kind", action="append", dest="kinds")
        query.add_argument("--limit", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reindex":
            unknown = set(options["kinds"]) - set(services._sources)
            if unknown:
                raise CommandError(
                    f"Unknown kind(s): {', '.join(sorted(unknown))}. "
                    f"Known: {', '.join(sorted(services._sources))}."
                )
            counts = services.reindex(options["kinds"] or None)
            for kind, count in counts.items():
                self.stdout.write(f"{kind}: {count} documents")
            return
        hits = services.search(options["text"], kinds=options["kinds"], limit=options["limit"])
        terms = services.explain(options["text"])
        self.stdout.write(
            json.dumps(
                {
                    "understood": [
                        {
                            "term": t.stem,
                            "weight": round(t.weight, 2),
                            "from": t.origin,
                            "how": t.how,
                        }
                        for t in terms
                    ],
                    "hits": [
                        {"kind": h.kind, "key": h.key, "title": h.title, "score": h.score}
                        for h in hits
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
