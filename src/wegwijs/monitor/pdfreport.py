"""The quarterly report: the dashboard of one quarter for one organisation, as a PDF.

A report is made for a *report scope*: the nation (the programme office), a POI (the
libraries of its provinces), a library organisation (its branches) or an agency (questions
about its own organisation code, from every IDO). Its figures come from the same
:func:`wegwijs.monitor.report.build` as the dashboard: the selection is the one the scope's
own users see on the dashboard for that quarter, so the tables, their suppression, the charts
and their summaries are the same. Only the library's own people see its figures as they are;
for anyone else (the programme office asking for a library's report, a POI for one of its
libraries) the same selection is built as *outside* the library: small figures suppressed.

Who may have which report (:func:`scope_for`): the programme office and administrators any
organisation's; a POI consultant its own POI's and its libraries'; a coordinator its own
library's; an agency analyst its own agency's. Desk workers, partner editors and other roles
have none.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.accounts.models import Role, User
from wegwijs.desk.codes import OrganisationCode
from wegwijs.monitor import charts
from wegwijs.monitor.filters import FIRST_YEAR, Period, add_months, month_start, selection_for
from wegwijs.monitor.report import Report, build
from wegwijs.network.models import Organisation, OrganisationKind

TEMPLATE = "monitor/report_pdf.html"
MAX_ROWS = charts.MAX_BARS  # a long branch table: the rows of its chart, with a note
QUARTER_RE = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


class Kind:
    NATIONAL = "national"
    POI = "poi"
    LIBRARY = "library"
    AGENCY = "agency"


class ReportError(Exception):
    """A report that cannot be given: ``status`` 400 (bad quarter), 403 (not yours) or 404
    (no such organisation); ``message`` in the active language."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ReportScope:
    kind: str
    organisation: Organisation | None = None

    @property
    def key(self) -> str:
        """A stable name for the scope: ``national``, ``library:<slug>``, ``poi:<slug>``..."""
        if self.organisation is None:
            return self.kind
        return f"{self.kind}:{self.organisation.slug}"

    @property
    def slug(self) -> str:
        return self.organisation.slug if self.organisation is not None else "nederland"

    @property
    def name(self) -> str:
        if self.organisation is None:
            return _("All IDOs in the Netherlands")
        return self.organisation.name

    def description(self) -> str:
        """Whose figures these are, in words (as on the dashboard)."""
        from wegwijs.monitor.views import scope_title

        if self.kind == Kind.LIBRARY:
            return _("The branches of %(library)s") % {"library": self.name}
        if self.kind == Kind.NATIONAL:
            return _("All IDOs in the Netherlands")
        return scope_title(scoping.scope_for(self.viewer()))

    def viewer(self) -> User:
        """An unsaved user whose dashboard shows this scope's figures."""
        role = {
            Kind.NATIONAL: Role.PROGRAMME_OFFICE,
            Kind.POI: Role.POI_CONSULTANT,
            Kind.LIBRARY: Role.COORDINATOR,
            Kind.AGENCY: Role.AGENCY_ANALYST,
        }[self.kind]
        return User(username=f"report-{self.key}", role=role, organisation=self.organisation)


NATIONAL = ReportScope(Kind.NATIONAL)


def _scope_of_organisation(organisation: Organisation) -> ReportScope | None:
    kind = organisation.kind
    if kind == OrganisationKind.PROGRAMME:
        return NATIONAL
    if kind == OrganisationKind.LIBRARY:
        return ReportScope(Kind.LIBRARY, organisation)
    if kind == OrganisationKind.POI:
        return ReportScope(Kind.POI, organisation)
    if kind == OrganisationKind.AGENCY and organisation.code in OrganisationCode.values:
        return ReportScope(Kind.AGENCY, organisation)
    return None


def own_scope(user: Any) -> ReportScope | None:
    """The report of the user's own scope, or None when its role has no quarterly report."""
    scope = scoping.scope_for(user)
    if scope.level == scoping.Level.NATIONAL:
        return NATIONAL
    if scope.level not in (
        scoping.Level.PROVINCES,
        scoping.Level.ORGANISATION,
        scoping.Level.OWN,
    ):
        return None
    organisation = Organisation.objects.filter(pk=scope.organisation_id or 0).first()
    if organisation is None:
        return None
    if scope.level == scoping.Level.OWN and not scope.agency_code:
        return None  # partner editors
    return _scope_of_organisation(organisation)


def allowed(user: Any, report_scope: ReportScope) -> bool:
    """May ``user`` have the report of ``report_scope``?"""
    scope = scoping.scope_for(user)
    if scope.level == scoping.Level.NATIONAL:
        return True
    own = own_scope(user)
    if own is None:
        return False
    if own == report_scope:
        return True
    organisation = report_scope.organisation
    return (
        scope.level == scoping.Level.PROVINCES
        and report_scope.kind == Kind.LIBRARY
        and organisation is not None
        and organisation.province is not None
        and organisation.province.code in scope.province_codes
    )


def scope_for(user: Any, slug: str | None) -> ReportScope:
    """The report scope a request asks for (``?organisation=<slug>``, else the user's own),
    or a :class:`ReportError`."""
    own = own_scope(user)
    if own is None:
        raise ReportError(403, _("Your role has no quarterly report."))
    if not slug:
        return own
    organisation = Organisation.objects.select_related("province").filter(slug=slug).first()
    if organisation is None:
        raise ReportError(404, _("There is no organisation with this name."))
    report_scope = _scope_of_organisation(organisation)
    if report_scope is None:
        raise ReportError(404, _("There is no quarterly report for this organisation."))
    if not allowed(user, report_scope):
        raise ReportError(403, _("You cannot see the quarterly report of this organisation."))
    return report_scope


def choices_for(user: Any) -> list[ReportScope]:
    """The report scopes a user may choose from, its own first."""
    own = own_scope(user)
    if own is None:
        return []
    scope = scoping.scope_for(user)
    result = [own]
    if scope.level == scoping.Level.NATIONAL:
        organisations = Organisation.objects.filter(
            kind__in=[OrganisationKind.POI, OrganisationKind.LIBRARY, OrganisationKind.AGENCY]
        ).order_by("kind", "name")
    elif scope.level == scoping.Level.PROVINCES:
        organisations = Organisation.objects.filter(
            kind=OrganisationKind.LIBRARY, province__code__in=scope.province_codes
        ).order_by("name")
    else:
        return result
    for organisation in organisations:
        report_scope = _scope_of_organisation(organisation)
        if report_scope is not None and report_scope not in result:
            result.append(report_scope)
    return result


def is_inside(user: Any, report_scope: ReportScope) -> bool:
    """Does ``user`` belong to the library whose report this is (figures as they are)?"""
    scope = scoping.scope_for(user)
    return (
        report_scope.kind == Kind.LIBRARY
        and report_scope.organisation is not None
        and scope.level == scoping.Level.ORGANISATION
        and scope.organisation_id == report_scope.organisation.pk
    )


# --- Quarters ---------------------------------------------------------------------------------


def quarter_period(year: int, quarter: int) -> Period:
    first = month_start(year, (quarter - 1) * 3 + 1)
    return Period(first, add_months(first, 2))


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_label(year: int, quarter: int) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


def parse_quarter(text: str) -> tuple[int, int]:
    """``2026Q3`` or ``2026-Q3`` to (2026, 3); ValueError otherwise."""
    match = QUARTER_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    return int(match[1]), int(match[2])


def report_day(year: int, quarter: int) -> date:
    """The day a quarter's report goes out and its open data can be published: the
    ``MONITOR_REPORT_WORKING_DAY``-th working day after the quarter (2: the second working
    day of the next quarter; weekends and Dutch public holidays do not count)."""
    from django.conf import settings

    from wegwijs.referrals.workdays import is_working_day

    day = quarter_period(year, quarter).last_day
    counted = 0
    while counted < max(1, settings.MONITOR_REPORT_WORKING_DAY):
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def last_reported_quarter(today: date) -> tuple[int, int]:
    """The most recent quarter whose report day has come (the one before the previous
    quarter on the first days of a new quarter)."""
    year, quarter = previous_quarter(*quarter_of(today))
    if report_day(year, quarter) > today:
        year, quarter = previous_quarter(year, quarter)
    return year, quarter


def check_quarter(year: int, quarter: int, today: date | None = None) -> None:
    """A quarter a report can be made for: from 2019 on, and begun (ReportError 400)."""
    today = today or timezone.localdate()
    if not 1 <= quarter <= 4:
        raise ReportError(400, _("A quarter is 1, 2, 3 or 4."))
    if not FIRST_YEAR <= year <= today.year:
        raise ReportError(
            400,
            _("Choose a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year},
        )
    if quarter_period(year, quarter).start > today:
        raise ReportError(400, _("This quarter has not begun yet."))


# --- The report -------------------------------------------------------------------------------


def build_report(
    report_scope: ReportScope,
    year: int,
    quarter: int,
    *,
    inside: bool,
    today: date | None = None,
) -> Report:
    """The dashboard's report for the scope and quarter; ``inside`` only for the library's
    own people (otherwise small figures are suppressed)."""
    today = today or timezone.localdate()
    check_quarter(year, quarter, today)
    viewer = report_scope.viewer()
    selection = selection_for(viewer, {"year": year, "quarter": quarter}, today=today)
    if selection.inside and not inside:
        selection = dataclasses.replace(selection, inside=False)
    return build(selection)


_CHART_STYLE = (
    "<style>"
    ".chart-label, .chart-value { font-family: 'DejaVu Sans', sans-serif; font-size: 13px;"
    " fill: #1f2933; }"
    ".chart-bar { fill: #0b4f8a; } .chart-bar--hidden { fill: none; }"
    ".chart-axis { stroke: #9aa5b1; stroke-width: 1; }"
    "</style>"
)


def _pdf_chart(svg: str) -> SafeString:
    """The dashboard's SVG with its colours inside (WeasyPrint does not apply the page's
    style sheet to inline SVG)."""
    if not svg:
        return mark_safe("")
    head, rest = svg.split(">", 1)
    return mark_safe(f"{head}>{_CHART_STYLE}{rest}")  # noqa: S308 - our own SVG and style


def context(
    report: Report,
    report_scope: ReportScope,
    year: int,
    quarter: int,
    *,
    generated: datetime | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """What the PDF template shows."""
    today = today or timezone.localdate()
    generated = timezone.localtime(generated or timezone.now())
    period = quarter_period(year, quarter)
    blocks = []
    for table in report.tables:
        blocks.append(
            {
                "table": table,
                "chart": _pdf_chart(str(charts.chart(table))),
                "levels": charts.heat_levels(table) if table.chart == "heatmap" else None,
                "rows": table.rows[:MAX_ROWS],
                "cut": len(table.rows) > MAX_ROWS,
            }
        )
    previous = previous_quarter(year, quarter)
    return {
        "report": report,
        "blocks": blocks,
        "scope": report_scope,
        "scope_description": report_scope.description(),
        "quarter_label": quarter_label(year, quarter),
        "previous_label": quarter_label(*previous),
        "period_start": period.start,
        "period_end": period.last_day,
        "not_ended": period.last_day >= today,
        "empty": report.figures.questions == 0,
        "generated": generated,
        "generated_label": date_format(generated, "j F Y, H:i"),
        "max_rows": MAX_ROWS,
    }


def filename(report_scope: ReportScope, year: int, quarter: int) -> str:
    return f"kwartaalrapport-{report_scope.slug}-{year}-q{quarter}.pdf"


def render(
    report_scope: ReportScope,
    year: int,
    quarter: int,
    *,
    inside: bool,
    today: date | None = None,
    generated: datetime | None = None,
) -> bytes:
    """The PDF of the scope's quarterly report."""
    from wegwijs.core.pdf import render_pdf

    today = today or timezone.localdate()
    report = build_report(report_scope, year, quarter, inside=inside, today=today)
    return render_pdf(
        TEMPLATE,
        context(report, report_scope, year, quarter, generated=generated, today=today),
    )
