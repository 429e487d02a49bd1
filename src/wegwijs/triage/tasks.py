"""Background work of the triage app (Django tasks)."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.triage import services


@task()
def retrain() -> str:
    """Retrain when enough new labelled questions came in since the last model."""
    model = services.retrain_if_needed(min_new=settings.TRIAGE_RETRAIN_MIN_NEW)
    if model is None:
        return "not needed"
    return f"trained on {model.registrations} registrations"


register(Job("triage-retrain", retrain, at=settings.TRIAGE_RETRAIN_TIME))
