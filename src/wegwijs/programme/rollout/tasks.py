"""Background work of the rollout: the weekly digest of what is behind schedule."""

from __future__ import annotations

from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.programme.rollout import digest


@task()
def weekly_digest() -> str:
    """On Mondays, e-mail each POI consultant what is behind schedule in its provinces."""
    return f"{digest.send_digests()} rollout digests sent"


register(Job("rollout-digest", weekly_digest, at="07:00"))
