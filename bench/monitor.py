"""Benchmark: the monitor's dashboard requests on SQLite and PostgreSQL, beside DuckDB
computing the same aggregates over a Parquet export of the same registrations.

    .venv/bin/python bench/monitor.py [--count 200000] [--databases sqlite,postgresql]
                                      [--requests 30] [--years 3] [--seed 1]
                                      [--pending 0] [--database wegwijs_bench_monitor]
    .venv/bin/python bench/monitor.py --count 1000000 --databases sqlite
    .venv/bin/python bench/monitor.py --count 10000000 --databases postgresql

What it does, per database, in a subprocess with its own fresh database (SQLite in a temporary
folder, PostgreSQL ``wegwijs_bench_monitor`` on 127.0.0.1:5432, dropped at the end):

1. migrates, loads the demo network (about 165 branches, 116 with an IDO and opening hours)
   and the demo users (one per role);
2. generates ``--count`` questions over the last ``--years`` years up to yesterday with
   ``wegwijs generate-registrations`` (its rate is printed);
3. times the main dashboard requests (``GET /monitor/?...``, the whole HTML page through
   Django's test client: filters, scope, rollup queries for the period and the one before,
   suppression, charts, template) for each scenario: the programme office (national year,
   national month with a daily series, a province and kind filter, the whole range), a POI
   (its provinces), a coordinator (library), a desk worker (branch), an agency analyst
   (its organisation); 3 warm-up requests, then ``--requests`` timed ones; with
   ``--pending N``, N visits are registered through the desk service before each request
   (untimed), so on PostgreSQL every request first folds their deltas (``fold_for_read``);
4. exports the registrations (one row per question with its visit's branch, province,
   library and local time) to Parquet, and times DuckDB answering the same aggregates as
   the dashboard for each scenario (the same grouped queries, over the raw questions), the
   same number of times, in the same process;
5. prints p50/p95 per scenario for both and the ratio; the target: p95 <= 300 ms on
   PostgreSQL at 10M questions, and no worse than 3x DuckDB.

Results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from stats import percentile  # noqa: E402
from worker import run_worker  # noqa: E402

DB_NAME = "wegwijs_bench_monitor"
TARGET_P95_MS = 300.0
TARGET_RATIO = 3.0
WARMUP = 3

# (name, demo user, query, DuckDB filter); {y} is the last full year.
SCENARIOS = [
    ("national, year", "programma", "year={y}", "TRUE"),
    ("national, month (daily)", "programma", "year={y}&month=3", "TRUE"),
    ("national, province + kind", "programma", "year={y}&province=NL-GE&kind=overheid",
     "province = 'NL-GE' AND kind = 'overheid'"),
    ("national, whole range", "programma", "start={s}&end={e}", "TRUE"),
    ("POI (NH + ZH), year", "poi", "year={y}", "province IN ('NL-NH', 'NL-ZH')"),
    ("coordinator (library), year", "coordinator", "year={y}", "library = 'bibliotheek-rotterdam'"),
    ("desk worker (branch), year", "medewerker", "year={y}", "branch_id = {branch}"),
    ("agency (UWV), year", "analist", "year={y}", "organisation = 'uwv'"),
]  # fmt: skip


# --- The worker: one database -----------------------------------------------------------------


def _periods(query: str, today: date) -> tuple[date, date, date, date, str]:
    """Current and previous period (first day, day after) for a scenario's query, and the
    step of its series, as the monitor computes them."""
    from django.http import QueryDict

    from wegwijs.monitor.filters import MonitorFilterForm, _granularity

    data = QueryDict(query).copy()
    for key in list(data):
        if key not in ("year", "quarter", "month", "start", "end"):
            del data[key]
    form = MonitorFilterForm(data, user=None, today=today)
    assert form.is_valid(), form.errors
    period = form.cleaned_data["period"]
    previous = period.previous()
    step, _coarsened = _granularity("", period)
    return (
        period.start,
        period.last_day + timedelta(days=1),
        previous.start,
        previous.last_day + timedelta(days=1),
        step,
    )


def _duckdb_request(con: Any, where: str, periods: tuple[Any, ...], visits: bool) -> None:
    """The dashboard's aggregates for one request, from the raw questions."""
    start, end, pstart, pend, step = periods
    trunc = "day" if step in ("day", "week") else "month"

    def q(sql: str, s: date, e: date) -> None:
        con.execute(
            sql.format(where=f"({where}) AND ts >= '{s}' AND ts < '{e}'", trunc=trunc)
        ).fetchall()

    for s, e in ((start, end), (pstart, pend)):
        q("SELECT kind, organisation, theme, help_given, count(*) FROM q WHERE {where} "
          "GROUP BY ALL", s, e)  # fmt: skip
        q("SELECT channel, duration, count(*) FROM q WHERE {where} GROUP BY ALL", s, e)
        q("SELECT branch_id, count(*) FROM q WHERE {where} GROUP BY ALL", s, e)
    q("SELECT referral_target, count(*) FROM q WHERE {where} AND help_given = 'doorverwezen' "
      "GROUP BY ALL", start, end)  # fmt: skip
    q("SELECT date_trunc('{trunc}', ts), count(*) FROM q WHERE {where} GROUP BY ALL", start, end)
    if visits:
        first = "position = 1 AND {where}"
        q(f"SELECT date_trunc('{{trunc}}', ts), count(*) FROM q WHERE {first} GROUP BY ALL",
          start, end)  # fmt: skip
        q(f"SELECT count(*) FROM q WHERE {first}", pstart, pend)
        q(f"SELECT isodow(ts), hour(ts), count(*) FROM q WHERE {first} GROUP BY ALL", start, end)
        q(f"SELECT branch_id, count(*) FROM q WHERE {first} GROUP BY ALL", start, end)


EXPORT_COLUMNS = (
    "q.visit_id, q.position, v.branch_id, p.code AS province, o.slug AS library, {local} AS ts, "
    "v.channel, v.duration, q.kind, q.theme, q.organisation, q.help_given, q.referral_target"
)
EXPORT_FROM = (
    "FROM desk_question q JOIN desk_visit v ON v.id = q.visit_id "
    "JOIN network_branch b ON b.id = v.branch_id "
    "JOIN network_organisation o ON o.id = b.organisation_id "
    "JOIN network_province p ON p.id = o.province_id"
)


def _export(folder: Path) -> Path:
    """The registrations as Parquet (via CSV), local time as the monitor counts it."""
    from django.db import connection

    from wegwijs.monitor import rollups

    csv_path = folder / "questions.csv"
    vendor = connection.vendor
    if vendor == "postgresql":
        local = "(v.occurred_at AT TIME ZONE 'Europe/Amsterdam')"
        sql = f"SELECT {EXPORT_COLUMNS.format(local=local)} {EXPORT_FROM}"
        raw = connection.cursor().cursor
        with csv_path.open("wb") as out, raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                out.write(block)
    else:
        import csv

        local = rollups._sqlite_local("v.occurred_at")
        sql = f"SELECT {EXPORT_COLUMNS.format(local=local)} {EXPORT_FROM}"
        with connection.cursor() as cursor, csv_path.open("w", newline="") as out:
            cursor.execute(sql)
            writer = csv.writer(out)
            while rows := cursor.fetchmany(50_000):
                writer.writerows(rows)
    import duckdb

    parquet = folder / "questions.parquet"
    names = [c.split(" AS ")[-1].split(".")[-1].strip() for c in EXPORT_COLUMNS.split(", ")]
    columns = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
    duckdb.sql(
        f"COPY (SELECT * REPLACE (CAST(visit_id AS BIGINT) AS visit_id, "
        f"CAST(position AS INTEGER) AS position, CAST(branch_id AS BIGINT) AS branch_id, "
        f"CAST(ts AS TIMESTAMP) AS ts) FROM read_csv('{csv_path}', header = false, "
        f"columns = {{{columns}}})) TO '{parquet}' (FORMAT parquet)"
    )
    csv_path.unlink()
    return parquet


def _pending_registrations(user: Any, count: int) -> Any:
    """A function that registers ``count`` visits now (one question each) at the user's
    branch, as desks elsewhere do between two dashboard requests."""
    from datetime import UTC, datetime

    from wegwijs.desk import services
    from wegwijs.desk.services import QuestionInput, VisitInput

    def register() -> None:
        for number in range(count):
            services.register_visit(
                user,
                VisitInput(
                    branch_id=user.branch_id,
                    occurred_at=datetime.now(UTC) - timedelta(minutes=number),
                    channel="balie",
                    duration="lt10",
                    questions=[
                        QuestionInput(theme="digid", organisation="logius", help_given="samen")
                    ],
                ),
            )

    return register


def worker(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wegwijs.accounts.models import User
    from wegwijs.monitor import generator
    from wegwijs.network import demo

    out: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", verbosity=0)
    demo.load_network()
    demo.load_users()
    today = date.today()
    end = today - timedelta(days=1)
    start = end.replace(year=end.year - args.years) + timedelta(days=1)
    result = generator.generate(args.count, seed=args.seed, start=start, end=end)
    out["generate"] = {
        "questions": result.questions,
        "visits": result.visits,
        "seconds": round(result.seconds, 1),
        "per_second": round(result.per_second),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM monitor_questionrollup")
        q_rows = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM monitor_visitrollup")
        out["rollup_rows"] = {"questions": q_rows, "visits": cursor.fetchone()[0]}
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    year = today.year - 1
    first = date(start.year, start.month, 1)
    if first < start:
        first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    values = {"y": year, "s": f"{first:%Y-%m}", "e": f"{end:%Y-%m}"}
    desk_user = User.objects.get(username="medewerker")
    timings: list[dict[str, Any]] = []
    pending = _pending_registrations(desk_user, args.pending)
    clients: dict[str, Client] = {}
    for name, username, query, _where in SCENARIOS:
        if username not in clients:
            user = User.objects.get(username=username)
            client = Client(SERVER_NAME="localhost")
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            device = TOTPDevice.objects.filter(user=user).first()
            if device is not None:
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            clients[username] = client
        client = clients[username]
        url = "/monitor/?" + query.format(**values)
        latencies = []
        for i in range(WARMUP + args.requests):
            pending()
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - t0
            assert response.status_code == 200, (url, response.status_code)
            if i >= WARMUP:
                latencies.append(elapsed * 1000)
        timings.append({"scenario": name, "url": url, "ms": latencies})
    out["django"] = timings

    import duckdb

    folder = Path(args.export_dir)
    t0 = time.perf_counter()
    parquet = _export(folder)
    out["export_seconds"] = round(time.perf_counter() - t0, 1)
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    con.execute(f"CREATE VIEW q AS SELECT * FROM read_parquet('{parquet}')")
    duck: list[dict[str, Any]] = []
    for name, _username, query, where in SCENARIOS:
        periods = _periods(query.format(**values), today)
        condition = where.format(branch=desk_user.branch_id)
        visits = "organisation" not in where and "kind" not in where
        latencies = []
        for i in range(WARMUP + args.requests):
            t0 = time.perf_counter()
            _duckdb_request(con, condition, periods, visits)
            if i >= WARMUP:
                latencies.append((time.perf_counter() - t0) * 1000)
        duck.append({"scenario": name, "ms": latencies})
    out["duckdb"] = duck
    print("RESULT " + json.dumps(out))


# --- The orchestrator ---------------------------------------------------------------------------


def run(database: str, args: argparse.Namespace) -> dict[str, Any]:
    def arguments(tmp: str) -> list[str]:
        return [
            "--count", str(args.count),
            "--requests", str(args.requests),
            "--years", str(args.years),
            "--seed", str(args.seed),
            "--pending", str(args.pending),
            "--export-dir", tmp,
        ]  # fmt: skip

    return run_worker(__file__, database, args.database, arguments, prefix="wegwijs-bench-monitor-")


def report(result: dict[str, Any]) -> None:
    gen = result["generate"]
    print(
        f"\n## {result['vendor']}: {gen['questions']:,} questions in {gen['visits']:,} visits; "
        f"generated in {gen['seconds']} s ({gen['per_second']:,} questions/s); rollup rows: "
        f"{result['rollup_rows']['questions']:,} question, {result['rollup_rows']['visits']:,} "
        f"visit; export to Parquet {result['export_seconds']} s\n"
    )
    print("| scenario | p50 ms | p95 ms | DuckDB p50 ms | DuckDB p95 ms | p95 / DuckDB p95 |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    worst_ratio = 0.0
    for ours, duck in zip(result["django"], result["duckdb"], strict=True):
        p50, p95 = percentile(ours["ms"], 50), percentile(ours["ms"], 95)
        d50, d95 = percentile(duck["ms"], 50), percentile(duck["ms"], 95)
        worst, worst_ratio = max(worst, p95), max(worst_ratio, p95 / d95)
        print(
            f"| {ours['scenario']} | {p50:.1f} | {p95:.1f} | {d50:.1f} | {d95:.1f} | "
            f"{p95 / d95:.2f} |"
        )
    print(
        f"\nWorst p95 {worst:.1f} ms (target <= {TARGET_P95_MS:.0f} ms on PostgreSQL at 10M): "
        f"{'met' if worst <= TARGET_P95_MS else 'MISSED'}; worst ratio to DuckDB "
        f"{worst_ratio:.2f} (target <= {TARGET_RATIO:.0f}): "
        f"{'met' if worst_ratio <= TARGET_RATIO else 'MISSED'}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200_000, help="questions to generate")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per scenario")
    parser.add_argument("--years", type=int, default=3, help="years of registrations")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pending",
        type=int,
        default=0,
        help="visits registered before each request (PostgreSQL: folded by the request)",
    )
    parser.add_argument("--database", default=DB_NAME, help="the PostgreSQL database's name")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    print(
        f"# Monitor benchmark, {date.today()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    for database in args.databases.split(","):
        report(run(database.strip(), args))
    if args.pending:
        print(f"\n({args.pending} visits registered before each request, untimed.)")


if __name__ == "__main__":
    main()
