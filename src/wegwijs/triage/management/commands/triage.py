"""``wegwijs triage retrain [--if-new N] [--measure]`` and ``wegwijs triage suggest TEXT``."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wegwijs.triage import services


class Command(BaseCommand):
    help = "Retrain the triage classifier, or see what it suggests for a text."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        retrain = sub.add_parser("retrain", help="Train on all labelled data and store it.")
        retrain.add_argument(
            "--if-new",
            type=int,
            default=0,
            metavar="N",
            help="Only when at least N questions with text were registered since the last model.",
        )
        retrain.add_argument(
            "--measure", action="store_true", help="Also measure accuracy (5-fold, slower)."
        )
        suggest = sub.add_parser("suggest", help="Print the suggestions for TEXT as JSON.")
        suggest.add_argument("text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "suggest":
            result = services.suggest(options["text"])
            self.stdout.write(json.dumps(asdict(result), ensure_ascii=False, indent=2))
            return
        if options["if_new"] and services.new_registrations_since_last_model() < options["if_new"]:
            self.stdout.write("Not retrained: too few new registrations.")
            return
        model = services.train(measure=options["measure"])
        services.prune()
        self.stdout.write(
            f"Trained on {model.examples} examples, {model.articles} articles and "
            f"{model.registrations} registrations."
        )
        if model.metrics:
            self.stdout.write(json.dumps(model.metrics))
