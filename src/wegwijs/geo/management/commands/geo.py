"""``wegwijs geo import-pc4 FILE.csv`` and ``wegwijs geo lookup QUERY``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.geo import geocoding, services


class Command(BaseCommand):
    help = "Import the PC4 table, or show where the geocoder puts a postcode, place or point."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import-pc4",
            help="Replace the PC4 table with a CSV file (pc4,place,municipality,province,lat,"
            "lon with a header); all or nothing.",
        )
        load.add_argument("file", type=Path)
        lookup = sub.add_parser("lookup", help="Print the geocoder's answer as JSON.")
        lookup.add_argument("query")
        lookup.add_argument(
            "--suggestions",
            type=int,
            default=5,
            choices=range(0, 21),
            metavar="0-20",
            help="How many 'did you mean' places to list when nothing is found (default 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "lookup":
            query = options["query"]
            place = geocoding.geocode(query)
            suggestions = [] if place else geocoding.suggest(query, options["suggestions"])
            answer = {
                "query": query,
                "place": place.as_dict() if place else None,
                "suggestions": [s.as_dict() for s in suggestions],
            }
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        try:
            count = services.import_pc4(options["file"])
        except services.Pc4ImportError as exc:
            raise CommandError("Nothing imported:\n" + "\n".join(exc.problems)) from exc
        self.stdout.write(f"PC4 table: {count} areas imported.")
