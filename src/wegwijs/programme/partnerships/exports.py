"""The partnership tools as tables for CSV and XLSX (:mod:`wegwijs.core.exports`): one sheet
per tool, built from the same :class:`reports.Overview` as the pages and the PDF."""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _

from wegwijs.core.exports import Sheet
from wegwijs.programme.partnerships.reports import Overview

#: The ``tool`` of the XLSX download with every sheet.
ALL = "alles"
#: URL keys of the single-tool downloads, in sheet order.
TOOLS = ("partners", "krachtenanalyse", "afwegingstabel", "scores", "doelen", "tactieken")


def _number(value: Fraction | None) -> float | str:
    return "" if value is None else round(float(value), 2)


def sheets(overview: Overview) -> dict[str, Sheet]:
    partners = Sheet(
        _("Partners"),
        [_("Name"), _("On the social map"), _("Kind of partner"), _("Status"), _("Notes")],
        [
            [
                p.name,
                p.social_organization.name if p.social_organization else "",
                p.get_sector_display(),
                p.get_status_display(),
                p.notes,
            ]
            for p in overview.partners
        ],
    )
    points = {pt.partner.pk: pt for pt in overview.strength.points}
    strength = Sheet(
        _("Strength analysis"),
        [
            _("Number in the chart"),
            _("Name"),
            _("Interests"),
            _("Influence"),
            _("Added value"),
            _("Attitude"),
            _("Quadrant"),
        ],
        [
            [
                points[p.pk].number if p.pk in points else "",
                p.name,
                p.interests,
                p.influence if p.influence is not None else "",
                p.added_value if p.added_value is not None else "",
                p.get_attitude_display() if p.attitude else "",
                str(points[p.pk].quadrant.label) if p.pk in points else "",
            ]
            for p in overview.partners
        ],
    )
    weighing = overview.weighing
    table = Sheet(
        _("Weighing table"),
        [
            _("Name"),
            *[f"{c.name} (×{c.weight})" for c in weighing.criteria],
            _("Total (0-100)"),
            _("Advice"),
        ],
        [
            [
                row.partner.name,
                *[_number(m) for m in row.means],
                row.total if row.total is not None else "",
                str(row.advice.label),
            ]
            for row in weighing.rows
        ],
    )
    scores = Sheet(
        _("Scores"),
        [
            _("Name"),
            _("Criterion"),
            _("Weight"),
            _("Fit"),
            _("Added value"),
            _("Feasibility"),
            _("Mean"),
        ],
        [
            [
                row.partner.name,
                criterion.name,
                criterion.weight,
                score.fit,
                score.added_value,
                score.feasibility,
                _number(mean),
            ]
            for row in weighing.rows
            for criterion, score, mean in zip(weighing.criteria, row.scores, row.means, strict=True)
            if score is not None
        ],
    )
    matrix = overview.matrix
    goals = Sheet(
        _("Goals"),
        [
            _("Name"),
            *[g.name for g in matrix.goals],
            *[_("Note: %s") % g.name for g in matrix.goals],
        ],
        [
            [
                row.partner.name,
                *[cell.get_level_display() if cell else "" for cell in row.cells],
                *[cell.note if cell else "" for cell in row.cells],
            ]
            for row in matrix.rows
        ],
    )
    tactics = Sheet(
        _("Tactics"),
        [_("Partner"), _("Approach"), _("Who"), _("When"), _("Status")],
        [
            [
                t.partner.name,
                t.approach,
                t.who,
                t.planned_for.isoformat() if t.planned_for else "",
                t.get_status_display(),
            ]
            for t in overview.tactics
        ],
    )
    return dict(zip(TOOLS, [partners, strength, table, scores, goals, tactics], strict=True))
