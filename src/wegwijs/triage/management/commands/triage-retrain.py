"""``wegwijs triage-retrain [--if-new N] [--measure]``: train the triage classifier."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wegwijs.triage import services


class Command(BaseCommand):
    help = "Train the triage classifier on all labelled data and store it for every process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-new",
            type=int,
            default=0,
            metavar="N",
            help="Only when at least N questions with text were registered since the last model.",
        )
        parser.add_argument(
            "--measure", action="store_true", help="Also measure accuracy (5-fold, slower)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
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
