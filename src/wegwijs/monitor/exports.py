"""Every table of the dashboard as CSV or XLSX, exactly as shown on the page: hidden figures
as "<5" or "×", no free text (the monitor has none)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wegwijs.core import exports
from wegwijs.core.exports import CONTENT_TYPES, FORMATS, Sheet, slug
from wegwijs.monitor.report import Report, Table

__all__ = ["FORMATS", "csv_bytes", "response", "xlsx_bytes"]


def _about(report: Report) -> list[list[Any]]:
    sel = report.selection
    lines = [
        [_("Period"), sel.period.label()],
        [_("Previous period"), sel.previous.label()],
    ]
    for name, value in sorted(sel.filters.items()):
        lines.append([name, str(value)])
    if report.suppressed:
        lines.append(
            [
                _("Note"),
                _(
                    "Figures below 5 are shown as <5; × marks a figure hidden so that small "
                    "figures cannot be worked out from the totals."
                ),
            ]
        )
    return lines


def _filename(report: Report, key: str, fmt: str) -> str:
    return f"monitor-{key}-{slug(report.selection.period.label())}.{fmt}"


def csv_bytes(table: Table) -> bytes:
    return exports.csv_bytes(Sheet(table.key, table.header(), table.lines()))


def xlsx_bytes(report: Report, tables: list[Table]) -> bytes:
    """An "About" sheet (period, filters, the note on small figures), then one sheet per
    table: its title, its summary, its header and its lines."""
    about = _about(report)
    sheets = [Sheet(_("About"), about[0], about[1:])]
    sheets += [
        Sheet(table.key, [table.title], [[table.summary], table.header(), *table.lines()])
        for table in tables
    ]
    return exports.xlsx_bytes(sheets)


def response(report: Report, key: str, fmt: str) -> HttpResponse:
    """``key`` is a table's key, or ``all`` (XLSX: one sheet per table)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    tables = report.tables if key == "all" else [report.table(key)]
    if fmt == "csv":
        if key == "all":
            raise KeyError(key)
        body = csv_bytes(tables[0])
    else:
        body = xlsx_bytes(report, tables)
    result = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{_filename(report, key, fmt)}"'
    return result
