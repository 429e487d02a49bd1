"""Background work of the contact area (Django tasks): the e-mails to the experts, and two
scheduled jobs (imported through ``programme/tasks.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.programme.contact import notifications, services


@task()
def notify_experts(request_id: int) -> int:
    """E-mail the POI's experts that a "Meer weten?" request waits (a link, no personal data)."""
    return notifications.new_request(request_id)


@task()
def remind_experts(request_id: int) -> int:
    """E-mail the experts that a request has been open for more than 2 working days."""
    return notifications.overdue_reminder(request_id)


@task()
def purge() -> str:
    """Erase requests still unhandled after CONTACT_REQUESTS_KEEP_DAYS days."""
    result = services.purge_expired()
    return f"{len(result.expired)} contact requests erased unhandled"


@task()
def flag_overdue() -> str:
    """Remind the experts once of each request open for more than 2 working days."""
    return f"{len(services.flag_overdue())} overdue contact requests"


register(Job("contact-requests-retention", purge, at="03:40"))
register(Job("contact-requests-overdue", flag_overdue, every=timedelta(hours=1)))
