"""The weekly e-mail to POI consultants: what is behind schedule in their provinces.

One message per consultant, on Monday, only when something is overdue. It names library
organisations, steps and dates (no personal data) and links to the overview.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Organisation
from wegwijs.programme.rollout import progress as rp

#: The digest lists this many items; the link shows them all.
LISTED = 10
MONDAY = 0


def send_digests(today: date | None = None, *, force: bool = False) -> int:
    """Send the digest to every active POI consultant with an e-mail address whose
    provinces have something overdue; only on Mondays unless ``force``. Returns the number
    of messages sent."""
    today = today or timezone.localdate()
    if not force and today.weekday() != MONDAY:
        return 0
    sent = 0
    link = settings.SITE_URL.rstrip("/") + reverse("programme:rollout:behind")
    for poi in Organisation.objects.pois().order_by("name"):
        recipients = list(
            User.objects.filter(organisation=poi, role=Role.POI_CONSULTANT, is_active=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        libraries = Organisation.objects.libraries().filter(province__in=poi.provinces.all())
        items = rp.behind(rp.library_rows(libraries, today), today)
        if not items:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "poi": poi,
                "items": items[:LISTED],
                "total": len(items),
                "more": max(0, len(items) - LISTED),
                "libraries": len({i.library.pk for i in items}),
                "link": link,
            }
            subject = " ".join(
                render_to_string("programme/rollout/email/digest_subject.txt", context).split()
            )
            body = render_to_string("programme/rollout/email/digest.txt", context)
        for address in recipients:  # one message each: no consultant sees the others' address
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return sent
