"""Triage: from the citizen's words to ranked themes, organisations, articles and local help.

:func:`suggest` combines the classifier (:mod:`wegwijs.triage.classifier`) with the shared
search service: the classifier knows how desk questions are worded, the search knows the
articles. Other apps add results through :func:`register_provider` (the social map adds
partners and courses near the branch).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse

from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.search import services as search
from wegwijs.triage.classifier import (
    MAX_REGISTRATIONS,
    Classifier,
    Sample,
    builtin_examples,
    evaluate,
)
from wegwijs.triage.models import TriageModel

CLASSIFIER_WEIGHT = 0.65  # the rest comes from the themes of the best-matching articles
MIN_TEXT = 3
_TAG_RE = re.compile(r"\[[A-Z]+\]")
MIN_PAIR_SCORE = 0.08  # weaker pairs after the first are noise to the worker
MAX_TEXT = 5000


@dataclass(frozen=True)
class Scored:
    code: str
    label: str
    score: float


@dataclass(frozen=True)
class Pair:
    theme: Scored
    organisation: Scored
    score: float


@dataclass(frozen=True)
class ArticleHit:
    id: int
    slug: str
    title: str
    url: str
    summary: str
    score: float


@dataclass(frozen=True)
class Finding:
    """Personal data found (and masked) in the text: what kind, where; never the data."""

    kind: str
    start: int
    end: int


@dataclass
class Triage:
    text: str
    personal_data: list[Finding] = field(default_factory=list)
    themes: list[Scored] = field(default_factory=list)
    organisations: list[Scored] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    articles: list[ArticleHit] = field(default_factory=list)
    extra: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.pairs and not self.articles


#: name -> provider(text, triage, context) returning a list of results for the desk.
Provider = Callable[[str, Triage, dict[str, Any]], list[Any]]
_providers: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """Add results to every triage (the hook the social map uses)."""
    _providers[name] = provider


# -- training -----------------------------------------------------------------------------
def article_samples() -> list[Sample]:
    from wegwijs.knowledge.models import Article, Status

    samples = []
    for a in Article.objects.filter(status=Status.PUBLISHED).only(
        "title", "question", "keywords", "themes", "organisations"
    ):
        if a.themes and a.organisations:
            text = f"{a.question} {a.title} {' '.join(a.keywords)}"
            samples.append(Sample(text, a.themes[0], a.organisations[0], "article"))
    return samples


def desk_samples() -> tuple[list[Sample], int]:
    """The registered questions with the citizen's words, newest first, and the highest id."""
    from wegwijs.desk.models import Question

    rows = list(
        Question.objects.exclude(citizen_words="")
        .order_by("-pk")
        .values_list("pk", "citizen_words", "theme", "organisation")[:MAX_REGISTRATIONS]
    )
    samples = [Sample(text, theme, org, "desk") for _pk, text, theme, org in rows]
    return samples, (rows[0][0] if rows else 0)


def training_set() -> tuple[list[Sample], dict[str, int]]:
    examples = list(builtin_examples())
    articles = article_samples()
    desk, last_id = desk_samples()
    counts = {
        "examples": len(examples),
        "articles": len(articles),
        "registrations": len(desk),
        "last_question_id": last_id,
    }
    return examples + articles + desk, counts


_fitted: dict[str, Classifier] = {}


def _fit(samples: list[Sample]) -> Classifier:
    """Fit, or reuse this process's last fit on exactly the same data."""
    digest = hashlib.sha256(
        "\n".join(f"{s.source}\t{s.theme}\t{s.organisation}\t{s.text}" for s in samples).encode()
    ).hexdigest()
    if digest not in _fitted:
        _fitted.clear()
        _fitted[digest] = Classifier.fit(samples)
    return _fitted[digest]


def train(*, measure: bool = False) -> TriageModel:
    """Fit a new classifier on all labelled data and store it; processes pick it up."""
    samples, counts = training_set()
    classifier = _fit(samples)
    metrics = evaluate(samples) if measure else {}
    return TriageModel.objects.create(blob=classifier.dumps(), metrics=metrics, **counts)


def new_registrations_since_last_model() -> int:
    from wegwijs.desk.models import Question

    latest = TriageModel.objects.order_by("-pk").values_list("last_question_id", flat=True).first()
    return Question.objects.exclude(citizen_words="").filter(pk__gt=latest or 0).count()


def retrain_if_needed(min_new: int = 1) -> TriageModel | None:
    """Train when at least ``min_new`` questions were registered since the last model (or
    when there is no model). Old models are removed, the last three kept."""
    if TriageModel.objects.exists() and new_registrations_since_last_model() < min_new:
        return None
    model = train()
    prune()
    return model


def prune(keep: int = 3) -> None:
    """Remove all but the newest ``keep`` models."""
    newest = list(TriageModel.objects.order_by("-pk").values_list("pk", flat=True)[:keep])
    TriageModel.objects.exclude(pk__in=newest).delete()


_lock = threading.Lock()
_loaded: tuple[int, Classifier] | None = None


def classifier() -> Classifier:
    """The newest stored classifier (trained on the spot at a cold start), cached per process."""
    global _loaded
    latest = TriageModel.objects.order_by("-pk").values_list("pk", flat=True).first()
    with _lock:
        if latest is None:
            with transaction.atomic():
                model = train()
            latest = model.pk
            _loaded = (model.pk, Classifier.loads(bytes(model.blob)))
        elif _loaded is None or _loaded[0] != latest:
            blob = TriageModel.objects.values_list("blob", flat=True).get(pk=latest)
            _loaded = (latest, Classifier.loads(bytes(blob)))
        return _loaded[1]


def reset() -> None:
    global _loaded
    with _lock:
        _loaded = None


# -- suggesting ---------------------------------------------------------------------------
def _normalised(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    return {k: v / total for k, v in scores.items()} if total > 0 else {}


def _combine(model: dict[str, float], found: dict[str, float]) -> dict[str, float]:
    if not found:
        return model
    keys = set(model) | set(found)
    return {
        k: CLASSIFIER_WEIGHT * model.get(k, 0.0) + (1 - CLASSIFIER_WEIGHT) * found.get(k, 0.0)
        for k in keys
    }


def suggest(text: str, *, context: dict[str, Any] | None = None, limit: int = 3) -> Triage:
    """Ranked suggestions for what a citizen asked, in their own words.

    The text passes the privacy guard first: personal data is replaced by its label ([BSN],
    [NAAM]...) before anything else sees it, and ``personal_data`` says what was found where.
    Nothing is stored or logged."""
    from wegwijs.privacy.scanner import mask, scan

    text = " ".join(str(text).split())[:MAX_TEXT]
    findings = scan(text)
    if findings:
        text = mask(text, findings)
    result = Triage(text=text, personal_data=[Finding(f.kind, f.start, f.end) for f in findings])
    text = " ".join(_TAG_RE.sub(" ", text).split())  # a label says nothing about the question
    if len(text) < MIN_TEXT:
        return result
    hits = search.search(text, kinds=["article"], limit=10)
    clf = classifier()
    if not hits and not clf.knows_any_word(text):
        return result
    theme_found: dict[str, float] = defaultdict(float)
    org_found: dict[str, float] = defaultdict(float)
    if hits:
        top = hits[0].score
        for hit in hits:
            weight = hit.score / top
            for i, code in enumerate(hit.themes):
                theme_found[code] += weight * (1.0 if i == 0 else 0.4)
            for i, code in enumerate(hit.organisations):
                org_found[code] += weight * (1.0 if i == 0 else 0.4)
    themes = _combine(clf.themes(text), _normalised(theme_found))
    organisations = _combine(clf.organisations(text), _normalised(org_found))
    theme_labels = dict(Theme.choices)
    org_labels = dict(OrganisationCode.choices)
    ranked_themes = sorted(themes, key=lambda k: -themes[k])
    ranked_orgs = sorted(organisations, key=lambda k: -organisations[k])
    result.themes = [
        Scored(c, str(theme_labels.get(c, c)), round(themes[c], 3)) for c in ranked_themes[:limit]
    ]
    result.organisations = [
        Scored(c, str(org_labels.get(c, c)), round(organisations[c], 3))
        for c in ranked_orgs[:limit]
    ]
    # Pairs: each likely theme with the organisation that fits it best: the classifier's view
    # of the organisation, and how often that organisation goes with the theme.
    pairs: list[Pair] = []
    for theme in result.themes:
        given = clf.organisation_given_theme(theme.code)
        scored = {
            org: 0.5 * organisations.get(org, 0.0) + 0.5 * given.get(org, 0.0)
            for org in set(organisations) | set(given)
        }
        if not scored:
            continue
        best = max(scored, key=lambda org: scored[org])
        org_scored = Scored(
            best, str(org_labels.get(best, best)), round(organisations.get(best, 0.0), 3)
        )
        pairs.append(Pair(theme, org_scored, round(theme.score * scored[best], 3)))
    pairs.sort(key=lambda p: -p.score)
    result.pairs = [p for i, p in enumerate(pairs) if i == 0 or p.score >= MIN_PAIR_SCORE]
    result.articles = [
        ArticleHit(
            id=int(h.data.get("id", 0)),
            slug=h.key,
            title=h.title,
            url=reverse("knowledge:detail", args=[h.key]),
            summary=str(h.data.get("summary", "")),
            score=h.score,
        )
        for h in hits[:limit]
    ]
    for name, provider in _providers.items():
        result.extra[name] = provider(text, result, context or {})
    return result


def as_json(result: Triage, absolute: Callable[[str], str] = str) -> dict[str, Any]:
    """The answer of ``POST /api/v1/triage/`` and ``wegwijs triage --json``; ``absolute``
    turns article paths into full URLs where a request is known."""
    data = asdict(result)
    for item in [*data["articles"], *(i for items in data["extra"].values() for i in items)]:
        if isinstance(item, dict) and item.get("url"):
            item["url"] = absolute(item["url"])
    return data
