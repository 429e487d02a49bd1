"""E-mail about referrals. No personal data in any message: only a link to log in, the
service's name and the status."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wegwijs.accounts.models import User
from wegwijs.referrals import selectors
from wegwijs.referrals.models import Referral


def link(referral: Referral) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("referrals:detail", args=[referral.pk])


def partner_recipients(referral: Referral) -> list[str]:
    """The social-map organisation's address and the partner's editors (active users)."""
    addresses: list[str] = []
    if referral.service is not None and referral.service.organization.email:
        addresses.append(referral.service.organization.email)
    addresses += list(
        User.objects.filter(
            organisation_id=referral.partner_id,
            role__in=selectors.PARTNER_ROLES,
            is_active=True,
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(a.strip().lower() for a in addresses if a.strip()))


def _send(template: str, referral: Referral, recipients: list[str]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"referral": referral, "link": link(referral)}
        subject = " ".join(
            render_to_string(f"referrals/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"referrals/email/{template}.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _referral(referral_id: int) -> Referral | None:
    return (
        Referral.objects.select_related("service__organization", "created_by")
        .filter(pk=referral_id)
        .first()
    )


def new_referral(referral_id: int) -> int:
    referral = _referral(referral_id)
    if referral is None:
        return 0
    return _send("new_referral", referral, partner_recipients(referral))


def overdue_reminder(referral_id: int) -> int:
    referral = _referral(referral_id)
    if referral is None:
        return 0
    return _send("overdue", referral, partner_recipients(referral))


def partner_response(referral_id: int) -> int:
    referral = _referral(referral_id)
    if referral is None or referral.created_by is None or not referral.created_by.email:
        return 0
    return _send("partner_response", referral, [referral.created_by.email])
