"""The start page after login, and a health check for the load balancer."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from wegwijs.accounts import scoping
from wegwijs.network import hours
from wegwijs.programme.contact.selectors import latest_news


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # Citizens land on the public site; staff log in from its footer.
        return redirect("public:home")
    user = request.user
    scope = scoping.directory_scope_for(user)
    libraries = scoping.visible_libraries(user)
    branches = scoping.visible_branches(user)
    now = timezone.now()
    home_branch = None
    home_status = None
    branch_id: int | None = getattr(user, "branch_id", None)
    if branch_id is not None:
        home_branch = (
            branches.filter(pk=branch_id)
            .select_related("organisation")
            .prefetch_related(*hours.hours_prefetch(now))
            .first()
        )
        if home_branch is not None:
            home_status = hours.branch_status(home_branch, now)
    context = {
        "scope": scope,
        "library_count": libraries.count(),
        "branch_count": branches.count(),
        "ido_count": branches.filter(has_ido=True).count(),
        "home_branch": home_branch,
        "home_status": home_status,
        "latest_news": latest_news(user),
    }
    return render(request, "core/home.html", context)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the app and its database answer; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # pragma: no cover - exercised only with a broken database
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": database})
