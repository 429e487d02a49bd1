"""Measure triage on a labelled file, beside a plain BM25 over the same articles.

The file is tab-separated: the question, the allowed theme codes (comma-separated), the
allowed organisation codes (comma-separated); lines starting with # and empty lines are
skipped. A suggestion is right when it is one of the allowed codes. Top-1: the first
suggestion is right; top-3: one of the first three is.

The baseline ranks the published articles with BM25 (rank_bm25's BM25Okapi) over lowercase
words, without any Dutch processing, and suggests the main theme and organisation of the best
articles in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wegwijs.desk.codes import OrganisationCode, Theme

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Case:
    line: int
    text: str
    themes: frozenset[str]
    organisations: frozenset[str]


class EvalFileError(ValueError):
    pass


def read(path: Path) -> list[Case]:
    """The cases of a TSV file; raises EvalFileError naming every bad line."""
    problems: list[str] = []
    cases: list[Case] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read ({exc})") from exc
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3:
            problems.append(f"line {number}: expected 3 tab-separated columns, got {len(parts)}")
            continue
        text, themes, organisations = (p.strip() for p in parts)
        theme_set = frozenset(c.strip() for c in themes.split(",") if c.strip())
        org_set = frozenset(c.strip() for c in organisations.split(",") if c.strip())
        unknown = sorted((theme_set - set(Theme.values)) | (org_set - set(OrganisationCode.values)))
        if not text or not theme_set or not org_set:
            problems.append(f"line {number}: text, themes and organisations are all required")
        elif unknown:
            problems.append(f"line {number}: unknown code(s) {', '.join(unknown)}")
        else:
            cases.append(Case(number, text, theme_set, org_set))
    if problems:
        raise EvalFileError("\n".join(problems))
    if not cases:
        raise EvalFileError(f"{path}: no questions")
    return cases


Predictor = Callable[[str], tuple[list[str], list[str]]]


def score(cases: Sequence[Case], predict: Predictor) -> dict[str, float]:
    hits = {"theme_top1": 0, "theme_top3": 0, "organisation_top1": 0, "organisation_top3": 0}
    for case in cases:
        themes, organisations = predict(case.text)
        hits["theme_top1"] += bool(themes[:1]) and themes[0] in case.themes
        hits["theme_top3"] += bool(case.themes.intersection(themes[:3]))
        hits["organisation_top1"] += (
            bool(organisations[:1]) and organisations[0] in case.organisations
        )
        hits["organisation_top3"] += bool(case.organisations.intersection(organisations[:3]))
    return {k: round(v / len(cases), 4) for k, v in hits.items()}


def triage_predictor() -> Predictor:
    from wegwijs.triage import services

    def predict(text: str) -> tuple[list[str], list[str]]:
        result = services.suggest(text, limit=3)
        return [t.code for t in result.themes], [o.code for o in result.organisations]

    return predict


def bm25_predictor() -> Predictor:
    from rank_bm25 import BM25Okapi

    from wegwijs.knowledge.models import Article, Status

    articles = list(
        Article.objects.filter(status=Status.PUBLISHED)
        .order_by("pk")
        .only(
            "title",
            "question",
            "summary",
            "steps",
            "bring",
            "refer",
            "keywords",
            "themes",
            "organisations",
        )
    )
    if not articles:
        return lambda text: ([], [])

    def tokens(text: str) -> list[str]:
        return _WORD.findall(text.lower())

    corpus = [
        tokens(" ".join([a.title, a.question, a.summary, *a.steps, *a.bring, a.refer, *a.keywords]))
        for a in articles
    ]
    bm25 = BM25Okapi(corpus)

    def predict(text: str) -> tuple[list[str], list[str]]:
        scores = bm25.get_scores(tokens(text))
        order = sorted(range(len(articles)), key=lambda i: -scores[i])
        ranked = [articles[i] for i in order if scores[i] > 0]
        themes = list(dict.fromkeys(a.themes[0] for a in ranked))
        organisations = list(dict.fromkeys(a.organisations[0] for a in ranked))
        return themes, organisations

    return predict
