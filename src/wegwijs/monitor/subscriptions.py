"""The quarterly report by e-mail: subscribing, unsubscribing (also through a signed link in
every e-mail, without logging in) and sending.

A subscriber gets the report of its own scope (:func:`pdfreport.own_scope`, as its role and
organisation are at the time of sending) for each quarter once, from the quarter's report day
on (:func:`pdfreport.report_day`: the second working day of the next quarter). What was sent
is recorded per user and quarter (:class:`ReportDelivery`): a run sends nothing twice, a
failure for one subscriber is recorded and retried on the next run without stopping the
others. Inactive users, users without an e-mail address and users whose role no longer has a
report get nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wegwijs.accounts.models import User
from wegwijs.monitor import pdfreport
from wegwijs.monitor.models import ReportDelivery, ReportSubscription

logger = logging.getLogger(__name__)

SALT = "wegwijs.monitor.report-unsubscribe"
#: A run that claimed a delivery and then died: after this long another run may send it.
STALE_CLAIM = timedelta(hours=1)


# --- Subscribing ------------------------------------------------------------------------------


def is_subscribed(user: Any) -> bool:
    return bool(user.pk) and ReportSubscription.objects.filter(user_id=user.pk).exists()


def subscribe(user: User) -> bool:
    """Subscribe ``user``; False when it was subscribed already."""
    _subscription, created = ReportSubscription.objects.get_or_create(user=user)
    return created


def unsubscribe(user: User) -> bool:
    """Unsubscribe ``user``; False when it was not subscribed."""
    deleted, _rows = ReportSubscription.objects.filter(user=user).delete()
    return bool(deleted)


def token_for(user: User) -> str:
    """A signed token naming the user, for the unsubscribe link in the e-mail (the same in
    every e-mail: it never expires, and unsubscribing is all it can do)."""
    return signing.Signer(salt=SALT).sign_object({"u": user.pk})


def user_for_token(token: str) -> User | None:
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return User.objects.filter(pk=data["u"]).first()


def unsubscribe_url(user: User) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "monitor:unsubscribe", kwargs={"token": token_for(user)}
    )


# --- Sending ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    year: int
    quarter: int
    sent: list[str] = field(default_factory=list)  # "user 12 (library:rotterdam)"
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    already: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        label = f"Q{self.quarter} {self.year}"
        verb = "would be sent" if self.dry_run else "sent"
        return (
            f"Quarterly report {label}: {len(self.sent)} {verb}, {len(self.failed)} failed "
            f"(retried next run), {self.already} sent before, {len(self.skipped)} skipped."
        )


def due_quarter(today: date | None = None) -> tuple[int, int] | None:
    """The quarter whose reports go out now: the previous quarter once its report day has
    come, else None (the first days of a quarter)."""
    today = today or timezone.localdate()
    year, quarter = pdfreport.previous_quarter(*pdfreport.quarter_of(today))
    if pdfreport.report_day(year, quarter) > today:
        return None
    return year, quarter


def next_sending(today: date | None = None) -> tuple[int, int, date]:
    """The next quarter whose report will be sent, and the day (for the page)."""
    today = today or timezone.localdate()
    due = due_quarter(today)
    if due is not None:
        return due[0], due[1], today
    year, quarter = pdfreport.previous_quarter(*pdfreport.quarter_of(today))
    return year, quarter, pdfreport.report_day(year, quarter)


def _message(user: User, report_scope: pdfreport.ReportScope, year: int, quarter: int) -> Any:
    link = settings.SITE_URL.rstrip("/") + reverse("monitor:reports")
    unsubscribe_link = unsubscribe_url(user)
    context = {
        "user": user,
        "scope": report_scope,
        "quarter_label": pdfreport.quarter_label(year, quarter),
        "link": link,
        "unsubscribe": unsubscribe_link,
    }
    subject = " ".join(render_to_string("monitor/email/report_subject.txt", context).split())
    body = render_to_string("monitor/email/report.txt", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_reports(
    year: int,
    quarter: int,
    *,
    today: date | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Send the report of ``year``/``quarter`` to every subscriber who has not had it."""
    today = today or timezone.localdate()
    outcome = Outcome(year, quarter, dry_run=dry_run)
    pdfs: dict[tuple[str, bool], bytes] = {}
    subscriptions = ReportSubscription.objects.select_related(
        "user", "user__organisation"
    ).order_by("pk")
    for subscription in subscriptions:
        user = subscription.user
        who = f"user {user.pk}"
        report_scope = pdfreport.own_scope(user)
        if not user.is_active:
            outcome.skipped.append(f"{who}: inactive")
            continue
        if not user.email:
            outcome.skipped.append(f"{who}: no e-mail address")
            continue
        if report_scope is None:
            outcome.skipped.append(f"{who}: the role has no quarterly report")
            continue
        who = f"{who} ({report_scope.key})"
        if ReportDelivery.objects.filter(
            user=user, year=year, quarter=quarter, sent_at__isnull=False
        ).exists():
            outcome.already += 1
            continue
        if dry_run:
            outcome.sent.append(who)
            continue
        if not _claim(user, year, quarter):
            continue  # another run is sending it right now
        try:
            inside = pdfreport.is_inside(user, report_scope)
            key = (report_scope.key, inside)
            with translation.override(settings.LANGUAGE_CODE):
                if key not in pdfs:
                    pdfs[key] = pdfreport.render(
                        report_scope, year, quarter, inside=inside, today=today
                    )
                message = _message(user, report_scope, year, quarter)
            message.attach(
                pdfreport.filename(report_scope, year, quarter), pdfs[key], "application/pdf"
            )
            message.send()
        except Exception as exc:  # one subscriber's failure must not stop the others
            logger.exception("Quarterly report Q%s %s for user %s failed", quarter, year, user.pk)
            ReportDelivery.objects.filter(user=user, year=year, quarter=quarter).update(
                claimed_at=None, last_error=type(exc).__name__[:200]
            )
            outcome.failed.append(who)
            continue
        ReportDelivery.objects.filter(user=user, year=year, quarter=quarter).update(
            sent_at=timezone.now(), claimed_at=None, last_error="", scope=report_scope.key[:120]
        )
        outcome.sent.append(who)
    return outcome


def _claim(user: User, year: int, quarter: int) -> bool:
    """Mark the delivery as being sent by this run (one UPDATE: two runs cannot both win)."""
    delivery, _created = ReportDelivery.objects.get_or_create(user=user, year=year, quarter=quarter)
    now = timezone.now()
    claimed = (
        ReportDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def send_due(today: date | None = None, *, dry_run: bool = False) -> Outcome | None:
    """What the daily job does: send the previous quarter's report once its day has come."""
    today = today or timezone.localdate()
    due = due_quarter(today)
    if due is None:
        return None
    return send_reports(*due, today=today, dry_run=dry_run)
