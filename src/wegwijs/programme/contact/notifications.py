"""E-mail to a POI's experts about "Meer weten?" requests. No personal data in any message:
only a link to log in (the request's number is all it names)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wegwijs.programme.contact import selectors
from wegwijs.programme.contact.models import ContactRequest


def link(request: ContactRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "programme:contact:request_detail", args=[request.pk]
    )


def recipients(request: ContactRequest) -> list[str]:
    """The e-mail addresses of the POI's experts (all its consultants when it names none)."""
    addresses = selectors.handlers(request.poi).exclude(email="").values_list("email", flat=True)
    return list(dict.fromkeys(a.strip().lower() for a in addresses if a.strip()))


def _send(template: str, request_id: int) -> int:
    request = (
        ContactRequest.objects.select_related("poi").filter(pk=request_id, status="open").first()
    )
    if request is None:
        return 0
    to = recipients(request)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"request": request, "link": link(request)}
        subject = " ".join(
            render_to_string(f"programme/contact/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"programme/contact/email/{template}.txt", context)
    # One message per expert: no expert sees the others' addresses.
    return sum(send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to)


def new_request(request_id: int) -> int:
    return _send("new_request", request_id)


def overdue_reminder(request_id: int) -> int:
    return _send("overdue", request_id)
