"""Scheduled work of the social map."""

from __future__ import annotations

from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.socialmap import services


@task()
def remind_keepers() -> str:
    """E-mail the keepers of entries that were not verified for six months."""
    return f"{services.send_reminders()} reminder e-mails"


register(Job("socialmap-reminders", remind_keepers, at="07:00"))
