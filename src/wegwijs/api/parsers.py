"""A JSON parser that refuses text no database can store: NUL characters and lone surrogates.

Without it such input reaches PostgreSQL ("text fields cannot contain NUL bytes") or the UTF-8
encoder and fails there with a 500; now it is a 400 with a clear message, and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def unsafe_text(value: str) -> bool:
    """True when ``value`` holds a NUL character or cannot be encoded as UTF-8."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check(data: Any) -> None:
    if isinstance(data, str):
        if unsafe_text(data):
            raise ParseError(
                "De invoer bevat tekens die niet kunnen worden opgeslagen (zoals NUL)."
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _check(key)
            _check(value)
    elif isinstance(data, list):
        for item in data:
            _check(item)


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _check(data)
        return data
