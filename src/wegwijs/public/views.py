"""The public pages (no login): find an Informatiepunt or a course near you.

Every page works without JavaScript (the map and "use my location" are enhancements). Input
never leads to an error page: an unknown place gives suggestions (200), input that is too long
gives the form with a message (400), an unknown location or organisation a public 404 page.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from wegwijs.public import courses, locations, organisations
from wegwijs.public.forms import (
    LIMITS,
    MAX_QUERY,
    CourseForm,
    Lookup,
    PlaceForm,
    SearchForm,
    look_up,
)
from wegwijs.socialmap.models import Format

#: How many Informatiepunten the landing pages and the widget show.
LANDING_RESULTS = 5
WIDGET_RESULTS = 3


def not_found(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/404.html",
        {"organisations": organisations.manifestgroep()},
        status=404,
    )


def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return not_found(request)


def _map_points(results: list[locations.IdoLocation]) -> list[dict[str, Any]]:
    return [
        {
            "name": r.branch.name,
            "place": r.branch.place,
            "lat": r.branch.latitude,
            "lon": r.branch.longitude,
            "url": reverse("public:location", args=[r.branch.pk]),
        }
        for r in results
        if r.branch.latitude is not None and r.branch.longitude is not None
    ]


def _place_query(lookup: Lookup) -> str:
    """The query string that repeats a search (for "show more" and suggestions)."""
    query = QueryDict(mutable=True)
    if lookup.query:
        query["q"] = lookup.query
    elif lookup.place is not None and lookup.place.kind == "coordinates":
        query["lat"] = f"{lookup.place.latitude:.5f}"
        query["lon"] = f"{lookup.place.longitude:.5f}"
    return query.urlencode()


def _shorten(form: PlaceForm) -> None:
    """A refused text is shown again in the field, but not more of it than the field takes."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data["q"] = str(form.data.get("q", ""))[:MAX_QUERY]
    form.data = data


def _searched(form: PlaceForm) -> Lookup:
    data = form.cleaned_data
    return look_up(data.get("q") or "", data.get("lat"), data.get("lon"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        {
            "nav": "home",
            "form": SearchForm(),
            "topics": locations.HELP_TOPICS,
            "bring": locations.BRING,
            "organisations": organisations.manifestgroep(),
        },
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "lookup": Lookup(), "results": []}
    if not form.is_bound:
        return render(request, "public/search.html", context)
    if not form.is_valid():
        _shorten(form)
        return render(request, "public/search.html", context, status=400)
    lookup = _searched(form)
    limit = form.cleaned_data.get("aantal") or LIMITS[0]
    open_now = bool(form.cleaned_data.get("open"))
    results = (
        locations.near(lookup.place, limit, open_now=open_now) if lookup.place is not None else []
    )
    more = next((n for n in LIMITS if n > limit), None)
    repeat = _place_query(lookup)
    context.update(
        all_url=f"?{repeat}",
        lookup=lookup,
        results=results,
        open_now=open_now,
        map_points=_map_points(results),
        more_url=(
            f"?{repeat}&aantal={more}{'&open=on' if open_now else ''}"
            if more and len(results) == limit
            else ""
        ),
        courses_url=f"{reverse('public:courses')}?{repeat}" if lookup.place else "",
    )
    return render(request, "public/search.html", context)


#: Words of the general "what to bring" list: an entry's own item with one of them says the
#: same thing again ("Uw DigiD (als u die heeft)").
_GENERAL_BRING = ("digid", "brief", "paspoort", "identiteit", "id-kaart", "leesbril")


def _covered(item: str) -> bool:
    lowered = item.casefold()
    return any(word in lowered for word in _GENERAL_BRING)


def _location_context(pk: int) -> dict[str, Any] | None:
    now = timezone.now()
    ido = locations.location(pk, now)
    if ido is None:
        return None
    offers = courses.at_branch(ido.branch, now)
    ido_offers = [o for o in offers if o.service.format == Format.SPREEKUUR]
    bring = [str(b) for b in locations.BRING]
    for item in ido_offers:
        for extra in item.service.what_to_bring or []:
            if isinstance(extra, str) and extra not in bring and not _covered(extra):
                bring.append(extra)
    return {
        "ido": ido,
        "branch": ido.branch,
        "offers": [o for o in offers if o.service.format in courses.COURSE_FORMATS],
        "other_help": [
            o for o in ido_offers if o.service.organization.owner_id != ido.branch.organisation_id
        ],
        "bring": bring,
        "topics": locations.HELP_TOPICS,
        "facilities": courses.facilities(offers),
        "exceptions": ido.exceptions[:5],
        "map_points": _map_points([ido]),
    }


@require_safe
def location(request: HttpRequest, pk: int) -> HttpResponse:
    context = _location_context(pk)
    if context is None:
        return not_found(request)
    return render(request, "public/location.html", context)


@require_safe
def location_card(request: HttpRequest, pk: int) -> HttpResponse:
    context = _location_context(pk)
    if context is None:
        return not_found(request)
    context["page_url"] = request.build_absolute_uri(reverse("public:location", args=[pk]))
    return render(request, "public/location_card.html", context)


@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "lookup": Lookup(), "offers": [], "nav": "courses"}
    if form.is_bound and not form.is_valid():
        _shorten(form)
        return render(request, "public/courses.html", context, status=400)
    if form.is_bound:
        lookup = _searched(form)
        context["lookup"] = lookup
        if lookup.place is not None:
            context["offers"] = courses.near(lookup.place, form.cleaned_data.get("soort") or "")
    return render(request, "public/courses.html", context)


@require_safe
def course_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    offer = courses.course(pk)
    if offer is None:
        return not_found(request)
    return render(
        request,
        "public/course.html",
        {
            "offer": offer,
            "service": offer.service,
            "page_url": request.build_absolute_uri(reverse("public:course", args=[pk])),
        },
    )


@require_safe
def organisation(request: HttpRequest, code: str) -> HttpResponse:
    landing = organisations.landing(code.lower())  # /hulp/UWV/ as printed in a letter
    if landing is None:
        return not_found(request)
    data = request.GET.copy()
    if data.get("postcode") and not data.get("q"):
        data["q"] = str(data.get("postcode"))
    form = PlaceForm(data if ("q" in data or "lat" in data) else None)
    context: dict[str, Any] = {
        "landing": landing,
        "form": form,
        "lookup": Lookup(),
        "results": [],
        "topics": locations.HELP_TOPICS,
    }
    status = 200
    if form.is_bound:
        if form.is_valid():
            lookup = _searched(form)
            context["lookup"] = lookup
            if lookup.place is not None:
                context["results"] = locations.near(lookup.place, LANDING_RESULTS)
                context["more_url"] = f"{reverse('public:search')}?{_place_query(lookup)}"
        else:
            _shorten(form)
            status = 400
    return render(request, "public/organisation.html", context, status=status)


def _widget_csp() -> dict[str, Any]:
    policy = dict(settings.SECURE_CSP)
    policy["frame-ancestors"] = list(settings.PUBLIC_WIDGET_ANCESTORS) or ["'none'"]
    return policy


@require_safe
@xframe_options_exempt
@csp_override(_widget_csp())
def widget(request: HttpRequest) -> HttpResponse:
    """The page partner websites show in a frame (``widget.js`` inserts it): a postcode
    field and the three nearest Informatiepunten, links opening in a new window."""
    form = PlaceForm(request.GET if ("q" in request.GET or "lat" in request.GET) else None)
    context: dict[str, Any] = {"form": form, "lookup": Lookup(), "results": []}
    status = 200
    if form.is_bound:
        if form.is_valid():
            lookup = _searched(form)
            context["lookup"] = lookup
            if lookup.place is not None:
                context["results"] = locations.near(lookup.place, WIDGET_RESULTS)
                context["more_url"] = request.build_absolute_uri(
                    f"{reverse('public:search')}?{_place_query(lookup)}"
                )
        else:
            _shorten(form)
            status = 400
    context["site_url"] = request.build_absolute_uri(reverse("public:home"))
    return render(request, "public/widget.html", context, status=status)
