# ruff: noqa: S608 -- SQL built from model metadata and constants only, never from input
"""The rollups: which counts are kept, and the SQL that keeps them current.

Design (docs/architecture.md, "Monitor"):

- A registration is counted in several *shapes*, each keeping a few codes, at a few
  *levels* (a geography: national, province or branch; and a grain: local day or month).
  The dashboard asks the smallest shape and level that answers a block: a national year
  reads twelve national month rows per code combination, never the questions.
- **Database triggers** on ``desk_question`` and ``desk_visit`` count every write in the
  same transaction, whichever path wrote it (the desk's one-statement insert on PostgreSQL,
  the ORM, the Django admin, a bulk load).
- **PostgreSQL**: one statement-level trigger per statement over its transition tables
  *appends* the statement's grouped counts (+ and -) to two delta tables
  (``QuestionRollupDelta``, ``VisitRollupDelta``: no unique key, no lock). Registrations
  therefore never wait for each other: no shared counter row is updated and held until
  commit. A **fold** (:func:`fold`) moves the deltas into the rollups, one statement per
  table (``DELETE ... RETURNING`` grouped into ``INSERT ... ON CONFLICT DO UPDATE SET n =
  n + excluded.n``), under one advisory lock (``ADVISORY_LOCK``) that only folders, bulk
  loads, ``rebuild`` and ``prune`` take, so they never deadlock. It runs as a scheduled job
  (``monitor.tasks``), at the start of every read of the rollups on the primary database
  (:func:`fold_for_read`: one ``SELECT EXISTS`` when there is nothing to fold), and in
  ``wegwijs monitor fold|check``. Rollups plus deltas are always exact; a fold changes
  nothing in their sum, atomically.
- **SQLite** (one writer at a time anyway): one row-level trigger per row upserts the
  rollups directly (``INSERT ... ON CONFLICT DO UPDATE``); there is nothing to fold.
- Local time is Europe/Amsterdam. PostgreSQL converts with its time zone database; SQLite
  has none, so its triggers apply the EU summer-time rule (last Sunday of March to the last
  Sunday of October, 01:00 UTC), which a test checks against ``zoneinfo`` over decades.
- The same SELECT that the triggers run over their rows computes the counts from scratch
  (``wegwijs monitor rebuild``, ``check``) or for a range of visits (bulk loads).

Moving a branch to another library, or a library to another province, does not move its
counts between provinces: run ``wegwijs monitor rebuild`` after such a change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import Any

from django.conf import settings
from django.db import OperationalError, connections, models, router, transaction

from wegwijs.desk.models import Question, Visit
from wegwijs.monitor.models import (
    Geo,
    Grain,
    QuestionRollup,
    QuestionRollupDelta,
    RollupPause,
    VisitRollup,
    VisitRollupDelta,
)
from wegwijs.network.models import Branch, Organisation

logger = logging.getLogger(__name__)

TIME_ZONE = "Europe/Amsterdam"
#: PostgreSQL: the transactions that change the rollup tables themselves (a fold, a bulk
#: chunk, ``rebuild``, ``prune``) take this transaction-level advisory lock first, so they
#: change them one after the other and never deadlock. Registrations and edits do not take
#: it: their triggers only append to the delta tables.
ADVISORY_LOCK = 730_514_001
#: How often the scheduled job folds (``monitor.tasks``); the scheduler checks once a minute
#: by default (``wegwijs worker --scheduler-interval``).
FOLD_EVERY = timedelta(minutes=1)
#: A fold before a read waits at most this long for the lock (a bulk load or ``rebuild``
#: holds it for seconds to minutes); then the read goes ahead with what is folded.
FOLD_READ_WAIT_MS = 2000


class QShape(IntEnum):
    """Shapes of the question rollups."""

    SERIES = 1  # kind, organisation: totals, the time series, the branch comparison
    CODES = 2  # + theme, help given: themes, organisations, layers, kinds, help, unmet needs
    CONTACT = 3  # + channel, duration
    REFERRAL = 4  # + referral target, referred questions only
    BRANCH = 5  # no codes, per branch and month: the branch comparison without filters


class VShape(IntEnum):
    """Shapes of the visit rollups."""

    TOTAL = 1  # visits
    HOURS = 2  # + weekday, hour (local): the staffing heatmap


ALL_LEVELS: tuple[tuple[str, str], ...] = tuple(
    (geo, grain) for geo in (Geo.NATIONAL, Geo.PROVINCE, Geo.BRANCH) for grain in Grain.values
)
MONTH_LEVELS: tuple[tuple[str, str], ...] = tuple(
    (geo, Grain.MONTH) for geo in (Geo.NATIONAL, Geo.PROVINCE, Geo.BRANCH)
)


@dataclass(frozen=True)
class Shape:
    code: int
    dims: tuple[str, ...]
    levels: tuple[tuple[str, str], ...]
    referrals_only: bool = False

    def has_level(self, geo: str, grain: str) -> bool:
        return (geo, grain) in self.levels


QUESTION_DIMS = (
    "kind",
    "organisation",
    "theme",
    "help_given",
    "referral_target",
    "channel",
    "duration",
)
VISIT_DIMS = ("weekday", "hour")

QUESTION_SHAPES: dict[QShape, Shape] = {
    QShape.SERIES: Shape(QShape.SERIES, ("kind", "organisation"), ALL_LEVELS),
    QShape.CODES: Shape(
        QShape.CODES, ("kind", "organisation", "theme", "help_given"), MONTH_LEVELS
    ),
    QShape.CONTACT: Shape(
        QShape.CONTACT, ("kind", "organisation", "channel", "duration"), MONTH_LEVELS
    ),
    QShape.REFERRAL: Shape(
        QShape.REFERRAL,
        ("kind", "organisation", "referral_target"),
        MONTH_LEVELS,
        referrals_only=True,
    ),
    QShape.BRANCH: Shape(QShape.BRANCH, (), ((Geo.BRANCH, Grain.MONTH),)),
}
VISIT_SHAPES: dict[VShape, Shape] = {
    VShape.TOTAL: Shape(VShape.TOTAL, (), ALL_LEVELS),
    VShape.HOURS: Shape(VShape.HOURS, ("weekday", "hour"), MONTH_LEVELS),
}

QUESTION_KEY = ("shape", "grain", "geo", "geo_id", "period", *QUESTION_DIMS)
VISIT_KEY = ("shape", "grain", "geo", "geo_id", "period", *VISIT_DIMS)


# --- Local time per database ------------------------------------------------------------------


def _pg_local(ts: str) -> str:
    return f"({ts} AT TIME ZONE '{TIME_ZONE}')"


def _sqlite_local(ts: str) -> str:
    """``ts`` (UTC text as Django stores it in SQLite) as local wall-clock text, by the EU
    summer-time rule: from the last Sunday of March to the last Sunday of October, each
    time at 01:00 UTC. ``date(Y-03-25, 'weekday 0')`` is the first Sunday on or after the
    25th: the last Sunday of the month."""
    year = f"substr({ts}, 1, 4)"
    start = f"date({year} || '-03-25', 'weekday 0') || ' 01:00:00'"
    end = f"date({year} || '-10-25', 'weekday 0') || ' 01:00:00'"
    return (
        f"datetime({ts}, CASE WHEN {ts} >= {start} AND {ts} < {end} "
        "THEN '+2 hours' ELSE '+1 hours' END)"
    )


def local_parts(vendor: str, ts: str) -> dict[str, str]:
    """SQL for the local day, month (first day), weekday (0 = Monday) and hour of ``ts``."""
    if vendor == "postgresql":
        local = _pg_local(ts)
        return {
            "day": f"CAST({local} AS date)",
            "month": f"CAST(date_trunc('month', {local}) AS date)",
            "weekday": f"(CAST(EXTRACT(ISODOW FROM {local}) AS integer) - 1)",
            "hour": f"CAST(EXTRACT(HOUR FROM {local}) AS integer)",
        }
    if vendor == "sqlite":
        local = _sqlite_local(ts)
        return {
            "day": f"date({local})",
            "month": f"strftime('%Y-%m-01', {local})",
            "weekday": f"((CAST(strftime('%w', {local}) AS integer) + 6) % 7)",
            "hour": f"CAST(strftime('%H', {local}) AS integer)",
        }
    raise NotImplementedError(f"the monitor supports PostgreSQL and SQLite, not {vendor}")


# --- The SELECTs --------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    return {
        "visit": Visit._meta.db_table,
        "question": Question._meta.db_table,
        "branch": Branch._meta.db_table,
        "organisation": Organisation._meta.db_table,
        "qrollup": QuestionRollup._meta.db_table,
        "vrollup": VisitRollup._meta.db_table,
        "qdelta": QuestionRollupDelta._meta.db_table,
        "vdelta": VisitRollupDelta._meta.db_table,
        "pause": RollupPause._meta.db_table,
    }


def question_source(
    vendor: str, *, q: str, v: str, from_: str, where: str = "", sign: int = 1
) -> str:
    """One row per question with the codes, the visit's branch, province and local day and
    month, and ``sign`` (+1 to add, -1 to subtract). ``from_`` must bind the branch as ``b``;
    ``q`` and ``v`` name the question's and the visit's row (an alias, or NEW/OLD in a
    SQLite trigger)."""
    t = _tables()
    parts = local_parts(vendor, f"{v}.occurred_at")
    return (
        f"SELECT {q}.kind AS kind, {q}.organisation AS organisation, {q}.theme AS theme, "
        f"{q}.help_given AS help_given, {q}.referral_target AS referral_target, "
        f"{v}.channel AS channel, {v}.duration AS duration, {v}.branch_id AS branch_id, "
        f"COALESCE(o.province_id, 0) AS province_id, {parts['day']} AS day, "
        f"{parts['month']} AS month, {sign} AS sign "
        f"FROM {from_} JOIN {t['organisation']} o ON o.id = b.organisation_id {where}"
    )


def visit_source(vendor: str, *, v: str, from_: str, where: str = "", sign: int = 1) -> str:
    """One row per visit with its branch, province, local day, month, weekday and hour."""
    t = _tables()
    parts = local_parts(vendor, f"{v}.occurred_at")
    return (
        f"SELECT {v}.branch_id AS branch_id, COALESCE(o.province_id, 0) AS province_id, "
        f"{parts['day']} AS day, {parts['month']} AS month, {parts['weekday']} AS weekday, "
        f"{parts['hour']} AS hour, {sign} AS sign "
        f"FROM {from_} JOIN {t['organisation']} o ON o.id = b.organisation_id {where}"
    )


def _levels(shapes: Iterable[Shape], dims: tuple[str, ...]) -> str:
    """The shapes and levels as a small relation: one row per (shape, geo, grain), with a
    flag per code that says whether the shape keeps it."""
    rows = []
    for shape in shapes:
        for geo, grain in shape.levels:
            flags = ", ".join(
                f"{int(dim in shape.dims)} AS k_{dim.replace('_', '')}" for dim in dims
            )
            rows.append(
                f"SELECT {int(shape.code)} AS shape, '{grain}' AS grain, '{geo}' AS geo, "
                f"{int(shape.referrals_only)} AS referrals_only, {flags}"
            )
    return "(" + " UNION ALL ".join(rows) + ")"


def _key_exprs(dims: tuple[str, ...], blank: dict[str, str], collate: str) -> list[str]:
    exprs = [
        "l.shape",
        f"l.grain{collate}",
        f"l.geo{collate}",
        "CASE l.geo WHEN 'n' THEN 0 WHEN 'p' THEN f.province_id ELSE f.branch_id END",
        "CASE l.grain WHEN 'd' THEN f.day ELSE f.month END",
    ]
    exprs += [
        f"CASE l.k_{dim.replace('_', '')} WHEN 1 THEN f.{dim} ELSE {blank[dim]} END"
        + (collate if blank[dim] == "''" else "")
        for dim in dims
    ]
    return exprs


def _collate(vendor: str) -> str:
    """Codes are ASCII: on PostgreSQL they sort and compare byte-wise (collation "C"), far
    faster than a language collation (the rollup tables' code columns use it too)."""
    return ' COLLATE "C"' if vendor == "postgresql" else ""


def _aggregate(
    vendor: str,
    dims: tuple[str, ...],
    levels: str,
    source: str,
    join_on: str,
    blank: dict[str, str],
) -> str:
    exprs = _key_exprs(dims, blank, _collate(vendor))
    ordinals = ", ".join(str(i) for i in range(1, len(exprs) + 1))
    # A fence, so the database computes each source row's local time once, not per level.
    fence = "OFFSET 0" if vendor == "postgresql" else "LIMIT -1"
    return (
        f"SELECT {', '.join(exprs)}, SUM(f.sign) AS n "
        f"FROM ({source} {fence}) f JOIN {levels} l ON {join_on} "
        f"WHERE 1 = 1 GROUP BY {ordinals} HAVING SUM(f.sign) <> 0"
    )


def question_select(vendor: str, source: str) -> str:
    """The question rollup rows (key columns and n) of the rows of ``source``."""
    return _aggregate(
        vendor,
        QUESTION_DIMS,
        _levels(QUESTION_SHAPES.values(), QUESTION_DIMS),
        source,
        "(l.referrals_only = 0 OR f.help_given = 'doorverwezen')",
        {dim: "''" for dim in QUESTION_DIMS},
    )


def visit_select(vendor: str, source: str) -> str:
    """The visit rollup rows (key columns and n) of the rows of ``source``."""
    return _aggregate(
        vendor,
        VISIT_DIMS,
        _levels(VISIT_SHAPES.values(), VISIT_DIMS),
        source,
        "1 = 1",
        {dim: "-1" for dim in VISIT_DIMS},
    )


def _upsert(table: str, key: tuple[str, ...], select: str) -> str:
    columns = ", ".join((*key, "n"))
    return (
        f"INSERT INTO {table} ({columns}) {select} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET n = {table}.n + excluded.n"
    )


def question_upsert(vendor: str, source: str) -> str:
    return _upsert(_tables()["qrollup"], QUESTION_KEY, question_select(vendor, source))


def visit_upsert(vendor: str, source: str) -> str:
    return _upsert(_tables()["vrollup"], VISIT_KEY, visit_select(vendor, source))


def _append(table: str, key: tuple[str, ...], select: str) -> str:
    return f"INSERT INTO {table} ({', '.join((*key, 'n'))}) {select}"


def question_append(vendor: str, source: str) -> str:
    """The question counts of ``source`` appended to the delta table (PostgreSQL)."""
    return _append(_tables()["qdelta"], QUESTION_KEY, question_select(vendor, source))


def visit_append(vendor: str, source: str) -> str:
    return _append(_tables()["vdelta"], VISIT_KEY, visit_select(vendor, source))


# --- Triggers ----------------------------------------------------------------------------

TRIGGERS = (
    "monitor_question_insert",
    "monitor_question_delete",
    "monitor_question_update",
    "monitor_visit_insert",
    "monitor_visit_delete",
    "monitor_visit_update",
)
_VISIT_CHANGED = ("branch_id", "occurred_at", "channel", "duration")


def _pg_trigger_sql(*, deltas: bool = True) -> list[str]:
    """The statement-level triggers. With ``deltas`` (the design since migration 0004) they
    append to the delta tables and take no lock; without, they upsert the rollups under the
    advisory lock as before (kept for migrating back)."""
    t = _tables()
    vendor = "postgresql"
    write_questions = question_append if deltas else question_upsert
    write_visits = visit_append if deltas else visit_upsert
    lock = "" if deltas else f"\n  PERFORM pg_advisory_xact_lock({ADVISORY_LOCK});"

    qv = (
        f"{{rows}} q JOIN {t['visit']} v ON v.id = q.visit_id "
        f"JOIN {t['branch']} b ON b.id = v.branch_id"
    )

    def questions(rows: str, sign: int) -> str:
        return question_source(vendor, q="q", v="v", from_=qv.format(rows=rows), sign=sign)

    def visits(rows: str, sign: int) -> str:
        return visit_source(
            vendor, v="v", from_=f"{rows} v JOIN {t['branch']} b ON b.id = v.branch_id", sign=sign
        )

    changed = " OR ".join(f"v.{c} IS DISTINCT FROM w.{c}" for c in _VISIT_CHANGED)

    def moved_questions(rows: str, other: str, sign: int) -> str:
        # the questions of visits whose counted fields changed, with the old or new values
        from_ = (
            f"{rows} v JOIN {other} w ON w.id = v.id AND ({changed}) "
            f"JOIN {t['question']} q ON q.visit_id = v.id "
            f"JOIN {t['branch']} b ON b.id = v.branch_id"
        )
        return question_source(vendor, q="q", v="v", from_=from_, sign=sign)

    def moved_visits(rows: str, other: str, sign: int) -> str:
        from_ = (
            f"{rows} v JOIN {other} w ON w.id = v.id AND ({changed}) "
            f"JOIN {t['branch']} b ON b.id = v.branch_id"
        )
        return visit_source(vendor, v="v", from_=from_, sign=sign)

    bodies = {
        ("monitor_question_insert", "INSERT", t["question"], "NEW TABLE AS new_rows"): [
            write_questions(vendor, questions("new_rows", 1))
        ],
        ("monitor_question_delete", "DELETE", t["question"], "OLD TABLE AS old_rows"): [
            write_questions(vendor, questions("old_rows", -1))
        ],
        (
            "monitor_question_update",
            "UPDATE",
            t["question"],
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ): [
            write_questions(
                vendor, f"{questions('old_rows', -1)} UNION ALL {questions('new_rows', 1)}"
            )
        ],
        ("monitor_visit_insert", "INSERT", t["visit"], "NEW TABLE AS new_rows"): [
            write_visits(vendor, visits("new_rows", 1))
        ],
        ("monitor_visit_delete", "DELETE", t["visit"], "OLD TABLE AS old_rows"): [
            write_visits(vendor, visits("old_rows", -1))
        ],
        (
            "monitor_visit_update",
            "UPDATE",
            t["visit"],
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ): [
            write_visits(
                vendor,
                f"{moved_visits('old_rows', 'new_rows', -1)} UNION ALL "
                f"{moved_visits('new_rows', 'old_rows', 1)}",
            ),
            write_questions(
                vendor,
                f"{moved_questions('old_rows', 'new_rows', -1)} UNION ALL "
                f"{moved_questions('new_rows', 'old_rows', 1)}",
            ),
        ],
    }
    statements = []
    for (name, event, table, referencing), sqls in bodies.items():
        body = "\n  ".join(f"{sql};" for sql in sqls)
        statements.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
            f"BEGIN\n  IF EXISTS (SELECT 1 FROM {t['pause']}) THEN RETURN NULL; END IF;{lock}\n"
            f"  {body}\n  RETURN NULL;\nEND\n$body$"
        )
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return statements


def _sqlite_trigger_sql() -> list[str]:
    t = _tables()
    vendor = "sqlite"
    not_paused = f"NOT EXISTS (SELECT 1 FROM {t['pause']})"

    def question_row(row: str, sign: int) -> str:
        return question_source(
            vendor,
            q=row,
            v="v",
            from_=f"{t['visit']} v JOIN {t['branch']} b ON b.id = v.branch_id",
            where=f"WHERE v.id = {row}.visit_id",
            sign=sign,
        )

    def visit_row(row: str, sign: int) -> str:
        return visit_source(
            vendor,
            v=row,
            from_=f"{t['branch']} b",
            where=f"WHERE b.id = {row}.branch_id",
            sign=sign,
        )

    def visit_questions(row: str, sign: int) -> str:
        return question_source(
            vendor,
            q="q",
            v=row,
            from_=f"{t['question']} q JOIN {t['branch']} b ON b.id = {row}.branch_id",
            where=f"WHERE q.visit_id = {row}.id",
            sign=sign,
        )

    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _VISIT_CHANGED)
    triggers = {
        ("monitor_question_insert", "INSERT", t["question"], not_paused): [
            question_upsert(vendor, question_row("NEW", 1))
        ],
        ("monitor_question_delete", "DELETE", t["question"], not_paused): [
            question_upsert(vendor, question_row("OLD", -1))
        ],
        ("monitor_question_update", "UPDATE", t["question"], not_paused): [
            question_upsert(vendor, f"{question_row('OLD', -1)} UNION ALL {question_row('NEW', 1)}")
        ],
        ("monitor_visit_insert", "INSERT", t["visit"], not_paused): [
            visit_upsert(vendor, visit_row("NEW", 1))
        ],
        ("monitor_visit_delete", "DELETE", t["visit"], not_paused): [
            visit_upsert(vendor, visit_row("OLD", -1))
        ],
        ("monitor_visit_update", "UPDATE", t["visit"], f"({changed}) AND {not_paused}"): [
            visit_upsert(vendor, f"{visit_row('OLD', -1)} UNION ALL {visit_row('NEW', 1)}"),
            question_upsert(
                vendor, f"{visit_questions('OLD', -1)} UNION ALL {visit_questions('NEW', 1)}"
            ),
        ],
    }
    statements = []
    for (name, event, table, when), sqls in triggers.items():
        body = " ".join(f"{sql};" for sql in sqls)
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW WHEN {when} "
            f"BEGIN {body} END"
        )
    return statements


def trigger_sql(vendor: str, *, deltas: bool = True) -> list[str]:
    if vendor == "postgresql":
        return _pg_trigger_sql(deltas=deltas)
    if vendor == "sqlite":
        return _sqlite_trigger_sql()
    raise NotImplementedError(f"the monitor supports PostgreSQL and SQLite, not {vendor}")


def _pg_collation_sql(deltas: bool = False) -> list[str]:
    """The code columns of the rollups (or of the delta tables) in collation "C" (see
    ``_collate``)."""
    statements = []
    for model, dims in (
        (QuestionRollupDelta if deltas else QuestionRollup, ("grain", "geo", *QUESTION_DIMS)),
        (VisitRollupDelta if deltas else VisitRollup, ("grain", "geo")),
    ):
        for name in dims:
            field = model._meta.get_field(name)
            statements.append(
                f"ALTER TABLE {model._meta.db_table} ALTER COLUMN {field.column} "  # type: ignore[union-attr]
                f'TYPE varchar({field.max_length}) COLLATE "C"'  # type: ignore[union-attr]
            )
    return statements


def _pg_covering_sql() -> list[str]:
    """The unique key and the period index with the count (and the codes the branch
    comparison filters on) as included columns: the dashboard's queries become index-only
    scans that read one contiguous range of the index per province or branch, whatever order
    the rows were written in (a heap fetch per row made a national year 3 to 5 times
    slower). The count changing is then no HOT update; registering measured the same."""
    statements = []
    for model, included in (
        (QuestionRollup, ("geo_id", "kind", "organisation", "n")),
        (VisitRollup, ("geo_id", "n")),
    ):
        table = model._meta.db_table
        key = model._meta.constraints[0]
        index = model._meta.indexes[0]
        assert isinstance(key, models.UniqueConstraint) and index.name
        columns = ", ".join(str(model._meta.get_field(f).column) for f in key.fields)  # type: ignore[union-attr]
        statements += [
            f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {key.name}",
            f"ALTER TABLE {table} ADD CONSTRAINT {key.name} UNIQUE ({columns}) INCLUDE (n)",
            f"DROP INDEX IF EXISTS {index.name}",
            f"CREATE INDEX {index.name} ON {table} ({', '.join(index.fields)}) "
            f"INCLUDE ({', '.join(included)})",
        ]
    return statements


def install_triggers(connection: Any) -> None:
    """Create (or replace) the triggers; used by the migrations. Idempotent. On PostgreSQL
    the rollups' code columns also get collation "C", covering indexes (``_pg_covering_sql``),
    room on each page for updated rows (fillfactor 80) and extended statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in _pg_collation_sql() + _pg_covering_sql():
                cursor.execute(sql)
            for model in (QuestionRollup, VisitRollup):
                table = model._meta.db_table
                cursor.execute(f"ALTER TABLE {table} SET (fillfactor = 80)")
                # The level columns go together (a national row has geo_id 0): tell the
                # planner, or it expects a few rows and sorts where hashing is faster.
                cursor.execute(
                    f"CREATE STATISTICS IF NOT EXISTS {table}_levels (dependencies, ndistinct) "
                    f"ON shape, grain, geo, geo_id FROM {table}"
                )
        for sql in trigger_sql(connection.vendor):
            cursor.execute(sql)


def install_deltas(connection: Any, *, deltas: bool = True) -> None:
    """Migration 0004: the code columns of the delta tables in collation "C" (PostgreSQL)
    and the triggers as :func:`trigger_sql` makes them now (on PostgreSQL appending to the
    delta tables). With ``deltas=False`` (migrating back; stop the app first) the triggers
    upsert the rollups again and the pending deltas are folded."""
    t = _tables()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not deltas:
            # Writers wait until the migration commits; then nothing is appended any more.
            cursor.execute(f"LOCK TABLE {t['qdelta']}, {t['vdelta']} IN EXCLUSIVE MODE")
        elif connection.vendor == "postgresql":
            for sql in _pg_collation_sql(deltas=True):
                cursor.execute(sql)
        for sql in trigger_sql(connection.vendor, deltas=deltas):
            cursor.execute(sql)
        if connection.vendor == "postgresql" and not deltas:
            fold(using=connection.alias)


def remove_triggers(connection: Any) -> None:
    t = _tables()
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            table = t["question"] if name.startswith("monitor_question") else t["visit"]
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


# --- Recomputing -------------------------------------------------------------------------


def _all_questions(vendor: str, where: str = "") -> str:
    t = _tables()
    return question_source(
        vendor,
        q="q",
        v="v",
        from_=(
            f"{t['question']} q JOIN {t['visit']} v ON v.id = q.visit_id "
            f"JOIN {t['branch']} b ON b.id = v.branch_id"
        ),
        where=where,
    )


def _all_visits(vendor: str, where: str = "") -> str:
    t = _tables()
    return visit_source(
        vendor,
        v="v",
        from_=f"{t['visit']} v JOIN {t['branch']} b ON b.id = v.branch_id",
        where=where,
    )


def _connection(using: str | None) -> Any:
    return connections[using or "default"]


def _has_deltas(connection: Any, cursor: Any) -> bool:
    """Whether the delta tables exist (not yet while migration 0002 rebuilds)."""
    return QuestionRollupDelta._meta.db_table in connection.introspection.table_names(cursor)


def rebuild(using: str | None = None) -> dict[str, int]:
    """Recompute every rollup from the registrations, in one transaction. On PostgreSQL the
    desk tables are locked against writes meanwhile (registrations wait, then count), and
    the pending deltas are dropped: the recomputation counts their registrations."""
    connection = _connection(using)
    t = _tables()
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {t['visit']}, {t['question']} IN SHARE MODE")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
            _bulk_settings(cursor)
            if _has_deltas(connection, cursor):
                cursor.execute(f"DELETE FROM {t['qdelta']}")
                cursor.execute(f"DELETE FROM {t['vdelta']}")
        cursor.execute(f"DELETE FROM {t['qrollup']}")
        cursor.execute(f"DELETE FROM {t['vrollup']}")
        cursor.execute(question_upsert(vendor, _all_questions(vendor)))
        cursor.execute(visit_upsert(vendor, _all_visits(vendor)))
        cursor.execute(f"SELECT COUNT(*) FROM {t['qrollup']}")
        questions = cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {t['vrollup']}")
        visits = cursor.fetchone()[0]
    return {"question_rows": questions, "visit_rows": visits}


def _bulk_settings(cursor: Any) -> None:
    """For the rest of this transaction on PostgreSQL: group by hashing, in memory (the
    planner cannot know how many rows a fresh chunk has, and sorting wide keys is slow)."""
    cursor.execute("SET LOCAL enable_sort = off")
    cursor.execute("SET LOCAL work_mem = '256MB'")


def add_visits(first_id: int, last_id: int, using: str | None = None) -> None:
    """Add the counts of the visits with ids ``first_id`` to ``last_id`` and their questions
    (a bulk load that paused the triggers in the same transaction) to the rollups directly:
    one grouped upsert per table for the whole chunk."""
    connection = _connection(using)
    vendor = connection.vendor
    where = f"WHERE v.id BETWEEN {int(first_id)} AND {int(last_id)}"
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # Folds (and so the dashboards' reads, up to FOLD_READ_WAIT_MS) wait for this
            # chunk's commit; registrations do not.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
            _bulk_settings(cursor)
        cursor.execute(question_upsert(vendor, _all_questions(vendor, where)))
        cursor.execute(visit_upsert(vendor, _all_visits(vendor, where)))


@contextmanager
def _one_snapshot(connection: Any) -> Iterator[None]:
    """A transaction whose statements all see the same committed data (REPEATABLE READ on
    PostgreSQL; inside a caller's transaction, that one)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        with transaction.atomic(using=connection.alias):
            yield
        return
    # Connect (and run Django's health check) outside the transaction: the isolation level
    # must be set before its first query.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _stored(vendor: str, table: str, delta: str, key: tuple[str, ...]) -> str:
    """The stored counts: on PostgreSQL the rollups plus the deltas not yet folded."""
    columns = ", ".join(key)
    if vendor != "postgresql":
        return f"SELECT {columns}, n FROM {table} WHERE n <> 0"
    return (
        f"SELECT {columns}, SUM(n) FROM (SELECT {columns}, n FROM {table} UNION ALL "
        f"SELECT {columns}, n FROM {delta}) s GROUP BY {columns} HAVING SUM(n) <> 0"
    )


def differences(using: str | None = None, limit: int = 20) -> list[str]:
    """Where the stored rollups (with the deltas not yet folded) differ from a recomputation
    from the registrations (empty: they agree). Both are read in one snapshot, so
    registrations meanwhile cause no false alarm. Reads only."""
    connection = _connection(using)
    vendor = connection.vendor
    problems: list[str] = []
    t = _tables()
    with _one_snapshot(connection), connection.cursor() as cursor:
        for table, delta, key, select in (
            (
                t["qrollup"],
                t["qdelta"],
                QUESTION_KEY,
                question_select(vendor, _all_questions(vendor)),
            ),
            (t["vrollup"], t["vdelta"], VISIT_KEY, visit_select(vendor, _all_visits(vendor))),
        ):
            cursor.execute(select)
            expected = {tuple(str(x) for x in row[:-1]): row[-1] for row in cursor.fetchall()}
            cursor.execute(_stored(vendor, table, delta, key))
            stored = {tuple(str(x) for x in row[:-1]): row[-1] for row in cursor.fetchall()}
            for k in sorted(set(expected) | set(stored)):
                if expected.get(k, 0) != stored.get(k, 0):
                    problems.append(
                        f"{table} {dict(zip(key, k, strict=True))}: "
                        f"stored {stored.get(k, 0)}, expected {expected.get(k, 0)}"
                    )
                    if len(problems) >= limit:
                        return problems
    return problems


def prune(using: str | None = None) -> int:
    """Delete rows whose count went back to zero (edits and deletions leave them)."""
    t = _tables()
    connection = _connection(using)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        cursor.execute(f"DELETE FROM {t['qrollup']} WHERE n = 0")
        removed = cursor.rowcount
        cursor.execute(f"DELETE FROM {t['vrollup']} WHERE n = 0")
        return int(removed + cursor.rowcount)


# --- Folding the deltas (PostgreSQL) -----------------------------------------------------


def _fold_sql(table: str, delta: str, key: tuple[str, ...]) -> str:
    """One statement: take every visible delta row out and add it, grouped, to the rollups
    (in key order; groups that sum to zero change nothing and are skipped). Answers the
    number of delta rows taken and of rollup rows written."""
    columns = ", ".join(key)
    return (
        f"WITH d AS (DELETE FROM {delta} RETURNING {columns}, n), "
        f"w AS (INSERT INTO {table} ({columns}, n) "
        f"SELECT {columns}, CAST(SUM(n) AS bigint) FROM d GROUP BY {columns} "
        f"HAVING SUM(n) <> 0 ORDER BY {columns} "
        f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n RETURNING 1) "
        "SELECT (SELECT COUNT(*) FROM d), (SELECT COUNT(*) FROM w)"
    )


def fold_sql() -> list[str]:
    """The statements of a fold, in order (the first takes the lock); ``bench/desk.py`` runs
    them with psycopg while it registers."""
    t = _tables()
    return [
        f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK})",
        _fold_sql(t["qrollup"], t["qdelta"], QUESTION_KEY),
        _fold_sql(t["vrollup"], t["vdelta"], VISIT_KEY),
    ]


def pending(using: str | None = None) -> bool:
    """Whether there are deltas to fold: one cheap query (each ``EXISTS`` stops at the
    first visible row). Always False on SQLite."""
    connection = _connection(using)
    if connection.vendor != "postgresql":
        return False
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {t['qdelta']}) OR EXISTS (SELECT 1 FROM {t['vdelta']})"
        )
        return bool(cursor.fetchone()[0])


def _lock_within(wait_ms: int) -> str:
    """Take the advisory lock, waiting at most ``wait_ms`` (else SQLSTATE 55P03), and put
    the lock timeout back as it was, in one round trip."""
    return (
        "DO $$DECLARE previous text := current_setting('lock_timeout'); BEGIN "
        f"PERFORM set_config('lock_timeout', '{wait_ms}ms', true); "
        f"PERFORM pg_advisory_xact_lock({ADVISORY_LOCK}); "
        "PERFORM set_config('lock_timeout', previous, true); END$$"
    )


@dataclass(frozen=True)
class Folded:
    deltas: int = 0  # delta rows taken out
    rows: int = 0  # rollup rows inserted or updated
    skipped: bool = False  # the lock was not free in time: nothing was folded


def fold(using: str | None = None, *, wait_ms: int | None = None) -> Folded:
    """Move the pending deltas into the rollups, in one transaction under the advisory lock
    (on SQLite, and when nothing is pending: one query or none, nothing else).

    Deltas committed while a fold runs stay for the next one, whole: a fold takes exactly
    the rows its statement sees, and concurrent folds wait for each other. ``wait_ms``:
    wait at most that long for the lock, else skip (``Folded.skipped``)."""
    connection = _connection(using)
    if not pending(connection.alias):
        return Folded()
    deltas = rows = 0
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            lock, *statements = fold_sql()
            cursor.execute(lock if wait_ms is None else _lock_within(int(wait_ms)))
            for sql in statements:
                cursor.execute(sql)
                taken, written = cursor.fetchone()
                deltas += taken
                rows += written
    except OperationalError as exc:
        if wait_ms is None or getattr(exc.__cause__, "sqlstate", None) != "55P03":
            raise
        logger.info("Rollup fold skipped: the lock was not free within %s ms", wait_ms)
        return Folded(skipped=True)
    return Folded(deltas, rows)


def fold_for_read(using: str | None = None) -> Folded:
    """Fold before reading the rollups, so the figures include every registration committed
    before the read. Only on the primary database (the one the rollups are written to) and
    unless ``MONITOR_FOLD_ON_READ`` is off (read replicas: the figures then lag by up to
    the fold interval, ``FOLD_EVERY``)."""
    if not getattr(settings, "MONITOR_FOLD_ON_READ", True):
        return Folded()
    alias = using or router.db_for_read(QuestionRollup)
    if alias != router.db_for_write(QuestionRollup):
        return Folded()
    return fold(alias, wait_ms=FOLD_READ_WAIT_MS)
