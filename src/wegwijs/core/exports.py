"""Tables as CSV or XLSX downloads, for every app's "export" links.

One sheet per table; CSV gets the first sheet only (a UTF-8 BOM so spreadsheet programs read
accents); text that a spreadsheet would run as a formula is neutralised (CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@dataclass
class Sheet:
    name: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "export"


def csv_bytes(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(v) for v in sheet.header])
    for row in sheet.rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        # Excel: at most 31 characters, no []:*?/\ and unique per workbook.
        title = re.sub(r"[\[\]:*?/\\]", "-", sheet.name)[:31] or "blad"
        base, n = title, 2
        while title.lower() in used:
            suffix = f" {n}"
            title = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(title.lower())
        ws = workbook.create_sheet(title)
        ws.append([safe_cell(v) for v in sheet.header])
        for row in sheet.rows:
            ws.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(filename: str, sheets: Sequence[Sheet], fmt: str) -> HttpResponse:
    """A download of ``sheets`` as ``filename.csv`` (first sheet) or ``filename.xlsx``.

    ``fmt`` must be one of :data:`FORMATS`; views check it and answer 404 or 400 before.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if not sheets:
        raise ValueError("nothing to export")
    body = csv_bytes(sheets[0]) if fmt == "csv" else xlsx_bytes(sheets)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug(filename)}.{fmt}"'
    return response
