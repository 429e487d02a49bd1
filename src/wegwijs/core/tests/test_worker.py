"""The task queue: tasks wait in the database until `wegwijs worker` runs them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import task
from django.test import override_settings
from django.utils import timezone

from wegwijs.core import tasks as core_tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def send_hello(address: str) -> str:
    mail.send_mail("Hallo", "Een bericht van de wachtrij.", None, [address])
    return "sent"


@pytest.fixture
def queue():
    with override_settings(TASKS=DATABASE_TASKS):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_queued_task_waits_until_the_worker_runs_it(queue: None) -> None:
    from django_tasks_db.models import DBTaskResult

    result = send_hello.enqueue("balie@example.org")
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1

    call_command("worker", batch=True, startup_delay=False, stdout=StringIO())

    assert [m.to for m in mail.outbox] == [["balie@example.org"]]
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "sent"
    assert DBTaskResult.objects.ready().count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_worker_with_scheduler_enqueues_due_jobs_and_runs_them(queue: None) -> None:
    from wegwijs.core.models import ScheduledRun

    out = StringIO()
    call_command("worker", batch=True, scheduler=True, startup_delay=False, stdout=out)

    # Every registered job was due once (nothing ran before) and ran on this worker.
    assert "scheduled job tasks-prune enqueued" in out.getvalue()
    run = ScheduledRun.objects.get(job="tasks-prune")
    assert (run.status, run.message) == (ScheduledRun.Status.DONE, "enqueued")
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.ready().count() == 0
    assert DBTaskResult.objects.successful().count() >= 1


@pytest.mark.django_db
def test_the_worker_refuses_to_start_without_the_database_backend() -> None:
    with pytest.raises(CommandError, match="not a database backend"):
        call_command("worker", batch=True, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_old_task_results_are_pruned_and_recent_ones_kept(queue: None) -> None:
    from django_tasks_db.models import DBTaskResult

    old, recent = send_hello.enqueue("a@example.org"), send_hello.enqueue("b@example.org")
    call_command("worker", batch=True, startup_delay=False, stdout=StringIO())
    DBTaskResult.objects.filter(id=old.id).update(finished_at=timezone.now() - timedelta(days=30))

    assert core_tasks.prune_task_results(keep_days=14) == 1
    remaining = [str(i) for i in DBTaskResult.objects.values_list("id", flat=True)]
    assert remaining == [str(recent.id)]
