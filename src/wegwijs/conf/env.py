"""Read settings from the environment, and remember each one for the docs.

Every setting that the environment can change is declared with :func:`env`, with a
one-line description. ``wegwijs envdocs`` prints them as a Markdown table, which is
kept in docs/operations.md (a test checks that the table is current).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


DECLARED: dict[str, EnvVar] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _to_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


CASTS: dict[type | str, Callable[[str], Any]] = {
    str: str,
    int: int,
    float: float,
    bool: _to_bool,
    list: _to_list,
}


def env(
    name: str,
    default: Any = None,
    *,
    cast: type = str,
    help: str = "",
    shown_default: str | None = None,
) -> Any:
    """Return the environment variable ``name`` cast to ``cast``, or ``default``.

    The first declaration of a name is the one documented (base settings come first);
    ``shown_default`` replaces a machine-specific default (a path) in the docs.
    """
    if shown_default is None:
        shown_default = (
            ",".join(default)
            if isinstance(default, list)
            else ("" if default is None else str(default))
        )
    DECLARED.setdefault(name, EnvVar(name, shown_default, help))
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":  # set but empty counts as not set
        return default
    try:
        return CASTS[cast](raw)
    except ValueError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name}: {exc}") from exc


def markdown_table() -> str:
    lines = ["| variable | default | what it does |", "|---|---|---|"]
    for var in sorted(DECLARED.values(), key=lambda v: v.name):
        default = f"`{var.default}`" if var.default else ""
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines) + "\n"
