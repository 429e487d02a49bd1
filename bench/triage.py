"""Benchmark: one triage call (privacy guard, search, classifier) with 1,000 articles, beside a
plain BM25 over the same articles.

    .venv/bin/python bench/triage.py [--articles 1000] [--queries 501] [--seed 7]

What it does, in one process, on a temporary SQLite database (deleted at the end):

1. migrates it and loads the built-in articles, then adds synthetic published articles up to
   ``--articles`` (sentences of the built-in ones recombined, with their codes);
2. builds the search index and trains the classifier (both timed);
3. calls ``triage.services.suggest()`` once per built-in example question (the way people say
   things at the desk) after one warm-up call, and reports p50/p95/max per call;
4. the baseline: rank_bm25's BM25Okapi over the same articles (lowercase words, no Dutch
   processing), ranking all articles for each question, timed the same way;
5. prints the triage quality on ``triage/data/eval/heldout.tsv`` when it is there, for both.

Target (issue 4): p95 at most 30 ms per triage call in-process. Results are recorded by hand in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stats import percentile  # noqa: E402  (bench/ is on the path: scripts run from there)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=501)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="wegwijs-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wegwijs.conf.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)

    import yaml

    from wegwijs.knowledge import seed
    from wegwijs.knowledge.models import Article, Status
    from wegwijs.search import services as search
    from wegwijs.triage import evaluation
    from wegwijs.triage import services as triage
    from wegwijs.triage.classifier import EXAMPLES

    rng = random.Random(args.seed)
    seed.load()
    base = list(Article.objects.all())
    owner = base[0].owner
    sentences = [s for a in base for s in [*a.steps, a.summary, a.refer] if len(s) > 20]
    extra = [
        Article(
            slug=f"synthetic-{i}",
            title=f"{source.title} ({i})",
            question=source.question,
            summary=" ".join(rng.sample(sentences, 2))[:400],
            steps=rng.sample(sentences, 4),
            themes=source.themes,
            organisations=source.organisations,
            keywords=[],
            source=source.source,
            owner=owner,
            status=Status.PUBLISHED,
            review_by=source.review_by,
        )
        for i, source in enumerate(rng.choices(base, k=max(0, args.articles - len(base))))
    ]
    for article in extra:
        article.codes = " " + " ".join([*article.themes, *article.organisations]) + " "
    Article.objects.bulk_create(extra, batch_size=500)
    total = Article.objects.filter(status=Status.PUBLISHED).count()

    start = time.perf_counter()
    search.reindex(["article"])
    search.current_index()
    index_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    triage.train()
    train_ms = (time.perf_counter() - start) * 1000

    examples = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))[: args.queries]
    queries = [str(e["text"]) for e in examples]
    triage.suggest(queries[0])  # warm-up: loads the classifier and the name model
    timings = []
    for q in queries:
        t = time.perf_counter()
        triage.suggest(q)
        timings.append((time.perf_counter() - t) * 1000)

    start = time.perf_counter()
    baseline = evaluation.bm25_predictor()
    bm25_build = (time.perf_counter() - start) * 1000
    bm25_times = []
    for q in queries:
        t = time.perf_counter()
        baseline(q)
        bm25_times.append((time.perf_counter() - t) * 1000)

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"{total} published articles, {len(queries)} questions")
    print(
        f"search index built in {index_ms:.0f} ms, classifier trained in {train_ms:.0f} ms, "
        f"BM25 built in {bm25_build:.0f} ms\n"
    )
    print(f"{'per call (ms)':<28}{'p50':>8}{'p95':>8}{'max':>8}")
    for name, values in (("Wegwijs triage", timings), ("plain BM25 (rank_bm25)", bm25_times)):
        print(
            f"{name:<28}{statistics.median(values):>8.2f}{percentile(values, 95):>8.2f}"
            f"{max(values):>8.2f}"
        )
    heldout = ROOT / "src/wegwijs/triage/data/eval/heldout.tsv"
    if heldout.exists():
        cases = evaluation.read(heldout)
        print(f"\nQuality on {heldout.name} ({len(cases)} questions, {total} articles):")
        for name, predictor in (
            ("Wegwijs triage", evaluation.triage_predictor()),
            ("plain BM25", baseline),
        ):
            r = evaluation.score(cases, predictor)
            print(
                f"{name:<16} theme top-1 {r['theme_top1']:.1%} top-3 {r['theme_top3']:.1%}  "
                f"organisation top-1 {r['organisation_top1']:.1%} top-3 {r['organisation_top3']:.1%}"
            )


if __name__ == "__main__":
    main()
