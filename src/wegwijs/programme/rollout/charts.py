"""The rollout's chart, drawn on the server as SVG: per wave a bar for the libraries planned
and one for those opened. ``role="img"`` with the summary as its name; the page follows it
with the data table. Colours come from rollout.css (no inline styles, for the CSP)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegwijs.programme.rollout.progress import Progress

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 60
BAR = 16
GAP = 14
LEGEND = 30


def wave_bars(progress: Progress, title: str) -> SafeString:
    """Two bars per wave (planned, opened) with their figures, and a legend above."""
    waves = progress.waves
    if not waves:
        return mark_safe("")
    largest = max([progress.planned_of(w) for w in waves] + [w.counts.opened for w in waves]) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    group = 2 * BAR + GAP
    height = LEGEND + len(waves) * group + 4
    parts = [
        format_html(
            '<rect x="{}" y="6" width="14" height="14" class="rollout-bar rollout-bar--planned">'
            '</rect><text x="{}" y="18" class="chart-label">{}</text>'
            '<rect x="{}" y="6" width="14" height="14" class="rollout-bar rollout-bar--opened">'
            '</rect><text x="{}" y="18" class="chart-label">{}</text>',
            LABEL_WIDTH,
            LABEL_WIDTH + 20,
            _("Planned"),
            LABEL_WIDTH + 130,
            LABEL_WIDTH + 150,
            _("Opened"),
        )
    ]
    for i, wave in enumerate(waves):
        y = LEGEND + i * group
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR + 5,
                wave.label,
            )
        )
        for j, (value, kind) in enumerate(
            ((progress.planned_of(wave), "planned"), (wave.counts.opened, "opened"))
        ):
            top = y + j * BAR
            length = round(plot * value / largest) if value else 0
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="rollout-bar '
                    'rollout-bar--{}"></rect><text x="{}" y="{}" class="chart-value">{}</text>',
                    LABEL_WIDTH,
                    top + 1,
                    length,
                    BAR - 2,
                    kind,
                    LABEL_WIDTH + length + 6,
                    top + BAR - 3,
                    value,
                )
            )
    return format_html(
        '<svg class="chart rollout-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">{}</svg>',
        f"{title}. {progress.summary()}",
        WIDTH,
        height,
        mark_safe("".join(parts)),  # noqa: S308 - built with format_html above
    )
