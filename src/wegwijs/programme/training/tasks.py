"""Scheduled work of the training area: deleting the records of people who left."""

from __future__ import annotations

from django.tasks import task

from wegwijs.core.schedule import Job, register
from wegwijs.programme.training import retention


@task()
def purge_training_records() -> str:
    return "; ".join(retention.run(dry_run=False).lines)


register(Job("training-records-retention", purge_training_records, at="03:50"))
