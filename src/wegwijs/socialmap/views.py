"""Social-map pages for staff: find help by need, read an entry, suggest a correction, and the
keeper's review queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.geo import geocoding
from wegwijs.search import services as search
from wegwijs.socialmap import services
from wegwijs.socialmap.forms import DirectorySearchForm, FeedbackForm
from wegwijs.socialmap.models import Feedback, Service

PAGE_SIZE = 25


def _with(query: Any, **changes: str) -> str:
    copy = query.copy()
    for key, value in changes.items():
        copy[key] = value
    return "?" + copy.urlencode()


def _find(user: Any, form: DirectorySearchForm) -> tuple[list[Service], bool]:
    qs = services.visible_services(user).prefetch_related("locations")
    d = form.cleaned_data if form.is_valid() else {}
    for key in ("theme", "format", "access", "target_group"):
        if d.get(key):
            qs = qs.filter(codes__contains=f" {d[key]} ")
    q = (d.get("q") or "").strip()
    if not q:
        return list(qs.order_by("name")), False
    return search.ranked(qs, q, kind="service"), True


def _near(form: DirectorySearchForm, found: list[Service]) -> tuple[Any, list[Any], list[Service]]:
    """With a place or postcode: the place found (or suggestions for what was meant), and the
    services nearest first, each with ``distance_km``."""
    for service in found:
        service.distance_km = None  # type: ignore[attr-defined]
    text = (form.cleaned_data.get("near") or "").strip() if form.is_valid() else ""
    if not text:
        return None, [], found
    place = geocoding.geocode(text)
    if place is None:
        return None, geocoding.suggest(text), found
    for service in found:
        service.distance_km = services.distance_to(service, place.latitude, place.longitude)  # type: ignore[attr-defined]
    ordered = sorted(
        found,
        key=lambda s: (s.distance_km is None, s.distance_km or 0.0),  # type: ignore[attr-defined]
    )
    return place, [], ordered


def _map_points(page_services: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": service.name,
            "organisation": service.organization.name,
            "place": location.city,
            "lat": location.latitude,
            "lon": location.longitude,
            "ido": False,
            "url": reverse("socialmap:detail", args=[service.pk]),
        }
        for service in page_services
        for location in service.locations.all()
        if location.latitude is not None and location.longitude is not None
    ]


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    found, ranked = _find(request.user, form)
    place, suggestions, found = _near(form, found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "total": len(found),
        "ranked": ranked,
        "today": timezone.localdate(),
        "place": place,
        "place_suggestions": [(s.label, _with(query, near=s.label)) for s in suggestions],
        "map_points": _map_points(page.object_list),
        "map_label": _("Map of the offers"),
    }
    template = (
        "socialmap/_results.html" if getattr(request, "htmx", False) else "socialmap/list.html"
    )
    return render(request, template, context)


@login_required
def detail(request: HttpRequest, pk: str) -> HttpResponse:
    service = get_object_or_404(
        services.visible_services(request.user).prefetch_related(
            "at_locations__location", "at_locations__schedules", "phones"
        ),
        pk=pk,
    )
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
        },
        status=status,
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
