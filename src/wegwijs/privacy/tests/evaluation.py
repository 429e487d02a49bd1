"""Precision and recall of the privacy guard on labelled texts, per kind and overall.

A labelled text is ``(text, [(kind, exact substring), ...])``; an empty list means the text
holds no personal data. The held-out set (``data/heldout.jsonl``, one JSON object a line:
``{"text": ..., "expected": [{"kind": ..., "text": ...}]}``) was written by hand, apart from
the rules, as desk staff and citizens type; the fresh set (``data/fresh.jsonl``, same format) was
written blind later, after the rules had reached 100 % on the held-out set, to see how they
generalise; the older corpus (``corpus.py``) is scored the same way. ``scripts/pii-eval`` prints
the tables; ``test_heldout.py`` and ``test_fresh.py`` assert floors.

Scoring:

- an expected piece is *found* when findings of its kind together cover every letter and
  digit of it (a finding may be longer: "Hoofdstraat 7 in Ede" covers "Hoofdstraat 7");
- a finding is *correct* when it overlaps an expected piece of its kind; otherwise it is a
  false positive of its kind (also when it overlaps a piece of another kind);
- *masked* counts the expected pieces whose letters and digits are all inside findings of any
  kind: what matters for storing (a "name" on an address still hides it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wegwijs.privacy.scanner import KINDS, Finding, scan

HELDOUT = Path(__file__).parent / "data" / "heldout.jsonl"
FRESH = Path(__file__).parent / "data" / "fresh.jsonl"

Labelled = tuple[str, list[tuple[str, str]]]


def load_heldout(path: Path = HELDOUT) -> list[Labelled]:
    items: list[Labelled] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            expected = [(e["kind"], e["text"]) for e in record["expected"]]
            for kind, piece in expected:
                if kind not in KINDS or piece not in record["text"]:
                    raise ValueError(f"{path.name} line {number}: bad label {kind}: {piece!r}")
            items.append((record["text"], expected))
    return items


def load_fresh() -> list[Labelled]:
    return load_heldout(FRESH)


def load_triage_questions() -> list[Labelled]:
    """The triage app's example and evaluation questions (written by others, no personal data):
    a larger set of ordinary desk questions for the false-positive rate."""
    import yaml

    data = Path(__file__).resolve().parents[2] / "triage" / "data"
    texts: list[str] = []
    examples = data / "examples.yaml"
    if examples.exists():
        texts += [item["text"] for item in yaml.safe_load(examples.read_text(encoding="utf-8"))]
    for tsv in sorted((data / "eval").glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[0])
    return [(text, []) for text in dict.fromkeys(texts)]


def load_corpus() -> list[Labelled]:
    from wegwijs.privacy.tests.corpus import ORDINARY, PERSONAL

    return [(text, []) for text in ORDINARY] + [(t, list(e)) for t, e in PERSONAL]


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    findings: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0


@dataclass
class Report:
    kinds: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    total: Score = field(default_factory=Score)
    masked: int = 0
    negatives: int = 0  # texts without personal data
    flagged_negatives: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # text, kind, piece
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # text, kind, found piece

    @property
    def masked_recall(self) -> float:
        return self.masked / self.total.expected if self.total.expected else 1.0


def _spans(text: str, piece: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(piece)
    while start >= 0:
        spans.append((start, start + len(piece)))
        start = text.find(piece, start + 1)
    return spans


def _covered(text: str, span: tuple[int, int], findings: Iterable[Finding]) -> bool:
    inside = {i for f in findings for i in range(f.start, f.end)}
    return all(i in inside for i in range(*span) if text[i].isalnum())


def evaluate(items: Sequence[Labelled], scanner: Callable[[str], list[Finding]] = scan) -> Report:
    report = Report()
    for text, expected in items:
        findings = scanner(text)
        if not expected:
            report.negatives += 1
            if findings:
                report.flagged_negatives.append(
                    (text, [(f.kind, text[f.start : f.end]) for f in findings])
                )
        pieces = [(kind, span) for kind, piece in expected for span in _spans(text, piece)[:1]]
        for kind, span in pieces:
            score = report.kinds[kind]
            score.expected += 1
            report.total.expected += 1
            if _covered(text, span, [f for f in findings if f.kind == kind]):
                score.found += 1
                report.total.found += 1
            else:
                report.missed.append((text, kind, text[span[0] : span[1]]))
            if _covered(text, span, findings):
                report.masked += 1
        for finding in findings:
            score = report.kinds[finding.kind]
            score.findings += 1
            report.total.findings += 1
            if any(
                kind == finding.kind and finding.start < end and start < finding.end
                for kind, (start, end) in pieces
            ):
                score.correct += 1
                report.total.correct += 1
            else:
                report.wrong.append((text, finding.kind, text[finding.start : finding.end]))
    return report


def format_report(title: str, report: Report) -> str:
    lines = [
        title,
        f"{'kind':<8} {'expected':>8} {'found':>6} {'recall':>7} {'findings':>8} "
        f"{'correct':>7} {'precision':>9}",
    ]
    rows = [*report.kinds.items(), ("all", report.total)]
    for kind, s in rows:
        lines.append(
            f"{kind:<8} {s.expected:>8} {s.found:>6} {s.recall:>7.3f} {s.findings:>8} "
            f"{s.correct:>7} {s.precision:>9.3f}"
        )
    lines.append(
        f"masked (any kind): {report.masked}/{report.total.expected} = {report.masked_recall:.3f}; "
        f"texts without personal data flagged: {len(report.flagged_negatives)}/{report.negatives}"
    )
    return "\n".join(lines)


def format_errors(report: Report) -> str:
    lines = ["missed:"]
    lines += [f"  {kind:<7} {piece!r:<32} in {text!r}" for text, kind, piece in report.missed]
    lines.append("false findings:")
    lines += [f"  {kind:<7} {piece!r:<32} in {text!r}" for text, kind, piece in report.wrong]
    return "\n".join(lines)
