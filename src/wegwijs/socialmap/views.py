"""Social-map pages for staff: find help by need, read an entry, suggest a correction, and the
keeper's review queue."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.geo import geocoding
from wegwijs.socialmap import cards, schedules, services
from wegwijs.socialmap import directory as finder
from wegwijs.socialmap.forms import DirectorySearchForm, FeedbackForm
from wegwijs.socialmap.models import Feedback, Service, ServiceAtLocation

PAGE_SIZE = 25


def _with(query: Any, **changes: str) -> str:
    copy = query.copy()
    for key, value in changes.items():
        copy[key] = value
    return "?" + copy.urlencode()


def _toggle(query: Any, facet: str, value: str) -> str:
    """The link of a facet value: choose it, or take it off when it is the current choice."""
    copy = query.copy()
    copy.pop("pagina", None)
    if copy.get(facet) == value:
        copy.pop(facet)
    else:
        copy[facet] = value
    return "?" + copy.urlencode() if copy else "?"


#: Facets whose values are listed by how many results they give (the others in their order).
_BY_COUNT = {"theme", "target_group"}


def _scope(rows: list[finder.Row], visible: Any) -> Any:
    """What to give a query that looks up more about ``rows``: their ids, or for many rows
    the visible services as a subquery (a long list of ids is slow, and too long for SQLite)."""
    return [r.pk for r in rows] if len(rows) <= 1000 else visible


def _facets(
    counts: dict[str, Any], chosen: dict[str, Any], form: DirectorySearchForm, query: Any
) -> list[dict[str, Any]]:
    facets = []
    for name, choices in finder.FACETS.items():
        current = chosen.get(name) or ""
        values = [
            {
                "code": code,
                "label": label,
                "count": counts[name][code],
                "current": code == current,
                "url": _toggle(query, name, code),
                "id": f"facet-{name}-{code}",
            }
            for code, label in choices.choices
            if counts[name][code] or code == current
        ]
        if name in _BY_COUNT:
            values.sort(key=lambda v: -v["count"])
        facets.append({"name": name, "label": form.fields[name].label, "values": values})
    return facets


def _load_page(ids: list[Any]) -> list[Service]:
    """The services of one page, in the order of ``ids``, with what the page shows."""
    loaded = Service.objects.select_related("organization").prefetch_related(
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "schedules"
            ),
        )
    )
    by_pk = {s.pk: s for s in loaded.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _annotate(
    found: list[Service], distances: dict[Any, float] | None, after: datetime, now: datetime
) -> None:
    """Set ``distance_km`` and ``next_session`` on each service: the first session not ended
    at ``after``, in words seen from ``now``, and its place."""
    for service in found:
        service.distance_km = None if distances is None else distances.get(service.pk)  # type: ignore[attr-defined]
        best: tuple[Any, Any] | None = None
        for at in service.at_locations.all():
            upcoming = schedules.next_session(at.schedules.all(), after)
            if upcoming and (
                best is None or upcoming[1].start.timestamp() < best[1].start.timestamp()
            ):
                best = (at, upcoming[1])
        service.next_session = (  # type: ignore[attr-defined]
            {
                "text": schedules.describe_session(best[1], now),
                "start": best[1].start,
                "place": best[0].location.name,
            }
            if best
            else None
        )


def _map_points(page_services: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": service.name,
            "organisation": service.organization.name,
            "place": at.location.city,
            "lat": at.location.latitude,
            "lon": at.location.longitude,
            "ido": False,
            "url": reverse("socialmap:detail", args=[service.pk]),
        }
        for service in page_services
        for at in service.at_locations.all()
        if at.location.latitude is not None and at.location.longitude is not None
    ]


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """Find offers by need, place, day or time, and the facets; without JavaScript a plain
    form and links, with htmx the results are swapped in place."""
    form = DirectorySearchForm(request.GET or None)
    chosen = form.filters()
    now = timezone.now()
    visible = services.visible_services(request.user)
    found, ranked = finder.candidates(visible, chosen.get("q") or "")
    when: dict[str, Any] = {}
    if chosen.get("day"):
        when["day"] = chosen["day"]
    if chosen.get("open_now"):
        when["moment"] = now
    if when:
        keep = finder.on_schedule(_scope(found, visible), **when)
        found = [r for r in found if r.pk in keep]
    matching, counts = finder.facet_counts(found, chosen)

    place, suggestions, distances = None, [], None
    near = (chosen.get("near") or "").strip()
    if near:
        place = geocoding.geocode(near)
        if place is None:
            suggestions = geocoding.suggest(near)
        else:
            distances = finder.distances(_scope(matching, visible), place.latitude, place.longitude)
            far = float("inf")
            matching.sort(key=lambda r: distances.get(r.pk, far))  # stable: rank or name next

    query = request.GET.copy()
    query.pop("pagina", None)
    page = Paginator([r.pk for r in matching], PAGE_SIZE).get_page(request.GET.get("pagina"))
    after = now
    if chosen.get("day"):
        start_of_day = datetime.combine(chosen["day"], time(0), tzinfo=schedules.local_zone())
        after = max(now, start_of_day)
    shown = _load_page(list(page.object_list))
    _annotate(shown, distances, after, now)
    page.object_list = cast(Any, shown)  # the page's services instead of their ids
    context = {
        "form": form,
        "page": page,
        "total": len(matching),
        "ranked": ranked,
        "today": timezone.localdate(),
        "place": place,
        "place_suggestions": [(s.label, _with(query, near=s.label)) for s in suggestions],
        "map_points": _map_points(shown),
        "map_label": _("Map of the offers"),
        "facets": _facets(counts, chosen, form, query),
    }
    partial = getattr(request, "htmx", False) and request.htmx.target == "results"  # type: ignore[attr-defined]
    template = "socialmap/_results.html" if partial else "socialmap/list.html"
    return render(request, template, context)


@login_required
def detail(request: HttpRequest, pk: str) -> HttpResponse:
    service = get_object_or_404(_with_places(services.visible_services(request.user)), pk=pk)
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.suggest_correction(request.user, service, form.cleaned_data["text"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("text", message)
            status = 400
        else:
            messages.success(
                request, _("Thank you. The keeper of this entry gets your suggestion.")
            )
            return redirect("socialmap:detail", pk=service.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "socialmap/detail.html",
        {
            "service": service,
            "form": form,
            "editable": services.can_edit(request.user, service.organization),
            "stale": service.is_stale(),
            "places": _places(service, timezone.now()),
        },
        status=status,
    )


def _with_places(qs: Any) -> Any:
    """Prefetch what the detail page and the card show."""
    return qs.prefetch_related(
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "schedules", "location__phones"
            ),
        ),
        "phones",
        "organization__phones",
    )


def _places(service: Service, now: datetime) -> list[dict[str, Any]]:
    """Per location: its schedules in words and its next session, soonest first."""
    places = []
    for at in service.at_locations.all():
        own = list(at.schedules.all())
        upcoming = schedules.next_session(own, now)
        places.append(
            {
                "at": at,
                "location": at.location,
                "times": [(s, schedules.describe(s)) for s in own],
                "next": schedules.describe_session(upcoming[1], now) if upcoming else "",
                "start": upcoming[1].start.timestamp() if upcoming else float("inf"),
            }
        )
    return sorted(places, key=lambda p: p["start"])


@login_required
def card(request: HttpRequest, pk: str) -> HttpResponse:
    """A card for the citizen to take along (to print), and the same as a text message."""
    service = get_object_or_404(_with_places(services.visible_services(request.user)), pk=pk)
    now = timezone.now()
    at = cards.choose_location(service, now, request.GET.get("plek"))
    with translation.override("nl"):
        the_card = cards.build_card(service, at, now)
        sms = cards.sms_text(the_card)
    return render(
        request,
        "socialmap/card.html",
        {
            "service": service,
            "card": the_card,
            "at": at,
            "others": [other for other in service.at_locations.all() if other != at],
            "sms": sms,
            "sms_units": cards.gsm_units(sms),
            "sms_limit": cards.SMS_LIMIT,
        },
    )


@login_required
@require_POST
def verify(request: HttpRequest, pk: str) -> HttpResponse:
    service = get_object_or_404(services.editable_services(request.user), pk=pk)
    services.mark_verified(request.user, service)
    messages.success(request, _("Marked as verified: the next check is due in six months."))
    return redirect("socialmap:detail", pk=service.pk)


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The keeper's queue: entries to verify and correction suggestions to handle."""
    if request.method == "POST":
        feedback = get_object_or_404(
            Feedback.objects.filter(service__in=services.editable_services(request.user)),
            pk=request.POST.get("feedback") or 0,
        )
        services.handle_feedback(request.user, feedback)
        messages.success(request, _("The suggestion is marked as handled."))
        return redirect("socialmap:review")
    own = services.editable_services(request.user)
    return render(
        request,
        "socialmap/review.html",
        {
            "stale": services.stale_services(own).order_by("last_verified"),
            "feedback": services.open_feedback(request.user),
        },
    )
