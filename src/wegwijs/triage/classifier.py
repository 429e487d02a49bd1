"""The triage classifier: free text -> theme and organisation, with probabilities.

Two scikit-learn pipelines (one for the theme, one for the organisation), each a TF-IDF over
two views of the text, fed to a logistic regression:

* word stems (Snowball Dutch, accents folded), uni- and bigrams: the meaning;
* character 3- to 5-grams within words: robust to spelling mistakes ("terugbetaalen"), glued
  or split words ("huurtoeslagbrief", "digi d") and words never seen in training.

Labels come from three sources: the built-in example questions (``data/examples.yaml``), the
knowledge articles (their question, title and keywords, labelled with their main theme and
organisation), and the questions registered at the desk with the citizen's words (the theme and
organisation the worker chose). The desk data grows; the model improves with each retrain.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from wegwijs.search.analysis import content_words, fold, stem

EXAMPLES = Path(__file__).with_name("data") / "examples.yaml"
MAX_REGISTRATIONS = 200_000  # the most recent labelled desk questions used for training


def stems(text: str) -> list[str]:
    """Word features: stems of the content words (module-level so pipelines pickle)."""
    return [stem(w) for w in content_words(text)]


@dataclass(frozen=True)
class Sample:
    text: str
    theme: str
    organisation: str
    source: str  # "example", "article", "desk"


@lru_cache(maxsize=1)
def builtin_examples() -> tuple[Sample, ...]:
    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) if EXAMPLES.exists() else []
    return tuple(
        Sample(str(e["text"]), str(e["theme"]), str(e["organisation"]), "example")
        for e in data or []
    )


def _pipeline(c: float = 4.0) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    analyzer=stems_and_bigrams, sublinear_tf=True, min_df=1, dtype=np.float32
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    preprocessor=fold,
                    sublinear_tf=True,
                    min_df=1,
                    max_features=200_000,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    return Pipeline(
        [("features", features), ("model", LogisticRegression(C=c, solver="saga", max_iter=2000))]
    )


def stems_and_bigrams(text: str) -> list[str]:
    words = stems(text)
    return words + [f"{a} {b}" for a, b in pairwise(words)]


class Classifier:
    """Both fitted pipelines, how often each organisation goes with each theme, and how to ask
    them."""

    def __init__(
        self, theme: Any, organisation: Any, pairs: dict[str, dict[str, float]] | None = None
    ) -> None:
        self.theme = theme
        self.organisation = organisation
        self.pairs = pairs or {}

    @classmethod
    def fit(cls, samples: list[Sample]) -> Classifier:
        texts = [s.text for s in samples]
        weights = [2.0 if s.source == "article" else 1.0 for s in samples]
        theme = _pipeline().fit(texts, [s.theme for s in samples], model__sample_weight=weights)
        organisation = _pipeline().fit(
            texts, [s.organisation for s in samples], model__sample_weight=weights
        )
        counts: dict[str, Counter[str]] = {}
        for s in samples:
            counts.setdefault(s.theme, Counter())[s.organisation] += 1
        pairs = {
            theme: {org: n / sum(c.values()) for org, n in c.items()} for theme, c in counts.items()
        }
        return cls(theme, organisation, pairs)

    def organisation_given_theme(self, theme: str) -> dict[str, float]:
        """How often each organisation was chosen with ``theme`` in the training data."""
        return self.pairs.get(theme, {})

    def knows_any_word(self, text: str) -> bool:
        """Whether the text shares a word stem with the training data (else: no opinion)."""
        vocabulary = self.theme.named_steps["features"].transformer_list[0][1].vocabulary_
        return any(s in vocabulary for s in stems(text))

    @staticmethod
    def _proba(pipeline: Any, text: str) -> dict[str, float]:
        probabilities = pipeline.predict_proba([text])[0]
        return {
            str(label): float(p) for label, p in zip(pipeline.classes_, probabilities, strict=True)
        }

    def themes(self, text: str) -> dict[str, float]:
        return self._proba(self.theme, text)

    def organisations(self, text: str) -> dict[str, float]:
        return self._proba(self.organisation, text)

    def dumps(self) -> bytes:
        return pickle.dumps(
            {"theme": self.theme, "organisation": self.organisation, "pairs": self.pairs}
        )

    @classmethod
    def loads(cls, blob: bytes) -> Classifier:
        # Only blobs this code wrote itself (TriageModel rows) are ever loaded.
        data = pickle.loads(blob)  # noqa: S301
        return cls(data["theme"], data["organisation"], data.get("pairs"))


def evaluate(samples: list[Sample], folds: int = 5, seed: int = 7) -> dict[str, float]:
    """Cross-validated top-1 and top-3 accuracy for theme and organisation."""
    import random

    order = list(range(len(samples)))
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible split, not a secret
    hits: Counter[str] = Counter()
    total = 0
    for fold_no in range(folds):
        test_idx = set(order[fold_no::folds])
        train = [s for i, s in enumerate(samples) if i not in test_idx]
        test = [samples[i] for i in sorted(test_idx) if samples[i].source != "article"]
        clf = Classifier.fit(train)
        for sample in test:
            total += 1
            for name, truth, proba in (
                ("theme", sample.theme, clf.themes(sample.text)),
                ("organisation", sample.organisation, clf.organisations(sample.text)),
            ):
                ranked = sorted(proba, key=lambda k: -proba[k])
                hits[f"{name}_top1"] += ranked[0] == truth
                hits[f"{name}_top3"] += truth in ranked[:3]
    return {k: round(v / total, 3) for k, v in sorted(hits.items())} | {"evaluated": total}
