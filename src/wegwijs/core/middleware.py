"""Refuse requests whose address or query string holds text no database can store."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from wegwijs.api.parsers import unsafe_text


class RejectUnsafeInputMiddleware:
    """A NUL character or a lone surrogate in the path or a query parameter is a 400 (JSON
    problem for the API), never a 500 from the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [request.path, *request.GET.keys()]
        values += [v for key in request.GET for v in request.GET.getlist(key)]
        if any(unsafe_text(v) for v in values):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": "Bad Request",
                        "status": 400,
                        "detail": "De invoer bevat tekens die niet kunnen worden opgeslagen.",
                    },
                    status=400,
                    content_type="application/problem+json",
                )
            return HttpResponseBadRequest("Ongeldige tekens in het adres.")
        return self.get_response(request)
