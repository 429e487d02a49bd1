"""Knowledge-base pages: search and read for everyone signed in, write for the owners."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.knowledge import services
from wegwijs.knowledge.forms import ArticleForm, SearchForm
from wegwijs.knowledge.models import Article, ArticleVersion, Status
from wegwijs.network.models import Organisation
from wegwijs.search import services as search

PAGE_SIZE = 25


def _search_articles(user: Any, form: SearchForm) -> tuple[list[Article], bool]:
    """The articles for the search form: ranked by the search service when there is a query,
    alphabetical otherwise. Returns the articles and whether they are ranked."""
    qs = services.visible_articles(user)
    d = form.cleaned_data if form.is_valid() else {}
    theme, organisation, q = d.get("theme"), d.get("organisation"), (d.get("q") or "").strip()
    if theme:
        qs = qs.filter(codes__contains=f" {theme} ")
    if organisation:
        qs = qs.filter(codes__contains=f" {organisation} ")
    if not q:
        return list(qs.order_by("title")), False
    return search.ranked(qs, q, kind="article", limit=50, key="slug"), True


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    articles, ranked = _search_articles(request.user, form)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "page": page,
        "total": len(articles),
        "ranked": ranked,
        "today": timezone.localdate(),
        "can_write": services.owners_for(request.user).exists(),
    }
    template = (
        "knowledge/_results.html" if getattr(request, "htmx", False) else "knowledge/list.html"
    )
    return render(request, template, context)


@login_required
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(services.visible_articles(request.user), slug=slug)
    editable = services.can_edit(request.user, article)
    actions = [
        (target, Status(target).label, label)
        for (source, target), label in services.TRANSITIONS.items()
        if source == article.status
    ]
    return render(
        request,
        "knowledge/detail.html",
        {
            "article": article,
            "theme_labels": [str(dict(Theme.choices).get(c, c)) for c in article.themes],
            "organisation_labels": [
                str(dict(OrganisationCode.choices).get(c, c)) for c in article.organisations
            ],
            "stale": article.is_stale(),
            "editable": editable,
            "actions": actions if editable else [],
        },
    )


def _owner_choices(user: Any) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in services.owners_for(user)]


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    owners = _owner_choices(request.user)
    if not owners:
        raise PermissionDenied(_("Only article owners can write articles."))
    form = ArticleForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        owner = get_object_or_404(Organisation, pk=form.cleaned_data["owner"])
        try:
            article = services.create(
                request.user, form.content(), owner=owner, slug=form.cleaned_data["slug"]
            )
        except ValidationError as exc:
            form.apply_errors(exc.message_dict)
        else:
            messages.success(request, _("The article was saved as a draft."))
            return redirect("knowledge:detail", slug=article.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/form.html", {"form": form}, status=status)


def _editable(request: HttpRequest, slug: str) -> Article:
    article = get_object_or_404(services.visible_articles(request.user), slug=slug)
    if not services.can_edit(request.user, article):
        raise PermissionDenied(_("Only the owner of this article can change it."))
    return article


@login_required
def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    form = ArticleForm(request.POST or None, owners=[], article=article)
    if request.method == "POST" and form.is_valid():
        try:
            services.update(request.user, article, form.content())
        except ValidationError as exc:
            form.apply_errors(exc.message_dict)
        else:
            messages.success(request, _("The article was saved."))
            return redirect("knowledge:detail", slug=article.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/form.html", {"form": form, "article": article}, status=status)


@login_required
@require_POST
def article_status(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    action = request.POST.get("status", "")
    try:
        if action == "reviewed":
            services.mark_reviewed(request.user, article)
            messages.success(request, _("Marked as checked: the next check is due in a year."))
        else:
            services.change_status(request.user, article, action)
            messages.success(
                request, _("The status is now: %(status)s.") % {"status": Status(action).label}
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("knowledge:detail", slug=article.slug)


def _as_lines(content: dict[str, Any]) -> list[str]:
    lines = [
        f"{_('Title')}: {content.get('title', '')}",
        f"{_('Question')}: {content.get('question', '')}",
        f"{_('Short answer')}: {content.get('summary', '')}",
    ]
    lines += [f"{_('Step')}: {s}" for s in content.get("steps", [])]
    lines += [f"{_('Bring')}: {s}" for s in content.get("bring", [])]
    lines.append(f"{_('Refer')}: {content.get('refer', '')}")
    lines += [f"{_('Link')}: {link['title']} | {link['url']}" for link in content.get("links", [])]
    lines.append(f"{_('Themes')}: {', '.join(content.get('themes', []))}")
    lines.append(f"{_('Organisations')}: {', '.join(content.get('organisations', []))}")
    lines.append(f"{_('Search words')}: {', '.join(content.get('keywords', []))}")
    lines.append(f"{_('Source')}: {content.get('source', '')}")
    return lines


@login_required
def article_history(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(services.visible_articles(request.user), slug=slug)
    versions = list(article.versions.select_related("author").order_by("-number"))
    rows: list[tuple[ArticleVersion, list[tuple[str, str]]]] = []
    for i, version in enumerate(versions):
        previous = versions[i + 1].content if i + 1 < len(versions) else {}
        diff = (
            [
                ("added" if line.startswith("+") else "removed", line[1:])
                for line in difflib.ndiff(_as_lines(previous), _as_lines(version.content))
                if line[:1] in "+-" and line[1:2] == " "
            ]
            if previous
            else []
        )
        rows.append((version, diff))
    return render(
        request,
        "knowledge/history.html",
        {"article": article, "rows": rows, "editable": services.can_edit(request.user, article)},
    )


@login_required
@require_POST
def article_restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    article = _editable(request, slug)
    try:
        services.restore(request.user, article, number)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version %(n)s is the current text again.") % {"n": number})
    return redirect("knowledge:detail", slug=article.slug)


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The owner's work list: articles to check, in review, drafts."""
    qs = services.editable_articles(request.user)
    if not services.owners_for(request.user).exists():
        raise PermissionDenied(_("Only article owners manage articles."))
    today = timezone.localdate()
    return render(
        request,
        "knowledge/manage.html",
        {
            "stale": services.stale(qs.filter(status=Status.PUBLISHED), today).order_by(
                "review_by"
            ),
            "review": qs.filter(status=Status.REVIEW).order_by("-updated_at"),
            "drafts": qs.filter(status=Status.DRAFT).order_by("-updated_at"),
            "published_count": qs.filter(status=Status.PUBLISHED).count(),
        },
    )
