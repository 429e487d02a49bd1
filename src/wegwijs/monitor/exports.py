"""Every table of the dashboard as CSV or XLSX, exactly as shown on the page: hidden figures
as "<5" or "×", no free text (the monitor has none)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wegwijs.monitor.report import Report, Table

FORMATS = ("csv", "xlsx")
_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _filename(report: Report, key: str, fmt: str) -> str:
    return f"monitor-{key}-{_slug(report.selection.period.label())}.{fmt}"


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header())
    for line in table.lines():
        writer.writerow([_safe(v) for v in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(report: Report, tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    about = workbook.create_sheet(_("About"))
    for line in _about(report):
        about.append([_safe(v) for v in line])
    for table in tables:
        sheet = workbook.create_sheet(_slug(table.key)[:31] or "table")
        sheet.append([table.title])
        sheet.append([table.summary])
        sheet.append(table.header())
        for line in table.lines():
            sheet.append([_safe(v) for v in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    result = HttpResponse(body, content_type=_CONTENT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{_filename(report, key, fmt)}"'
    return result
