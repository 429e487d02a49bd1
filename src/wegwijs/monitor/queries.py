"""The dashboard's figures for a :class:`~wegwijs.monitor.filters.Selection`, read from the
rollups (never from the registrations): about ten small grouped queries for the period and
its predecessor, whatever the number of questions. Counts only; suppression and wording
come after (:mod:`wegwijs.monitor.report`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import FloatField, Func, QuerySet, Sum

from wegwijs.monitor.filters import Granularity, Period, Selection, add_months
from wegwijs.monitor.models import Geo, Grain, QuestionRollup, VisitRollup
from wegwijs.monitor.rollups import QShape, VShape, fold_for_read


@dataclass
class Figures:
    questions: int = 0
    previous_questions: int = 0
    visits: int | None = None
    previous_visits: int | None = None
    codes: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    previous_codes: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    contact: Counter[tuple[str, str]] = field(default_factory=Counter)
    previous_contact: Counter[tuple[str, str]] = field(default_factory=Counter)
    referrals: Counter[str] = field(default_factory=Counter)
    series: list[tuple[date, int, int | None]] = field(default_factory=list)
    branches: dict[int, tuple[int, int, int | None]] = field(default_factory=dict)
    heatmap: Counter[tuple[int, int]] | None = None


def _grain_bounds(period: Period, grain: str) -> tuple[date, date]:
    return (period.start, period.end) if grain == Grain.MONTH else (period.start, period.last_day)


def _rows(
    model: Any,
    sel: Selection,
    shape: int,
    period: Period,
    fields: Iterable[str],
    *,
    grain: str = Grain.MONTH,
    geo: str | None = None,
    geo_ids: tuple[int, ...] | None = None,
) -> QuerySet[Any]:
    geo = geo or sel.geo
    geo_ids = sel.geo_ids if geo_ids is None and geo == sel.geo else geo_ids
    low, high = _grain_bounds(period, grain)
    qs: QuerySet[Any] = model.objects.filter(
        shape=shape, grain=grain, geo=geo, period__gte=low, period__lte=high
    )
    if geo == Geo.NATIONAL:
        qs = qs.filter(geo_id=0)
    elif geo_ids is not None:
        qs = qs.filter(geo_id__in=geo_ids)
    if model is QuestionRollup:
        if sel.kind:
            qs = qs.filter(kind=sel.kind)
        if sel.organisations is not None:
            qs = qs.filter(organisation__in=sel.organisations)
    return qs.values(*fields).annotate(total=Sum("n")).order_by()


def _series_grain(granularity: str) -> str:
    return Grain.DAY if granularity in (Granularity.DAY, Granularity.WEEK) else Grain.MONTH


def bucket_of(day: date, granularity: str) -> date:
    if granularity == Granularity.DAY:
        return day
    if granularity == Granularity.WEEK:
        return day - timedelta(days=day.weekday())
    if granularity == Granularity.MONTH:
        return day.replace(day=1)
    if granularity == Granularity.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def buckets(period: Period, granularity: str) -> list[date]:
    """Every bucket of the period, in order (empty ones too)."""
    result: list[date] = []
    if granularity in (Granularity.DAY, Granularity.WEEK):
        day = period.start
        while day <= period.last_day:
            bucket = bucket_of(day, granularity)
            if not result or result[-1] != bucket:
                result.append(bucket)
            day += timedelta(days=1)
        return result
    month = period.start
    while month <= period.end:
        bucket = bucket_of(month, granularity)
        if not result or result[-1] != bucket:
            result.append(bucket)
        month = add_months(month, 1)
    return result


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def figures(sel: Selection) -> Figures:
    fold_for_read()  # PostgreSQL: pending deltas into the rollups first (rollups.py)
    fig = Figures()
    for period, codes in ((sel.period, fig.codes), (sel.previous, fig.previous_codes)):
        for row in _rows(
            QuestionRollup,
            sel,
            QShape.CODES,
            period,
            ("kind", "organisation", "theme", "help_given"),
        ):
            codes[(row["kind"], row["organisation"], row["theme"], row["help_given"])] += row[
                "total"
            ]
    fig.questions = sum(fig.codes.values())
    fig.previous_questions = sum(fig.previous_codes.values())
    for period, contact in ((sel.period, fig.contact), (sel.previous, fig.previous_contact)):
        for row in _rows(QuestionRollup, sel, QShape.CONTACT, period, ("channel", "duration")):
            contact[(row["channel"], row["duration"])] += row["total"]
    for row in _rows(QuestionRollup, sel, QShape.REFERRAL, sel.period, ("referral_target",)):
        fig.referrals[row["referral_target"]] += row["total"]

    grain = _series_grain(sel.granularity)
    questions_by: Counter[date] = Counter()
    for row in _rows(QuestionRollup, sel, QShape.SERIES, sel.period, ("period",), grain=grain):
        questions_by[bucket_of(_as_date(row["period"]), sel.granularity)] += row["total"]
    visits_by: Counter[date] | None = None
    if sel.visits:
        visits_by = Counter()
        for row in _rows(VisitRollup, sel, VShape.TOTAL, sel.period, ("period",), grain=grain):
            visits_by[bucket_of(_as_date(row["period"]), sel.granularity)] += row["total"]
        fig.visits = sum(visits_by.values())
        fig.previous_visits = sum(
            row["total"] for row in _rows(VisitRollup, sel, VShape.TOTAL, sel.previous, ("period",))
        )
        fig.heatmap = Counter()
        for row in _rows(VisitRollup, sel, VShape.HOURS, sel.period, ("weekday", "hour")):
            fig.heatmap[(row["weekday"], row["hour"])] += row["total"]
    fig.series = [
        (bucket, questions_by[bucket], visits_by[bucket] if visits_by is not None else None)
        for bucket in buckets(sel.period, sel.granularity)
    ]

    # Per branch, always from the branch level.
    def per_branch(model: Any, shape: int, period: Period) -> Counter[int]:
        counts: Counter[int] = Counter()
        for row in _rows(
            model, sel, shape, period, ("geo_id",), geo=Geo.BRANCH, geo_ids=sel.branch_ids
        ):
            counts[row["geo_id"]] += row["total"]
        return counts

    # without filters on codes, one row per branch and month; with them, per code combination
    shape = QShape.BRANCH if sel.kind == "" and sel.organisations is None else QShape.SERIES
    current = per_branch(QuestionRollup, shape, sel.period)
    before = per_branch(QuestionRollup, shape, sel.previous)
    visits = per_branch(VisitRollup, VShape.TOTAL, sel.period) if sel.visits else None
    for branch_id in set(current) | set(before) | set(visits or ()):
        fig.branches[branch_id] = (
            current[branch_id],
            before[branch_id],
            visits[branch_id] if visits is not None else None,
        )
    return fig


# --- Referrals and their outcomes ---------------------------------------------------------------
# Referrals are read from their own rows (a few per hundred questions), not from rollups: one
# grouped count per period on the index of ``created_at``, the open ones still waiting for the
# partner (overdue or not, by working days), and the median time to the first response.


class Outcome:
    """What became of a warm referral or course registration (cold ones have no loop)."""

    COMPLETED = "completed"
    OPEN = "open"  # sent (not yet overdue), accepted or contacted
    OVERDUE = "overdue"  # still "sent" two working days after sending
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    ORDER = (COMPLETED, OPEN, OVERDUE, DECLINED, CANCELLED, EXPIRED)


#: (referral kind, outcome or "" for cold referrals, decline reason, partner's organisation kind)
ReferralKey = tuple[str, str, str, str]


@dataclass
class ReferralFigures:
    current: Counter[ReferralKey] = field(default_factory=Counter)
    previous: Counter[ReferralKey] = field(default_factory=Counter)
    #: median days to the partner's first response, and the number of referrals it is over
    response: tuple[float | None, int] = (None, 0)
    previous_response: tuple[float | None, int] = (None, 0)
    #: a filter on question codes applies: only referrals made from a registered question count
    linked_only: bool = False


def local_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as aware datetimes, from its first local midnight up to (not including) the
    first local midnight after it (Europe/Amsterdam, as the rollups count)."""
    zone = ZoneInfo("Europe/Amsterdam")
    start = datetime.combine(period.start, time(), tzinfo=zone)
    end = datetime.combine(add_months(period.end, 1), time(), tzinfo=zone)
    return start, end


def _scoped(sel: Selection) -> QuerySet[Any]:
    """Referrals of the selection's scope and question filters (any date)."""
    from wegwijs.referrals.models import Referral

    qs = Referral.objects.all()
    if sel.geo == Geo.PROVINCE:
        qs = qs.filter(branch__organisation__province_id__in=sel.geo_ids)
    elif sel.geo == Geo.BRANCH:
        qs = qs.filter(branch_id__in=sel.geo_ids)
    if sel.kind:
        qs = qs.filter(question__kind=sel.kind)
    if sel.organisations is not None:
        qs = qs.filter(question__organisation__in=sel.organisations)
    return qs


def referrals_in(sel: Selection, period: Period) -> QuerySet[Any]:
    """The referrals of the selection's scope and question filters made in ``period``."""
    low, high = local_bounds(period)
    return _scoped(sel).filter(created_at__gte=low, created_at__lt=high)


_OUTCOME_OF_STATUS = {
    "accepted": Outcome.OPEN,
    "contacted": Outcome.OPEN,
    "completed": Outcome.COMPLETED,
    "declined": Outcome.DECLINED,
    "cancelled": Outcome.CANCELLED,
    "expired": Outcome.EXPIRED,
}
#: Statuses reached by the partner's first step (accept, contact, complete, decline).
_RESPONDED = ("accepted", "contacted", "completed", "declined")
#: Above this many responses in the two periods the medians are taken in the database (an
#: ordered offset per period) instead of reading the waiting times.
_READ_WAITS_UP_TO = 5000


class _DaysBetween(Func):
    """Days from the second datetime to the first, as a float, natively in each database
    (Django's own datetime difference is a Python function per row on SQLite)."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s))::float8 / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def referral_figures(sel: Selection, now: datetime | None = None) -> ReferralFigures:
    """Counts by (kind, outcome, reason, kind of partner) for the period and the one before,
    in one grouped query over both (one range on the index of ``created_at`` when the periods
    follow each other), and the median time to a first response.

    "Overdue" (still sent two working days after sending) is decided by working days for
    the last week's referrals only: two working days never span a week (Easter or Christmas
    and a weekend: five days), so anything older that is still "sent" is overdue.
    """
    from django.db.models import BooleanField, Case, Count, Q, Value, When
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from wegwijs.network.models import Organisation
    from wegwijs.referrals.models import RESPONSE_WORKING_DAYS, Kind, Status
    from wegwijs.referrals.workdays import add_working_days

    now = now or timezone.now()
    week = now - timedelta(days=7)
    (low, high), (before_low, before_high) = local_bounds(sel.period), local_bounds(sel.previous)
    if before_high == low:  # the usual case: one range over both periods
        both = _scoped(sel).filter(created_at__gte=before_low, created_at__lt=high)
        in_current = Q(created_at__gte=low)
    else:  # this year so far against the same months last year
        in_current = Q(created_at__gte=low, created_at__lt=high)
        both = _scoped(sel).filter(
            in_current | Q(created_at__gte=before_low, created_at__lt=before_high)
        )
    flag = BooleanField()
    current = Case(When(in_current, then=Value(True)), default=Value(False), output_field=flag)
    first = Coalesce("accepted_at", "contacted_at", "completed_at", "closed_at")
    grouped = (
        both.alias(first=first)
        .annotate(
            current=current,
            recent=Case(
                When(status=Status.SENT, created_at__gte=week, then=Value(True)),
                default=Value(False),
                output_field=flag,
            ),
            responded=Case(
                When(
                    Q(status__in=_RESPONDED) & ~Q(kind=Kind.COLD) & Q(first__isnull=False),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=flag,
            ),
        )
        .values("current", "recent", "responded", "kind", "status", "decline_reason", "partner")
        .annotate(total=Count("pk"))
        .order_by()
    )
    rows = list(grouped)
    partner_kinds = dict(
        Organisation.objects.filter(pk__in={r["partner"] for r in rows}).values_list("pk", "kind")
    )
    result = ReferralFigures(linked_only=bool(sel.kind) or sel.organisations is not None)
    responses = {True: 0, False: 0}
    recent = 0
    counts = {True: result.current, False: result.previous}
    for row in rows:
        if row["recent"]:
            recent += row["total"]
            continue
        kind = row["kind"]
        if kind == Kind.COLD:
            outcome = ""
        elif row["status"] == Status.SENT:
            outcome = Outcome.OVERDUE  # sent more than a week ago
        else:
            outcome = _OUTCOME_OF_STATUS.get(row["status"], "")
        reason = row["decline_reason"] if outcome == Outcome.DECLINED else ""
        key = (kind, outcome, reason, partner_kinds.get(row["partner"], ""))
        counts[row["current"]][key] += row["total"]
        if row["responded"]:
            responses[row["current"]] += row["total"]
    if recent:
        for kind, created, partner_kind, is_current in (
            both.filter(status=Status.SENT, created_at__gte=week)
            .annotate(current=current)
            .values_list("kind", "created_at", "partner__kind", "current")
        ):
            if kind == Kind.COLD:
                outcome = ""
            elif now > add_working_days(created, RESPONSE_WORKING_DAYS):
                outcome = Outcome.OVERDUE
            else:
                outcome = Outcome.OPEN
            counts[is_current][(kind, outcome, "", partner_kind)] += 1
    waits = (
        both.filter(status__in=_RESPONDED)
        .exclude(kind=Kind.COLD)
        .alias(first=first)
        .filter(first__isnull=False)
        .annotate(current=current, wait=_DaysBetween("first", "created_at"))
    )
    if responses[True] + responses[False] <= _READ_WAITS_UP_TO:
        read: dict[bool, list[float]] = {True: [], False: []}
        for is_current, days in waits.values_list("current", "wait"):
            read[is_current].append(days)
        result.response = _median(sorted(read[True]))
        result.previous_response = _median(sorted(read[False]))
    else:
        result.response = _median_in_database(waits.filter(in_current), responses[True])
        result.previous_response = _median_in_database(waits.exclude(in_current), responses[False])
    return result


def _median(days: list[float]) -> tuple[float | None, int]:
    """The median of sorted waiting times in days, and how many there are."""
    n = len(days)
    if not n:
        return None, 0
    middle = days[(n - 1) // 2 : n // 2 + 1]
    return sum(middle) / len(middle), n


def _median_in_database(waits: QuerySet[Any], n: int) -> tuple[float | None, int]:
    """The median by an ordered offset: the database sorts, one or two rows come back."""
    if not n:
        return None, 0
    middle = list(waits.order_by("wait").values_list("wait", flat=True)[(n - 1) // 2 : n // 2 + 1])
    return sum(middle) / len(middle), n


def monthly_questions(sel: Selection, period: Period) -> Counter[date]:
    """The selection's questions per month of ``period`` (from the month rollups)."""
    fold_for_read()
    counts: Counter[date] = Counter()
    for row in _rows(QuestionRollup, sel, QShape.SERIES, period, ("period",)):
        counts[_as_date(row["period"]).replace(day=1)] += row["total"]
    return counts
