"""Template helpers of the monitor: table cells as shown (hidden figures, shares, changes)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegwijs.monitor.report import Column, Row
from wegwijs.monitor.suppression import SECONDARY, SMALL, Cell

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


def _number(value: float, signed: bool = False) -> str:
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    text = text.replace(".", ",").replace("-", "−")
    return text[:-2] if text.endswith(",0") else text


@register.simple_tag
def monitor_cells(
    row: Row, columns: list[Column], levels: dict[Any, str] | None = None
) -> SafeString:
    """All the cells of a row, built as plain strings: big tables (a national branch
    comparison, the heatmap) have thousands of cells, and format_html per cell was the
    slowest part of the page. Values are our own numbers and codes; texts are escaped."""
    small = escape(_("fewer than 5"))
    secondary = escape(_("hidden, so that small figures cannot be worked out"))
    parts = []
    for column in columns:
        value = row.cells.get(column.key)
        classes = "num"
        if levels:
            classes += " " + levels.get((row.code, column.key), "")
        if isinstance(value, Cell):
            if value.status == SMALL:
                parts.append(
                    f'<td class="{classes} hidden-figure"><abbr title="{small}">&lt;5</abbr></td>'
                )
            elif value.status == SECONDARY:
                parts.append(
                    f'<td class="{classes} hidden-figure"><abbr title="{secondary}">×</abbr></td>'
                )
            else:
                parts.append(f'<td class="{classes}">{value.display}</td>')
        elif value is None or value == "":
            parts.append(f'<td class="{classes}">–</td>')
        elif column.kind in ("change", "share"):
            parts.append(f'<td class="{classes}">{_number(value, column.kind == "change")}</td>')
        else:
            parts.append(f'<td class="{classes}">{escape(str(value))}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - numbers, our classes, escaped texts
