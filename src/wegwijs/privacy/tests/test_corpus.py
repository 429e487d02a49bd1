"""The hand-written corpus: ordinary questions are never flagged, personal data always is."""

from __future__ import annotations

import pytest

from wegwijs.privacy.scanner import TAGS, mask, scan
from wegwijs.privacy.tests.corpus import ORDINARY, PERSONAL


def test_the_corpus_is_big_enough() -> None:
    assert len(ORDINARY) >= 50
    assert len(PERSONAL) >= 40


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_are_not_flagged(text: str) -> None:
    assert [(f.kind, text[f.start : f.end]) for f in scan(text)] == []


@pytest.mark.parametrize(("text", "expected"), PERSONAL)
def test_personal_data_is_found_and_masked(text: str, expected: list[tuple[str, str]]) -> None:
    findings = scan(text)
    for kind, piece in expected:
        start = text.index(piece)
        end = start + len(piece)
        assert any(f.kind == kind and f.start <= start and end <= f.end for f in findings), (
            kind,
            piece,
            [(f.kind, text[f.start : f.end]) for f in findings],
        )
    masked = mask(text, findings)
    for _kind, piece in expected:
        assert piece not in masked
    # Offsets are right: rebuilding the text from the findings gives the masked text.
    rebuilt, position = "", 0
    for finding in findings:
        rebuilt += text[position : finding.start] + TAGS[finding.kind]
        position = finding.end
    assert rebuilt + text[position:] == masked
    # Masking is complete: the masked text has nothing left to find.
    assert scan(masked) == []
