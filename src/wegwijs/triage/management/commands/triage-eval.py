"""``wegwijs triage-eval FILE.tsv [--json]``: top-1 and top-3 accuracy of triage on a
labelled file, beside a plain BM25 over the same articles (see wegwijs.triage.evaluation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.triage import evaluation


class Command(BaseCommand):
    help = "Measure triage on a labelled TSV file (text, themes, organisations), beside BM25."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cases = evaluation.read(options["file"])
        except evaluation.EvalFileError as exc:
            raise CommandError(str(exc)) from exc
        results = {
            "wegwijs": evaluation.score(cases, evaluation.triage_predictor()),
            "bm25": evaluation.score(cases, evaluation.bm25_predictor()),
        }
        if options["json"]:
            self.stdout.write(json.dumps({"questions": len(cases), **results}, indent=2))
            return
        self.stdout.write(f"{len(cases)} questions from {options['file']}")
        self.stdout.write(
            f"{'':<10}{'theme top-1':>13}{'top-3':>8}{'organisation top-1':>20}{'top-3':>8}"
        )
        for name, r in results.items():
            self.stdout.write(
                f"{name:<10}{r['theme_top1']:>13.1%}{r['theme_top3']:>8.1%}"
                f"{r['organisation_top1']:>20.1%}{r['organisation_top3']:>8.1%}"
            )
