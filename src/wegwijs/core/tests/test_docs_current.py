"""The docs that are generated from code must be current."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[4]


def test_operations_doc_lists_every_environment_variable_as_the_settings_declare_them():
    out = io.StringIO()
    call_command("envdocs", stdout=out)
    doc = (ROOT / "docs" / "operations.md").read_text()
    match = re.search(r"<!-- envdocs:start -->\n(.*?)<!-- envdocs:end -->", doc, re.S)
    assert match, "docs/operations.md lost its envdocs markers"
    assert match.group(1) == out.getvalue(), (
        "docs/operations.md is out of date: paste the output of `wegwijs envdocs` between the markers"
    )
