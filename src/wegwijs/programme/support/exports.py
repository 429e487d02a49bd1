"""The matrix as CSV/XLSX: the matrix (one column per activity), every recorded activity
with its dates and notes, and the completion figures (CSV: the matrix only)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from wegwijs.core.exports import Sheet
from wegwijs.programme.support.matrix import DONE, NOT_YET, PLANNED, STATUS_LABELS, Matrix


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def sheets(grid: Matrix) -> list[Sheet]:
    header = [_("Library organisation"), _("Province"), _("POI")]
    matrix_rows = []
    item_rows = []
    for row in grid.rows:
        library = row.library
        base = [
            library.name,
            library.province.name if library.province else "",
            library.poi.name if library.poi else "",
        ]
        cells = []
        for cell in row.cells:
            text = str(STATUS_LABELS[cell.status])
            if cell.item is not None and cell.status == DONE:
                text += f" {_date(cell.item.done_on)}"
            elif cell.item is not None and cell.status == PLANNED:
                text += f" {_date(cell.item.planned_on)}"
            cells.append(text)
            if cell.item is not None:
                consultant = cell.item.consultant
                item_rows.append(
                    [
                        *base,
                        cell.activity.label,
                        str(cell.activity.get_tier_display()),
                        str(STATUS_LABELS[cell.status]),
                        _date(cell.item.planned_on),
                        _date(cell.item.done_on),
                        (consultant.get_full_name() or consultant.username) if consultant else "",
                        cell.item.notes,
                    ]
                )
        matrix_rows.append([*base, *cells, row.done, row.offered])
    figures = [
        [
            f.activity.label,
            str(f.activity.get_tier_display()),
            f.counts[DONE],
            f.counts[PLANNED],
            f.counts[NOT_YET],
            f.offered,
            "" if f.percent_done is None else f.percent_done,
        ]
        for f in grid.figures
    ]
    figures.append(
        [
            _("Total"),
            "",
            grid.done,
            grid.planned,
            grid.offered - grid.done - grid.planned,
            grid.offered,
            "" if grid.percent_done is None else grid.percent_done,
        ]
    )
    return [
        Sheet(
            _("Trajectories"),
            [*header, *(a.label for a in grid.activities), _("Done"), _("Offered")],
            matrix_rows,
        ),
        Sheet(
            _("Activities"),
            [
                *header,
                _("Activity"),
                _("Tier"),
                _("Status"),
                _("Planned for"),
                _("Done on"),
                _("POI consultant"),
                _("Notes"),
            ],
            item_rows,
        ),
        Sheet(
            _("Figures"),
            [
                _("Activity"),
                _("Tier"),
                _("Done"),
                _("Planned"),
                _("Not yet"),
                _("Offered"),
                _("Percentage done"),
            ],
            figures,
        ),
    ]
