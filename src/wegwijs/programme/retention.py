"""Retention of the programme areas.

``core.retention`` imports the ``retention`` module of every app; this one imports the
``retention`` module of each programme area that has one (``programme/<area>/retention.py``),
so an area's hooks are registered like any other app's.
"""

from __future__ import annotations

import importlib

from wegwijs.programme.areas import AREAS

for _area in AREAS:
    try:
        importlib.import_module(f"wegwijs.programme.{_area.key}.retention")
    except ModuleNotFoundError as exc:
        if exc.name != f"wegwijs.programme.{_area.key}.retention":
            raise
