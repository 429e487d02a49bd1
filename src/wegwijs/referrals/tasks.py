"""Background work of referrals (Django tasks): the e-mails, and two scheduled jobs."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.referrals import notifications, services


@task()
def notify_partner(referral_id: int) -> int:
    """E-mail the partner that a referral waits (a link, no personal data)."""
    return notifications.new_referral(referral_id)


@task()
def notify_desk(referral_id: int) -> int:
    """E-mail the person who referred that the partner responded."""
    return notifications.partner_response(referral_id)


@task()
def remind_partner(referral_id: int) -> int:
    """E-mail the partner that a referral waits for more than 2 working days."""
    return notifications.overdue_reminder(referral_id)


@task()
def purge() -> str:
    """Expire referrals after 30 days and erase contact details (the retention)."""
    result = services.purge_expired()
    return f"{len(result.expired)} expired, contact details erased from {len(result.erased)}"


@task()
def flag_overdue() -> str:
    """Flag referrals without a response after 2 working days; remind the partner once."""
    return f"{len(services.flag_overdue())} overdue referrals flagged"


register(Job("referrals-retention", purge, at="03:30"))
register(Job("referrals-overdue", flag_overdue, every=timedelta(hours=1)))
