"""Referral pages: refer from the desk (warm, cold, course), the desk's list, the partner's
list and the detail page with the partner's actions. Every page works without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wegwijs.accounts import scoping
from wegwijs.desk.codes import HelpGiven
from wegwijs.desk.models import Question
from wegwijs.desk.selectors import visible_visits
from wegwijs.referrals import cards, consent, crypto, selectors, services, sessions
from wegwijs.referrals.forms import DeclineForm, ListFilterForm, ReferralForm, ServiceSearchForm
from wegwijs.referrals.models import CLOSED_STATUSES, OPEN_STATUSES, Kind, Referral, Status
from wegwijs.socialmap.models import Service

PAGE_SIZE = 50
MAX_SUGGESTIONS = 15


# -- helpers ------------------------------------------------------------------------------
def _question(request: HttpRequest) -> Question | None:
    """The question in ``?vraag=``, when the user may see it."""
    raw = request.GET.get("vraag") or request.POST.get("vraag") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    return get_object_or_404(
        Question.objects.filter(visit__in=visible_visits(request.user)).select_related(
            "visit__branch"
        ),
        pk=int(raw),
    )


def _require_desk(request: HttpRequest) -> None:
    if not selectors.can_make_referrals(request.user):
        raise PermissionDenied(_("Your role does not make referrals."))


def _suggestions(user: Any, question: Question | None, query: str) -> tuple[list[Service], bool]:
    """Referable services for this question: what the search finds for the words typed, or
    the services for the question's theme (courses for help 'course'), nearest to the branch
    first."""
    from wegwijs.search import services as search
    from wegwijs.socialmap.services import distance_to, visible_services

    qs = (
        visible_services(user)
        .filter(pk__in=services.referable_services().values("pk"))
        .prefetch_related("locations")
    )
    if query:
        return search.ranked(qs, query, kind="service")[:MAX_SUGGESTIONS], True
    if question is not None and question.help_given == HelpGiven.CURSUS:
        qs = qs.filter(format__in=sessions.COURSE_FORMATS)
    elif question is not None:
        themed = qs.filter(codes__contains=f" {question.theme} ")
        if themed.exists():
            qs = themed
    found = list(qs[:200])
    branch = question.visit.branch if question is not None else getattr(user, "branch", None)
    if branch is not None and branch.latitude is not None and branch.longitude is not None:
        for service in found:
            service.distance_km = distance_to(service, branch.latitude, branch.longitude)  # type: ignore[attr-defined]
        found.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0.0, s.name))  # type: ignore[attr-defined]
    return found[:MAX_SUGGESTIONS], False


def _apply_errors(form: ReferralForm, exc: ValidationError) -> None:
    mapping = {"schedule": "session", "session_date": "session"}
    for path, errors in exc.error_dict.items():
        name = mapping.get(path, path)
        form.add_error(name if name in form.fields else None, errors)


def _filtered(
    request: HttpRequest, qs: QuerySet[Referral]
) -> tuple[ListFilterForm, QuerySet[Referral] | list[Referral]]:
    form = ListFilterForm(request.GET or None)
    state = ""
    if form.is_valid():
        state = form.cleaned_data["state"]
        if form.cleaned_data["mine"]:
            qs = qs.filter(created_by_id=request.user.pk)
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        qs = qs.filter(status__in=[*CLOSED_STATUSES, Status.HANDED_OVER])
    qs = qs.select_related("branch", "created_by", "service").order_by("-created_at", "-pk")
    if state == "overdue":  # 2 working days are at least 2 days: the database narrows it first
        now = timezone.now()
        candidates = qs.filter(status=Status.SENT, created_at__lt=now - timedelta(days=2))
        return form, [r for r in candidates if r.is_overdue(now)]
    return form, qs


# -- pages --------------------------------------------------------------------------------
@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """The desk's referrals ("Mijn doorverwijzingen"): statuses and the overdue flag; the
    programme office sees all, read-only."""
    qs = selectors.desk_referrals(request.user)
    if not selectors.can_make_referrals(request.user) and not scoping.is_national(request.user):
        if selectors.is_partner_user(request.user):
            return redirect("referrals:partner_list")
        if scoping.scope_for(request.user).level in (scoping.Level.OWN, scoping.Level.NONE):
            raise PermissionDenied(_("Your role has no referrals."))
    return _list_page(request, qs, side="desk")


def _list_page(request: HttpRequest, qs: QuerySet[Referral], *, side: str) -> HttpResponse:
    form, rows = _filtered(request, qs)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "referrals/list.html",
        {
            "filter_form": form,
            "page": page,
            "total": page.paginator.count,
            "side": side,
            "can_refer": selectors.can_make_referrals(request.user),
            "is_partner": side == "partner" or selectors.is_partner_user(request.user),
            "query": query.urlencode(),
        },
    )


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    """The partner's referrals: warm referrals and course registrations sent to it."""
    if not selectors.is_partner_user(request.user):
        raise PermissionDenied(_("Only partners see referrals sent to them."))
    return _list_page(request, selectors.partner_referrals(request.user), side="partner")


@login_required
def choose_service(request: HttpRequest) -> HttpResponse:
    """Step 1: choose the service, from suggestions for the question or by searching."""
    _require_desk(request)
    question = _question(request)
    form = ServiceSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    found, searched = _suggestions(request.user, question, query)
    return render(
        request,
        "referrals/choose_service.html",
        {"question": question, "form": form, "services": found, "searched": searched},
    )


@never_cache
@login_required
def create(request: HttpRequest, service_pk: str) -> HttpResponse:
    """Step 2: warm (consent, contact details, summary), cold (the card) or a course date."""
    _require_desk(request)
    question = _question(request)
    service = get_object_or_404(
        services.referable_services().select_related("organization"), pk=service_pk
    )
    course = sessions.is_course(service)
    upcoming = sessions.upcoming(service) if course else []
    branches = None
    if question is None:
        branches = [
            (b.pk, b.name) for b in scoping.branches_for_registration(request.user).order_by("name")
        ]
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        course=course,
        sessions=upcoming,
        branches=branches,
        initial={"branch": getattr(request.user, "branch_id", None)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved = _save(request, form, service, question)
            if saved is not None:
                return saved
    elif question is None and not course:
        messages.info(request, _("A warm or cold referral starts from a registered question."))
    text = consent.current()
    return render(
        request,
        "referrals/create.html",
        {
            "service": service,
            "question": question,
            "form": form,
            "course": course,
            "sessions": upcoming,
            "consent_text": text.text(),
            "consent_version": text.version,
            "card": cards.build_card(service),
            "has_personal_data": form.has_error("summary", code="personal_data"),
        },
        status=status,
    )


def _save(
    request: HttpRequest, form: ReferralForm, service: Service, question: Question | None
) -> HttpResponse | None:
    d = form.cleaned_data
    data = services.ReferralInput(
        service_id=service.pk,
        kind=d["kind"],
        question_id=question.pk if question is not None else None,
        branch_id=d.get("branch") or None,
    )
    try:
        if d["kind"] == Kind.COLD:  # what was typed in the contact fields is not kept
            referral, _card = services.create_cold(request.user, data)
            messages.success(request, _("Cold referral registered. Give the citizen this card."))
            return redirect("referrals:card", pk=referral.pk)
        schedule_id, session_date = "", None
        if d.get("session"):
            schedule_id, _sep, day = d["session"].partition("|")
            session_date = parse_date(day)
        data.schedule_id = schedule_id or None
        data.session_date = session_date
        data.consent = d["consent"]
        data.consent_version = d["consent_version"]
        data.contact_name = d["contact_name"]
        data.contact_phone = d["contact_phone"]
        data.contact_email = d["contact_email"]
        data.summary = d["summary"]
        referral = services.create_warm(request.user, data)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None
    messages.success(
        request,
        _(
            "The referral has been sent. The partner gets an e-mail and responds within 2 working days."
        ),
    )
    return redirect("referrals:detail", pk=referral.pk)


def _visible(request: HttpRequest, pk: int) -> Referral:
    return get_object_or_404(
        selectors.visible_referrals(request.user).select_related(
            "branch",
            "service__organization",
            "schedule__service_at_location__location",
            "question",
            "created_by",
        ),
        pk=pk,
    )


@never_cache
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _visible(request, pk)
    return _render_detail(request, referral, DeclineForm())


def _render_detail(
    request: HttpRequest, referral: Referral, decline_form: DeclineForm, status: int = 200
) -> HttpResponse:
    contact = None
    contact_unreadable = False
    if selectors.can_see_contact(request.user, referral):
        try:
            contact = crypto.decrypt_contact(referral.contact_encrypted)
        except crypto.InvalidToken:
            contact_unreadable = True
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "contact": contact,
            "contact_unreadable": contact_unreadable,
            "actions": [
                {"name": name, "slug": ACTION_SLUGS[name], "label": ACTION_LABELS[name]}
                for name in services.allowed_actions(request.user, referral)
            ],
            "as_partner": selectors.acts_as_partner(request.user, referral),
            "decline_form": decline_form,
            "events": referral.events.select_related("user"),
            "overdue": referral.is_overdue(),
        },
        status=status,
    )


ACTION_MESSAGES = {
    "accept": gettext_lazy("Accepted. The desk sees that you will contact the citizen."),
    "contact": gettext_lazy("Recorded: you contacted the citizen."),
    "complete": gettext_lazy("Completed. The contact details have been erased."),
    "decline": gettext_lazy(
        "Declined. The desk sees your reason; the contact details have been erased."
    ),
    "cancel": gettext_lazy("Cancelled. The contact details have been erased."),
}


#: The actions in the page addresses (Dutch), and their buttons.
ACTION_SLUGS = {
    "accept": "accepteren",
    "contact": "contact-gehad",
    "complete": "afronden",
    "decline": "afwijzen",
    "cancel": "annuleren",
}
ACTION_LABELS = {
    "accept": gettext_lazy("Accept"),
    "contact": gettext_lazy("I contacted the citizen"),
    "complete": gettext_lazy("Complete"),
    "decline": gettext_lazy("Decline"),
    "cancel": gettext_lazy("Cancel the referral"),
}


@never_cache
@login_required
@require_POST
def act(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    action = {v: k for k, v in ACTION_SLUGS.items()}.get(slug)
    if action is None:
        raise Http404
    referral = _visible(request, pk)
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    reason = note = ""
    if action == "decline":
        if not decline_form.is_valid():
            return _render_detail(request, referral, decline_form, status=400)
        reason, note = decline_form.cleaned_data["reason"], decline_form.cleaned_data["note"]
    try:
        services.transition(request.user, referral, action, reason=reason, note=note)
    except ValidationError as exc:
        for path, errors in exc.error_dict.items():
            if action == "decline" and path in decline_form.fields:
                decline_form.add_error(path, errors)
            else:
                for error in errors:
                    messages.error(request, " ".join(error.messages))
        referral.refresh_from_db()
        return _render_detail(request, referral, decline_form, status=400)
    messages.success(request, str(ACTION_MESSAGES[action]))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner's card for the citizen (printable)."""
    referral = _visible(request, pk)
    if referral.service is None:
        raise Http404
    return render(
        request,
        "referrals/card.html",
        {"referral": referral, "card": cards.build_card(referral.service)},
    )
