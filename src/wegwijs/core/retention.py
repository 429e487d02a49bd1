"""Retention: deleting personal data on schedule, one hook per app.

An app that keeps personal data for a limited time registers a hook in its ``retention``
module: a function that deletes what is past its time (or, with ``dry_run``, only says what it
would delete) and returns an :class:`Outcome` whose lines name counts and ids, never the data.
``wegwijs retention [--dry-run]`` runs every hook; apps also run their own part from a
scheduled job.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    count: int = 0


@dataclass(frozen=True)
class Hook:
    name: str
    run: Callable[[bool], Outcome]
    description: str = ""


_hooks: dict[str, Hook] = {}


def register(name: str, run: Callable[[bool], Outcome], description: str = "") -> None:
    _hooks[name] = Hook(name, run, description)


def hooks() -> dict[str, Hook]:
    """All hooks: imports the ``retention`` module of every installed Wegwijs app first."""
    for config in apps.get_app_configs():
        if config.name.startswith("wegwijs."):
            try:
                importlib.import_module(f"{config.name}.retention")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.retention":
                    raise
    return dict(sorted(_hooks.items()))
