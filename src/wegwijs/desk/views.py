"""The desk screen: register a visit in a few keystrokes, tally mode, own registrations."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.accounts import scoping
from wegwijs.desk import exports, selectors, services
from wegwijs.desk.codes import TYPICAL_ORGANISATION, HelpGiven, OrganisationCode, Theme
from wegwijs.desk.forms import QuestionFormSet, TallyForm, VisitFilterForm, VisitForm
from wegwijs.desk.models import Visit

SUGGEST_PREFIX_RE = re.compile(r"^form-[0-9]{1,2}$")
SESSION_LAST = "desk_last"  # the branch and channel of the last registration
TEXT_FIELDS = ("note",)
QUESTION_TEXT_FIELDS = ("citizen_words",)


def _branch_choices(user: Any) -> list[tuple[int, str]]:
    branches = scoping.branches_for_registration(user).select_related("organisation")
    own = getattr(user, "branch_id", None)
    ordered = sorted(branches, key=lambda b: (b.pk != own, not b.has_ido, b.name))
    return [
        (
            b.pk,
            b.name
            if b.organisation_id == ordered[0].organisation_id
            else f"{b.name} ({b.organisation.name})",
        )
        for b in ordered
    ]


def _masked(data: QueryDict) -> QueryDict:
    """'Mask it': the same submit, with personal data in the free-text fields replaced by tags."""
    from wegwijs.privacy.scanner import mask

    copy = data.copy()
    for key in list(copy.keys()):
        if key in TEXT_FIELDS or key.rsplit("-", 1)[-1] in QUESTION_TEXT_FIELDS:
            copy[key] = mask(str(copy.get(key, "")))
    return copy


def _apply_errors(exc: ValidationError, form: VisitForm, formset: Any, extra: Any = None) -> None:
    """Put the service's path-keyed errors on the form fields they belong to."""
    for path, errors in exc.error_dict.items():
        parts = path.split(".")
        target: Any = form
        field: str | None = parts[0] if parts[0] in form.fields else None
        if parts[0] == "questions" and len(parts) == 3 and int(parts[1]) < len(formset.forms):
            target, field = formset.forms[int(parts[1])], parts[2]
        elif extra is not None and path in extra.fields:
            target, field = extra, path
        for error in errors:
            target.add_error(field, error)


def _forms(
    request: HttpRequest, visit: Visit | None = None
) -> tuple[VisitForm, Any, dict[str, Any]]:
    user = request.user
    branches = _branch_choices(user)
    if not branches:
        raise PermissionDenied(_("Your role does not register visits."))
    data: QueryDict | None = None
    if request.method == "POST":
        data = _masked(request.POST) if request.POST.get("_mask") else request.POST
        if request.POST.get("add_question"):
            data = data.copy()
            total = int(data.get("form-TOTAL_FORMS", "1") or 1)
            data["form-TOTAL_FORMS"] = str(min(total + 1, services.MAX_QUESTIONS))
        applied = _parse_apply(request.POST.get("apply", ""))
        if applied is not None:  # a suggestion taken over without JavaScript
            prefix, theme, organisation = applied
            data = data.copy()
            data[f"{prefix}-theme"] = theme
            data[f"{prefix}-organisation"] = organisation
    last = request.session.get(SESSION_LAST, {})
    branch_id: int | None = None
    if data is not None and str(data.get("branch", "")).isdigit():
        branch_id = int(str(data["branch"]))
    if visit is not None:
        initial = {
            "occurred_at": timezone.localtime(visit.occurred_at).replace(tzinfo=None),
            "branch": visit.branch_id,
            "channel": visit.channel,
            "duration": visit.duration,
            "note": visit.note,
        }
        question_initial = [
            {
                f: getattr(q, f)
                for f in (
                    "kind",
                    "theme",
                    "organisation",
                    "help_given",
                    "referral_target",
                    "citizen_words",
                )
            }
            for q in visit.questions.all()
        ]
    else:
        default_branch = last.get("branch")
        if default_branch not in {pk for pk, _label in branches}:
            default_branch = branches[0][0]
        initial = {
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None),
            "branch": default_branch,
            "channel": last.get("channel", "balie"),
            "duration": "10-30",
        }
        question_initial = [{"kind": "overheid"}]
    branch_id = branch_id or int(str(initial["branch"]))
    form = VisitForm(data, initial=initial, branches=branches)
    formset = QuestionFormSet(
        data,
        initial=question_initial,
        form_kwargs={
            "themes": selectors.ranked_themes(branch_id),
            "organisations": selectors.ranked_organisations(branch_id),
        },
    )
    context = {
        "typical_organisation": TYPICAL_ORGANISATION,
        "referral_code": HelpGiven.DOORVERWEZEN,
    }
    return form, formset, context


def _parse_apply(value: str) -> tuple[str, str, str] | None:
    """ "form-0:digid:logius" -> ("form-0", "digid", "logius"), or None when not valid."""
    parts = value.split(":")
    if (
        len(parts) == 3
        and SUGGEST_PREFIX_RE.match(parts[0])
        and parts[1] in Theme.values
        and parts[2] in OrganisationCode.values
    ):
        return parts[0], parts[1], parts[2]
    return None


def _is_step(request: HttpRequest) -> bool:
    """A submit that changes the form instead of registering: another question, suggestions."""
    return request.method == "POST" and any(
        request.POST.get(name) for name in ("add_question", "suggest", "apply")
    )


def _submit(
    request: HttpRequest, form: VisitForm, formset: Any, save: Any, extra: Any = None
) -> Any:
    """Validate the forms and call ``save(visit_input)``; on errors, put them on the forms."""
    if _is_step(request):
        return None
    valid = [form.is_valid(), formset.is_valid(), extra.is_valid() if extra is not None else True]
    if not all(valid):
        return None
    data = form.to_input([f.to_input() for f in formset.forms if f.cleaned_data])
    try:
        return save(data)
    except ValidationError as exc:
        _apply_errors(exc, form, formset, extra)
        return None


def _has_personal_data(form: VisitForm, formset: Any) -> bool:
    forms = [form, *formset.forms]
    return any(
        f.has_error(name, code="personal_data") for f in forms if f.is_bound for name in f.fields
    )


def _remember(request: HttpRequest, form: VisitForm) -> None:
    request.session[SESSION_LAST] = {
        "branch": form.cleaned_data["branch"],
        "channel": form.cleaned_data["channel"],
    }


def _render_form(
    request: HttpRequest,
    template: str,
    form: VisitForm,
    formset: Any,
    context: dict[str, Any],
    **extra: Any,
) -> HttpResponse:
    """Render a registration form: 400 after a refused submit, with the offer to mask
    personal data when that was the reason."""
    status = 400 if request.method == "POST" and not _is_step(request) else 200
    suggestions = None
    prefix = request.POST.get("suggest", "") if request.method == "POST" else ""
    if SUGGEST_PREFIX_RE.match(prefix):
        suggestions = _suggestions(request, prefix, request.POST.get(f"{prefix}-citizen_words", ""))
    return render(
        request,
        template,
        {
            **context,
            **extra,
            "form": form,
            "formset": formset,
            "has_personal_data": _has_personal_data(form, formset),
            "suggestions": suggestions,
        },
        status=status,
    )


def _changeable_visit(request: HttpRequest, pk: int) -> Visit:
    visit = get_object_or_404(selectors.visible_visits(request.user), pk=pk)
    if not services.can_change(request.user, visit):
        raise PermissionDenied(_("You can change or delete your own registrations for 7 days."))
    return visit


@login_required
def register(request: HttpRequest) -> HttpResponse:
    form, formset, context = _forms(request)
    if request.method == "POST":
        visit = _submit(
            request, form, formset, lambda data: services.register_visit(request.user, data)
        )
        if visit is not None:
            _remember(request, form)
            from wegwijs.referrals.desk import remember_referral_questions

            remember_referral_questions(request, visit)  # offered as "Refer now?" on the form
            messages.success(
                request,
                _(
                    "Registered: %(n)s question(s) at %(time)s. The form is ready for the next visitor."
                )
                % {
                    "n": visit.questions.count(),
                    "time": timezone.localtime(visit.occurred_at).strftime("%H:%M"),
                },
            )
            return redirect("desk:register")
    if request.method == "GET":  # keyboard-first: type the citizen's question straight away
        formset.forms[0].fields["citizen_words"].widget.attrs["autofocus"] = True
    return _render_form(request, "desk/register.html", form, formset, context)


@login_required
def tally(request: HttpRequest) -> HttpResponse:
    form, formset, context = _forms(request)
    tally_form = TallyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":

        def save(data: services.VisitInput) -> list[Visit]:
            return services.register_tally(request.user, data, tally_form.cleaned_data["count"])

        visits = _submit(request, form, formset, save, extra=tally_form)
        if visits is not None:
            _remember(request, form)
            messages.success(request, _("Registered %(n)s visits at once.") % {"n": len(visits)})
            return redirect("desk:tally")
    return _render_form(request, "desk/tally.html", form, formset, context, tally_form=tally_form)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _changeable_visit(request, pk)
    form, formset, context = _forms(request, visit)
    if request.method == "POST":
        saved = _submit(
            request, form, formset, lambda data: services.update_visit(request.user, visit, data)
        )
        if saved is not None:
            messages.success(request, _("The registration has been changed."))
            return redirect("desk:visit_list")
    return _render_form(request, "desk/register.html", form, formset, context, visit=visit)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _changeable_visit(request, pk)
    if request.method == "POST":
        services.delete_visit(request.user, visit)
        messages.success(request, _("The registration has been deleted."))
        return redirect("desk:visit_list")
    return render(request, "desk/delete.html", {"visit": visit})


def _filtered(request: HttpRequest) -> tuple[VisitFilterForm, Any]:
    branches = [(b.pk, b.name) for b in scoping.visible_branches(request.user).order_by("name")]
    form = VisitFilterForm(request.GET or None, branches=branches)
    qs = selectors.visible_visits(request.user)
    if form.is_valid():
        d = form.cleaned_data
        qs = selectors.filter_visits(
            qs,
            start=d.get("start"),
            end=d.get("end"),
            branch=d.get("branch"),
            theme=d.get("theme") or None,
            organisation=d.get("organisation") or None,
        )
    elif form.is_bound:
        qs = qs.none()
    return form, qs


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = Paginator(
        qs.select_related("branch", "registered_by").prefetch_related("questions"), 50
    ).get_page(request.GET.get("pagina"))
    now = timezone.now()
    rows = [(v, services.can_change(request.user, v, now=now)) for v in page.object_list]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "desk/visit_list.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "export_query": query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, qs = _filtered(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('desk:visit_list')}?{request.GET.urlencode()}")
    scope = scoping.scope_for(request.user)
    include_text = scope.level in (scoping.Level.ORGANISATION, scoping.Level.BRANCH)
    return exports.response(qs, fmt, include_text=include_text)


def _suggestions(request: HttpRequest, prefix: str, text: str) -> dict[str, Any]:
    """What triage suggests for one question's words. Personal data in them is masked before
    the text is analysed, and the worker is told to remove it (registering refuses it)."""
    from wegwijs.triage import services as triage

    result = triage.suggest(str(text), context={"user": request.user})
    return {"prefix": prefix, "personal_data": bool(result.personal_data), "result": result}


@login_required
@require_POST
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggestions for the question being typed (htmx; without JavaScript the register form's
    "Suggest" button gives the same through the full page)."""
    if not scoping.branches_for_registration(request.user).exists():
        raise PermissionDenied(_("Your role does not register visits."))
    prefix = request.POST.get("prefix", "")
    if not SUGGEST_PREFIX_RE.match(prefix):
        return HttpResponse(status=400)
    context = _suggestions(request, prefix, request.POST.get(f"{prefix}-citizen_words", ""))
    return render(request, "desk/_suggestions.html", {"suggestions": context})
