"""Writing news items: the programme office writes for everyone, a POI consultant for the
libraries of its own provinces. Title, summary and text pass the privacy guard; the text is
plain (an empty line starts a paragraph, web addresses become links when shown)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.programme import access
from wegwijs.programme.common import Errors
from wegwijs.programme.contact import selectors
from wegwijs.programme.contact.models import (
    MAX_NEWS_BODY,
    MAX_NEWS_SUMMARY,
    MAX_NEWS_TITLE,
    Audience,
    NewsItem,
    NewsStatus,
)


@dataclass
class NewsInput:
    title: str = ""
    summary: str = ""
    body: str = ""
    publish_on: date | None = None
    audience: str = Audience.ALL
    status: str = NewsStatus.DRAFT


def _validate(data: NewsInput) -> dict[str, Any]:
    from wegwijs.privacy.checks import validate_no_personal_data

    errors = Errors()
    values = {
        "title": " ".join(data.title.split()),
        "summary": data.summary.strip(),
        "body": data.body.strip().replace("\r\n", "\n"),
    }
    limits = {"title": MAX_NEWS_TITLE, "summary": MAX_NEWS_SUMMARY, "body": MAX_NEWS_BODY}
    for name, text in values.items():
        if not text and name != "body":
            errors.add(name, _("Fill this in."))
        elif len(text) > limits[name]:
            errors.add(
                name,
                _("This text is too long: at most %(max)s characters, now %(n)s.")
                % {"max": limits[name], "n": len(text)},
            )
        elif text:
            try:
                validate_no_personal_data(text)
            except ValidationError as exc:
                for error in exc.error_list:
                    errors.add(name, error)
    if data.audience not in Audience.values:
        errors.add("audience", _("Choose who this news is for."))
    if data.status not in NewsStatus.values:
        errors.add("status", _("Choose draft or published."))
    errors.raise_if_any()
    return {
        **values,
        "publish_on": data.publish_on or timezone.localdate(),
        "audience": data.audience,
        "status": data.status,
    }


def create(user: Any, data: NewsInput) -> NewsItem:
    if not selectors.can_write_news(user):
        raise PermissionDenied(_("Only the programme office and POIs write news."))
    values = _validate(data)
    poi = None if access.is_programme_office(user) else access.poi_of(user)
    now = timezone.now()
    with transaction.atomic():
        return NewsItem.objects.create(
            **values, poi=poi, created_by=user, created_at=now, updated_at=now
        )


def update(user: Any, item: NewsItem, data: NewsInput) -> NewsItem:
    if not selectors.editable_news(user).filter(pk=item.pk).exists():
        raise PermissionDenied(_("You cannot change this news item."))
    values = _validate(data)
    with transaction.atomic():
        for name, value in values.items():
            setattr(item, name, value)
        item.updated_at = timezone.now()
        item.save()
    return item


def delete(user: Any, item: NewsItem) -> None:
    if not selectors.editable_news(user).filter(pk=item.pk).exists():
        raise PermissionDenied(_("You cannot delete this news item."))
    item.delete()
