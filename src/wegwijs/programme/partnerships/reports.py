"""The read side of a library's partnership tools, built once for the pages, the downloads
and the PDF overview: the strength analysis (with the quadrant of each partner and a
one-sentence summary), the weighing table (means, totals and advice), the goals matrix and the
tactics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import F, QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijs.network.models import Organisation
from wegwijs.programme.partnerships import scoring
from wegwijs.programme.partnerships.models import (
    ContributionLevel,
    PartnershipAdviceSettings,
    PartnershipContribution,
    PartnershipCriterion,
    PartnershipGoal,
    PartnershipPartner,
    PartnershipScore,
    PartnershipTactic,
    PartnerStatus,
)
from wegwijs.programme.partnerships.scoring import Advice, Quadrant

#: The order the quadrants are listed in (summary, table, legend).
QUADRANT_ORDER = (Quadrant.KEY, Quadrant.SATISFY, Quadrant.INFORM, Quadrant.MONITOR)


def partners(library: Organisation, *, include_ended: bool = True) -> QuerySet[PartnershipPartner]:
    qs = PartnershipPartner.objects.filter(library=library).select_related("social_organization")
    if not include_ended:
        qs = qs.exclude(status=PartnerStatus.ENDED)
    return qs.order_by("name", "pk")


# -- strength analysis -------------------------------------------------------------------
@dataclass
class StrengthPoint:
    number: int  # the label in the chart and the table
    partner: PartnershipPartner
    quadrant: Quadrant


@dataclass
class Strength:
    points: list[StrengthPoint]
    not_analysed: list[PartnershipPartner]
    summary: str

    def by_quadrant(self) -> list[tuple[Quadrant, list[StrengthPoint]]]:
        return [(q, [p for p in self.points if p.quadrant == q]) for q in QUADRANT_ORDER]


def strength(rows: list[PartnershipPartner]) -> Strength:
    analysed = [p for p in rows if p.analysed]
    points = [
        StrengthPoint(n, p, scoring.quadrant(p.influence, p.added_value))  # type: ignore[arg-type]
        for n, p in enumerate(analysed, start=1)
    ]
    not_analysed = [p for p in rows if not p.analysed]
    return Strength(points, not_analysed, _strength_summary(points, not_analysed))


def _strength_summary(points: list[StrengthPoint], not_analysed: list[PartnershipPartner]) -> str:
    if not points:
        text = _("No partner has been analysed yet.")
    else:
        counts = Counter(p.quadrant for p in points)
        parts = []
        for q in QUADRANT_ORDER:
            if counts[q]:
                names = get_text_list([p.partner.name for p in points if p.quadrant == q], _("and"))
                parts.append(f"{q.label}: {counts[q]} ({names})")
        text = ngettext(
            "%(count)s partner analysed. %(parts)s.",
            "%(count)s partners analysed. %(parts)s.",
            len(points),
        ) % {"count": len(points), "parts": "; ".join(parts)}
    if not_analysed:
        text += " " + ngettext(
            "%(count)s partner without influence and added value yet.",
            "%(count)s partners without influence and added value yet.",
            len(not_analysed),
        ) % {"count": len(not_analysed)}
    return text


# -- weighing table ----------------------------------------------------------------------
@dataclass
class WeighingRow:
    partner: PartnershipPartner
    means: list[Fraction | None]  # per criterion, in the table's order
    scores: list[PartnershipScore | None]
    total: int | None
    advice: Advice

    @property
    def scored(self) -> int:
        return sum(1 for m in self.means if m is not None)


@dataclass
class Weighing:
    criteria: list[PartnershipCriterion]
    rows: list[WeighingRow]
    settings: PartnershipAdviceSettings

    @property
    def weights(self) -> int:
        return sum(c.weight for c in self.criteria)

    def counts(self) -> list[tuple[Advice, int]]:
        counted = Counter(r.advice for r in self.rows)
        return [(a, counted[a]) for a in Advice if counted[a]]


def weighing_row(
    partner: PartnershipPartner,
    criteria: list[PartnershipCriterion],
    scores: dict[int, PartnershipScore],
    settings: PartnershipAdviceSettings,
) -> WeighingRow:
    row_scores = [scores.get(c.pk) for c in criteria]
    means = [
        scoring.criterion_mean(s.fit, s.added_value, s.feasibility) if s else None
        for s in row_scores
    ]
    value = scoring.total(
        (c.weight, s.fit, s.added_value, s.feasibility)
        for c, s in zip(criteria, row_scores, strict=True)
        if s is not None
    )
    complete = bool(criteria) and all(s is not None for s in row_scores)
    return WeighingRow(
        partner,
        means,
        row_scores,
        value,
        scoring.advice(
            value,
            complete=complete,
            start_from=settings.start_from,
            explore_from=settings.explore_from,
        ),
    )


def weighing(library: Organisation, rows: list[PartnershipPartner]) -> Weighing:
    from wegwijs.programme.partnerships.services import advice_settings

    criteria = list(PartnershipCriterion.objects.filter(library=library))
    settings = advice_settings(library)
    scores: dict[int, dict[int, PartnershipScore]] = {}
    for score in PartnershipScore.objects.filter(partner__in=[p.pk for p in rows]):
        scores.setdefault(score.partner_id, {})[score.criterion_id] = score
    return Weighing(
        criteria,
        [weighing_row(p, criteria, scores.get(p.pk, {}), settings) for p in rows],
        settings,
    )


# -- goals matrix ------------------------------------------------------------------------
@dataclass
class MatrixRow:
    partner: PartnershipPartner
    cells: list[PartnershipContribution | None]  # per goal


@dataclass
class Matrix:
    goals: list[PartnershipGoal]
    rows: list[MatrixRow]
    #: per goal: (strong, some) counts
    totals: list[tuple[int, int]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.goals:
            return _("The library has no strategic goals yet.")
        uncovered = [
            g.name for g, (strong, some) in zip(self.goals, self.totals, strict=True) if not strong
        ]
        if not uncovered:
            return _("Every goal has at least one partnership that contributes strongly.")
        return _("Goals without a partnership that contributes strongly: %(goals)s.") % {
            "goals": get_text_list(uncovered, _("and"))
        }


def matrix(library: Organisation, rows: list[PartnershipPartner]) -> Matrix:
    goals = list(PartnershipGoal.objects.filter(library=library))
    cells: dict[tuple[int, int], PartnershipContribution] = {
        (c.partner_id, c.goal_id): c
        for c in PartnershipContribution.objects.filter(partner__in=[p.pk for p in rows])
    }
    matrix_rows = [MatrixRow(p, [cells.get((p.pk, g.pk)) for g in goals]) for p in rows]
    totals = []
    for i in range(len(goals)):
        levels = [r.cells[i].level for r in matrix_rows if r.cells[i] is not None]  # type: ignore[union-attr]
        totals.append(
            (levels.count(ContributionLevel.STRONG), levels.count(ContributionLevel.SOME))
        )
    return Matrix(goals, matrix_rows, totals)


# -- tactics -----------------------------------------------------------------------------
def tactics(library: Organisation) -> list[PartnershipTactic]:
    return list(
        PartnershipTactic.objects.filter(partner__library=library)
        .select_related("partner")
        .order_by(F("planned_for").asc(nulls_last=True), "partner__name", "pk")
    )


# -- everything at once ------------------------------------------------------------------
@dataclass
class Overview:
    library: Organisation
    partners: list[PartnershipPartner]
    strength: Strength
    weighing: Weighing
    matrix: Matrix
    tactics: list[PartnershipTactic]
    made_on: date


def overview(library: Organisation, *, include_ended: bool = True) -> Overview:
    from django.utils import timezone

    rows = list(partners(library, include_ended=include_ended))
    return Overview(
        library,
        rows,
        strength(rows),
        weighing(library, rows),
        matrix(library, rows),
        tactics(library),
        timezone.localdate(),
    )
