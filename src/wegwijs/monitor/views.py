"""/monitor/: the dashboard for each role at its own level, and its exports. Server-rendered,
works without JavaScript (the map of registering locations is the only enhancement)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.desk.codes import OrganisationCode
from wegwijs.monitor import charts, exports
from wegwijs.monitor.filters import InvalidFilters, MonitorFilterForm, selection_for
from wegwijs.monitor.report import Report, build, map_points
from wegwijs.network.models import Branch, Organisation, Province


def has_figures(user: Any) -> bool:
    """Does the user's role see figures in the monitor (for the navigation)?"""
    scope = scoping.scope_for(user)
    if scope.level == scoping.Level.OWN:
        return bool(scope.agency_code)
    return scope.level != scoping.Level.NONE


def scope_title(scope: scoping.Scope) -> str:
    """Whose figures these are, in words."""
    level = scope.level
    if level == scoping.Level.NATIONAL:
        return _("All IDOs in the Netherlands")
    if level == scoping.Level.PROVINCES:
        names = sorted(
            Province.objects.filter(code__in=scope.province_codes).values_list("name", flat=True)
        )
        return _("IDOs in %(provinces)s") % {"provinces": ", ".join(names)}
    if level == scoping.Level.ORGANISATION:
        library = Organisation.objects.filter(pk=scope.organisation_id or 0).first()
        return library.name if library else ""
    if level == scoping.Level.BRANCH:
        branch = Branch.objects.filter(pk=scope.branch_id or 0).first()
        return branch.name if branch else ""
    if level == scoping.Level.OWN:
        labels = dict(OrganisationCode.choices)
        return _("Questions about %(organisation)s, all IDOs") % {
            "organisation": labels.get(scope.agency_code, scope.agency_code)
        }
    return ""


def _query(request: HttpRequest) -> str:
    return request.GET.urlencode()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not has_figures(request.user):
        raise PermissionDenied(_("Your role has no figures in the monitor."))
    form = MonitorFilterForm(request.GET, user=request.user)
    context: dict[str, Any] = {
        "form": form,
        "scope_title": scope_title(scoping.scope_for(request.user)),
        "query": _query(request),
    }
    try:
        selection = selection_for(request.user, request.GET, form=form)
    except InvalidFilters as exc:
        context["errors"] = exc.errors
        return render(request, "monitor/dashboard.html", context, status=400)
    report = build(selection)
    context.update(_report_context(report))
    return render(request, "monitor/dashboard.html", context)


def _report_context(report: Report) -> dict[str, Any]:
    blocks = []
    for table in report.tables:
        block: dict[str, Any] = {"table": table, "chart": charts.chart(table)}
        if table.chart == "heatmap":
            block["levels"] = charts.heat_levels(table)
        blocks.append(block)
    branches = report.table("branches")
    return {
        "report": report,
        "blocks": blocks,
        "map_points": map_points(branches),
        "map_label": _("Map of the registering locations"),
    }


@login_required
def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    try:
        selection = selection_for(request.user, request.GET)
    except InvalidFilters as exc:
        message = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.errors.items())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    report = build(selection)
    try:
        return exports.response(report, key, fmt)
    except (KeyError, ValueError) as exc:
        raise Http404(_("There is no such table or format.")) from exc
