"""The training area's part of ``wegwijs retention``: the records of people who left.

Names of trained staff and volunteers are kept for one purpose, the training records. When a
person is marked as left (or their Wegwijs account was removed), their record (name, role,
branches, training dates, attendance) is deleted ``TRAINING_RECORDS_KEEP_DAYS`` days later
(default 365), so a returning volunteer's training is not lost at once, and nobody's name is
kept for good. Lines name counts only, never names.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wegwijs.core.retention import Outcome, register

DEFAULT_KEEP_DAYS = 365


def keep_days() -> int:
    return int(getattr(settings, "TRAINING_RECORDS_KEEP_DAYS", DEFAULT_KEEP_DAYS))


def run(dry_run: bool, today: date | None = None) -> Outcome:
    from wegwijs.programme.training.models import TrainingPerson

    today = today or timezone.localdate()
    days = keep_days()
    cutoff = today - timedelta(days=days)
    with transaction.atomic():
        # An account that was removed: the person left; the keep period starts today.
        orphans = TrainingPerson.objects.filter(user__isnull=True, name="", left_on__isnull=True)
        marked = orphans.count() if dry_run else orphans.update(left_on=today)
        old = TrainingPerson.objects.filter(left_on__lt=cutoff)
        deleted = old.count() if dry_run else old.delete()[1].get(TrainingPerson._meta.label, 0)
    return Outcome(
        lines=[
            f"trained people whose account was removed, marked as left: {marked}",
            f"trained people who left more than {days} days ago, deleted: {deleted}",
        ],
        count=marked + deleted,
    )


register(
    "training-records",
    lambda dry_run: run(dry_run),
    "names and training dates of staff and volunteers, after they left and the keep period",
)
