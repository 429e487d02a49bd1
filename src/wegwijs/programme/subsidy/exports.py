"""The subsidy area's downloads (CSV/XLSX through :mod:`wegwijs.core.exports`).

Amounts are written as numbers (``Decimal``: a number cell in XLSX, "1234.50" in CSV), never
as formatted text, so a spreadsheet or the accounting system can add them up. Dates as ISO
dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wegwijs.core.exports import Sheet
from wegwijs.programme.subsidy.budget import Overview
from wegwijs.programme.subsidy.formatting import local
from wegwijs.programme.subsidy.models import GRANTED_STATES, SubsidyApplication, SubsidyState

ZERO = Decimal("0.00")


def _sum(application: SubsidyApplication, attr: str) -> Decimal | None:
    values = [
        getattr(a, attr)
        for line in application.lines.all()
        for a in line.amounts.all()
        if getattr(a, attr) is not None
    ]
    return sum(values, ZERO) if values else None


def _date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return local(value).date().isoformat()
    return str(value.isoformat())


def applications_sheet(applications: Iterable[SubsidyApplication]) -> Sheet:
    """One row per application (the list page's export)."""

    def rows() -> Iterator[list[Any]]:
        for a in applications:
            lines = list(a.lines.all())
            yield [
                a.reference,
                a.scheme.name,
                a.applicant.name,
                str(SubsidyState(a.state).label),
                len(lines),
                ", ".join(
                    sorted({line.library.province.name for line in lines if line.library.province})
                ),
                ", ".join(str(y) for y in sorted({line.start_year for line in lines})),
                _sum(a, "requested") or ZERO,
                _sum(a, "granted"),
                _sum(a, "paid"),
                _sum(a, "settled"),
                _date(a.submitted_at),
                _date(a.decided_at),
                _date(a.paid_on),
                _date(a.settled_on),
            ]

    return Sheet(
        _("Applications"),
        [
            _("Reference number"),
            _("Scheme"),
            _("Applicant"),
            _("State"),
            _("Libraries"),
            _("Provinces"),
            _("Start years"),
            _("Requested (EUR)"),
            _("Granted (EUR)"),
            _("Paid (EUR)"),
            _("Settled (EUR)"),
            _("Submitted on"),
            _("Decided on"),
            _("Paid on"),
            _("Settled on"),
        ],
        rows(),
    )


def accounting_sheet(applications: Iterable[SubsidyApplication]) -> Sheet:
    """For accounting: per organisation and budget year of every granted application, the
    granted, paid and settled amounts with the reference number and the dates."""

    def rows() -> Iterator[list[Any]]:
        for a in applications:
            if a.state not in GRANTED_STATES:
                continue
            for line in sorted(a.lines.all(), key=lambda item: item.library.name):
                for amount in line.amounts.all():
                    yield [
                        a.reference,
                        a.applicant.name,
                        line.library.name,
                        line.library.slug,
                        line.library.province.name if line.library.province else "",
                        amount.year,
                        str(SubsidyState(a.state).label),
                        amount.granted,
                        amount.paid,
                        amount.settled,
                        _date(a.decided_at),
                        _date(a.paid_on),
                        _date(a.settled_on),
                    ]

    return Sheet(
        _("Accounting"),
        [
            _("Reference number"),
            _("Applicant"),
            _("Organisation"),
            _("Organisation code"),
            _("Province"),
            _("Budget year"),
            _("State"),
            _("Granted (EUR)"),
            _("Paid (EUR)"),
            _("Settled (EUR)"),
            _("Decided on"),
            _("Paid on"),
            _("Settled on"),
        ],
        rows(),
    )


def budget_sheets(data: Overview) -> list[Sheet]:
    """The overview per year (with the total) and per province and year."""
    header = [
        _("Requested (EUR)"),
        _("Granted (EUR)"),
        _("Paid (EUR)"),
        _("Settled (EUR)"),
    ]
    years = Sheet(
        _("Budget per year"),
        [_("Budget year"), _("Budget (EUR)"), *header, _("Remaining (EUR)")],
        [
            [
                row.label,
                row.budget,
                row.figures.requested,
                row.figures.granted,
                row.figures.paid,
                row.figures.settled,
                row.remaining,
            ]
            for row in [*data.years, data.total]
        ],
    )
    provinces = Sheet(
        _("Per province"),
        [_("Province"), _("Budget year"), *header],
        [
            [
                row.province,
                row.year,
                row.figures.requested,
                row.figures.granted,
                row.figures.paid,
                row.figures.settled,
            ]
            for row in data.provinces
        ],
    )
    return [years, provinces]
