"""Benchmark: registering visits through the API, beside raw inserts (the floor).

    .venv/bin/python bench/desk.py [--workers 3] [--worker-class sync] [--threads 1]
                                   [--levels 1,10,50] [--seconds 10] [--requests 2000]
                                   [--conn-max-age 60] [--rate 0] [--no-floor] [--profile]
                                   [--fold-every 10] [--database wegwijs_bench]
                                   [--client requests]

What it does, all on loopback (127.0.0.1), bounded in time and requests:

1. creates a fresh PostgreSQL database (``wegwijs_bench``) and migrates it with the production
   settings (``wegwijs.conf.production``, DEBUG off, plain HTTP allowed on loopback);
2. builds a small network (``wegwijs.testing.network``) and one desk worker with an API token
   per client, in a subprocess with the same environment;
3. starts gunicorn (``wegwijs.wsgi``) and waits for ``/health/``;
4. for each concurrency level, that many client threads (one keep-alive ``requests.Session``
   each, own token) POST ``/api/v1/visits/`` (one question per visit, realistic codes,
   ``occurred_at`` now) for ``--seconds`` or ``--requests`` in all, whichever ends first;
   as fast as they can, or paced to ``--rate`` visits/s in all;
5. the floor: the same number of rows inserted at the same concurrency with raw psycopg, one
   connection per client and one transaction per visit holding what the app writes for a
   registration: the visit, its question and the audit row (``desk_visitchange``);
6. meanwhile (API and floor alike) a folder thread folds the monitor's rollup deltas every
   ``--fold-every`` seconds with the statements of ``rollups.fold_sql()``, as the scheduled
   job and the dashboards' reads do in production (its CPU counts under PostgreSQL);
7. prints throughput, p50/p95/p99 latency and errors for both, and the ratio; the CPU time
   per visit of gunicorn, PostgreSQL and the load generator (from /proc); the folds; and
   checks that the database holds exactly one visit, question and audit row per success and
   that the rollups, folded, agree with the registrations (``wegwijs monitor check``);
8. with ``--profile``: profiles the request path in-process (Django test client, no HTTP)
   and prints where the time goes (token lookup, validation, service, SQL, rendering).

gunicorn is stopped and the database dropped at the end, also on errors or Ctrl+C.
Results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "wegwijs_bench"  # --database
TARGET_P95_MS = 50.0  # at 10 clients
TARGET_RATIO = 0.25  # API throughput / raw-insert floor
STARTUP_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
WARMUP_REQUESTS = 200

# --- Realistic registrations: mostly DigiD and digital skills, some referrals ---------------

THEMES = [  # (theme, organisation, kind, weight)
    ("digid", "logius", "overheid", 30),
    ("digitale-vaardigheden", "overig", "bibliotheek", 14),
    ("toeslagen", "toeslagen", "overheid", 10),
    ("belastingaangifte", "belastingdienst", "overheid", 10),
    ("gemeente", "gemeente", "overheid", 8),
    ("aow-pensioen", "svb", "overheid", 6),
    ("werk-uitkering", "uwv", "overheid", 5),
    ("zorgverzekering", "zorgverzekeraar", "overheid", 4),
    ("zorg-eigen-bijdrage", "cak", "overheid", 3),
    ("boetes", "cjib", "overheid", 3),
    ("studiefinanciering", "duo", "overheid", 3),
    ("geldzaken", "overig", "overig", 4),
]
HELP = [("informatie", 45), ("samen", 30), ("doorverwezen", 15), ("cursus", 5), ("niet", 5)]
REFERRALS = ["organisatie", "sociaal-raadslieden", "formulierenbrigade", "schuldhulp", "welzijn"]
CHANNELS = [("balie", 80), ("telefoon", 15), ("online", 5)]
DURATIONS = [("lt10", 35), ("10-30", 45), ("30-60", 15), ("gt60", 5)]
LAYER = {"gemeente": "gemeente", "zorgverzekeraar": "overig", "overig": "overig"}


def _pick(rng: random.Random, weighted: list[tuple[Any, ...]]) -> Any:
    return rng.choices(weighted, weights=[w[-1] for w in weighted])[0]


def make_payload(rng: random.Random, branch: int) -> dict[str, Any]:
    theme, organisation, kind, _w = _pick(rng, THEMES)
    help_given = _pick(rng, HELP)[0]
    question = {
        "kind": kind,
        "theme": theme,
        "organisation": organisation,
        "help_given": help_given,
        "referral_target": rng.choice(REFERRALS) if help_given == "doorverwezen" else "",
    }
    return {
        "branch": branch,
        "occurred_at": datetime.now(UTC).isoformat(),
        "channel": _pick(rng, CHANNELS)[0],
        "duration": _pick(rng, DURATIONS)[0],
        "questions": [question],
    }


# --- Measurements ---------------------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int | None) -> dict[str, float]:
    """CPU seconds used so far by the app server (gunicorn and its workers), PostgreSQL (all
    its processes, exited ones through the postmaster; other databases' work included) and
    this process (the load generator), read from /proc (Linux)."""
    app = db = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        ppid = int(fields[1])
        used = sum(int(x) for x in fields[11:15]) / CLOCK_TICKS  # utime stime cutime cstime
        if server_pid is not None and server_pid in (int(entry.name), ppid):
            app += used
        elif comm == "postgres":
            db += used
    times = os.times()
    return {"app": app, "db": db, "client": times.user + times.system}


@dataclass
class Result:
    label: str
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, successful calls only
    errors: int = 0
    first_error: str = ""
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds in the run, by part

    def cpu_ms(self, part: str) -> float:
        """CPU milliseconds per stored visit used by ``part`` (app, db, client)."""
        return self.cpu.get(part, 0.0) / self.ok * 1000 if self.ok else float("nan")

    @property
    def busy(self) -> float:
        """Share of the machine's CPUs in use during the run."""
        return sum(self.cpu.values()) / (self.seconds * (os.cpu_count() or 1))

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index] * 1000


def run_clients(
    label: str,
    clients: int,
    make_worker: Callable[[int], Callable[[int], None]],
    *,
    limit: int,
    seconds: float,
    server_pid: int | None = None,
    rate: float = 0.0,
) -> Result:
    """Run ``clients`` threads; each calls its worker with a running number until ``limit``
    calls in all were started or ``seconds`` passed. A worker raises to count an error.

    ``rate`` > 0 paces the clients to that many calls per second in all (each client waits
    for its next slot, like a desk worker between two visitors); 0: as fast as they can."""
    result = Result(label, clients)
    lock = threading.Lock()
    counter = iter(range(limit))
    start_line = threading.Barrier(clients + 1)
    workers = [make_worker(c) for c in range(clients)]
    deadline = 0.0

    def loop(client: int, worker: Callable[[int], None]) -> None:
        start_line.wait()
        interval = clients / rate if rate > 0 else 0.0
        next_slot = time.perf_counter() + client / rate if rate > 0 else 0.0
        while time.perf_counter() < deadline:
            if interval:
                time.sleep(max(0.0, next_slot - time.perf_counter()))
                next_slot += interval
            with lock:
                number = next(counter, None)
            if number is None:
                return
            t0 = time.perf_counter()
            try:
                worker(number)
            except Exception as exc:
                with lock:
                    result.errors += 1
                    result.first_error = result.first_error or repr(exc)[:300]
                continue
            elapsed = time.perf_counter() - t0
            with lock:
                result.latencies.append(elapsed)

    threads = [
        threading.Thread(target=loop, args=(c, w), daemon=True) for c, w in enumerate(workers)
    ]
    for t in threads:
        t.start()
    cpu_before = cpu_seconds(server_pid)
    deadline = time.perf_counter() + seconds
    t_start = time.perf_counter()
    start_line.wait()
    for t in threads:
        t.join(seconds + REQUEST_TIMEOUT + 5)
    result.seconds = time.perf_counter() - t_start
    cpu_after = cpu_seconds(server_pid)
    result.cpu = {part: cpu_after[part] - cpu_before[part] for part in cpu_after}
    return result


def api_worker_factory(
    url: str, tokens: list[str], branch: int, sessions: list[requests.Session]
) -> Callable[[int], Callable[[int], None]]:
    def make(client: int) -> Callable[[int], None]:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {tokens[client % len(tokens)]}"
        sessions.append(session)
        rng = random.Random(client)

        def post(_number: int) -> None:
            response = session.post(url, json=make_payload(rng, branch), timeout=REQUEST_TIMEOUT)
            if response.status_code != 201:
                raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")

        return post

    return make


def http_worker_factory(url: str, tokens: list[str], branch: int) -> Any:
    """``--client http``: the same requests through the standard library's ``http.client``,
    a lighter load generator than ``requests`` (a new connection per request: gunicorn's sync
    workers close it anyway)."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    def make(client: int) -> Callable[[int], None]:
        headers = {
            "Authorization": f"Token {tokens[client % len(tokens)]}",
            "Content-Type": "application/json",
        }
        rng = random.Random(client)

        def post(_number: int) -> None:
            conn = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
            try:
                conn.request("POST", parts.path, json.dumps(make_payload(rng, branch)), headers)
                response = conn.getresponse()
                text = response.read()
            finally:
                conn.close()
            if response.status != 201:
                raise RuntimeError(f"HTTP {response.status}: {text[:200]!r}")

        return post

    return make


INSERT_VISIT = (
    "INSERT INTO desk_visit (branch_id, occurred_at, channel, duration, note, batch, "
    "registered_by_id, created_at, updated_at) "
    "VALUES (%s, %s, %s, %s, '', NULL, %s, now(), now()) RETURNING id"
)
INSERT_QUESTION = (
    "INSERT INTO desk_question (visit_id, position, kind, theme, organisation, layer, "
    "help_given, referral_target, citizen_words) VALUES (%s, 1, %s, %s, %s, %s, %s, %s, '')"
)
INSERT_CHANGE = (
    "INSERT INTO desk_visitchange (visit_id_ref, branch_id, action, user_id, at, changes) "
    "VALUES (%s, %s, 'create', %s, now(), %s)"
)


def raw_worker_factory(
    dsn: str, user_ids: list[int], branch: int, connections: list[psycopg.Connection]
) -> Callable[[int], Callable[[int], None]]:
    def make(client: int) -> Callable[[int], None]:
        conn = psycopg.connect(dsn, autocommit=True)
        connections.append(conn)
        user_id = user_ids[client % len(user_ids)]
        rng = random.Random(client)

        def insert(_number: int) -> None:
            p = make_payload(rng, branch)
            q = p["questions"][0]
            with conn.transaction(), conn.cursor() as cur:
                cur.execute(
                    INSERT_VISIT,
                    (branch, p["occurred_at"], p["channel"], p["duration"], user_id),
                )
                row = cur.fetchone()
                assert row is not None
                cur.execute(
                    INSERT_QUESTION,
                    (
                        row[0],
                        q["kind"],
                        q["theme"],
                        q["organisation"],
                        LAYER.get(q["organisation"], "rijk"),
                        q["help_given"],
                        q["referral_target"],
                    ),
                )
                cur.execute(
                    INSERT_CHANGE, (row[0], branch, user_id, Jsonb({"count": 1, "questions": 1}))
                )

        return insert

    return make


class Folder:
    """Folds the rollup deltas every ``every`` seconds on its own connection, in a thread
    (as the scheduled job does in production; the dashboards' reads fold too)."""

    def __init__(self, dsn: str, statements: list[str], every: float) -> None:
        self.dsn, self.statements, self.every = dsn, statements, every
        self.times: list[float] = []  # seconds per fold
        self.deltas = 0  # delta rows folded
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def fold(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            self._fold(conn)

    def _fold(self, conn: psycopg.Connection) -> None:
        t0 = time.perf_counter()
        with conn.transaction():
            for number, sql in enumerate(self.statements):
                row = conn.execute(sql).fetchone()
                if number and row is not None:  # the first takes the lock
                    self.deltas += int(row[0])
        self.times.append(time.perf_counter() - t0)

    def _run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop.wait(self.every):
                self._fold(conn)

    def start(self) -> None:
        if self.every > 0:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(60)
            self._thread = None

    def summary(self) -> str:
        if not self.times:
            return "folds: none"
        ms = sorted(t * 1000 for t in self.times)
        return (
            f"folds (every {self.every:g} s and at the end): {len(ms)}, {self.deltas:,} delta rows "
            f"in all; median {ms[len(ms) // 2]:.1f} ms, longest {ms[-1]:.1f} ms"
        )


# --- The server and its database ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def django_env(var_dir: Path, conn_max_age: int, db_name: str = DB_NAME) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "WEGWIJS_"))
    }
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="wegwijs.conf.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"{SERVER}/{db_name}",
        DB_CONN_MAX_AGE=str(conn_max_age),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        WEGWIJS_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def admin_sql(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


SETUP = """
import json, sys
import django
django.setup()
from rest_framework.authtoken.models import Token
from wegwijs.accounts.models import Role, User
from wegwijs.testing.network import build_network

n = build_network()
tokens, users = [], []
for i in range(int(sys.argv[1])):
    user = User(username=f"bench{i}", role=Role.DESK_WORKER, organisation=n.rotterdam,
                branch=n.rotterdam_centrum, first_name="Bench")
    user.set_unusable_password()
    user.save()
    tokens.append(Token.objects.create(user=user).key)
    users.append(user.pk)
from wegwijs.monitor import rollups
print(json.dumps({"branch": n.rotterdam_centrum.pk, "tokens": tokens, "users": users,
                  "fold": rollups.fold_sql()}))
"""


def wait_for_health(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            if requests.get(f"{base}/health/", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still loading
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /health/ in time")


def stop(server: subprocess.Popen[bytes] | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)


# --- Profile of the request path (in-process, no HTTP) --------------------------------------

PROFILE = """
import cProfile, json, pstats, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from wegwijs.api.authentication import BearerTokenAuthentication
from wegwijs.desk import services
from wegwijs.desk.api.authentication import CachedTokenAuthentication
from wegwijs.desk.api.serializers import VisitSerializer, fast_input
from wegwijs.desk.api.views import _visit_body

token, body, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = Client(SERVER_NAME="127.0.0.1", headers={"authorization": f"Token {token}"})
payload = json.loads(body)

def post():
    r = client.post("/api/v1/visits/", body, content_type="application/json")
    assert r.status_code == 201, r.content

def health():
    assert client.get("/health/").status_code == 200

def authenticate():
    return BearerTokenAuthentication().authenticate_credentials(token)[0]

def authenticate_cached():
    return CachedTokenAuthentication().authenticate_credentials(token)[0]

def validate():
    s = VisitSerializer(data=payload)
    s.is_valid(raise_exception=True)
    return s.to_input()

def validate_fast():
    return fast_input(payload)

data = validate()
assert validate_fast() == data
user = authenticate_cached()  # carries the branches it was found allowed at, as in a POST

def register():
    return services.register_visit(user, data)

visit = register()

def represent():
    return _visit_body(visit)

def mean_ms(fn):
    for _ in range(30):
        fn()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t0) / n * 1000)
    return best

whole = mean_ms(post)
parts = [
    ("whole POST /api/v1/visits/ (no HTTP server)", whole),
    ("token lookup, cached (a hit)", mean_ms(authenticate_cached)),
    ("input fast_input (plain valid input)", mean_ms(validate_fast)),
    ("services.register_visit (branch known: one INSERT statement)", mean_ms(register)),
    ("response body (_visit_body)", mean_ms(represent)),
]
rest = whole - sum(ms for _label, ms in parts[1:])
parts.append(("rest: middleware, DRF dispatch, parsing, rendering", rest))
parts += [
    ("for scale: GET /health/ (middleware + one query)", mean_ms(health)),
    ("for scale: token lookup, uncached (1 SELECT)", mean_ms(authenticate)),
    ("for scale: VisitSerializer.is_valid + to_input", mean_ms(validate)),
]
post()  # the token lookup is kept a few seconds: capture a request as the clients send them
with CaptureQueriesContext(connection) as ctx:
    post()
queries = [q["sql"][:100] for q in ctx.captured_queries]

profiler = cProfile.Profile()
profiler.enable()
for _ in range(n):
    post()
profiler.disable()
ranked = sorted(pstats.Stats(profiler).stats.items(), key=lambda kv: -kv[1][2])[:12]
top = [
    (f"{f.rsplit('site-packages/', 1)[-1]}:{line}({func})", tt / n * 1000)
    for (f, line, func), (_cc, _nc, tt, _ct, _callers) in ranked
]
print(json.dumps({"parts": parts, "queries": queries, "top": top}))
"""


def profile(env: dict[str, str], token: str, branch: int, n: int = 200) -> None:
    body = json.dumps(make_payload(random.Random(0), branch))
    out = subprocess.run(  # noqa: S603 - this venv's Python with our own script
        [sys.executable, "-c", PROFILE, token, body, str(n)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\nWhere a registration's time goes, in-process (no HTTP), mean of {n} calls:")
    for label, ms in data["parts"]:
        print(f"  {label:62s} {ms:6.2f} ms")
    print(f"  {len(data['queries'])} SQL statements per registration:")
    for sql in data["queries"]:
        print(f"    {sql}")
    print("  most own time under cProfile (ms per request, profiler overhead included):")
    for where, ms in data["top"]:
        print(f"    {ms:6.2f}  {where}")


# --- Main -----------------------------------------------------------------------------------


def table(pairs: list[tuple[Result, Result | None]]) -> str:
    lines = [
        "| clients | API visits/s | p50 ms | p95 ms | p99 ms | errors | raw visits/s "
        "| raw p50 ms | raw p95 ms | API / raw |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for api, raw in pairs:
        if raw is None:
            raw_cells = "| | | |"
        else:
            ratio = api.per_second / raw.per_second if raw.per_second else float("nan")
            raw_cells = (
                f"| {raw.per_second:.0f} | {raw.pct(50):.1f} | {raw.pct(95):.1f} | {ratio:.0%} |"
            )
        lines.append(
            f"| {api.clients} | {api.per_second:.0f} | {api.pct(50):.1f} | {api.pct(95):.1f} "
            f"| {api.pct(99):.1f} | {api.errors} " + raw_cells
        )
    return "\n".join(lines)


def cpu_table(pairs: list[tuple[Result, Result | None]]) -> str:
    lines = [
        "| clients | run | CPU ms per visit: app | PostgreSQL | load generator | CPUs busy |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for api, raw in pairs:
        for r in (api, raw):
            if r is not None:
                app = f"{r.cpu_ms('app'):.2f}" if r.label == "api" else "-"
                lines.append(
                    f"| {r.clients} | {r.label} | {app} | {r.cpu_ms('db'):.2f} "
                    f"| {r.cpu_ms('client'):.2f} | {r.busy:.0%} |"
                )
    return "\n".join(lines)


def versions() -> str:
    with psycopg.connect(f"{SERVER}/postgres") as conn:
        row = conn.execute("SHOW server_version").fetchone()
    pg = row[0].split()[0] if row else "?"
    gunicorn = subprocess.run(  # noqa: S603 - fixed arguments
        [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"Python {platform.python_version()}, PostgreSQL {pg}, {gunicorn}, {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="sync", help="sync or gthread")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=10.0, help="per level, at most")
    parser.add_argument("--requests", type=int, default=2000, help="per level, at most")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="pace the API clients to this many visits/s in all (default: as fast as they can)",
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the raw-insert floor")
    parser.add_argument("--profile", action="store_true", help="profile the request path")
    parser.add_argument(
        "--fold-every",
        type=float,
        default=10.0,
        help="fold the monitor's rollup deltas every this many seconds meanwhile (0: never; "
        "production folds every minute and before every dashboard read)",
    )
    parser.add_argument("--database", default=DB_NAME, help="the scratch database's name")
    parser.add_argument(
        "--client",
        choices=["requests", "http"],
        default="requests",
        help="the API load generator: requests (as recorded so far) or the lighter http.client",
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    db_name = args.database

    print(versions())
    print(
        f"gunicorn: {args.workers} {args.worker_class} workers x {args.threads} threads, "
        f"DB_CONN_MAX_AGE={args.conn_max_age}; per level at most {args.requests} requests "
        f"or {args.seconds:.0f} s"
        + (f", API clients paced to {args.rate:g} visits/s in all" if args.rate else "")
        + f"; load generator: {args.client}"
    )
    server: subprocess.Popen[bytes] | None = None
    folder: Folder | None = None
    sessions: list[requests.Session] = []
    connections: list[psycopg.Connection] = []
    with (
        tempfile.TemporaryDirectory(prefix="wegwijs-bench-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        var_dir = Path(tmp)
        env = django_env(var_dir, args.conn_max_age, db_name)
        try:
            admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            admin_sql(f'CREATE DATABASE "{db_name}"')
            t0 = time.perf_counter()
            subprocess.run(  # noqa: S603 - our own console script, fixed arguments
                [str(BIN / "wegwijs"), "migrate", "--noinput", "-v", "0"],
                env=env,
                cwd=ROOT,
                check=True,
                timeout=300,
            )
            setup = subprocess.run(  # noqa: S603 - this venv's Python with our own script
                [sys.executable, "-c", textwrap.dedent(SETUP), str(max(levels))],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
            fixture = json.loads(setup.stdout.strip().splitlines()[-1])
            print(f"database migrated and filled in {time.perf_counter() - t0:.1f} s")

            port = free_port()
            base = f"http://127.0.0.1:{port}"
            log = stack.enter_context((var_dir / "gunicorn.log").open("wb"))
            server = subprocess.Popen(  # noqa: S603 - this venv's gunicorn, fixed arguments
                [
                    str(BIN / "gunicorn"),
                    "wegwijs.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                    "--worker-class",
                    args.worker_class,
                    "--threads",
                    str(args.threads),
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            wait_for_health(base, server)
            url = f"{base}/api/v1/visits/"
            make_api = (
                http_worker_factory(url, fixture["tokens"], fixture["branch"])
                if args.client == "http"
                else api_worker_factory(url, fixture["tokens"], fixture["branch"], sessions)
            )
            make_raw = raw_worker_factory(
                f"{SERVER}/{db_name}", fixture["users"], fixture["branch"], connections
            )
            warm = run_clients("warm-up", 10, make_api, limit=WARMUP_REQUESTS, seconds=30)
            if warm.errors:
                raise RuntimeError(f"warm-up failed: {warm.first_error}")
            folder = Folder(f"{SERVER}/{db_name}", fixture["fold"], args.fold_every)
            folder.fold()  # the warm-up's deltas
            folder.start()

            pairs: list[tuple[Result, Result | None]] = []
            for clients in levels:
                api = run_clients(
                    "api",
                    clients,
                    make_api,
                    limit=args.requests,
                    seconds=args.seconds,
                    server_pid=server.pid,
                    rate=args.rate,
                )
                for s in sessions:
                    s.close()
                sessions.clear()
                raw = None
                if not args.no_floor:
                    # The same number of rows, at the same concurrency; no time limit needed.
                    raw = run_clients(
                        "raw", clients, make_raw, limit=max(api.ok, 1), seconds=args.seconds * 6
                    )
                    for c in connections:
                        c.close()
                    connections.clear()
                pairs.append((api, raw))
                print(
                    f"{clients:3d} clients: API {api.ok} visits in {api.seconds:.1f} s, "
                    f"{api.errors} errors" + (f" ({api.first_error})" if api.errors else "")
                )
            folder.stop()
            print()
            print(table(pairs))
            print()
            print(cpu_table(pairs))
            by_clients = {api.clients: (api, raw) for api, raw in pairs}
            if args.rate:
                print(f"\n(paced at {args.rate:g} visits/s: the targets are for unpaced clients)")
            elif 10 in by_clients:
                api, raw = by_clients[10]
                verdict = "met" if api.pct(95) < TARGET_P95_MS else "MISSED"
                print(f"\ntarget p95 < {TARGET_P95_MS:.0f} ms at 10 clients: {verdict}")
            ratios = [a.per_second / r.per_second for a, r in pairs if r and r.per_second]
            if ratios and not args.rate:
                verdict = "met" if min(ratios) >= TARGET_RATIO else "MISSED"
                print(
                    f"target throughput >= {TARGET_RATIO:.0%} of the raw floor: {verdict} "
                    f"(lowest {min(ratios):.0%})"
                )
            with psycopg.connect(f"{SERVER}/{db_name}") as conn:
                counts = conn.execute(
                    "SELECT (SELECT count(*) FROM desk_visit), (SELECT count(*) FROM "
                    "desk_question), (SELECT count(*) FROM desk_visitchange)"
                ).fetchone()
            stored = warm.ok + sum(a.ok + (r.ok if r else 0) for a, r in pairs)
            verdict = "as expected" if counts == (stored, stored, stored) else "MISMATCH"
            print(
                f"rows at the end (visits, questions, audit rows): {counts}; "
                f"{stored} registrations succeeded: {verdict}"
            )
            folder.fold()
            print(folder.summary())
            check = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
                [str(BIN / "wegwijs"), "monitor", "check"],
                env=env,
                cwd=ROOT,
                check=False,
                capture_output=True,
                text=True,
                timeout=600,
            )
            print(f"wegwijs monitor check: {(check.stdout or check.stderr).strip()[:500]}")
            if args.profile:
                profile(env, fixture["tokens"][0], fixture["branch"])
        finally:
            if folder is not None:
                folder.stop()
            for s in sessions:
                s.close()
            for c in connections:
                c.close()
            stop(server)
            admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
