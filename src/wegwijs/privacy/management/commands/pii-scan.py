"""``wegwijs pii-scan [TEXT]``: print the personal data found in a text as JSON.

    $ wegwijs pii-scan "Bel mij op 06-12345678"
    [{"kind": "phone", "start": 11, "end": 22}]

Without TEXT the text is read from standard input. ``--lines FILE`` ("-": standard input)
scans each line of a file and prints one JSON array per line (JSON Lines), for auditing
imports and exports. Offsets are characters, end exclusive; a line's offsets leave out its
line ending. Exit status: 0 nothing found, 1 something found, 2 usage error.

The module name has a hyphen because Django names a command after its file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _as_json(findings: Iterable[Any]) -> str:
    return json.dumps([{"kind": f.kind, "start": f.start, "end": f.end} for f in findings])


class Command(BaseCommand):
    help = (
        "Scan text for personal data (BSN, IBAN, phone, e-mail, date of birth, name, address). "
        "Prints JSON findings; exit status 1 when anything is found, 0 when not."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="?", help="The text to scan (default: standard input).")
        parser.add_argument(
            "--lines",
            metavar="FILE",
            help="Scan each line of FILE ('-' for standard input); print one JSON array a line.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from wegwijs.privacy.scanner import scan  # the name model loads on first use only

        if options["lines"] is not None and options["text"] is not None:
            raise CommandError("Give a TEXT or --lines FILE, not both.", returncode=2)
        if options["lines"] is not None:
            found = self._scan_lines(options["lines"], scan)
        else:
            text = options["text"] if options["text"] is not None else sys.stdin.read()
            findings = scan(text)
            self.stdout.write(_as_json(findings))
            found = bool(findings)
        self.stdout.flush()
        if found:
            raise SystemExit(1)

    def _scan_lines(self, path: str, scan: Any) -> bool:
        if path == "-":
            return self._scan_stream(sys.stdin, scan)
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                return self._scan_stream(handle, scan)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from exc

    def _scan_stream(self, stream: TextIO, scan: Any) -> bool:
        found = False
        for line in stream:
            findings = scan(line.rstrip("\r\n"))
            found = found or bool(findings)
            self.stdout.write(_as_json(findings))
        return found
