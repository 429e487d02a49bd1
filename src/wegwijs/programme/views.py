"""The programme office's start page: the areas the user may use."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wegwijs.programme import access
from wegwijs.programme.areas import AREAS
from wegwijs.programme.contact.selectors import latest_news


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    areas = [(area, area.url()) for area in AREAS]
    return render(
        request,
        "programme/index.html",
        {
            "areas": [(area, url) for area, url in areas if url],
            "level": access.level(request.user),
            "libraries": access.libraries(request.user).count(),
            "latest_news": latest_news(request.user),
        },
    )
