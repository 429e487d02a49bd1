"""Network pages: libraries and branches as list and map, detail pages, editing a branch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.network import hours
from wegwijs.network.filters import BranchFilter, LibraryFilter
from wegwijs.network.forms import BranchForm, ExceptionFormSet, PeriodFormSet, kept_rows
from wegwijs.network.models import Branch, HoursKind, OpeningException, OpeningPeriod
from wegwijs.network.services import save_branch

PAGE_SIZE = 50


def is_htmx(request: HttpRequest) -> bool:
    """True for an htmx request (django-htmx middleware), which gets only the results part."""
    return bool(getattr(request, "htmx", False))


def map_points(branches: Iterable[Branch]) -> list[dict[str, Any]]:
    """Branch markers for the Leaflet map (read by static/wegwijs/map.js via json_script)."""
    return [
        {
            "name": b.name,
            "organisation": b.organisation.name,
            "place": b.place,
            "lat": b.latitude,
            "lon": b.longitude,
            "ido": b.has_ido,
            "url": b.get_absolute_url(),
        }
        for b in branches
        if b.latitude is not None and b.longitude is not None
    ]


@login_required
def library_list(request: HttpRequest) -> HttpResponse:
    base = scoping.visible_libraries(request.user).select_related("province", "poi")
    filterset = LibraryFilter(request.GET or None, queryset=base, request=request)
    libraries = filterset.qs.annotate(
        branch_count=Count("branches", distinct=True),
        ido_count=Count("branches", filter=Q(branches__has_ido=True), distinct=True),
    ).order_by("name")
    page = Paginator(libraries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    branches = (
        scoping.visible_branches(request.user)
        .filter(organisation__in=filterset.qs.values("pk"))
        .select_related("organisation")
    )
    context = {
        "filter": filterset,
        "page": page,
        "total": page.paginator.count,
        "map_points": map_points(branches),
    }
    template = "network/_library_results.html" if is_htmx(request) else "network/library_list.html"
    return render(request, template, context)


@login_required
def library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_object_or_404(
        scoping.visible_libraries(request.user).select_related("province", "poi"), slug=slug
    )
    now = timezone.now()
    branches = list(
        scoping.visible_branches(request.user)
        .filter(organisation=library)
        .select_related("municipality", "organisation")
        .prefetch_related(*hours.hours_prefetch(now))
    )
    return render(
        request,
        "network/library_detail.html",
        {
            "library": library,
            "rows": [(b, hours.branch_status(b, now)) for b in branches],
            "map_points": map_points(branches),
            "can_add_branch": scoping.libraries_editable_by(request.user)
            .filter(pk=library.pk)
            .exists(),
        },
    )


@login_required
def branch_list(request: HttpRequest) -> HttpResponse:
    base = scoping.visible_branches(request.user).select_related(
        "organisation", "organisation__province", "municipality"
    )
    filterset = BranchFilter(request.GET or None, queryset=base, request=request)
    now = timezone.now()
    qs = filterset.qs.order_by("place", "name")
    page = Paginator(qs.prefetch_related(*hours.hours_prefetch(now)), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    context = {
        "filter": filterset,
        "page": page,
        "rows": [(b, hours.branch_status(b, now)) for b in page.object_list],
        "total": page.paginator.count,
        "map_points": map_points(qs),
    }
    template = "network/_branch_results.html" if is_htmx(request) else "network/branch_list.html"
    return render(request, template, context)


@login_required
def branch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    branch = get_object_or_404(
        scoping.visible_branches(request.user)
        .select_related("organisation", "organisation__province", "municipality")
        .prefetch_related(*hours.hours_prefetch(now)),
        pk=pk,
    )
    periods = list(branch.opening_periods.all())
    return render(
        request,
        "network/branch_detail.html",
        {
            "branch": branch,
            "status": hours.branch_status(branch, now),
            "consultation_status": hours.branch_status(branch, now, HoursKind.CONSULTATION),
            "week": hours.week_schedule(periods, HoursKind.OPEN),
            "consultation_week": hours.week_schedule(periods, HoursKind.CONSULTATION),
            "has_consultation_hours": any(p.kind == HoursKind.CONSULTATION for p in periods),
            "upcoming_exceptions": list(branch.opening_exceptions.all())[:10],
            "can_edit": scoping.can_edit_branch(request.user, branch),
            "map_points": map_points([branch]),
        },
    )


def _edit(request: HttpRequest, branch: Branch | None) -> HttpResponse:
    libraries = scoping.libraries_editable_by(request.user)
    if not libraries.exists():
        raise PermissionDenied
    instance = branch or Branch()
    if branch is None and request.method == "GET":
        initial_library = libraries.filter(slug=request.GET.get("organisatie", "")).first()
        if initial_library is not None or libraries.count() == 1:
            instance.organisation = initial_library or libraries.get()
    data = request.POST if request.method == "POST" else None
    form = BranchForm(data, instance=instance, organisations=libraries)
    period_formset = PeriodFormSet(
        data,
        queryset=branch.opening_periods.all() if branch else OpeningPeriod.objects.none(),
        prefix="uren",
    )
    exception_formset = ExceptionFormSet(
        data,
        queryset=(
            branch.opening_exceptions.filter(date__gte=timezone.localdate())
            if branch
            else OpeningException.objects.none()
        ),
        prefix="afwijkingen",
    )
    valid = request.method == "POST" and all(
        [form.is_valid(), period_formset.is_valid(), exception_formset.is_valid()]
    )
    if valid:
        try:
            saved = save_branch(
                form.save(commit=False),
                periods=[f.to_data() for f in kept_rows(period_formset)],
                exceptions=[f.to_data() for f in kept_rows(exception_formset)],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The branch has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "network/branch_form.html",
        {
            "form": form,
            "period_formset": period_formset,
            "exception_formset": exception_formset,
            "branch": branch,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def branch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Editing is refused (403) for every branch the user may not change, also for branches
    # outside the user's directory: the addresses of IDO branches are public anyway.
    branch = get_object_or_404(Branch, pk=pk)
    if not scoping.can_edit_branch(request.user, branch):
        raise PermissionDenied
    return _edit(request, branch)


@login_required
def branch_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)
