"""Send users whose role needs two-factor login to the code step until they pass it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# The public site and its API are for everyone: a half-logged-in coordinator reads them too.
OPEN_PREFIXES = (
    "/static/",
    "/media/",
    "/i18n/",
    "/favicon.ico",
    "/health",
    "/hulp/",
    "/api/v1/public/",
    "/programma/contact/meer-weten/",
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            and not user.is_verified()
            and not self._is_open(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("Two-factor login required"),
                        "status": 403,
                        "detail": _("Finish logging in with your authentication code first."),
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            # Quoted, or a link with several filters (?a=1&b=2) would lose all but the first.
            next_url = quote(request.get_full_path(), safe="/")
            return redirect(f"{reverse('accounts:otp')}?next={next_url}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        accounts = reverse("accounts:login").rsplit("/", 2)[0] + "/"
        return path.startswith(OPEN_PREFIXES) or path.startswith(accounts)
