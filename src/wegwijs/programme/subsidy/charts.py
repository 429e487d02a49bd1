"""The budget chart: SVG drawn on the server, no JavaScript, printable.

Per budget year four bars (budget, granted, paid, settled), each labelled with its name and
amount, so the chart does not rely on colour. ``role="img"`` with the overview's summary as
its name; the data table follows it on the page. Colours come from CSS classes in
``programme/subsidy/subsidy.css`` (no inline styles: the Content Security Policy holds).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegwijs.programme.subsidy.budget import Overview
from wegwijs.programme.subsidy.formatting import format_euros

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 130
BAR = 16
GAP = 4
YEAR_GAP = 18


def budget_chart(data: Overview) -> SafeString:
    rows = [row for row in data.years if row.budget or row.figures.requested]
    if not rows:
        return mark_safe("")
    series = [
        ("budget", _("Budget")),
        ("granted", _("Granted")),
        ("paid", _("Paid")),
        ("settled", _("Settled")),
    ]
    values: list[Decimal] = []
    for row in rows:
        values.append(row.budget or Decimal(0))
        values.extend((row.figures.granted, row.figures.paid, row.figures.settled))
    largest = max(values) or Decimal(1)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts: list[str] = []
    y = 8
    for row in rows:
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label subsidy-chart__year">{}</text>',
                y + BAR - 3,
                row.year,
            )
        )
        amounts = {
            "budget": row.budget or Decimal(0),
            "granted": row.figures.granted,
            "paid": row.figures.paid,
            "settled": row.figures.settled,
        }
        for key, label in series:
            amount = amounts[key]
            length = 0 if not amount else max(1, round(plot * float(amount / largest)))
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
                    '<rect x="{}" y="{}" width="{}" height="{}" class="subsidy-bar '
                    'subsidy-bar--{}"></rect>'
                    '<text x="{}" y="{}" class="chart-value">{}</text>',
                    LABEL_WIDTH - 8,
                    y + BAR - 3,
                    label,
                    LABEL_WIDTH,
                    y,
                    length,
                    BAR,
                    key,
                    LABEL_WIDTH + length + 6,
                    y + BAR - 3,
                    format_euros(amount),
                )
            )
            y += BAR + GAP
        y += YEAR_GAP
    return format_html(
        '<svg class="chart subsidy-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">{}</svg>',
        f"{_('Budget per year')}. {data.summary}",
        WIDTH,
        y,
        mark_safe("".join(parts)),  # noqa: S308 - every part built with format_html
    )
