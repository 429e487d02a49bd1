"""Pages of the contact area: its start page, the public "Meer weten?" form, the experts'
requests, the counts, and who the experts are. News and materials have their own modules.
Every page works without JavaScript (plain forms, POST-redirect-GET)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wegwijs.network.models import Organisation, Province
from wegwijs.programme import access
from wegwijs.programme.common import apply_errors
from wegwijs.programme.contact import selectors, services, spam
from wegwijs.programme.contact.forms import (
    CountsFilterForm,
    ExpertForm,
    HandleForm,
    MeerWetenForm,
    ProvinceChoiceForm,
)
from wegwijs.programme.contact.models import ContactRequest, Outcome, keep_days

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


# -- the area's start page ------------------------------------------------------------------
@login_required
def index(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    user = request.user
    poi = access.poi_of(user)
    handled = selectors.handled_poi(user)
    open_qs = selectors.open_requests(user)
    now = timezone.now()
    return render(
        request,
        "programme/contact/index.html",
        {
            "is_office": access.is_programme_office(user),
            "poi": poi,
            "handles": handled is not None,
            "open_count": open_qs.count() if handled else 0,
            "overdue_count": sum(r.is_overdue(now) for r in open_qs) if handled else 0,
            "can_count": selectors.count_pois(user).exists(),
            "can_write_news": selectors.can_write_news(user),
            "can_manage_materials": selectors.can_manage_materials(user),
            "news": selectors.latest_news(user),
            "area_nav": selectors.area_nav(user, "index"),
        },
    )


# -- public: "Meer weten?" ------------------------------------------------------------------
def _public_provinces() -> list[Province]:
    return list(Province.objects.filter(pois__isnull=False).distinct().order_by("name"))


def public_index(request: HttpRequest) -> HttpResponse:
    """Choose your province (or your POI): the form of the POI that serves it."""
    provinces = _public_provinces()
    form = ProvinceChoiceForm(request.GET or None, provinces=provinces)
    status = 200
    if request.GET:
        if form.is_valid():
            code = form.cleaned_data["provincie"]
            poi = services.route(code)
            if poi is not None:
                url = reverse("programme:contact:public_form", args=[poi.slug])
                return redirect(f"{url}?{urlencode({'provincie': code})}")
        status = 400
    pois = Organisation.objects.pois().prefetch_related("provinces").order_by("name")
    return render(
        request,
        "programme/contact/public_index.html",
        {"form": form, "pois": pois},
        status=status,
    )


@never_cache
def public_form(request: HttpRequest, poi_slug: str) -> HttpResponse:
    poi = get_object_or_404(Organisation.objects.pois(), slug=poi_slug)
    provinces = services.served_provinces(poi)
    receivable = services.can_receive(poi)
    status = 200
    if request.method == "POST":
        form = MeerWetenForm(request.POST, provinces=provinces)
        if not spam.allow_submit(request):
            messages.error(
                request,
                _("Many requests were sent from your address. Please try again in an hour."),
            )
            status = 429
        else:
            response = _submit(request, poi, form)
            if response is not None:
                return response
            status = 400
    else:
        initial = {}
        wanted = request.GET.get("provincie", "")
        if any(p.code == wanted for p in provinces):
            initial["province"] = wanted
        form = MeerWetenForm(initial=initial, provinces=provinces)
    return render(
        request,
        "programme/contact/public_form.html",
        {
            "poi": poi,
            "provinces": provinces,
            "form": form,
            "receivable": receivable,
            "started": spam.started_token(),
            "keep_days": keep_days(),
        },
        status=status,
    )


def _submit(request: HttpRequest, poi: Organisation, form: MeerWetenForm) -> HttpResponse | None:
    """Store the request and redirect, or add the errors to the form and return None."""
    thanks = redirect("programme:contact:public_thanks", poi_slug=poi.slug)
    if not form.is_valid():
        return None
    d = form.cleaned_data
    if d["website"]:  # the honeypot: answer as if it worked, store nothing
        logger.info("Meer weten? form: honeypot filled in, nothing stored")
        return thanks
    started = spam.check_started(request.POST.get("started", ""))
    if started == spam.TOO_FAST:
        logger.info("Meer weten? form: sent too fast, nothing stored")
        form.add_error(
            None, _("That went very fast. Check your details and press the button again.")
        )
        return None
    if started == spam.EXPIRED:
        form.add_error(
            None,
            _("This form was open for a long time. Check your details and press the button again."),
        )
        return None
    data = services.RequestInput(
        email=d["email"],
        phone=d["phone"],
        organisation=d["organisation"],
        question=d["question"],
        province=d.get("province") or "",
    )
    try:
        services.submit(poi, data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    return thanks


def public_thanks(request: HttpRequest, poi_slug: str) -> HttpResponse:
    poi = get_object_or_404(Organisation.objects.pois(), slug=poi_slug)
    return render(
        request, "programme/contact/public_thanks.html", {"poi": poi, "keep_days": keep_days()}
    )


# -- the experts' requests ------------------------------------------------------------------
@never_cache
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    if access.is_programme_office(request.user):
        return redirect("programme:contact:request_counts")
    poi = access.poi_of(request.user)
    if poi is None:
        raise PermissionDenied(_("Only POIs receive 'Meer weten?' requests."))
    handles = selectors.is_handler(request.user, poi)
    rows = (
        selectors.open_requests(request.user).select_related("province").order_by("created_at")
        if handles
        else ContactRequest.objects.none()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "programme/contact/request_list.html",
        {
            "poi": poi,
            "handles": handles,
            "page": page,
            "experts": list(selectors.experts(poi)),
            "now": timezone.now(),
            "area_nav": selectors.area_nav(request.user, "requests"),
        },
    )


@never_cache
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = services.request_for(request.user, pk)
    return _render_detail(request, contact_request, HandleForm())


def _render_detail(
    request: HttpRequest, contact_request: ContactRequest, form: HandleForm, status: int = 200
) -> HttpResponse:
    contact = services.view(request.user, contact_request)
    return render(
        request,
        "programme/contact/request_detail.html",
        {
            "item": contact_request,
            "contact": contact,
            "phone": services.display_phone(contact.phone) if contact else "",
            "form": form,
            "events": contact_request.events.select_related("user"),
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
def request_handle(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = services.request_for(request.user, pk)
    form = HandleForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, contact_request, form, status=400)
    try:
        services.handle(request.user, contact_request, form.cleaned_data["outcome"])
    except ValidationError as exc:
        apply_errors(form, exc)
        return _render_detail(request, contact_request, form, status=400)
    messages.success(request, _("Handled. The contact details and the question have been erased."))
    return redirect("programme:contact:request_list")


@login_required
def request_counts(request: HttpRequest) -> HttpResponse:
    pois = selectors.count_pois(request.user)
    if not pois.exists():
        raise PermissionDenied(_("Only the programme office and POIs see these counts."))
    form = CountsFilterForm(request.GET or None)
    year = form.cleaned_data["jaar"] if form.is_valid() else None
    rows = services.counts(pois, year=year or None)
    totals = services.CountRow(poi=None)  # type: ignore[arg-type]
    for row in rows:
        totals.received += row.received
        totals.open += row.open
        totals.overdue += row.overdue
        totals.handled += row.handled
        totals.expired += row.expired
        totals.outcomes.update(row.outcomes)
    outcome_labels = [(o.value, o.label) for o in Outcome] + [("", _("Not given"))]
    return render(
        request,
        "programme/contact/request_counts.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "totals": totals,
            "outcome_labels": outcome_labels,
            "outcome_rows": [
                (label, [row.outcomes[code] for row in rows], totals.outcomes[code])
                for code, label in outcome_labels
            ],
            "is_office": access.is_programme_office(request.user),
            "area_nav": selectors.area_nav(request.user, "requests"),
        },
    )


# -- experts --------------------------------------------------------------------------------
@login_required
def experts(request: HttpRequest) -> HttpResponse:
    pois = selectors.expert_pois(request.user)
    if not pois.exists():
        raise PermissionDenied(_("Only the programme office and POIs name the experts."))
    if not access.is_programme_office(request.user):
        only = pois.first()
        assert only is not None
        return redirect("programme:contact:experts_poi", poi_slug=only.slug)
    rows = []
    for poi in pois.order_by("name"):
        named = list(selectors.experts(poi))
        rows.append(
            {
                "poi": poi,
                "experts": named,
                "fallback": [] if named else list(selectors.consultants(poi)),
            }
        )
    return render(
        request,
        "programme/contact/experts.html",
        {"rows": rows, "area_nav": selectors.area_nav(request.user, "experts")},
    )


def _expert_poi(request: HttpRequest, poi_slug: str) -> Organisation:
    poi = selectors.expert_pois(request.user).filter(slug=poi_slug).first()
    if poi is None:
        if Organisation.objects.pois().filter(slug=poi_slug).exists():
            raise PermissionDenied(_("You cannot name the experts of this POI."))
        raise Http404
    return poi


def _candidates(poi: Organisation) -> list[tuple[int, str]]:
    named = set(selectors.experts(poi).values_list("pk", flat=True))
    return [
        (u.pk, u.get_full_name() or u.username)
        for u in selectors.consultants(poi)
        if u.pk not in named
    ]


@login_required
def experts_poi(request: HttpRequest, poi_slug: str) -> HttpResponse:
    poi = _expert_poi(request, poi_slug)
    candidates = _candidates(poi)
    form = ExpertForm(request.POST if request.method == "POST" else None, candidates=candidates)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                added = services.add_expert(request.user, poi, form.cleaned_data["user"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s now receives the 'Meer weten?' requests.")
                    % {"name": added.user.get_full_name() or added.user.username},
                )
                return redirect("programme:contact:experts_poi", poi_slug=poi.slug)
    return render(
        request,
        "programme/contact/experts_poi.html",
        {
            "poi": poi,
            "rows": list(selectors.expert_rows(poi)),
            "fallback": list(selectors.consultants(poi)),
            "form": form,
            "has_candidates": bool(candidates),
            "is_office": access.is_programme_office(request.user),
            "area_nav": selectors.area_nav(request.user, "experts"),
            "public_url": request.build_absolute_uri(
                reverse("programme:contact:public_form", args=[poi.slug])
            ),
        },
        status=status,
    )


@login_required
@require_POST
def expert_remove(request: HttpRequest, poi_slug: str, pk: int) -> HttpResponse:
    poi = _expert_poi(request, poi_slug)
    services.remove_expert(request.user, poi, pk)
    messages.success(request, _("Removed from the experts."))
    return redirect("programme:contact:experts_poi", poi_slug=poi.slug)
