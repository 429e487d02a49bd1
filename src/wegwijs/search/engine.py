"""An in-memory BM25 index over the search documents, with Dutch query understanding.

Ranking is BM25 over weighted fields (title counts most, then keywords, summary, body). What
makes it fit the desk is the query side, which is matched against the index's own vocabulary:

* stemming (Snowball Dutch) and accent folding, in :mod:`wegwijs.search.analysis`;
* split words joined again: "digi d" -> "digid", "terug betalen" -> "terugbetalen";
* compounds split into known words: "huurtoeslagbrief" -> "huurtoeslag" + "brief" (documents'
  own compounds are split the same way when indexed, so "toeslag" also finds "huurtoeslag");
* spelling mistakes: an unknown word is matched to known words within edit distance 1 or 2
  (RapidFuzz), weighted down by the distance;
* everyday names and synonyms ("blauwe envelop" -> belastingdienst), from ``data/synonyms.yaml``.

The index is rebuilt from the database when the process first searches, then kept current
incrementally: see :mod:`wegwijs.search.services`.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from wegwijs.search.analysis import STOPWORDS, content_words, stem, words

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"title": 3.0, "keywords": 2.0, "summary": 1.5, "body": 1.0}
PART_WEIGHT = 0.5  # a part of a compound in a document
MIN_PART = 3  # shortest word accepted as part of a compound
MIN_COMPOUND = 7  # shortest word that is tried as a compound
MAX_COMPOUND = 60  # longest: splitting is cubic in the length, and no Dutch word is longer
LINKS = ("", "s", "e", "en")  # linking sounds between parts: belasting-s-aangifte


@dataclass(frozen=True)
class Document:
    """What an app hands to the index for one object."""

    kind: str
    key: str
    title: str
    keywords: str = ""
    summary: str = ""
    body: str = ""
    themes: Sequence[str] = ()
    organisations: Sequence[str] = ()
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Hit:
    kind: str
    key: str
    score: float
    title: str
    themes: list[str]
    organisations: list[str]
    data: dict[str, Any]
    matched: list[str]


@dataclass(frozen=True)
class QueryTerm:
    """One term the query looks for: a stem, its weight, and why (for explanations)."""

    stem: str
    weight: float
    origin: str  # the word typed
    how: str  # "exact", "joined", "compound", "fuzzy", "synonym"


@dataclass
class _Entry:
    kind: str
    key: str
    title: str
    themes: list[str]
    organisations: list[str]
    data: dict[str, Any]
    length: float
    terms: dict[str, float]


@lru_cache(maxsize=1)
def synonyms() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Phrase (as folded words) -> the words it means, from data/synonyms.yaml."""
    path = Path(__file__).with_name("data") / "synonyms.yaml"
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    if not path.exists():
        return table
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        means = tuple(w for m in entry.get("means", []) for w in words(str(m)))
        for phrase in entry.get("say", []):
            key = tuple(words(str(phrase)))
            if key and means:
                table[key] = tuple(dict.fromkeys([*table.get(key, ()), *means]))
    return table


class Index:
    """Postings per stem over weighted fields; documents can be added and removed."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], _Entry] = {}
        self.postings: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
        self.surface: dict[str, int] = defaultdict(int)  # folded word -> documents using it
        self.total_length = 0.0
        self._surface_list: list[str] | None = None
        self._norm_cache: dict[tuple[str, str], float] | None = None
        self._splits: dict[str, list[str]] = {}

    def _norms(self) -> dict[tuple[str, str], float]:
        """Per document, BM25's length normalisation K1 * (1 - B + B * length / average);
        computed once after each change of the index."""
        if self._norm_cache is None:
            avg = (self.total_length / len(self.entries)) if self.entries else 1.0
            avg = avg or 1.0
            self._norm_cache = {
                key: K1 * (1 - B + B * entry.length / avg) for key, entry in self.entries.items()
            }
        return self._norm_cache

    # -- building -------------------------------------------------------------------------
    def add_all(self, documents: Iterable[Document]) -> None:
        docs = list(documents)
        self._splits.clear()
        vocabularies = [sorted(set(self._doc_words(doc))) for doc in docs]
        for vocabulary in vocabularies:  # all words first, so compounds split against all
            for word in vocabulary:
                self.surface[word] += 1
        for doc, vocabulary in zip(docs, vocabularies, strict=True):
            self._add(doc, count_surface=False, doc_words=vocabulary)
        self._surface_list = None

    def add(self, doc: Document) -> None:
        self._splits.clear()  # the vocabulary changes
        self.remove(doc.kind, doc.key)
        self._add(doc, count_surface=True)
        self._surface_list = None

    def remove(self, kind: str, key: str) -> None:
        entry = self.entries.pop((kind, key), None)
        if entry is None:
            return
        for term in entry.terms:
            posting = self.postings.get(term)
            if posting is not None:
                posting.pop((kind, key), None)
                if not posting:
                    del self.postings[term]
        for word in entry.data.get("_words", ()):
            self.surface[word] -= 1
            if self.surface[word] <= 0:
                del self.surface[word]
        self.total_length -= entry.length
        self._surface_list = None
        self._norm_cache = None

    @staticmethod
    def _doc_words(doc: Document) -> list[str]:
        return [
            w
            for text in (doc.title, doc.keywords, doc.summary, doc.body)
            for w in words(text)
            if w not in STOPWORDS and not w.isdigit()
        ]

    def _add(
        self, doc: Document, *, count_surface: bool, doc_words: list[str] | None = None
    ) -> None:
        if doc_words is None:
            doc_words = sorted(set(self._doc_words(doc)))
        if count_surface:  # before splitting, as add_all does: its own words count too
            for word in doc_words:
                self.surface[word] += 1
        terms: dict[str, float] = defaultdict(float)
        for name, weight in FIELD_WEIGHTS.items():
            for word in content_words(getattr(doc, name)):
                terms[stem(word)] += weight
                for part in self.split_compound(word):
                    terms[stem(part)] += weight * PART_WEIGHT
        length = sum(terms.values())
        entry = _Entry(
            kind=doc.kind,
            key=doc.key,
            title=doc.title,
            themes=list(doc.themes),
            organisations=list(doc.organisations),
            data={**doc.data, "_words": doc_words},
            length=length,
            terms=dict(terms),
        )
        self.entries[(doc.kind, doc.key)] = entry
        for term, tf in terms.items():
            self.postings[term][(doc.kind, doc.key)] = tf
        self.total_length += length
        self._norm_cache = None

    # -- vocabulary -----------------------------------------------------------------------
    def knows(self, word: str) -> bool:
        return word in self.surface or stem(word) in self.postings

    def split_compound(self, word: str) -> list[str]:
        """The known words a compound consists of, or [] when it is not one we can split.

        Dynamic programming over the word: the fewest known parts (each at least 3 letters,
        not a stop word), optionally joined by a linking "s", "e" or "en"."""
        if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND or not word.isalpha():
            return []
        n = len(word)
        best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, [])
        for i in range(n):
            current = best[i]
            if current is None:
                continue
            for j in range(i + MIN_PART, n + 1):
                part = word[i:j]
                if (i == 0 and j == n) or part in STOPWORDS or part not in self.surface:
                    continue
                for link in LINKS:
                    end = j + len(link)
                    if end > n or word[j:end] != link:
                        continue
                    candidate = (current[0] + 1, [*current[1], part])
                    if best[end] is None or candidate[0] < best[end][0]:  # type: ignore[index]
                        best[end] = candidate
        result = best[n]
        return result[1] if result is not None and result[0] >= 2 else []

    def fuzzy(self, word: str) -> list[tuple[str, int]]:
        """Known words within edit distance 1 (words up to 7 letters) or 2 (longer)."""
        if len(word) < 4 or word.isdigit():
            return []
        if self._surface_list is None:
            self._surface_list = list(self.surface)
        limit = 1 if len(word) <= 7 else 2
        matches = process.extract(
            word,
            self._surface_list,
            scorer=Levenshtein.distance,
            score_cutoff=limit,
            limit=5,
        )
        return [(str(m[0]), int(m[1])) for m in matches if m[1] > 0]

    # -- querying -------------------------------------------------------------------------
    def analyse(self, query: str) -> list[QueryTerm]:
        """The weighted terms a query looks for."""
        tokens = words(query)[:64]
        terms: list[QueryTerm] = []
        table = synonyms()
        longest = max((len(k) for k in table), default=0)
        i = 0
        while i < len(tokens):
            for size in range(min(longest, len(tokens) - i), 0, -1):
                phrase = tuple(tokens[i : i + size])
                if phrase in table:
                    origin = " ".join(phrase)
                    terms.extend(QueryTerm(stem(m), 0.9, origin, "synonym") for m in table[phrase])
                    break
            i += 1
        skip = False
        for i, token in enumerate(tokens):
            if skip:
                skip = False
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and token not in STOPWORDS and self.knows(token + nxt):
                terms.append(QueryTerm(stem(token + nxt), 1.0, f"{token} {nxt}", "joined"))
                # "terug betalen": both parts are words, and count a little too; "digi d" is
                # one word typed with a space.
                if min(len(token), len(nxt)) >= MIN_PART:
                    for part in (token, nxt):
                        if part not in STOPWORDS and self.knows(part):
                            terms.append(QueryTerm(stem(part), 0.4, part, "exact"))
                skip = True
                continue
            if token in STOPWORDS or token.isdigit():
                continue
            terms.extend(self._word_terms(token))
        merged: dict[str, QueryTerm] = {}
        for term in terms:
            if term.stem not in merged or merged[term.stem].weight < term.weight:
                merged[term.stem] = term
        return list(merged.values())

    def _word_terms(self, word: str) -> list[QueryTerm]:
        if stem(word) in self.postings:
            return [QueryTerm(stem(word), 1.0, word, "exact")]
        parts = self.split_compound(word)
        if parts:
            return [QueryTerm(stem(p), 0.8, word, "compound") for p in parts]
        close = self.fuzzy(word)
        if close:
            return [
                QueryTerm(stem(known), 0.85 - 0.2 * distance, word, "fuzzy")
                for known, distance in close[:3]
            ]
        return [QueryTerm(stem(word), 1.0, word, "exact")]  # unknown: matches nothing

    def search(
        self,
        query: str,
        *,
        kinds: Iterable[str] | None = None,
        themes: Iterable[str] | None = None,
        organisations: Iterable[str] | None = None,
        keys: set[tuple[str, str]] | None = None,
        limit: int = 10,
    ) -> list[Hit]:
        terms = self.analyse(query)
        if not terms or not self.entries:
            return []
        kind_set = set(kinds) if kinds else None
        theme_set = set(themes) if themes else None
        org_set = set(organisations) if organisations else None
        n = len(self.entries)
        norms = self._norms()
        scores: dict[tuple[str, str], float] = defaultdict(float)
        used: list[tuple[QueryTerm, dict[tuple[str, str], float]]] = []
        for term in terms:
            posting = self.postings.get(term.stem)
            if not posting:
                continue
            used.append((term, posting))
            df = len(posting)
            factor = term.weight * math.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1)
            for doc_key, tf in posting.items():
                scores[doc_key] += factor * tf / (tf + norms[doc_key])

        def wanted(doc_key: tuple[str, str]) -> bool:
            entry = self.entries[doc_key]
            return (
                (kind_set is None or entry.kind in kind_set)
                and (keys is None or doc_key in keys)
                and (theme_set is None or not theme_set.isdisjoint(entry.themes))
                and (org_set is None or not org_set.isdisjoint(entry.organisations))
            )

        candidates = (item for item in scores.items() if wanted(item[0]))
        best = heapq.nsmallest(limit, candidates, key=lambda item: (-item[1], item[0]))
        hits: list[Hit] = []
        for doc_key, score in best:
            entry = self.entries[doc_key]
            data = {k: v for k, v in entry.data.items() if k != "_words"}
            hits.append(
                Hit(
                    kind=entry.kind,
                    key=entry.key,
                    score=round(score, 4),
                    title=entry.title,
                    themes=entry.themes,
                    organisations=entry.organisations,
                    data=data,
                    matched=sorted({t.origin for t, posting in used if doc_key in posting}),
                )
            )
        return hits
