"""/monitor/rapport/: the quarterly report (PDF) and its e-mail subscription;
/monitor/open-data/: the programme office's open data. Plain forms, no JavaScript needed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wegwijs.accounts import scoping
from wegwijs.monitor import opendata, pdfreport, subscriptions
from wegwijs.monitor.models import OpenDataRelease
from wegwijs.network.models import OrganisationKind

QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]


def _years() -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(timezone.localdate().year, pdfreport.FIRST_YEAR - 1, -1)]


def _choice_label(report_scope: pdfreport.ReportScope, own: pdfreport.ReportScope) -> str:
    if report_scope == own:
        return _("%(name)s (your own)") % {"name": report_scope.name}
    organisation = report_scope.organisation
    if organisation is None:
        return report_scope.name
    return f"{organisation.name} ({OrganisationKind(organisation.kind).label})"


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    quarter = forms.TypedChoiceField(label=gettext_lazy("Quarter"), coerce=int, choices=QUARTERS)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]
        own = pdfreport.own_scope(user)
        choices = pdfreport.choices_for(user)
        if own is None or len(choices) < 2:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [  # type: ignore[attr-defined]
                ("" if s == own else s.slug, _choice_label(s, own)) for s in choices
            ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            pdfreport.check_quarter(data["year"], data["quarter"])
        except pdfreport.ReportError as exc:
            self.add_error("quarter", exc.message)
        return data


def _own_or_403(user: Any) -> pdfreport.ReportScope:
    own = pdfreport.own_scope(user)
    if own is None:
        raise PermissionDenied(_("Your role has no quarterly report."))
    return own


def _pdf_url(year: int, quarter: int, slug: str = "") -> str:
    url = reverse("monitor:report_pdf", args=[year, quarter])
    return f"{url}?{urlencode({'organisation': slug})}" if slug else url


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The page: download a quarterly report, subscribe to it by e-mail."""
    own = _own_or_403(request.user)
    today = timezone.localdate()
    status = 200
    if "year" in request.GET:
        form = ReportForm(request.GET, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            return redirect(_pdf_url(data["year"], data["quarter"], data.get("organisation", "")))
        status = 400
    else:
        year, quarter = pdfreport.previous_quarter(*pdfreport.quarter_of(today))
        form = ReportForm(user=request.user, initial={"year": year, "quarter": quarter})
    recent = []
    year, quarter = pdfreport.quarter_of(today)
    for _i in range(4):
        year, quarter = pdfreport.previous_quarter(year, quarter)
        if year >= pdfreport.FIRST_YEAR:
            recent.append((pdfreport.quarter_label(year, quarter), _pdf_url(year, quarter)))
    next_year, next_quarter, next_day = subscriptions.next_sending(today)
    context = {
        "form": form,
        "own": own,
        "recent": recent,
        "subscribed": subscriptions.is_subscribed(request.user),
        "next_label": pdfreport.quarter_label(next_year, next_quarter),
        "next_day": next_day,
        "next_is_today": next_day <= today,
    }
    return render(request, "monitor/reports.html", context, status=status)


@login_required
def report_pdf(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    """The PDF of a quarter for the user's scope or ``?organisation=<slug>``."""
    from wegwijs.core.pdf import pdf_response

    try:
        report_scope = pdfreport.scope_for(request.user, request.GET.get("organisation") or None)
        pdfreport.check_quarter(year, quarter)
    except pdfreport.ReportError as exc:
        return render(
            request,
            "monitor/report_problem.html",
            {"status": exc.status, "message": exc.message},
            status=exc.status,
        )
    inside = pdfreport.is_inside(request.user, report_scope)
    report = pdfreport.build_report(report_scope, year, quarter, inside=inside)
    return pdf_response(
        pdfreport.TEMPLATE,
        pdfreport.context(report, report_scope, year, quarter),
        pdfreport.filename(report_scope, year, quarter),
    )


@login_required
@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    """Subscribe or unsubscribe (one button on the page)."""
    _own_or_403(request.user)
    user: Any = request.user
    if request.POST.get("action") == "unsubscribe":
        subscriptions.unsubscribe(user)
        messages.success(request, _("You no longer get the quarterly report by e-mail."))
    else:
        subscriptions.subscribe(user)
        messages.success(request, _("You get the quarterly report by e-mail from now on."))
    return redirect(reverse("monitor:reports") + "#subscription")


@csrf_exempt  # the signed token is the proof; mail programs POST here without a form (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every e-mail: works without logging in. GET asks, POST unsubscribes
    (a link checker that opens the link changes nothing)."""
    user = subscriptions.user_for_token(token)
    if user is None:
        return render(request, "monitor/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        subscriptions.unsubscribe(user)
        done = True
    return render(
        request,
        "monitor/unsubscribe.html",
        {
            "done": done,
            "subscribed": subscriptions.is_subscribed(user),
            "token": token,
        },
    )


class OpenDataForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", gettext_lazy("Whole year (its published quarters)")), *QUARTERS],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            data["quarters"] = opendata.quarters_for(data["year"], data.get("quarter"))
        except opendata.OpenDataError as exc:
            for name, errors in exc.errors.items():
                for error in errors:
                    self.add_error(name, error)
        return data


@login_required
def opendata_page(request: HttpRequest) -> HttpResponse:
    """The programme office's open data: choose a year or quarter, download one ZIP."""
    if scoping.scope_for(request.user).level != scoping.Level.NATIONAL:
        raise PermissionDenied(_("Only the programme office publishes open data."))
    today = timezone.localdate()
    status = 200
    if "year" in request.GET:
        form = OpenDataForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            package = opendata.export(data["year"], data.get("quarter"), today=today)
            response = HttpResponse(opendata.zip_bytes(package), content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{package.name}.zip"'
            return response
        status = 400
    else:
        year, quarter = pdfreport.last_reported_quarter(today)
        form = OpenDataForm(initial={"year": year, "quarter": quarter})
    releases = [
        (pdfreport.quarter_label(r.year, r.quarter), r.created_at)
        for r in OpenDataRelease.objects.only("year", "quarter", "created_at")
    ]
    context = {
        "form": form,
        "releases": releases,
        "licence": opendata.LICENCE,
        "tables": opendata.table_titles(),
    }
    return render(request, "monitor/opendata.html", context, status=status)
