"""News pages: the list and an item for everyone who logs in (by audience), writing for the
programme office and POIs, and an Atom feed of what the reader may see."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.programme.common import apply_errors
from wegwijs.programme.contact import news, selectors
from wegwijs.programme.contact.forms import NewsForm
from wegwijs.programme.contact.models import NewsItem

PAGE_SIZE = 20
FEED_SIZE = 20


@login_required
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        selectors.visible_news(request.user).select_related("poi"), PAGE_SIZE
    ).get_page(request.GET.get("pagina"))
    return render(
        request,
        "programme/contact/news_list.html",
        {
            "page": page,
            "can_write": selectors.can_write_news(request.user),
            "area_nav": selectors.area_nav(request.user, "news"),
        },
    )


@login_required
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        selectors.visible_news(request.user).select_related("poi").filter(pk=pk).first()
        or selectors.editable_news(request.user).select_related("poi").filter(pk=pk).first()
    )
    if item is None:
        raise Http404
    return render(
        request,
        "programme/contact/news_detail.html",
        {
            "item": item,
            "can_edit": selectors.editable_news(request.user).filter(pk=item.pk).exists(),
        },
    )


def _require_writer(request: HttpRequest) -> None:
    if not selectors.can_write_news(request.user):
        raise PermissionDenied(_("Only the programme office and POIs write news."))


@login_required
def news_manage(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    page = Paginator(
        selectors.editable_news(request.user)
        .select_related("poi", "created_by")
        .order_by("-publish_on", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("pagina"))
    return render(
        request, "programme/contact/news_manage.html", {"page": page, "today": timezone.localdate()}
    )


def _input(form: NewsForm) -> news.NewsInput:
    d = form.cleaned_data
    return news.NewsInput(
        title=d["title"],
        summary=d["summary"],
        body=d["body"],
        publish_on=d["publish_on"],
        audience=d["audience"],
        status=d["status"],
    )


@login_required
def news_create(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    form = NewsForm(
        request.POST if request.method == "POST" else None,
        initial={"publish_on": timezone.localdate(), "audience": "all", "status": "draft"},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = news.create(request.user, _input(form))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("News item saved."))
                return redirect("programme:contact:news_detail", pk=item.pk)
    return render(
        request, "programme/contact/news_form.html", {"form": form, "item": None}, status=status
    )


def _editable(request: HttpRequest, pk: int) -> NewsItem:
    _require_writer(request)
    item = get_object_or_404(NewsItem, pk=pk)
    if not selectors.editable_news(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("You cannot change this news item."))
    return item


@login_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable(request, pk)
    initial = {
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "publish_on": item.publish_on,
        "audience": item.audience,
        "status": item.status,
    }
    form = NewsForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                news.update(request.user, item, _input(form))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("News item saved."))
                return redirect("programme:contact:news_detail", pk=item.pk)
    return render(
        request, "programme/contact/news_form.html", {"form": form, "item": item}, status=status
    )


@login_required
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable(request, pk)
    if request.method == "POST":
        news.delete(request.user, item)
        messages.success(request, _("News item deleted."))
        return redirect("programme:contact:news_manage")
    return render(request, "programme/contact/news_delete.html", {"item": item})


class NewsFeed(Feed):
    """Atom feed of the news the logged-in reader may see (a browser or a feed reader that
    sends the session cookie)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Wegwijs: programme news")
    subtitle = gettext_lazy("News of the Digitale Inclusie programme.")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.user  # the reader: items() shows what they may see

    def link(self) -> str:
        return reverse("programme:contact:news_list")

    def items(self, reader: Any) -> list[NewsItem]:
        return list(selectors.visible_news(reader)[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary

    def item_pubdate(self, item: NewsItem) -> datetime:
        return timezone.make_aware(datetime.combine(item.publish_on, time(8, 0)))

    def item_updateddate(self, item: NewsItem) -> datetime:
        return item.updated_at


news_feed = login_required(NewsFeed())
