"""Benchmark: the typical wording of the agency feedback (``monitor.wording``) on SQLite and
PostgreSQL, beside plain Python Counters computing the same word and phrase counts over an
export of the same texts.

    .venv/bin/python bench/feedback.py [--count 100000] [--databases sqlite,postgresql]
                                       [--organisations logius,uwv] [--share 0.33]
                                       [--runs 5] [--seed 1] [--database wegwijs_bench_feedback]
    .venv/bin/python bench/feedback.py --count 1000000 --databases postgresql

What it does, per database, in a subprocess with its own fresh database (SQLite in a temporary
folder, PostgreSQL ``--database`` on 127.0.0.1:5432, dropped at the end):

1. migrates, loads the demo network and users, and generates ``--count`` questions from
   1 January of last year up to yesterday with the monitor's generator (its rate is printed);
2. puts the citizen's words on a ``--share`` of the questions (as the desk stores them after
   the privacy guard): varied Dutch texts of 3 to 25 words made from fragments that fit the
   question's organisation, general fragments, connectives and filler words, some with a
   number, a date or an e-mail address (which cut a text), so that texts repeat as rarely as
   in real registrations and the thresholds (5 questions, 3 libraries) are met by the
   common phrases only;
3. times ``wording.wording(organisation, this year, the year before)`` (the feedback page's
   default; 24 months), per organisation: *cold* (cache and the analyser's in-process caches
   cleared; the privacy guard's name model already loaded), *cached* (the same call again),
   and *after one new registration* (a visit with a question about the organisation
   registered through the desk service, untimed, just before; on PostgreSQL the call folds
   its rollup deltas first). ``--runs`` times each;
4. the baseline, in the same process: the same texts exported once (text, library
   organisation, month; the export is timed apart), then one pass of
   ``wording.analyse`` over them into plain ``collections.Counter``s: questions and library
   organisations per phrase for the period, questions per phrase for the year before: the
   same word and phrase counts, without months, cache, versions or privacy check. The
   baseline's counts are compared with the wording's merged counts (they must be equal).
   DuckDB is not the baseline here: without its ``fts`` extension (not installed; it would
   be downloaded) it has no Dutch Snowball stemmer, so it cannot cut and stem texts the
   same way.

Nothing is written to the repository; results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from stats import percentile  # noqa: E402
from worker import run_worker  # noqa: E402

DB_NAME = "wegwijs_bench_feedback"

# --- The citizen's words ----------------------------------------------------------------------

SPECIFIC = {
    "logius": [
        "DigiD aanvragen", "DigiD app activeren", "inloggen met DigiD lukt niet",
        "activeringscode is verlopen", "brief met de activeringscode kwijt",
        "sms code komt niet aan", "wachtwoord vergeten", "gebruikersnaam vergeten",
        "DigiD machtigen voor mijn moeder", "nieuwe telefoon en de app werkt niet meer",
        "ID-check met de app", "DigiD opnieuw aanvragen", "code scannen met de camera",
    ],
    "uwv": [
        "WW-uitkering aanvragen", "werkmap inloggen", "ziektewet aanvragen",
        "WIA keuring", "uitkering is gestopt", "inkomsten doorgeven in de werkmap",
        "sollicitaties doorgeven", "werkmap vraagt om activiteiten", "jaaropgave downloaden",
        "vakantiegeld van het UWV",
    ],
    "belastingdienst": [
        "belastingaangifte invullen", "aangifte inkomstenbelasting", "voorlopige aanslag",
        "betalingsregeling aanvragen", "brief van de belastingdienst", "aanslag klopt niet",
        "aangifte voor mijn overleden man", "teruggave is te laag",
    ],
    "toeslagen": [
        "huurtoeslag aanvragen", "zorgtoeslag terugbetalen", "toeslag wijzigen",
        "inkomen doorgeven voor de toeslagen", "kinderopvangtoeslag stopzetten",
        "toeslag is te hoog", "mijn toeslagen inloggen",
    ],
    "svb": [
        "AOW aanvragen", "kinderbijslag aanvragen", "AOW gaat in", "jaaropgave AOW",
        "adreswijziging doorgeven aan de SVB", "AOW en buitenland",
    ],
    "duo": [
        "studiefinanciering aanvragen", "studieschuld terugbetalen", "inburgering examen",
        "diploma opvragen", "mijn DUO inloggen",
    ],
    "cjib": [
        "boete betalen", "betalingsregeling voor een boete", "verkeersboete ontvangen",
        "aanmaning van het CJIB", "boete in termijnen",
    ],
    "gemeente": [
        "afspraak paspoort maken", "verhuizing doorgeven", "bijstand aanvragen",
        "Wmo aanvraag", "parkeervergunning aanvragen", "afvalpas aanvragen",
    ],
}  # fmt: skip
GENERAL = [
    "ik snap het niet", "het lukt niet", "ik krijg een foutmelding", "op mijn telefoon",
    "op de computer thuis", "al drie keer geprobeerd", "ik heb hulp nodig", "weet niet hoe",
    "de website is onduidelijk", "ik kan niet inloggen", "mijn kinderen wonen ver weg",
    "ik heb geen printer", "de brief is niet duidelijk", "wat moet ik invullen",
    "ik ben bang om fouten te maken", "de letters zijn te klein", "ik heb geen e-mailadres",
    "ik wil het zelf leren", "samen met de vrijwilliger", "hoe lang duurt het",
    "wie kan mij helpen", "ik kreeg een brief", "mijn tablet is nieuw",
]  # fmt: skip
CONNECTIVES = [", ", " en ", ". ", " maar ", " want ", "; ", " omdat ", " ", " dus "]
FILLERS = (  # noqa: SIM905 - a word list reads better as text
    "echt eigenlijk gisteren vandaag vorige week weer toen nog steeds alleen samen graag "
    "moeilijk lastig snel langzaam thuis hier daar even nieuw oud eerst daarna meteen nooit "
    "soms vaak buurvrouw dochter zoon kleinzoon schoonzus mantelzorger huisarts bank "
    "bibliotheek formulier scherm knop pagina wachtwoord computer laptop account bericht "
    "mail brief envelop papieren digitaal internet wifi printer camera foto handtekening"
).split()
SPECIAL = [
    "sinds 3 weken", "al 2 maanden", "op 12 maart", "voor 1 juli", "mail naar info@voorbeeld.nl",
    "nummer 0800-1234", "in 2024", "vanaf 1-1-2026",
]  # fmt: skip


def citizen_text(rng: random.Random, organisation: str) -> str:
    """One varied text for a question about ``organisation``."""
    own = SPECIFIC.get(organisation, [])
    parts = []
    for _i in range(rng.choice((1, 1, 2, 2, 2, 3))):
        pool = own if own and rng.random() < 0.6 else GENERAL
        fragment = rng.choice(pool)
        words = fragment.split()
        for _j in range(rng.choice((0, 0, 1, 1, 2))):  # a filler word somewhere in it
            words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
        parts.append(" ".join(words))
    if rng.random() < 0.12:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(SPECIAL))
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(CONNECTIVES) + part
    text = text[0].upper() + text[1:]
    return text + rng.choice(("", "", ".", "?", "!"))


def add_citizen_words(share: float, seed: int) -> tuple[int, int]:
    """Put texts on ``share`` of the questions; returns (texts, distinct texts)."""
    from django.db import connection, transaction

    from wegwijs.desk.models import Question

    rng = random.Random(seed)
    rows = Question.objects.values_list("pk", "organisation").order_by("pk").iterator(5000)
    batch: list[tuple[str, int]] = []
    texts, distinct = 0, set()
    table = Question._meta.db_table
    sql = f"UPDATE {table} SET citizen_words = %s WHERE id = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        for pk, organisation in rows:
            if rng.random() >= share:
                continue
            text = citizen_text(rng, organisation)
            batch.append((text, pk))
            texts += 1
            distinct.add(text)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return texts, len(distinct)


# --- The worker: one database -------------------------------------------------------------------


def _cold() -> None:
    from django.core.cache import cache

    from wegwijs.monitor import wording

    cache.clear()
    wording._token.cache_clear()
    wording._guard_hit.cache_clear()


def _export(organisation: str, first: date, last: date) -> list[tuple[str, int, str]]:
    """The texts about ``organisation`` from ``first`` to the end of month ``last``: (text,
    library organisation, month) in local time, read once as an export would."""
    from wegwijs.desk.models import Question
    from wegwijs.monitor.wording import ZONE, month_bounds

    low, _high = month_bounds(first)
    _low, high = month_bounds(last)
    rows = (
        Question.objects.filter(
            organisation=organisation, visit__occurred_at__gte=low, visit__occurred_at__lt=high
        )
        .exclude(citizen_words="")
        .values_list("citizen_words", "visit__branch__organisation_id", "visit__occurred_at")
        .order_by()
        .iterator(chunk_size=5000)
    )
    return [(text, library, f"{at.astimezone(ZONE):%Y-%m}") for text, library, at in rows]


def _baseline(
    rows: list[tuple[str, int, str]], period: Any, previous: Any
) -> tuple[Counter[str], dict[str, set[int]], Counter[str]]:
    """Questions and libraries per phrase in the period, questions per phrase before: one
    pass of the same analyser over the exported texts, into plain Counters."""
    from wegwijs.monitor.wording import analyse

    now_months = {f"{m:%Y-%m}" for m in _months(period)}
    before_months = {f"{m:%Y-%m}" for m in _months(previous)}
    questions: Counter[str] = Counter()
    libraries: dict[str, set[int]] = {}
    before: Counter[str] = Counter()
    for text, library, month in rows:
        if month in now_months:
            for key in analyse(text).phrases:
                questions[key] += 1
                libraries.setdefault(key, set()).add(library)
        elif month in before_months:
            before.update(analyse(text).phrases.keys())
    return questions, libraries, before


def _months(period: Any) -> list[date]:
    from wegwijs.monitor.wording import months

    return months(period)


def worker(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from datetime import UTC, datetime

    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict

    from wegwijs.accounts.models import User
    from wegwijs.desk import services
    from wegwijs.desk.services import QuestionInput, VisitInput
    from wegwijs.monitor import generator, wording
    from wegwijs.monitor.filters import MonitorFilterForm
    from wegwijs.network import demo
    from wegwijs.privacy.scanner import scan

    out: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", verbosity=0)
    demo.load_network()
    demo.load_users()
    today = date.today()
    end = today - timedelta(days=1)
    start = date(today.year - 1, 1, 1)
    result = generator.generate(args.count, seed=args.seed, start=start, end=end)
    out["generate"] = {
        "questions": result.questions,
        "visits": result.visits,
        "seconds": round(result.seconds, 1),
        "per_second": round(result.per_second),
    }
    t0 = time.perf_counter()
    texts, distinct = add_citizen_words(args.share, args.seed)
    out["words"] = {
        "texts": texts,
        "distinct": distinct,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    form = MonitorFilterForm(QueryDict(f"year={today.year}"), user=None, today=today)
    assert form.is_valid(), form.errors
    period = form.cleaned_data["period"]
    previous = period.previous()
    out["period"] = f"{period.start:%Y-%m} to {period.end:%Y-%m}"
    t0 = time.perf_counter()
    scan("Ik heet Jan de Vries")  # the privacy guard's name model, loaded once per process
    out["guard_load_seconds"] = round(time.perf_counter() - t0, 2)
    desk_user = User.objects.get(username="medewerker")
    minute = [0]

    def register(organisation: str) -> None:
        minute[0] += 1
        services.register_visit(
            desk_user,
            VisitInput(
                branch_id=desk_user.branch_id,
                occurred_at=datetime.now(UTC) - timedelta(minutes=minute[0]),
                channel="balie",
                duration="lt10",
                questions=[
                    QuestionInput(
                        theme="overig",
                        organisation=organisation,
                        help_given="samen",
                        citizen_words="Ik kan niet inloggen op mijn telefoon",
                    )
                ],
            ),
        )

    results = []
    for organisation in args.organisations.split(","):
        timings: dict[str, list[float]] = {"cold": [], "cached": [], "new": []}
        answer = None
        for _run in range(args.runs):
            _cold()
            t0 = time.perf_counter()
            answer = wording.wording(organisation, period, previous)
            timings["cold"].append((time.perf_counter() - t0) * 1000)
            for _i in range(5):
                t0 = time.perf_counter()
                wording.wording(organisation, period, previous)
                timings["cached"].append((time.perf_counter() - t0) * 1000)
        for _run in range(args.runs):
            register(organisation)
            t0 = time.perf_counter()
            answer = wording.wording(organisation, period, previous)
            timings["new"].append((time.perf_counter() - t0) * 1000)
        assert answer is not None
        # The baseline, over an export of the same texts (the new registrations included).
        t0 = time.perf_counter()
        rows = _export(organisation, previous.start, period.end)
        export_ms = (time.perf_counter() - t0) * 1000
        base_ms = []
        for _run in range(args.runs):
            wording._token.cache_clear()
            t0 = time.perf_counter()
            questions, libraries, before = _baseline(rows, period, previous)
            base_ms.append((time.perf_counter() - t0) * 1000)
        # The same counts: the wording's merged months against the Counters.
        versions = wording.month_versions(organisation, previous.start, period.end)
        merged = wording.merge(
            wording.month_counts(organisation, m, versions.get(m, ""))
            for m in wording.months(period)
        )
        same = (
            answer.texts == sum(1 for r in rows if r[2] >= f"{period.start:%Y-%m}")
            and all(
                questions[k] == v[0] and len(libraries[k]) == len(v[1])
                for k, v in merged.phrases.items()
            )
            and len(merged.phrases) == len(questions)
        )
        shown = [*answer.words, *answer.phrases]
        same = same and all(before[p.key] == p.previous for p in shown)
        results.append(
            {
                "organisation": organisation,
                "texts": answer.texts,
                "previous_texts": answer.previous_texts,
                "phrases": len(questions),
                "shown": len(shown),
                "withheld_by_guard": answer.withheld_by_guard,
                "ms": timings,
                "export_ms": export_ms,
                "baseline_ms": base_ms,
                "same_counts": same,
            }
        )
    out["wording"] = results
    print("RESULT " + json.dumps(out))


# --- The orchestrator ---------------------------------------------------------------------------


def run(database: str, args: argparse.Namespace) -> dict[str, Any]:
    def arguments(tmp: str) -> list[str]:
        return [
            "--count", str(args.count),
            "--organisations", args.organisations,
            "--share", str(args.share),
            "--runs", str(args.runs),
            "--seed", str(args.seed),
        ]  # fmt: skip

    return run_worker(
        __file__, database, args.database, arguments, prefix="wegwijs-bench-feedback-"
    )


def _ms(values: list[float]) -> str:
    p50, p95 = percentile(values, 50), percentile(values, 95)
    if p50 < 10:
        return f"{p50:.2f} / {p95:.2f}"
    return f"{p50:,.0f} / {p95:,.0f}"


def report(result: dict[str, Any], seconds: float) -> None:
    gen, words = result["generate"], result["words"]
    print(
        f"\n## {result['vendor']}: {gen['questions']:,} questions in {gen['visits']:,} visits, "
        f"generated in {gen['seconds']} s ({gen['per_second']:,} questions/s); "
        f"{words['texts']:,} with the citizen's words ({words['distinct']:,} different), "
        f"stored in {words['seconds']} s; period {result['period']} against the year before; "
        f"privacy guard loaded in {result['guard_load_seconds']} s; run {seconds:.0f} s\n"
    )
    print(
        "| organisation | texts (before) | phrases | cold ms p50 / p95 | cached ms | "
        "after one registration ms | baseline: export ms | baseline: Counter ms | "
        "cold / Counter | same counts |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in result["wording"]:
        ms = row["ms"]
        ratio = percentile(ms["cold"], 50) / percentile(row["baseline_ms"], 50)
        print(
            f"| {row['organisation']} | {row['texts']:,} ({row['previous_texts']:,}) | "
            f"{row['phrases']:,} | {_ms(ms['cold'])} | {_ms(ms['cached'])} | {_ms(ms['new'])} | "
            f"{row['export_ms']:,.0f} | {_ms(row['baseline_ms'])} | {ratio:.2f} | "
            f"{'yes' if row['same_counts'] else 'NO'} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="questions to generate")
    parser.add_argument("--databases", default="sqlite", help="sqlite, postgresql or both")
    parser.add_argument("--organisations", default="logius,uwv")
    parser.add_argument("--share", type=float, default=0.33, help="questions with words")
    parser.add_argument("--runs", type=int, default=5, help="timed calls per measurement")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=DB_NAME, help="the PostgreSQL database's name")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    print(
        f"# bench/feedback.py: {args.count:,} questions, {args.share:.0%} with words; "
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{date.today()}"
    )
    for database in args.databases.split(","):
        t0 = time.perf_counter()
        result = run(database.strip(), args)
        report(result, time.perf_counter() - t0)


if __name__ == "__main__":
    main()
