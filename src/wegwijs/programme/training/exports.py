"""Training figures as CSV/XLSX: branches and libraries (counts only, for every level), and
the people of one library with their dates (only for those who may see names)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from wegwijs.core.exports import Sheet
from wegwijs.programme.training.figures import LibraryFigure
from wegwijs.programme.training.models import TrainingPerson, TrainingRecord, TrainingType


def _number(value: Decimal | None) -> float | str:
    return "" if value is None else float(value)


def _hours_label(consultation: bool) -> str:
    return _("consultation hours") if consultation else _("opening hours")


def figure_sheets(figures: Sequence[LibraryFigure]) -> list[Sheet]:
    branch_rows = []
    for figure in figures:
        for b in figure.branches:
            branch_rows.append(
                [
                    figure.library.name,
                    b.branch.name,
                    _hours_label(b.consultation),
                    float(b.hours),
                    b.active,
                    b.trained,
                    _number(b.ratio),
                    _("no hours") if not b.has_hours else (_("yes") if b.below else _("no")),
                ]
            )
    library_rows = [
        [
            f.library.name,
            f.library.province.name if f.library.province else "",
            len(f.branches),
            float(f.hours),
            f.active,
            f.trained,
            _number(f.ratio),
            f.below_count,
            f.without_hours,
        ]
        for f in figures
    ]
    return [
        Sheet(
            _("Branches"),
            [
                _("Library organisation"),
                _("Branch"),
                _("Hours that count"),
                _("Hours per week"),
                _("Active people"),
                _("Trained people"),
                _("Trained per opening hour"),
                _("Below the threshold"),
            ],
            branch_rows,
        ),
        Sheet(
            _("Libraries"),
            [
                _("Library organisation"),
                _("Province"),
                _("Branches with an Informatiepunt"),
                _("Hours per week"),
                _("Active people"),
                _("Trained people"),
                _("Trained per opening hour"),
                _("Branches below the threshold"),
                _("Branches without hours"),
            ],
            library_rows,
        ),
    ]


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def people_sheet(
    people: Iterable[TrainingPerson], trainings: Sequence[TrainingType], trained: set[int]
) -> Sheet:
    people = list(people)
    records: dict[tuple[int, int], TrainingRecord] = {
        (r.person_id, r.training_id): r
        for r in TrainingRecord.objects.filter(person__in=[p.pk for p in people])
    }
    header = [_("Name"), _("Role"), _("Branches"), _("Active"), _("Trained")]
    for t in trainings:
        if t.is_elearning:
            header.append(_("%(training)s: started") % {"training": t.label})
        header.append(_("%(training)s: completed") % {"training": t.label})
    rows = []
    for p in people:
        row: list[object] = [
            p.display_name,
            str(p.get_role_display()),
            ", ".join(b.name for b in p.branches.all()),
            _("yes") if p.active else _("left on %(date)s") % {"date": _date(p.left_on)},
            _("yes") if p.pk in trained else _("no"),
        ]
        for t in trainings:
            record = records.get((p.pk, t.pk))
            if t.is_elearning:
                row.append(_date(record.started_on) if record else "")
            row.append(_date(record.completed_on) if record else "")
        rows.append(row)
    return Sheet(_("People"), header, rows)
