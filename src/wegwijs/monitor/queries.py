"""The dashboard's figures for a :class:`~wegwijs.monitor.filters.Selection`, read from the
rollups (never from the registrations): about ten small grouped queries for the period and
its predecessor, whatever the number of questions. Counts only; suppression and wording
come after (:mod:`wegwijs.monitor.report`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet, Sum

from wegwijs.monitor.filters import Granularity, Period, Selection, add_months
from wegwijs.monitor.models import Geo, Grain, QuestionRollup, VisitRollup
from wegwijs.monitor.rollups import QShape, VShape


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
