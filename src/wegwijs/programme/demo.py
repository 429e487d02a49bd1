"""Demo data of the programme office's areas, loaded by ``wegwijs loaddemo``.

Each area with demo data has a ``demo`` module with ``load() -> str`` (a one-line summary),
safe to run again; they run in the order of :data:`wegwijs.programme.areas.AREAS`.
"""

from __future__ import annotations

import importlib

from wegwijs.programme.areas import AREAS


def load() -> list[str]:
    lines = []
    for area in AREAS:
        try:
            module = importlib.import_module(f"wegwijs.programme.{area.key}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"wegwijs.programme.{area.key}.demo":
                raise
            continue
        lines.append(module.load())
    return lines
