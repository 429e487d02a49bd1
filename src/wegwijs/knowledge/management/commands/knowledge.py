"""``wegwijs knowledge load-seed [--dir DIR] [--update]`` and ``wegwijs knowledge stale``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.knowledge import seed, services
from wegwijs.knowledge.models import Article, Status


class Command(BaseCommand):
    help = "Load the built-in knowledge articles, or list articles due for review."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-seed", help="Load the built-in articles (all or nothing).")
        load.add_argument("--dir", type=Path, default=seed.SEED_DIR)
        load.add_argument(
            "--update", action="store_true", help="Also update existing articles (new version)."
        )
        sub.add_parser("stale", help="List published articles past their review date.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stale":
            qs = services.stale(Article.objects.filter(status=Status.PUBLISHED))
            for article in qs.select_related("owner").order_by("review_by"):
                self.stdout.write(f"{article.review_by}  {article.owner.name}  {article.slug}")
            return
        try:
            result = seed.load(options["dir"], update=options["update"])
        except seed.SeedError as exc:
            raise CommandError("Nothing loaded:\n" + "\n".join(exc.problems)) from exc
        self.stdout.write(
            f"Articles: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged."
        )
