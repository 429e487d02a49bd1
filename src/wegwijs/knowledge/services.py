"""The rules of the knowledge base: who edits what, what an article must hold, its life cycle.

Every change goes through here (pages, API, seed loader) so that validation, the privacy check,
version history and the search index are the same for all of them. Errors are a
ValidationError keyed by field path ("links.1.url"), nothing is stored on error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.accounts.models import Role
from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.knowledge.models import CONTENT_FIELDS, Article, ArticleVersion, Status
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.privacy.checks import personal_data_errors

REVIEW_INTERVAL = timedelta(days=365)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIMITS = {"title": 120, "question": 200, "summary": 400, "refer": 1000, "source": 500}
MAX_ITEMS = {"steps": 12, "bring": 10, "links": 6, "keywords": 20}
MAX_ITEM = 400
EDITOR_ROLES = {Role.PROGRAMME_OFFICE, Role.AGENCY_ANALYST, Role.ADMIN}

#: Allowed status changes and the label of the action.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.REVIEW): "submit",
    (Status.REVIEW, Status.PUBLISHED): "publish",
    (Status.REVIEW, Status.DRAFT): "reject",
    (Status.DRAFT, Status.PUBLISHED): "publish",
    (Status.PUBLISHED, Status.DRAFT): "withdraw",
}


@dataclass(frozen=True)
class Link:
    title: str
    url: str


# -- permissions --------------------------------------------------------------------------
def can_edit(user: Any, article: Article) -> bool:
    """Owners edit their own articles; the programme office edits all."""
    if scoping.is_national(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.AGENCY_ANALYST
        and user.organisation_id == article.owner_id
    )


def owners_for(user: Any) -> QuerySet[Organisation]:
    """The organisations on whose behalf ``user`` may write articles."""
    if scoping.is_national(user):
        return Organisation.objects.filter(
            kind__in=[OrganisationKind.PROGRAMME, OrganisationKind.AGENCY]
        ).order_by("kind", "name")
    if getattr(user, "is_authenticated", False) and user.role == Role.AGENCY_ANALYST:
        return Organisation.objects.filter(pk=user.organisation_id or 0)
    return Organisation.objects.none()


def visible_articles(user: Any) -> QuerySet[Article]:
    """Published articles for everyone signed in; drafts and reviews for their editors."""
    qs = Article.objects.select_related("owner")
    if scoping.is_national(user):
        return qs
    if getattr(user, "is_authenticated", False) and user.role == Role.AGENCY_ANALYST:
        return qs.filter(Q(status=Status.PUBLISHED) | Q(owner_id=user.organisation_id))
    return qs.filter(status=Status.PUBLISHED)


def editable_articles(user: Any) -> QuerySet[Article]:
    if scoping.is_national(user):
        return Article.objects.select_related("owner")
    if getattr(user, "is_authenticated", False) and user.role == Role.AGENCY_ANALYST:
        return Article.objects.select_related("owner").filter(owner_id=user.organisation_id)
    return Article.objects.none()


# -- validation ---------------------------------------------------------------------------
def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def validate(data: dict[str, Any]) -> dict[str, Any]:
    """Clean article content; raises ValidationError keyed by field path."""
    errors: dict[str, list[str]] = {}

    def fail(path: str, message: str) -> None:
        errors.setdefault(path, []).append(message)

    clean: dict[str, Any] = {}
    for name in ("title", "question", "summary", "refer", "source"):
        value = _text(data.get(name))
        if not value and name != "refer":
            fail(name, _("Fill in this field."))
        elif len(value) > LIMITS[name]:
            fail(name, _("At most %(n)s characters.") % {"n": LIMITS[name]})
        clean[name] = value
    if clean["source"] and not clean["source"].startswith("https://"):
        fail("source", _("Give an address that starts with https://."))
    for name in ("steps", "bring", "keywords"):
        items = [_text(v) for v in _list(data.get(name)) if _text(v)]
        if name == "steps" and not items:
            fail(name, _("Give at least one step."))
        if len(items) > MAX_ITEMS[name]:
            fail(name, _("At most %(n)s lines.") % {"n": MAX_ITEMS[name]})
        for i, item in enumerate(items):
            if len(item) > MAX_ITEM:
                fail(f"{name}.{i}", _("At most %(n)s characters.") % {"n": MAX_ITEM})
        clean[name] = items
    links: list[dict[str, str]] = []
    for i, raw in enumerate(_list(data.get("links"))):
        if isinstance(raw, str):
            title, _sep, url = raw.rpartition("|") if "|" in raw else ("", "", raw)
            raw = {"title": title.strip() or url.strip(), "url": url.strip()}
        if not isinstance(raw, dict):
            fail(f"links.{i}", _("Give a title and an address."))
            continue
        title, url = _text(raw.get("title")), _text(raw.get("url"))
        if not url.startswith("https://") or len(url) > 500 or " " in url:
            fail(f"links.{i}.url", _("Give an address that starts with https://."))
        if not title or len(title) > 200:
            fail(f"links.{i}.title", _("Give a title of at most 200 characters."))
        links.append({"title": title, "url": url})
    if len(links) > MAX_ITEMS["links"]:
        fail("links", _("At most %(n)s links.") % {"n": MAX_ITEMS["links"]})
    clean["links"] = links
    for name, valid, label in (
        ("themes", Theme.values, _("theme")),
        ("organisations", OrganisationCode.values, _("organisation")),
    ):
        codes = [_text(v) for v in _list(data.get(name)) if _text(v)]
        if not codes:
            fail(name, _("Choose at least one %(what)s.") % {"what": label})
        for i, code in enumerate(codes):
            if code not in valid:
                fail(f"{name}.{i}", _("Unknown code: %(code)s.") % {"code": code[:40]})
        clean[name] = list(dict.fromkeys(codes))
    # The privacy guard over every text of the article (service numbers of organisations are
    # not personal data and pass).
    texts: list[tuple[str, str]] = [
        (n, clean[n]) for n in ("title", "question", "summary", "refer") if clean[n]
    ]
    texts += [
        (f"{n}.{i}", v) for n in ("steps", "bring", "keywords") for i, v in enumerate(clean[n])
    ]
    texts += [(f"links.{i}.title", link["title"]) for i, link in enumerate(links)]
    for path, messages in personal_data_errors(texts).items():
        for message in messages:
            fail(path, message)
    if errors:
        raise ValidationError(errors)
    return clean


def validate_slug(slug: str, *, exclude: int | None = None) -> str:
    slug = _text(slug)
    if not SLUG_RE.match(slug) or len(slug) > 80:
        raise ValidationError(
            {"slug": [_("Use lowercase letters, digits and hyphens (at most 80).")]}
        )
    if Article.objects.filter(slug=slug).exclude(pk=exclude or 0).exists():
        raise ValidationError({"slug": [_("An article with this address already exists.")]})
    return slug


# -- changes ------------------------------------------------------------------------------
def _record(article: Article, user: Any, change: str) -> None:
    ArticleVersion.objects.create(
        article=article,
        number=article.version,
        content=article.content(),
        status=article.status,
        change=change,
        author=user if user is not None and user.pk else None,
    )


def _save_version(article: Article, user: Any, change: str) -> None:
    """Store a change of ``article`` (already locked) as its next version."""
    article.version += 1
    article.updated_at = timezone.now()
    article.updated_by = user if user is not None and user.pk else None
    article.save()
    _record(article, user, change)


def create(
    user: Any,
    data: dict[str, Any],
    *,
    owner: Organisation,
    slug: str,
    status: str = Status.DRAFT,
    review_by: date | None = None,
    check_permission: bool = True,
) -> Article:
    if check_permission and not owners_for(user).filter(pk=owner.pk).exists():
        raise PermissionDenied(_("You cannot write articles for this organisation."))
    errors: dict[str, list[str]] = {}
    try:
        slug = validate_slug(slug)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        clean = validate(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        article = Article(
            slug=slug,
            owner=owner,
            status=status,
            review_by=review_by or (timezone.localdate() + REVIEW_INTERVAL),
            published_at=now if status == Status.PUBLISHED else None,
            updated_by=user if user is not None and user.pk else None,
            **clean,
        )
        article.save()
        _record(article, user, _("Created"))
    return article


def update(user: Any, article: Article, data: dict[str, Any], *, note: str = "") -> Article:
    """Change an article's content; a new version, the index follows."""
    if user is not None and not can_edit(user, article):
        raise PermissionDenied(_("You cannot edit this article."))
    merged = {**article.content(), **{k: v for k, v in data.items() if k in CONTENT_FIELDS}}
    clean = validate(merged)
    if clean == article.content():
        return article
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        for name, value in clean.items():
            setattr(locked, name, value)
        _save_version(locked, user, note[:200] or _("Edited"))
    return locked


def change_status(user: Any, article: Article, status: str) -> Article:
    if user is not None and not can_edit(user, article):
        raise PermissionDenied(_("You cannot edit this article."))
    if (article.status, status) not in TRANSITIONS:
        raise ValidationError(
            {
                "status": [
                    _("This article cannot go from %(from)s to %(to)s.")
                    % {
                        "from": Status(article.status).label,
                        "to": Status(status).label if status in Status.values else status[:20],
                    }
                ]
            }
        )
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        locked.status = status
        if status == Status.PUBLISHED:
            locked.published_at = timezone.now()
            if locked.is_stale():
                locked.review_by = timezone.localdate() + REVIEW_INTERVAL
        _save_version(locked, user, str(Status(status).label))
    return locked


def mark_reviewed(user: Any, article: Article) -> Article:
    """The owner checked the article: it is current for another review interval."""
    if user is not None and not can_edit(user, article):
        raise PermissionDenied(_("You cannot edit this article."))
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        locked.review_by = timezone.localdate() + REVIEW_INTERVAL
        _save_version(locked, user, _("Checked: still correct"))
    return locked


def restore(user: Any, article: Article, number: int) -> Article:
    """Make an earlier version's content the current content (as a new version)."""
    version = article.versions.filter(number=number).first()
    if version is None:
        raise ValidationError({"version": [_("This version does not exist.")]})
    return update(user, article, version.content, note=_("Restored version %(n)s") % {"n": number})


def stale(qs: QuerySet[Article], today: date | None = None) -> QuerySet[Article]:
    return qs.filter(review_by__lt=today or timezone.localdate())
