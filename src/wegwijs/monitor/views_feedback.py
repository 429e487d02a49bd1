"""/monitor/feedback/: feedback to an agency (themes, typical wording, months, unmet needs),
and its tables as CSV or XLSX. Plain GET forms, no JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wegwijs.core.exports import Sheet, slug, table_response
from wegwijs.monitor import charts
from wegwijs.monitor.feedback import EXPORT_KEYS, Feedback, FeedbackForm, feedback_for, may_see
from wegwijs.monitor.filters import InvalidFilters
from wegwijs.monitor.report import Table


def _form_with_errors(form: FeedbackForm, errors: dict[str, list[str]]) -> None:
    """Errors of the monitor's own period check (the form itself was valid) at their field."""
    if form.errors:
        return  # the form's own errors: already at their fields
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    if not may_see(request.user):
        raise PermissionDenied(
            _("Feedback to agencies is for the agencies and the programme office.")
        )
    if not request.GET:  # the first visit: the form, nothing to show yet (an agency: its own)
        form = FeedbackForm(None, user=request.user)
        if form.fields["organisation"].required:
            return render(request, "monitor/feedback.html", {"form": form, "query": ""})
    form = FeedbackForm(request.GET, user=request.user)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    try:
        result = feedback_for(request.user, form)
    except InvalidFilters as exc:
        _form_with_errors(form, exc.errors)
        return render(request, "monitor/feedback.html", context, status=400)
    if result is not None:
        context.update(
            feedback=result,
            blocks=[{"table": t, "chart": charts.chart(t)} for t in result.tables],
        )
    return render(request, "monitor/feedback.html", context)


def _sheet(table: Table) -> Sheet:
    if table.key in ("words", "phrases"):
        header = [_("Word or phrase"), *[c.label for c in table.columns]]
        rows = [line[1:] for line in table.lines()]
    else:
        header, rows = table.header(), table.lines()
    return Sheet(table.key, header, rows)


def _about(result: Feedback) -> Sheet:
    sel = result.selection
    rows: list[list[Any]] = [
        [_("Organisation"), result.organisation_label],
        [_("Period"), sel.period.label()],
        [_("Previous period"), sel.previous.label()],
        [
            _("Note"),
            _(
                "Figures below 5 are shown as <5; × marks a figure hidden so that small "
                "figures cannot be worked out from the totals."
            ),
        ],
    ]
    for table in result.tables:
        rows.append([table.title, table.summary])
    return Sheet(_("About"), [_("Subject"), _("Value")], rows)


@login_required
def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    try:
        result = feedback_for(request.user, request.GET)
    except InvalidFilters as exc:
        message = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.errors.items())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    if result is None:
        return HttpResponse(
            _("Choose an organisation."), status=400, content_type="text/plain; charset=utf-8"
        )
    if key == "all" and fmt == "xlsx":
        sheets = [_about(result), *[_sheet(t) for t in result.tables if not t.withheld]]
    elif key in EXPORT_KEYS and fmt in ("csv", "xlsx"):
        sheets = [_sheet(result.table(key))]
    else:
        raise Http404(_("There is no such table or format."))
    name = f"feedback-{result.organisation}-{key}-{slug(result.selection.period.label())}"
    return table_response(name, sheets, fmt)
