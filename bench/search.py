"""Benchmark: the shared search engine beside a plain BM25 (rank_bm25) over the same documents.

    .venv/bin/python bench/search.py [--sizes 88,1000,10000] [--queries 501] [--seed 7]

What it does, in one process, without a database:

1. reads the built-in knowledge articles (``src/wegwijs/knowledge/seed/articles``) as search
   documents, exactly as the knowledge app indexes them;
2. quality: every built-in example question (``src/wegwijs/triage/data/examples.yaml``, the
   way people say things at the desk, labelled with a theme) is searched; a hit counts when
   the top article's main theme is the example's theme (top-1), or one of the first three
   articles has it (top-3). The same for a plain BM25 (rank_bm25's BM25Okapi, words split on
   non-letters, lowercased) and for that BM25 with the Snowball stemmer;
3. speed: the corpus is grown to each size with synthetic documents (sentences of the
   articles recombined, like social-map entries), and for each size it measures the time to
   build the index and the p50/p95 latency of the example questions, for Wegwijs and for the
   plain BM25.

Results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

import yaml
from rank_bm25 import BM25Okapi

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stats import percentile  # noqa: E402  (bench/ is on the path: scripts run from there)

from wegwijs.search.analysis import fold, stem  # noqa: E402
from wegwijs.search.engine import Document, Index  # noqa: E402

ARTICLES = ROOT / "src/wegwijs/knowledge/seed/articles"
EXAMPLES = ROOT / "src/wegwijs/triage/data/examples.yaml"
WORD = re.compile(r"[a-z0-9]+")


def articles() -> list[Document]:
    docs = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        a = yaml.safe_load(path.read_text(encoding="utf-8"))
        docs.append(
            Document(
                kind="article",
                key=a["slug"],
                title=a["title"],
                keywords=" ".join(a["keywords"]),
                summary=f"{a['question']} {a['summary']}",
                body=" ".join([*a["steps"], *a["bring"], a["refer"]]),
                themes=a["themes"],
                organisations=a["organisations"],
            )
        )
    return docs


def synthetic(base: list[Document], count: int, rng: random.Random) -> list[Document]:
    sentences = [s for d in base for s in re.split(r"(?<=\.)\s+", d.body) if len(s) > 20]
    places = ["Amsterdam", "Rotterdam", "Zwolle", "Gouda", "Delft", "Assen", "Venlo", "Hoorn"]
    docs = []
    for i in range(count):
        source = rng.choice(base)
        docs.append(
            Document(
                kind="service",
                key=f"s{i}",
                title=f"{source.title} in {rng.choice(places)}",
                summary=" ".join(rng.sample(sentences, 2)),
                body=" ".join(rng.sample(sentences, 4)),
                themes=source.themes,
                organisations=source.organisations,
            )
        )
    return docs


def plain_tokens(text: str) -> list[str]:
    return WORD.findall(text.lower())


def stemmed_tokens(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(fold(text))]


def text_of(doc: Document) -> str:
    return " ".join([doc.title, doc.keywords, doc.summary, doc.body])


def quality(rank: list[list[str]], expected: list[str]) -> tuple[float, float]:
    top1 = sum(bool(r) and r[0] == e for r, e in zip(rank, expected, strict=True))
    top3 = sum(e in r[:3] for r, e in zip(rank, expected, strict=True))
    return top1 / len(expected), top3 / len(expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="88,1000,10000")
    parser.add_argument("--queries", type=int, default=501)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    base = articles()
    examples = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))[: args.queries]
    queries = [str(e["text"]) for e in examples]
    expected = [str(e["theme"]) for e in examples]
    print(
        f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    )
    print(f"{len(base)} articles, {len(queries)} example questions\n")

    # -- quality on the articles ---------------------------------------------------------
    index = Index()
    index.add_all(base)
    ours = [[h.themes[0] for h in index.search(q, limit=3)] for q in queries]
    theme_of = [d.themes[0] for d in base]
    results = {"Wegwijs search": ours}
    for name, tokens in (("plain BM25", plain_tokens), ("BM25 + stemmer", stemmed_tokens)):
        bm25 = BM25Okapi([tokens(text_of(d)) for d in base])
        ranked = []
        for q in queries:
            scores = bm25.get_scores(tokens(q))
            best = sorted(range(len(base)), key=lambda i: -scores[i])[:3]
            ranked.append([theme_of[i] for i in best if scores[i] > 0])
        results[name] = ranked
    print("Quality: the first article's main theme is the question's theme")
    print(f"{'engine':<18}{'top-1':>8}{'top-3':>8}{'no hit':>8}")
    for name, ranked in results.items():
        top1, top3 = quality(ranked, expected)
        empty = sum(not r for r in ranked)
        print(f"{name:<18}{top1:>8.1%}{top3:>8.1%}{empty:>8}")

    # -- speed at growing sizes -----------------------------------------------------------
    print("\nSpeed (ms): index build, query p50 / p95 over the example questions")
    print(
        f"{'documents':>10}  {'Wegwijs build':>13} {'p50':>7} {'p95':>7}   {'BM25 build':>10} {'p50':>7} {'p95':>7}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        docs = base + synthetic(base, max(0, size - len(base)), rng)
        start = time.perf_counter()
        index = Index()
        index.add_all(docs)
        build = (time.perf_counter() - start) * 1000
        timings = []
        for q in queries:
            t = time.perf_counter()
            index.search(q, limit=10)
            timings.append((time.perf_counter() - t) * 1000)
        start = time.perf_counter()
        bm25 = BM25Okapi([plain_tokens(text_of(d)) for d in docs])
        bm25_build = (time.perf_counter() - start) * 1000
        bm25_times = []
        for q in queries:
            t = time.perf_counter()
            scores = bm25.get_scores(plain_tokens(q))
            sorted(range(len(docs)), key=lambda i: -scores[i])[:10]
            bm25_times.append((time.perf_counter() - t) * 1000)
        print(
            f"{len(docs):>10}  {build:>13.0f} {statistics.median(timings):>7.2f} "
            f"{percentile(timings, 95):>7.2f}   {bm25_build:>10.0f} "
            f"{statistics.median(bm25_times):>7.2f} {percentile(bm25_times, 95):>7.2f}"
        )


if __name__ == "__main__":
    main()
