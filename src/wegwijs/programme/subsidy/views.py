"""Subsidy pages: the list with filters and exports, the application form (a formset of
lines), the detail page with the actions the user may take and the audit trail, the programme
office's assessment, payment and settlement pages, the budget overview and the decision
letter (PDF). Every page works without JavaScript (plain forms, POST-redirect-GET)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wegwijs.core import exports as core_exports
from wegwijs.core.pdf import pdf_response
from wegwijs.network.models import Organisation, Province
from wegwijs.programme import access
from wegwijs.programme.common import apply_errors, export_format
from wegwijs.programme.subsidy import budget, charts, exports, history, selectors, services
from wegwijs.programme.subsidy.formatting import format_deadline, format_euros
from wegwijs.programme.subsidy.forms import (
    ApplicationForm,
    AssessForm,
    GrantForm,
    LineForm,
    ListFilterForm,
    PaymentForm,
    RejectForm,
    line_formset,
)
from wegwijs.programme.subsidy.models import (
    SubsidyApplication,
    SubsidyEvent,
    SubsidyScheme,
    SubsidyState,
)

PAGE_SIZE = 50
EXTRA_ROWS = 3
#: Actions posted to the detail page's "act" URL, by their Dutch URL word.
POST_ACTIONS = {"indienen": "submit", "intrekken": "withdraw"}


# -- helpers ------------------------------------------------------------------------------
def _scheme(request: HttpRequest) -> SubsidyScheme | None:
    slug = request.GET.get("regeling", "")
    if slug:
        scheme = SubsidyScheme.objects.filter(slug=slug[:100]).first()
        if scheme is None:
            raise Http404
        return scheme
    return selectors.current_scheme()


def _application(request: HttpRequest, reference: str) -> SubsidyApplication:
    """The application if the user may see it: 403 when it exists out of sight, else 404."""
    access.require(request.user)
    found = (
        selectors.with_lines(selectors.visible_applications(request.user))
        .filter(reference=reference)
        .first()
    )
    if found is None:
        if SubsidyApplication.objects.filter(reference=reference).exists():
            raise PermissionDenied
        raise Http404
    return found


# -- the list -----------------------------------------------------------------------------
def _list(request: HttpRequest) -> tuple[ListFilterForm, QuerySet[SubsidyApplication], Any]:
    access.require(request.user)
    scheme = _scheme(request)
    schemes = list(SubsidyScheme.objects.all())
    provinces = list(Province.objects.all())
    pois = list(Organisation.objects.pois().order_by("name"))
    if access.is_poi(request.user):
        own = access.poi_of(request.user)
        pois = [own] if own is not None else []
        provinces = list(own.provinces.all()) if own is not None else []
    elif access.is_coordinator(request.user):
        pois, provinces = [], []
    start_years = scheme.start_years if scheme else []
    form = ListFilterForm(
        request.GET or None,
        schemes=schemes,
        provinces=provinces,
        pois=pois,
        start_years=start_years,
    )
    filters = selectors.ListFilters(scheme=scheme)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ListFilters(
            scheme=scheme,
            state=data.get("state") or "",
            province_code=data.get("province") or "",
            poi=next((p for p in pois if p.slug == data.get("poi")), None),
            start_year=data.get("start_year") or None,
        )
    qs = selectors.filtered(selectors.visible_applications(request.user), filters)
    return form, selectors.with_lines(qs).order_by("-created_at", "-pk"), scheme


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form, qs, scheme = _list(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "programme/subsidy/list.html",
        {
            "filter_form": form,
            "page": page,
            "total": page.paginator.count,
            "scheme": scheme,
            "deadline": format_deadline(scheme.deadline) if scheme else "",
            "can_apply": selectors.can_apply(request.user),
            "is_office": access.is_programme_office(request.user),
            "query": query.urlencode(),
        },
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, qs, _unused = _list(request)
    return core_exports.table_response(
        _("subsidy applications"), [exports.applications_sheet(qs)], export_format(fmt)
    )


@login_required
def accounting(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require_programme_office(request.user)
    scheme = _scheme(request)
    qs = SubsidyApplication.objects.filter(scheme=scheme).order_by("number")
    return core_exports.table_response(
        _("subsidy accounting"),
        [exports.accounting_sheet(selectors.with_lines(qs))],
        export_format(fmt),
    )


# -- budget ---------------------------------------------------------------------------------
@login_required
def budget_page(request: HttpRequest) -> HttpResponse:
    access.require_programme_office(request.user)
    scheme = _scheme(request)
    data = budget.overview(scheme) if scheme else None
    return render(
        request,
        "programme/subsidy/budget.html",
        {
            "scheme": scheme,
            "schemes": SubsidyScheme.objects.all(),
            "overview": data,
            "chart": charts.budget_chart(data) if data else "",
        },
    )


@login_required
def budget_export(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require_programme_office(request.user)
    scheme = _scheme(request)
    if scheme is None:
        raise Http404
    return core_exports.table_response(
        _("subsidy budget %(name)s") % {"name": scheme.slug},
        exports.budget_sheets(budget.overview(scheme)),
        export_format(fmt),
    )


# -- the application form ---------------------------------------------------------------------
def _initial_lines(application: SubsidyApplication) -> list[dict[str, Any]]:
    rows = []
    for line in application.lines.all():
        row: dict[str, Any] = {"library": line.library_id, "start_year": line.start_year}
        for amount in line.amounts.all():
            row[f"amount_{amount.year}"] = amount.requested
        rows.append(row)
    return rows


def _collect(formset: Any) -> tuple[services.ApplicationInput, list[int]]:
    """The filled-in rows as service input, and for each the index of its form."""
    lines: list[services.LineInput] = []
    positions: list[int] = []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        lines.append(
            services.LineInput(
                library_id=form.cleaned_data.get("library") or None,
                start_year=form.cleaned_data.get("start_year") or None,
                amounts={
                    year: form.cleaned_data.get(f"amount_{year}")
                    for year in form.years
                    if form.cleaned_data.get(f"amount_{year}") is not None
                },
            )
        )
        positions.append(index)
    return services.ApplicationInput(lines=lines), positions


_LINE_PATH = re.compile(r"^lines\.(\d+)(?:\.(\w+))?$")


def _apply_line_errors(
    form: ApplicationForm, formset: Any, positions: list[int], exc: ValidationError
) -> list[str]:
    """Put the service's errors on the fields; return the errors about the lines as a whole."""
    general: list[str] = []
    for path, errors in exc.error_dict.items():
        match = _LINE_PATH.match(path)
        if match:
            line_form: LineForm = formset.forms[positions[int(match.group(1))]]
            name = match.group(2)
            line_form.add_error(name if name in line_form.fields else None, errors)
        elif path == "lines":
            general.extend(message for e in errors for message in e.messages)
        else:
            form.add_error(path if path in form.fields else None, errors)
    return general


def _form_page(
    request: HttpRequest,
    scheme: SubsidyScheme,
    application: SubsidyApplication | None,
) -> HttpResponse:
    applicant = (
        application.applicant if application is not None else selectors.applicant_for(request.user)
    )
    if applicant is None:
        raise PermissionDenied(
            _("Only a library's coordinator or a POI consultant applies for subsidy.")
        )
    libraries = list(selectors.eligible_libraries(applicant))
    one_library = applicant.kind == "library"
    initial = _initial_lines(application) if application is not None else []
    extra = 0 if one_library and initial else (1 if one_library else EXTRA_ROWS)
    general: list[str] = []
    if request.method == "POST":
        more = "_more" in request.POST
        data = request.POST.copy()
        if more and not one_library:
            total_key = "lines-TOTAL_FORMS"
            try:
                rows = int(data.get(total_key, "0"))
            except ValueError:
                rows = 0
            data[total_key] = str(min(rows + EXTRA_ROWS, len(libraries)))
        form = ApplicationForm(data)
        formset = line_formset(scheme=scheme, libraries=libraries, data=data)
        valid = form.is_valid() & formset.is_valid()
        if valid and not more:
            payload, positions = _collect(formset)
            payload.contact = form.cleaned_data.get("contact") or ""
            payload.total = form.cleaned_data.get("total")
            try:
                if application is None:
                    application = services.create_application(request.user, scheme, payload)
                    messages.success(
                        request,
                        _("Saved as draft %(reference)s. Submit it when it is complete.")
                        % {"reference": application.reference},
                    )
                else:
                    services.update_draft(request.user, application, payload)
                    messages.success(request, _("Your changes are saved."))
                return redirect(application.get_absolute_url())
            except ValidationError as exc:
                general = _apply_line_errors(form, formset, positions, exc)
        status = 200 if more else 400
    else:
        status = 200
        form = ApplicationForm(
            initial={"contact": application.contact} if application is not None else None
        )
        formset = line_formset(
            scheme=scheme, libraries=libraries, initial=initial, extra_rows=extra
        )
    return render(
        request,
        "programme/subsidy/form.html",
        {
            "scheme": scheme,
            "application": application,
            "applicant": applicant,
            "form": form,
            "formset": formset,
            "general_errors": general,
            "one_library": one_library,
            "can_add_rows": not one_library and formset.total_form_count() < len(libraries),
            "open": scheme.accepts(timezone.now()),
            "deadline": format_deadline(scheme.deadline),
            "years": scheme.years,
        },
        status=status,
    )


@never_cache
@login_required
def create(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    if not selectors.can_apply(request.user):
        raise PermissionDenied(
            _("Only a library's coordinator or a POI consultant applies for subsidy.")
        )
    scheme = _scheme(request)
    if scheme is None:
        raise Http404
    return _form_page(request, scheme, None)


@never_cache
@login_required
def edit(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if not selectors.may_act(request.user, application, "edit"):
        raise PermissionDenied
    if application.state != SubsidyState.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect(application.get_absolute_url())
    return _form_page(request, application.scheme, application)


# -- detail and the applicant's actions ----------------------------------------------------------
@never_cache
@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    events = list(
        SubsidyEvent.objects.filter(application=application)
        .select_related("user")
        .order_by("at", "pk")
    )
    return render(
        request,
        "programme/subsidy/detail.html",
        {
            "application": application,
            "scheme": application.scheme,
            "years": application.scheme.years,
            "lines": list(application.lines.all()),
            "actions": selectors.allowed_actions(request.user, application),
            "can_read_letter": selectors.can_read_letter(request.user, application),
            "events": [(event, history.describe(event.changes)) for event in events],
            "deadline": format_deadline(application.scheme.deadline),
            "open": application.scheme.accepts(timezone.now()),
            "is_office": access.is_programme_office(request.user),
        },
    )


@never_cache
@login_required
@require_POST
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    application = _application(request, reference)
    name = POST_ACTIONS.get(action)
    if name is None:
        raise Http404
    try:
        if name == "submit":
            services.submit(request.user, application)
            messages.success(
                request,
                _("Application %(reference)s is submitted. The programme office will assess it.")
                % {"reference": application.reference},
            )
        else:
            services.withdraw(request.user, application)
            messages.success(
                request,
                _("Application %(reference)s is withdrawn.") % {"reference": application.reference},
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(application.get_absolute_url())


# -- the programme office ---------------------------------------------------------------------
@never_cache
@login_required
def assess(request: HttpRequest, reference: str) -> HttpResponse:
    """Assess a submitted application; grant or reject an assessed one."""
    application = _application(request, reference)
    access.require_programme_office(request.user)
    state = application.state
    if state not in (SubsidyState.SUBMITTED, SubsidyState.ASSESSED):
        messages.error(request, _("This application is not waiting for an assessment."))
        return redirect(application.get_absolute_url())
    rows = services.amount_rows(application)
    assess_form = AssessForm(prefix="assess")
    grant_form = GrantForm(prefix="grant", rows=rows, initial_from="requested")
    reject_form = RejectForm(prefix="reject")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assess" and state == SubsidyState.SUBMITTED:
                assess_form = AssessForm(request.POST, prefix="assess")
                if assess_form.is_valid():
                    services.assess(request.user, application, assess_form.cleaned_data["note"])
                    messages.success(request, _("Marked as assessed. Now grant or reject it."))
                    return redirect("programme:subsidy:assess", application.reference)
            elif action == "grant" and state == SubsidyState.ASSESSED:
                grant_form = GrantForm(
                    request.POST, prefix="grant", rows=rows, initial_from="requested"
                )
                if grant_form.is_valid():
                    services.grant(
                        request.user,
                        application,
                        grant_form.amounts(),
                        grant_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Granted. The decision letter is ready."))
                    return redirect(application.get_absolute_url())
            elif action == "reject" and state == SubsidyState.ASSESSED:
                reject_form = RejectForm(request.POST, prefix="reject")
                if reject_form.is_valid():
                    services.reject(request.user, application, reject_form.cleaned_data["reason"])
                    messages.success(request, _("Rejected. The decision letter is ready."))
                    return redirect(application.get_absolute_url())
            else:
                raise Http404
        except ValidationError as exc:
            target = {"assess": assess_form, "grant": grant_form, "reject": reject_form}[action]
            apply_errors(target, exc, _amount_field)
        status = 400
    return render(
        request,
        "programme/subsidy/assess.html",
        {
            "application": application,
            "lines": list(application.lines.all()),
            "years": application.scheme.years,
            "assess_form": assess_form,
            "grant_form": grant_form,
            "reject_form": reject_form,
        },
        status=status,
    )


def _amount_field(path: str) -> str:
    """The form field of a service path: ``amounts.<line>.<year>`` is ``amount_<line>_<year>``;
    ``reason``, ``note`` and ``date`` are themselves."""
    match = re.match(r"^amounts\.(\d+)\.(\d+)$", path)
    return f"amount_{match.group(1)}_{match.group(2)}" if match else path


def _money_page(request: HttpRequest, reference: str, *, mode: str) -> HttpResponse:
    application = _application(request, reference)
    access.require_programme_office(request.user)
    wanted = SubsidyState.GRANTED if mode == "pay" else SubsidyState.PAID
    if application.state != wanted:
        messages.error(
            request,
            _("Record a payment once the application is granted.")
            if mode == "pay"
            else _("Settle the application once it is paid."),
        )
        return redirect(application.get_absolute_url())
    rows = services.amount_rows(application)
    initial_from = "granted" if mode == "pay" else "paid"
    form = PaymentForm(request.POST or None, rows=rows, initial_from=initial_from)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if mode == "pay":
                    services.record_payment(
                        request.user, application, form.cleaned_data["date"], form.amounts()
                    )
                    messages.success(request, _("The payment is recorded."))
                else:
                    services.settle(
                        request.user, application, form.cleaned_data["date"], form.amounts()
                    )
                    messages.success(request, _("The application is settled."))
                return redirect(application.get_absolute_url())
            except ValidationError as exc:
                apply_errors(form, exc, _amount_field)
        status = 400
    return render(
        request,
        "programme/subsidy/money.html",
        {"application": application, "form": form, "mode": mode},
        status=status,
    )


@never_cache
@login_required
def pay(request: HttpRequest, reference: str) -> HttpResponse:
    return _money_page(request, reference, mode="pay")


@never_cache
@login_required
def settle(request: HttpRequest, reference: str) -> HttpResponse:
    return _money_page(request, reference, mode="settle")


# -- the decision letter ------------------------------------------------------------------
@login_required
def letter(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if not selectors.can_read_letter(request.user, application):
        raise PermissionDenied
    data = application.letter.data
    with translation.override(data.get("language") or services.LETTER_LANGUAGE):
        return pdf_response(
            "programme/subsidy/letter.html",
            {"letter": letter_context(data)},
            f"besluit-{application.reference}.pdf",
        )


def letter_context(data: dict[str, Any]) -> dict[str, Any]:
    """The frozen data with dates and amounts written out (in the letter's language)."""
    rows = [
        {
            "organisation": line["organisation"],
            "start_year": line["start_year"],
            "cells": [
                {
                    "year": a["year"],
                    "requested": format_euros(a["requested"]),
                    "granted": format_euros(a["granted"]),
                }
                for a in sorted(line["amounts"], key=lambda item: item["year"])
            ],
        }
        for line in data["lines"]
    ]
    return {
        **data,
        "date": date.fromisoformat(data["date"]),
        "submitted": date.fromisoformat(data["submitted"]) if data.get("submitted") else None,
        "issuer_lines": [line for line in str(data["issuer"]).splitlines() if line.strip()],
        "rows": rows,
        "total_requested_euros": format_euros(data["total_requested"]),
        "total_granted_euros": format_euros(data["total_granted"]),
        "granted": data["decision"] != SubsidyState.REJECTED,
    }
