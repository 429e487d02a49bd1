"""Background work of the programme areas.

``core.schedule`` imports the ``tasks`` module of every app; this one imports the ``tasks``
module of each programme area that has one (``programme/<area>/tasks.py``), so an area's
tasks and scheduled jobs are registered like any other app's.
"""

from __future__ import annotations

import importlib

from wegwijs.programme.areas import AREAS

for _area in AREAS:
    try:
        importlib.import_module(f"wegwijs.programme.{_area.key}.tasks")
    except ModuleNotFoundError as exc:
        if exc.name != f"wegwijs.programme.{_area.key}.tasks":
            raise
