# ruff: noqa: S608 -- SQL built from model metadata and constants only, never from input
"""The rollups: which counts are kept, and the SQL that keeps them current.

Design (docs/architecture.md, "Monitor"):

- A registration is counted in several *shapes*, each keeping a few codes, at a few
  *levels* (a geography: national, province or branch; and a grain: local day or month).
  The dashboard asks the smallest shape and level that answers a block: a national year
  reads twelve national month rows per code combination, never the questions.
- **Database triggers** on ``desk_question`` and ``desk_visit`` add and subtract the counts
  in the same transaction as the write, whichever path wrote it (the desk's one-statement
  insert on PostgreSQL, the ORM, the Django admin, a bulk load). PostgreSQL runs one
  statement-level trigger per statement over its transition tables; SQLite one row-level
  trigger per row. Each upserts (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``);
  on PostgreSQL the transactions that change rollups take one advisory lock first
  (``ADVISORY_LOCK``), so concurrent registrations and edits add up one after the other:
  no lost update, no deadlock.
- Local time is Europe/Amsterdam. PostgreSQL converts with its time zone database; SQLite
  has none, so its triggers apply the EU summer-time rule (last Sunday of March to the last
  Sunday of October, 01:00 UTC), which a test checks against ``zoneinfo`` over decades.
- The same SELECT that the triggers run over their rows computes the counts from scratch
  (``wegwijs monitor rebuild``, ``check``) or for a range of visits (bulk loads).

Moving a branch to another library, or a library to another province, does not move its
counts between provinces: run ``wegwijs monitor rebuild`` after such a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.db import connections, models, transaction

from wegwijs.desk.models import Question, Visit
from wegwijs.monitor.models import Geo, Grain, QuestionRollup, RollupPause, VisitRollup
from wegwijs.network.models import Branch, Organisation

TIME_ZONE = "Europe/Amsterdam"
#: PostgreSQL: transactions that change the rollups take this transaction-level advisory
#: lock first, so they change them one after the other. Without it, an edit (three
#: statements: the visit, its old questions, its new ones) and a registration could each
#: hold a row the other needs next: a deadlock. A registration holds it for its one
#: statement and the commit (about a millisecond).
ADVISORY_LOCK = 730_514_001


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


def _pg_trigger_sql() -> list[str]:
    t = _tables()
    vendor = "postgresql"

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
            question_upsert(vendor, questions("new_rows", 1))
        ],
        ("monitor_question_delete", "DELETE", t["question"], "OLD TABLE AS old_rows"): [
            question_upsert(vendor, questions("old_rows", -1))
        ],
        (
            "monitor_question_update",
            "UPDATE",
            t["question"],
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ): [
            question_upsert(
                vendor, f"{questions('old_rows', -1)} UNION ALL {questions('new_rows', 1)}"
            )
        ],
        ("monitor_visit_insert", "INSERT", t["visit"], "NEW TABLE AS new_rows"): [
            visit_upsert(vendor, visits("new_rows", 1))
        ],
        ("monitor_visit_delete", "DELETE", t["visit"], "OLD TABLE AS old_rows"): [
            visit_upsert(vendor, visits("old_rows", -1))
        ],
        (
            "monitor_visit_update",
            "UPDATE",
            t["visit"],
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ): [
            visit_upsert(
                vendor,
                f"{moved_visits('old_rows', 'new_rows', -1)} UNION ALL "
                f"{moved_visits('new_rows', 'old_rows', 1)}",
            ),
            question_upsert(
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
            f"BEGIN\n  IF EXISTS (SELECT 1 FROM {t['pause']}) THEN RETURN NULL; END IF;\n"
            f"  PERFORM pg_advisory_xact_lock({ADVISORY_LOCK});\n"
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


def trigger_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return _pg_trigger_sql()
    if vendor == "sqlite":
        return _sqlite_trigger_sql()
    raise NotImplementedError(f"the monitor supports PostgreSQL and SQLite, not {vendor}")


def _pg_collation_sql() -> list[str]:
    """The code columns of the rollups in collation "C" (see ``_collate``)."""
    statements = []
    for model, dims in (
        (QuestionRollup, ("grain", "geo", *QUESTION_DIMS)),
        (VisitRollup, ("grain", "geo")),
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


def rebuild(using: str | None = None) -> dict[str, int]:
    """Recompute every rollup from the registrations, in one transaction. On PostgreSQL the
    desk tables are locked against writes meanwhile (registrations wait, then count)."""
    connection = _connection(using)
    t = _tables()
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {t['visit']}, {t['question']} IN SHARE MODE")
            _bulk_settings(cursor)
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
    (a bulk load that paused the triggers in the same transaction)."""
    connection = _connection(using)
    vendor = connection.vendor
    where = f"WHERE v.id BETWEEN {int(first_id)} AND {int(last_id)}"
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # Registrations meanwhile wait for this chunk's commit (see ADVISORY_LOCK).
            cursor.execute(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK})")
            _bulk_settings(cursor)
        cursor.execute(question_upsert(vendor, _all_questions(vendor, where)))
        cursor.execute(visit_upsert(vendor, _all_visits(vendor, where)))


def differences(using: str | None = None, limit: int = 20) -> list[str]:
    """Where the stored rollups differ from a recomputation (empty: they agree)."""
    connection = _connection(using)
    vendor = connection.vendor
    problems: list[str] = []
    t = _tables()
    for table, key, select in (
        (t["qrollup"], QUESTION_KEY, question_select(vendor, _all_questions(vendor))),
        (t["vrollup"], VISIT_KEY, visit_select(vendor, _all_visits(vendor))),
    ):
        with connection.cursor() as cursor:
            cursor.execute(select)
            expected = {tuple(str(x) for x in row[:-1]): row[-1] for row in cursor.fetchall()}
            cursor.execute(f"SELECT {', '.join(key)}, n FROM {table} WHERE n <> 0")
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
    with _connection(using).cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['qrollup']} WHERE n = 0")
        removed = cursor.rowcount
        cursor.execute(f"DELETE FROM {t['vrollup']} WHERE n = 0")
        return int(removed + cursor.rowcount)
