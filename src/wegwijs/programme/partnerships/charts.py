"""The strength analysis as a quadrant chart, drawn on the server as SVG.

Influence (vertical) against added value (horizontal), each 1-5 in equal bands (light lines
mark the band of each score); the dashed lines between the quadrants lie between 3 and 4
(:data:`scoring.HIGH_FROM`). Each partner is a numbered dot with its name beside it (numbers
only when a band holds more than three); the number is the one in the data table under the
chart. Quadrants are told apart by their
written names and their place, never by colour alone. Colours are SVG presentation attributes
(no inline style, so the Content Security Policy holds) and print as they are, in the PDF too.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegwijs.programme.partnerships.reports import Strength, StrengthPoint
from wegwijs.programme.partnerships.scoring import HIGH_FROM, SCORE_MAX, SCORE_MIN, Quadrant

WIDTH = 740
HEIGHT = 610
LEFT = 70  # room for the influence axis
TOP = 16
CELL_W = 130
CELL_H = 104
PLOT_W = CELL_W * (SCORE_MAX - SCORE_MIN + 1)
PLOT_H = CELL_H * (SCORE_MAX - SCORE_MIN + 1)
BAND = 22  # room for the quadrant names inside the plot, above and below the dots
NAME_CHARS = 17
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

TEXT = "#1a1a1a"
MUTED = "#4a4a4a"
DOT = "#0b4f8a"
GRID = "#c9d1db"
FILLS = {
    Quadrant.KEY: "#dbe7f3",
    Quadrant.SATISFY: "#eef2f7",
    Quadrant.INFORM: "#eef2f7",
    Quadrant.MONITOR: "#ffffff",
}


def _x(value: float) -> float:
    return LEFT + (value - SCORE_MIN + 0.5) * CELL_W


def _y(value: float) -> float:
    return TOP + (SCORE_MAX - value + 0.5) * CELL_H


def _short(text: str, limit: int = NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lines(text: str, width: int = NAME_CHARS, lines: int = 2) -> list[str]:
    """A name on at most ``lines`` lines of about ``width`` characters (the last shortened)."""
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], " ".join(result[lines - 1 :])]
    return [_short(line, width) for line in result]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 13,
    bold: bool = False,
    fill: str = TEXT,
    extra: str = "",
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-family="{}" font-size="{}"{} fill="{}"{}>{}</text>',
        f"{x:.1f}",
        f"{y:.1f}",
        anchor,
        FONT,
        size,
        mark_safe(' font-weight="700"') if bold else "",
        fill,
        mark_safe(extra),  # noqa: S308 - fixed attribute strings from this module only
        text,
    )


def _dots(points: list[StrengthPoint]) -> list[SafeString]:
    """The dots of one band (one influence and added-value pair), inside its cell."""
    value = points[0].partner.added_value
    influence = points[0].partner.influence
    assert value is not None and influence is not None
    left = _x(value) - CELL_W / 2
    top = _y(influence) - CELL_H / 2
    parts: list[SafeString] = []
    top_room = BAND if influence == SCORE_MAX else 6
    bottom_room = BAND if influence == SCORE_MIN else 6
    inner_top, inner_bottom = top + top_room, top + CELL_H - bottom_room
    if len(points) <= 3:
        step = (inner_bottom - inner_top) / len(points)
        for i, point in enumerate(points):
            cy = inner_top + step * (i + 0.5)
            cx = left + 14
            parts.append(_dot(cx, cy, point))
            name = _lines(point.partner.name)
            first = cy + 4 - 6.5 * (len(name) - 1)
            for n, line in enumerate(name):
                parts.append(_text(cx + 12, first + 13 * n, line, size=11))
        return parts
    per_row = 5
    rows = 3
    shown = points[: per_row * rows - 1] if len(points) > per_row * rows else points
    step_x = (CELL_W - 8) / per_row
    step_y = (inner_bottom - inner_top) / rows
    for i, point in enumerate(shown):
        cx = left + 4 + step_x * (i % per_row + 0.5)
        cy = inner_top + step_y * (i // per_row + 0.5)
        parts.append(_dot(cx, cy, point))
    rest = len(points) - len(shown)
    if rest:
        i = len(shown)
        cx = left + 4 + step_x * (i % per_row + 0.5)
        cy = inner_top + step_y * (i // per_row + 0.5)
        parts.append(_text(cx, cy + 4, f"+{rest}", anchor="middle", size=11, bold=True))
    return parts


def _dot(cx: float, cy: float, point: StrengthPoint) -> SafeString:
    return format_html(
        '<circle cx="{}" cy="{}" r="9" fill="{}" stroke="#ffffff" stroke-width="1.5"></circle>{}',
        f"{cx:.1f}",
        f"{cy:.1f}",
        DOT,
        _text(cx, cy + 4, str(point.number), anchor="middle", size=11, bold=True, fill="#ffffff"),
    )


def quadrant_chart(analysis: Strength, *, title: str) -> SafeString:
    """The chart of :func:`reports.strength`'s result, named by ``title`` and the summary."""
    split_x = _x(HIGH_FROM - 0.5)
    split_y = _y(HIGH_FROM - 0.5)
    right, bottom = LEFT + PLOT_W, TOP + PLOT_H
    parts: list[SafeString] = []
    regions = [
        (Quadrant.SATISFY, LEFT, TOP, split_x - LEFT, split_y - TOP),
        (Quadrant.KEY, split_x, TOP, right - split_x, split_y - TOP),
        (Quadrant.MONITOR, LEFT, split_y, split_x - LEFT, bottom - split_y),
        (Quadrant.INFORM, split_x, split_y, right - split_x, bottom - split_y),
    ]
    for quadrant, x, y, w, h in regions:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                f"{x:.1f}",
                f"{y:.1f}",
                f"{w:.1f}",
                f"{h:.1f}",
                FILLS[quadrant],
            )
        )
    # Light lines between the bands of each score (a dot anywhere in a band has that score).
    grid = []
    for score in range(SCORE_MIN + 1, SCORE_MAX + 1):
        if score == HIGH_FROM:
            continue
        x, y = _x(score - 0.5), _y(score - 0.5)
        grid.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"></line>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"></line>',
                f"{x:.1f}",
                TOP,
                f"{x:.1f}",
                bottom,
                GRID,
                LEFT,
                f"{y:.1f}",
                right,
                f"{y:.1f}",
                GRID,
            )
        )
    parts += grid
    # Quadrant names: in the top band of the upper quadrants, the bottom band of the lower ones.
    parts += [
        _text(LEFT + 8, TOP + 16, str(Quadrant.SATISFY.label), bold=True),
        _text(right - 8, TOP + 16, str(Quadrant.KEY.label), anchor="end", bold=True),
        _text(LEFT + 8, bottom - 7, str(Quadrant.MONITOR.label), bold=True),
        _text(right - 8, bottom - 7, str(Quadrant.INFORM.label), anchor="end", bold=True),
    ]
    # The frame, the lines between the quadrants, and the scales.
    parts.append(
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="1"></rect>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" stroke-dasharray="6 4"></line>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" stroke-dasharray="6 4"></line>',
            LEFT,
            TOP,
            PLOT_W,
            PLOT_H,
            MUTED,
            f"{split_x:.1f}",
            TOP,
            f"{split_x:.1f}",
            bottom,
            TEXT,
            LEFT,
            f"{split_y:.1f}",
            right,
            f"{split_y:.1f}",
            TEXT,
        )
    )
    for score in range(SCORE_MIN, SCORE_MAX + 1):
        parts.append(_text(_x(score), bottom + 18, str(score), anchor="middle", fill=MUTED))
        parts.append(_text(LEFT - 10, _y(score) + 4, str(score), anchor="end", fill=MUTED))
    parts.append(
        _text(
            LEFT + PLOT_W / 2,
            bottom + 42,
            _("Added value (1 = low, 5 = high)") + " →",
            anchor="middle",
            bold=True,
        )
    )
    axis_y = TOP + PLOT_H / 2
    parts.append(
        _text(
            22,
            axis_y,
            _("Influence (1 = low, 5 = high)") + " →",
            anchor="middle",
            bold=True,
            extra=f' transform="rotate(-90 22 {axis_y:.1f})"',
        )
    )
    bands: dict[tuple[int, int], list[StrengthPoint]] = defaultdict(list)
    for point in analysis.points:
        bands[(point.partner.influence or 0, point.partner.added_value or 0)].append(point)
    for key in sorted(bands):
        parts += _dots(bands[key])
    return format_html(
        '<svg class="partnerships-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="{}" height="{}" preserveAspectRatio="xMinYMin meet" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        f"{title}. {analysis.summary}",
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        mark_safe("".join(parts)),  # noqa: S308 - every part built with format_html above
    )
