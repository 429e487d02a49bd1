"""Charts drawn on the server as SVG: no JavaScript, printable, and accessible (``role="img"``
with the table's title and one-sentence summary as its name; the data table follows the
chart on the page). Colours come from the stylesheet (CSS classes), so the strict Content
Security Policy holds: no inline styles."""

from __future__ import annotations

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from wegwijs.monitor.report import Table
from wegwijs.monitor.suppression import Cell

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 70
ROW = 26
MAX_BARS = 25


def _label(table: Table) -> str:
    return f"{table.title}. {table.summary}"


def _cell(value: object) -> Cell | None:
    return value if isinstance(value, Cell) else None


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(table: Table) -> SafeString:
    """Horizontal bars of the table's value column, largest first (hidden figures without a
    bar, their "<5" or "×" written out)."""
    rows = [r for r in table.rows if _cell(r.cells.get(table.value))][:MAX_BARS]
    if table.withheld or not rows:
        return mark_safe("")
    values = [_cell(r.cells[table.value]) for r in rows]
    largest = max((c.value for c in values if c is not None and not c.hidden), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(rows) * ROW + 8
    items = []
    for i, (row, cell) in enumerate(zip(rows, values, strict=True)):
        assert cell is not None
        y = 4 + i * ROW
        length = 0 if cell.hidden else max(1, round(plot * cell.value / largest))
        items.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH - 8,
                y + ROW / 2 + 5,
                _short(row.label),
                LABEL_WIDTH,
                y + 3,
                length,
                ROW - 8,
                " chart-bar--hidden" if cell.hidden else "",
                LABEL_WIDTH + length + 6,
                y + ROW / 2 + 5,
                cell.display,
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">{}</svg>',
        _label(table),
        WIDTH,
        height,
        mark_safe("".join(items)),  # noqa: S308 - built with format_html above
    )


def columns(table: Table) -> SafeString:
    """Vertical columns over time (questions), with some of the period labels below."""
    rows = table.rows
    if table.withheld or not rows:
        return mark_safe("")
    values = [_cell(r.cells.get(table.value)) for r in rows]
    largest = max((c.value for c in values if c is not None and not c.hidden), default=0) or 1
    top, plot_height, bottom = 16, 170, 40
    left = 8
    step = (WIDTH - 2 * left) / len(rows)
    every = max(1, math.ceil(len(rows) / 10))
    parts = []
    for i, (row, cell) in enumerate(zip(rows, values, strict=True)):
        x = left + i * step
        if cell is not None and not cell.hidden and cell.value:
            h = max(1.0, plot_height * cell.value / largest)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>',
                    f"{x + step * 0.1:.1f}",
                    f"{top + plot_height - h:.1f}",
                    f"{max(step * 0.8, 0.5):.1f}",
                    f"{h:.1f}",
                )
            )
        elif cell is not None and cell.hidden:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-value" text-anchor="middle">{}</text>',
                    f"{x + step / 2:.1f}",
                    top + plot_height - 4,
                    cell.display,
                )
            )
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-label" text-anchor="start">{}</text>',
                    f"{x:.1f}",
                    top + plot_height + 18,
                    _short(row.label, 14),
                )
            )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"></line>',
            left,
            top + plot_height,
            WIDTH - left,
            top + plot_height,
        )
    )
    parts.append(
        format_html(
            '<text x="{}" y="{}" class="chart-value">{}</text>',
            left,
            top - 4,
            f"max. {largest:,}".replace(",", "."),
        )
    )
    return format_html(
        '<svg class="chart chart--series" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">{}</svg>',
        _label(table),
        WIDTH,
        top + plot_height + bottom,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def heat_levels(table: Table) -> dict[tuple[str, str], str]:
    """A shading class per heatmap cell: heat-0 (none) to heat-5 (busiest), heat-x hidden."""
    shown = [
        c.value
        for row in table.rows
        for c in row.cells.values()
        if isinstance(c, Cell) and not c.hidden and c.value
    ]
    largest = max(shown, default=0)
    levels = {}
    for row in table.rows:
        for key, cell in row.cells.items():
            if not isinstance(cell, Cell):
                continue
            if cell.hidden:
                level = "x"
            elif not cell.value or not largest:
                level = "0"
            else:
                level = str(max(1, math.ceil(5 * cell.value / largest)))
            levels[(row.code, key)] = f"heat-{level}"
    return levels


def chart(table: Table) -> SafeString:
    if table.chart == "bars":
        return bars(table)
    if table.chart == "series":
        return columns(table)
    return mark_safe("")
