"""Synthetic registrations at scale (``wegwijs generate-registrations``), for demos, load
tests and the monitor benchmark.

The data follows the rules of a registration (valid codes from ``desk/codes.py``, the layer
that goes with the organisation, a referral target exactly when the help given is a
referral, visits inside the branch's opening hours, never on a closed day or public holiday,
never in the future) and a realistic mix: DigiD first, then digital skills and municipal
services; tax-return season in spring, health insurance around the new year, student
finance in late summer, a summer dip; busy late mornings and early afternoons; one question
per visit mostly, sometimes two or three. Branches differ in how busy they are.

Everything is drawn with numpy from one seed: the same seed, branches, dates and count give
the same registrations (ids aside). Rows go in with PostgreSQL's COPY (psycopg) or SQLite's
executemany, in chunks of one transaction each; the rollups are paused in that transaction
and their counts added for the chunk in one statement (:func:`rollups.add_visits`).
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import numpy as np
from django.db import connections, router, transaction

from wegwijs.desk.codes import LAYER_OF, HelpGiven, Kind, OrganisationCode, ReferralTarget, Theme
from wegwijs.desk.models import Question, Visit
from wegwijs.monitor import rollups
from wegwijs.monitor.models import QuestionRollup, RollupPause, VisitRollup
from wegwijs.network.models import Branch, HoursKind, OpeningException

TZ = ZoneInfo(rollups.TIME_ZONE)
CHUNK_VISITS = 100_000  # part of what a seed means: changing it changes the data
MAX_COUNT = 200_000_000

# --- The mix ---------------------------------------------------------------------------------

THEME_WEIGHTS: dict[str, float] = {
    "digid": 26,
    "digitale-vaardigheden": 15,
    "gemeente": 9,
    "toeslagen": 8,
    "belastingaangifte": 6,
    "aow-pensioen": 5,
    "zorgverzekering": 4,
    "werk-uitkering": 4,
    "geldzaken": 4,
    "zorg-eigen-bijdrage": 3,
    "boetes": 3,
    "overig": 3.5,
    "studiefinanciering": 2,
    "kinderbijslag": 2,
    "rijbewijs": 2,
    "zorg-indicatie": 1.5,
    "pgb": 1,
}
#: theme -> {month: factor}; other months 1 (belastingaangifte: 0.5 outside its season)
SEASON: dict[str, dict[int, float]] = {
    "belastingaangifte": {
        **dict.fromkeys(range(1, 13), 0.5),
        2: 1.3,
        3: 3.5,
        4: 3.5,
        5: 2.0,
    },
    "zorgverzekering": {12: 2.5, 1: 2.0},
    "toeslagen": {1: 1.5, 6: 1.2},
    "zorg-eigen-bijdrage": {1: 1.5},
    "studiefinanciering": {8: 2.0, 9: 1.8},
    "kinderbijslag": {1: 1.4, 4: 1.4, 7: 1.4, 10: 1.4},
    "digitale-vaardigheden": {7: 0.7, 8: 0.7, 10: 1.2, 11: 1.2},
    "gemeente": {5: 1.2, 6: 1.2},
}
#: visits per month, relative (summer and December dips, the tax season peak)
MONTH_VOLUME = {
    1: 1.1,
    2: 1.05,
    3: 1.25,
    4: 1.3,
    5: 1.05,
    6: 0.95,
    7: 0.7,
    8: 0.65,
    9: 1.0,
    10: 1.05,
    11: 1.05,
    12: 0.8,
}
WEEKDAY_VOLUME = (1.1, 1.05, 1.0, 1.0, 0.85, 0.7, 0.5)
HOUR_PROFILE = {9: 0.7, 10: 1.1, 11: 1.25, 12: 0.8, 13: 0.9, 14: 1.15, 15: 1.1, 16: 0.8, 17: 0.5}
OTHER_HOURS = 0.35
CONSULTATION_FACTOR = 3.0  # visits cluster in the IDO's consultation hours
GROWTH_PER_YEAR = 0.15

ORGANISATIONS: dict[str, dict[str, float]] = {
    "digid": {
        "logius": 80,
        "belastingdienst": 6,
        "uwv": 4,
        "svb": 4,
        "gemeente": 4,
        "duo": 2,
    },
    "belastingaangifte": {"belastingdienst": 95, "overig": 5},
    "toeslagen": {"toeslagen": 92, "belastingdienst": 8},
    "werk-uitkering": {"uwv": 90, "gemeente": 10},
    "aow-pensioen": {"svb": 80, "pensioenfonds": 20},
    "kinderbijslag": {"svb": 100},
    "pgb": {"svb": 85, "gemeente": 15},
    "zorg-eigen-bijdrage": {"cak": 95, "gemeente": 5},
    "zorg-indicatie": {"ciz": 90, "gemeente": 10},
    "zorgverzekering": {"zorgverzekeraar": 90, "cak": 5, "overig": 5},
    "studiefinanciering": {"duo": 100},
    "boetes": {"cjib": 90, "rdw": 5, "gemeente": 5},
    "rijbewijs": {"cbr": 75, "rdw": 20, "gemeente": 5},
    "gemeente": {"gemeente": 95, "ind": 3, "overig": 2},
    "geldzaken": {"overig": 55, "gemeente": 25, "belastingdienst": 10, "cjib": 10},
    "digitale-vaardigheden": {"overig": 100},
    "overig": {"overig": 80, "ind": 10, "rdw": 10},
}
KINDS: dict[str, dict[str, float]] = {
    "digitale-vaardigheden": {"bibliotheek": 55, "overig": 45},
    "geldzaken": {"overheid": 40, "overig": 60},
    "overig": {"bibliotheek": 40, "overig": 60},
}
DEFAULT_KIND: dict[str, float] = {"overheid": 95, "overig": 5}
HELP: dict[str, dict[str, float]] = {
    "digitale-vaardigheden": {
        "informatie": 30,
        "samen": 40,
        "doorverwezen": 3,
        "cursus": 24,
        "niet": 3,
    },
    "geldzaken": {"informatie": 30, "samen": 15, "doorverwezen": 45, "niet": 10},
    "zorg-indicatie": {"informatie": 40, "samen": 20, "doorverwezen": 30, "niet": 10},
    "pgb": {"informatie": 40, "samen": 20, "doorverwezen": 30, "niet": 10},
    "belastingaangifte": {"informatie": 30, "samen": 50, "doorverwezen": 12, "niet": 8},
}
DEFAULT_HELP: dict[str, float] = {
    "informatie": 42,
    "samen": 35,
    "doorverwezen": 12,
    "cursus": 5,
    "niet": 6,
}
REFERRALS: dict[str, dict[str, float]] = {
    "geldzaken": {
        "schuldhulp": 50,
        "sociaal-raadslieden": 20,
        "humanitas": 15,
        "formulierenbrigade": 10,
        "organisatie": 5,
    },
    "toeslagen": {
        "organisatie": 35,
        "formulierenbrigade": 25,
        "sociaal-raadslieden": 25,
        "humanitas": 10,
        "overig": 5,
    },
    "belastingaangifte": {
        "organisatie": 35,
        "formulierenbrigade": 25,
        "sociaal-raadslieden": 25,
        "humanitas": 10,
        "overig": 5,
    },
    "zorg-indicatie": {"clientondersteuning": 30, "zorgkantoor": 25, "mee": 15, "organisatie": 30},
    "pgb": {"clientondersteuning": 30, "zorgkantoor": 25, "mee": 15, "organisatie": 30},
    "zorg-eigen-bijdrage": {"organisatie": 60, "clientondersteuning": 25, "welzijn": 15},
    "aow-pensioen": {"organisatie": 50, "ouderenbond": 30, "sociaal-raadslieden": 20},
    "werk-uitkering": {
        "organisatie": 50,
        "vakbond": 20,
        "sociaal-raadslieden": 20,
        "welzijn": 10,
    },
    "digitale-vaardigheden": {"taalhuis": 40, "welzijn": 30, "overig": 30},
}
DEFAULT_REFERRAL: dict[str, float] = {
    "organisatie": 45,
    "sociaal-raadslieden": 15,
    "welzijn": 10,
    "formulierenbrigade": 10,
    "clientondersteuning": 5,
    "humanitas": 4,
    "mee": 3,
    "overig": 8,
}
QUESTIONS_PER_VISIT = (0.78, 0.17, 0.04, 0.01)  # 1, 2, 3, 4 questions
CHANNELS: dict[str, float] = {"balie": 82, "telefoon": 12, "online": 6}
DURATIONS_ONE: dict[str, float] = {"lt10": 35, "10-30": 42, "30-60": 17, "gt60": 6}
DURATIONS_MORE: dict[str, float] = {"lt10": 12, "10-30": 45, "30-60": 30, "gt60": 13}

THEMES = list(Theme.values)
ORGS = list(OrganisationCode.values)
KIND_CODES = list(Kind.values)
HELP_CODES = list(HelpGiven.values)
TARGETS = list(ReferralTarget.values)
CHANNEL_CODES = list(CHANNELS)
DURATION_CODES = list(DURATIONS_ONE)


class GeneratorError(ValueError):
    """The request cannot be generated (no branch with hours, a wrong period...)."""


@dataclass(frozen=True)
class Result:
    visits: int
    questions: int
    seconds: float
    first_visit_id: int = 0
    last_visit_id: int = 0

    @property
    def per_second(self) -> float:
        return self.questions / self.seconds if self.seconds else 0.0


# --- Small vectorised helpers ------------------------------------------------------------------


def _cdf_table(rows: Sequence[dict[str, float]], codes: list[str]) -> np.ndarray:
    """One cumulative distribution per row over ``codes`` (rows of weights by code)."""
    table = np.array([[row.get(code, 0.0) for code in codes] for row in rows], dtype=float)
    table /= table.sum(axis=1, keepdims=True)
    return np.cumsum(table, axis=1)


def _choose(rng: np.random.Generator, cdf: np.ndarray, condition: np.ndarray) -> np.ndarray:
    """For each element, draw a code index from the distribution of its condition's row."""
    rows, width = cdf.shape
    flat = (cdf + np.arange(rows)[:, None]).ravel()
    flat[width - 1 :: width] = np.arange(1, rows + 1)  # exact row ends, against rounding
    u = condition + rng.random(condition.shape[0])
    index = np.searchsorted(flat, u, side="right")
    return np.minimum(index - condition * width, width - 1)


@dataclass
class _Calendar:
    """Every (day, branch) cell, day by day, with its weight and its minute distribution."""

    branch_ids: np.ndarray  # per cell
    day_index: np.ndarray  # per cell, into days
    days: np.ndarray  # datetime64[D]
    day_offset: np.ndarray  # per day: minutes east of UTC (at noon)
    weights: np.ndarray  # per cell, unnormalised
    keys: np.ndarray  # per cell, row in minute_cdf
    minute_cdf: np.ndarray  # key x 1440


def _minutes(ranges: list[tuple[int, int, float]]) -> np.ndarray:
    """Weights of the 1440 minutes of a day from (opens, closes, factor) ranges."""
    weights = np.zeros(1440)
    for opens, closes, factor in ranges:
        for minute in range(opens, closes):
            hour = minute // 60
            weights[minute] = max(weights[minute], factor * HOUR_PROFILE.get(hour, OTHER_HOURS))
    return weights


def _branch_weight(seed: int, branch: Branch) -> float:
    rng = np.random.default_rng([seed, branch.pk])
    model = {"altijd": 1.5, "breed": 1.25}.get(branch.organisation.ido_model, 1.0)
    return float(rng.lognormal(0.0, 0.6)) * model


def _minute_of_day(value: Any) -> int:
    return int(value.hour) * 60 + int(value.minute)


def _calendar(seed: int, branches: list[Branch], start: date, end: date) -> _Calendar:
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + np.timedelta64(1, "D"))
    day_dates = [start + timedelta(days=i) for i in range(len(days))]
    closed_days = set(holidays.country_holidays("NL", years=range(start.year, end.year + 1)))
    rng = np.random.default_rng([seed, 0])
    day_noise = rng.gamma(20.0, 1 / 20.0, len(days))  # busy and quiet days
    day_factor = [
        0.0
        if d in closed_days
        else MONTH_VOLUME[d.month]
        * WEEKDAY_VOLUME[d.weekday()]
        * (1 + GROWTH_PER_YEAR * (d - start).days / 365.25)
        * float(day_noise[i])
        for i, d in enumerate(day_dates)
    ]
    key_rows: list[np.ndarray] = []
    key_index: dict[Any, int] = {}

    def key_for(name: Any, ranges: list[tuple[int, int, float]]) -> int:
        if name not in key_index:
            key_index[name] = len(key_rows)
            key_rows.append(_minutes(ranges))
        return key_index[name]

    weekly: dict[int, list[int | None]] = {}
    for branch in branches:
        ranges: dict[int, list[tuple[int, int, float]]] = {d: [] for d in range(7)}
        for period in branch.opening_periods.all():
            factor = CONSULTATION_FACTOR if period.kind == HoursKind.CONSULTATION else 1.0
            ranges[period.weekday].append(
                (_minute_of_day(period.opens), _minute_of_day(period.closes), factor)
            )
        weekly[branch.pk] = [
            key_for((branch.pk, d), ranges[d]) if ranges[d] else None for d in range(7)
        ]
    exceptions: dict[tuple[int, date], OpeningException] = {
        (e.branch_id, e.date): e
        for e in OpeningException.objects.filter(
            branch__in=branches, date__gte=start, date__lte=end
        )
    }
    weights = {b.pk: _branch_weight(seed, b) for b in branches}
    masses: dict[int, float] = {}

    def mass(key: int) -> float:
        if key not in masses:
            masses[key] = float(key_rows[key].sum())
        return masses[key]

    cell_branch, cell_day, cell_weight, cell_key = [], [], [], []
    for i, d in enumerate(day_dates):
        if not day_factor[i]:
            continue
        for branch in branches:
            exception = exceptions.get((branch.pk, d))
            key: int | None
            if exception is not None and exception.closed:
                continue
            if exception is not None and exception.opens and exception.closes:
                opens, closes = _minute_of_day(exception.opens), _minute_of_day(exception.closes)
                key = key_for(("exception", opens, closes), [(opens, closes, 1.0)])
            else:
                key = weekly[branch.pk][d.weekday()]
            if key is None or mass(key) <= 0:
                continue
            cell_branch.append(branch.pk)
            cell_day.append(i)
            cell_weight.append(weights[branch.pk] * day_factor[i] * mass(key))
            cell_key.append(key)
    if not cell_branch:
        raise GeneratorError("None of these branches is open on any day of this period.")
    minute_weights = np.array(key_rows)
    minute_cdf = np.cumsum(minute_weights / minute_weights.sum(axis=1, keepdims=True), axis=1)
    noon = datetime.min.time().replace(hour=12)
    day_offset = np.array(
        [int(datetime.combine(d, noon, TZ).utcoffset().total_seconds()) // 60 for d in day_dates],  # type: ignore[union-attr]
        dtype=np.int64,
    )
    return _Calendar(
        branch_ids=np.array(cell_branch, dtype=np.int64),
        day_index=np.array(cell_day, dtype=np.int64),
        days=days,
        day_offset=day_offset,
        weights=np.array(cell_weight),
        keys=np.array(cell_key, dtype=np.int64),
        minute_cdf=minute_cdf,
    )


# --- Drawing a chunk -----------------------------------------------------------------------


@dataclass
class Chunk:
    """Column arrays of one chunk: visits, and questions pointing at a visit's position."""

    branch: np.ndarray
    occurred: np.ndarray  # datetime64[s], UTC
    channel: np.ndarray
    duration: np.ndarray
    created: np.ndarray  # datetime64[s], UTC
    q_visit: np.ndarray  # index into the visits of this chunk
    q_position: np.ndarray
    q_kind: np.ndarray
    q_theme: np.ndarray
    q_organisation: np.ndarray
    q_help: np.ndarray
    q_target: np.ndarray  # -1: no referral


_THEME_CDF_BY_MONTH = _cdf_table(
    [
        {t: w * SEASON.get(t, {}).get(month, 1.0) for t, w in THEME_WEIGHTS.items()}
        for month in range(1, 13)
    ],
    THEMES,
)
_ORG_CDF = _cdf_table([ORGANISATIONS[t] for t in THEMES], ORGS)
_KIND_CDF = _cdf_table([KINDS.get(t, DEFAULT_KIND) for t in THEMES], KIND_CODES)
_HELP_CDF = _cdf_table([HELP.get(t, DEFAULT_HELP) for t in THEMES], HELP_CODES)
_TARGET_CDF = _cdf_table([REFERRALS.get(t, DEFAULT_REFERRAL) for t in THEMES], TARGETS)
_CHANNEL_CDF = _cdf_table([CHANNELS], CHANNEL_CODES)
_DURATION_CDF = _cdf_table([DURATIONS_ONE, DURATIONS_MORE], DURATION_CODES)
_REFERRED = HELP_CODES.index("doorverwezen")


def _draw_chunk(
    rng: np.random.Generator, cal: _Calendar, cells: np.ndarray, sizes: np.ndarray
) -> Chunk:
    """Draw the visits of ``cells`` (cell indices, sorted) with ``sizes`` questions each."""
    n = len(cells)
    minute = _choose(rng, cal.minute_cdf, cal.keys[cells])
    second = rng.integers(0, 60, n)
    day_index = cal.day_index[cells]
    local = cal.days[day_index].astype("datetime64[s]") + (minute * 60 + second).astype(
        "timedelta64[s]"
    )
    occurred = local - (cal.day_offset[day_index] * 60).astype("timedelta64[s]")
    order = np.lexsort((cal.branch_ids[cells], occurred))  # by time, then branch
    occurred, local, cells, sizes = occurred[order], local[order], cells[order], sizes[order]
    channel = _choose(rng, _CHANNEL_CDF, np.zeros(n, dtype=np.int64))
    duration = _choose(rng, _DURATION_CDF, (sizes > 1).astype(np.int64))
    created = occurred + rng.integers(30, 900, n).astype("timedelta64[s]")
    q_visit = np.repeat(np.arange(n), sizes)
    starts = np.cumsum(sizes) - sizes
    q_position = np.arange(len(q_visit)) - np.repeat(starts, sizes) + 1
    months = (local.astype("datetime64[M]").astype(np.int64) % 12)[q_visit]
    q_theme = _choose(rng, _THEME_CDF_BY_MONTH, months)
    q_organisation = _choose(rng, _ORG_CDF, q_theme)
    q_kind = _choose(rng, _KIND_CDF, q_theme)
    q_help = _choose(rng, _HELP_CDF, q_theme)
    q_target = np.where(q_help == _REFERRED, _choose(rng, _TARGET_CDF, q_theme), -1)
    return Chunk(
        branch=cal.branch_ids[cells],
        occurred=occurred,
        channel=channel,
        duration=duration,
        created=created,
        q_visit=q_visit,
        q_position=q_position,
        q_kind=q_kind,
        q_theme=q_theme,
        q_organisation=q_organisation,
        q_help=q_help,
        q_target=q_target,
    )


# --- Writing ---------------------------------------------------------------------------------

_LAYERS = [LAYER_OF[code] for code in ORGS]


def _question_rows(chunk: Chunk, visit_ids: np.ndarray) -> list[tuple[Any, ...]]:
    targets = [*TARGETS, ""]  # index -1: no target
    return list(
        zip(
            visit_ids[chunk.q_visit].tolist(),
            chunk.q_position.tolist(),
            [KIND_CODES[i] for i in chunk.q_kind.tolist()],
            [THEMES[i] for i in chunk.q_theme.tolist()],
            [ORGS[i] for i in chunk.q_organisation.tolist()],
            [_LAYERS[i] for i in chunk.q_organisation.tolist()],
            [HELP_CODES[i] for i in chunk.q_help.tolist()],
            [targets[i] for i in chunk.q_target.tolist()],
            strict=True,
        )
    )


_VISIT_COLUMNS = (
    "id, branch_id, occurred_at, channel, duration, note, batch, registered_by_id, "
    "created_at, updated_at"
)
_QUESTION_COLUMNS = (
    "visit_id, position, kind, theme, organisation, layer, help_given, referral_target, "
    "citizen_words"
)


def _write_postgresql(connection: Any, chunk: Chunk) -> tuple[int, int]:
    n = len(chunk.branch)
    visit_table = connection.ops.quote_name(Visit._meta.db_table)
    question_table = connection.ops.quote_name(Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Visit._meta.db_table, n],
        )
        visit_ids = np.array(sorted(row[0] for row in cursor.fetchall()), dtype=np.int64)
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        occurred = np.datetime_as_string(chunk.occurred, unit="s", timezone="UTC").tolist()
        created = np.datetime_as_string(chunk.created, unit="s", timezone="UTC").tolist()
        channels = [CHANNEL_CODES[i] for i in chunk.channel.tolist()]
        durations = [DURATION_CODES[i] for i in chunk.duration.tolist()]
        lines = [
            f"{vid}\t{branch}\t{at}\t{channel}\t{duration}\t\t\\N\t\\N\t{made}\t{made}\n"
            for vid, branch, at, channel, duration, made in zip(
                visit_ids.tolist(),
                chunk.branch.tolist(),
                occurred,
                channels,
                durations,
                created,
                strict=True,
            )
        ]
        with raw.copy(f"COPY {visit_table} ({_VISIT_COLUMNS}) FROM STDIN") as copy:
            copy.write("".join(lines))
        lines = ["\t".join(map(str, row)) + "\t\n" for row in _question_rows(chunk, visit_ids)]
        with raw.copy(f"COPY {question_table} ({_QUESTION_COLUMNS}) FROM STDIN") as copy:
            copy.write("".join(lines))
    return int(visit_ids[0]), int(visit_ids[-1])


def _write_sqlite(connection: Any, chunk: Chunk) -> tuple[int, int]:
    n = len(chunk.branch)
    visit_table = connection.ops.quote_name(Visit._meta.db_table)
    question_table = connection.ops.quote_name(Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {visit_table}")  # noqa: S608
        first = int(cursor.fetchone()[0]) + 1
        visit_ids = np.arange(first, first + n, dtype=np.int64)
        occurred = np.char.replace(np.datetime_as_string(chunk.occurred, unit="s"), "T", " ")
        created = np.char.replace(np.datetime_as_string(chunk.created, unit="s"), "T", " ")
        cursor.executemany(
            f"INSERT INTO {visit_table} ({_VISIT_COLUMNS}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, '', NULL, NULL, %s, %s)",
            list(
                zip(
                    visit_ids.tolist(),
                    chunk.branch.tolist(),
                    occurred.tolist(),
                    [CHANNEL_CODES[i] for i in chunk.channel.tolist()],
                    [DURATION_CODES[i] for i in chunk.duration.tolist()],
                    created.tolist(),
                    created.tolist(),
                    strict=True,
                )
            ),
        )
        cursor.executemany(
            f"INSERT INTO {question_table} ({_QUESTION_COLUMNS}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '')",
            _question_rows(chunk, visit_ids),
        )
    return first, first + n - 1


# --- The whole run ---------------------------------------------------------------------------


def _default_period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    end = end or today - timedelta(days=1)
    start = start or end - timedelta(days=364)
    if end >= today:
        raise GeneratorError("The end date must lie before today: visits are never in the future.")
    if start > end:
        raise GeneratorError("The start date must not lie after the end date.")
    return start, end


def generate(
    count: int,
    *,
    seed: int = 1,
    start: date | None = None,
    end: date | None = None,
    branch_ids: Sequence[int] | None = None,
    today: date | None = None,
    using: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Store ``count`` questions (in about 0.8 * count visits) at the given branches (default:
    the branches with an IDO and opening hours) between ``start`` and ``end`` (default: the
    365 days up to yesterday)."""
    if not 1 <= count <= MAX_COUNT:
        raise GeneratorError(f"Give a count from 1 to {MAX_COUNT:,}.")
    today = today or datetime.now(TZ).date()
    start, end = _default_period(start, end, today)
    alias = using or router.db_for_write(Visit)
    connection = connections[alias]
    branches_qs = Branch.objects.using(alias).select_related("organisation")
    if branch_ids:
        branches = list(branches_qs.filter(pk__in=branch_ids).prefetch_related("opening_periods"))
        missing = sorted(set(branch_ids) - {b.pk for b in branches})
        if missing:
            raise GeneratorError(f"Unknown branches: {', '.join(map(str, missing))}.")
    else:
        branches = list(branches_qs.filter(has_ido=True).prefetch_related("opening_periods"))
    branches = sorted((b for b in branches if b.opening_periods.all()), key=lambda b: b.pk)
    if not branches:
        raise GeneratorError("No branch with opening hours to register visits at.")
    began = clock.perf_counter()
    cal = _calendar(seed, branches, start, end)
    master = np.random.default_rng([seed, 1])
    sizes = master.choice(
        np.arange(1, len(QUESTIONS_PER_VISIT) + 1), size=count, p=QUESTIONS_PER_VISIT
    )
    total = np.cumsum(sizes)
    visits = int(np.searchsorted(total, count) + 1)
    sizes = sizes[:visits]
    sizes[-1] -= int(total[visits - 1] - count)  # the last visit ends at exactly ``count``
    probabilities = cal.weights / cal.weights.sum()
    cells = np.sort(master.choice(len(probabilities), size=visits, p=probabilities))
    write = _write_postgresql if connection.vendor == "postgresql" else _write_sqlite
    first_id = last_id = 0
    stored = 0
    for number, begin in enumerate(range(0, visits, CHUNK_VISITS)):
        rng = np.random.default_rng([seed, 2, number])
        chunk = _draw_chunk(
            rng, cal, cells[begin : begin + CHUNK_VISITS], sizes[begin : begin + CHUNK_VISITS]
        )
        with transaction.atomic(using=alias):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # synthetic rows: no need to wait for disk
                    cursor.execute("SET LOCAL synchronous_commit = off")
            pause = RollupPause.objects.using(alias).create()
            low, high = write(connection, chunk)
            rollups.add_visits(low, high, using=alias)
            pause.delete()
        first_id = first_id or low
        last_id = high
        stored += len(chunk.q_visit)
        if progress is not None:
            progress(stored, count)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, and the visibility map the dashboard's index-only scans need
        # (autovacuum would get there too, later).
        with connection.cursor() as cursor:
            for table in (QuestionRollup, VisitRollup, Visit, Question):
                cursor.execute(f"VACUUM (ANALYZE) {table._meta.db_table}")
    return Result(visits, stored, clock.perf_counter() - began, first_id, last_id)
