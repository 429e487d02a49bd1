"""Folding the rollup deltas (PostgreSQL): a registration waits for no fold and no other
registration, a fold takes exactly the committed deltas (nothing lost, nothing counted
twice), reads fold first, and a fold with nothing to do is one cheap query."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.models import Question, Visit
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.monitor import queries, rollups
from wegwijs.monitor.filters import selection_for
from wegwijs.monitor.models import QuestionRollup
from wegwijs.monitor.rollups import QShape
from wegwijs.monitor.tests.test_rollups import assert_rollups_current
from wegwijs.testing.network import Network, build_network, user_for

POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(not POSTGRESQL, reason="the deltas are PostgreSQL's")


def visit_input(network: Network, *, days_ago: int = 0, help_given: str = "samen") -> VisitInput:
    return VisitInput(
        branch_id=network.rotterdam_centrum.pk,
        occurred_at=datetime.now(UTC) - timedelta(days=days_ago, minutes=5),
        channel="balie",
        duration="10-30",
        questions=[
            QuestionInput(
                theme="digid",
                organisation="logius",
                help_given=help_given,
                referral_target="schuldhulp" if help_given == "doorverwezen" else "",
            )
        ],
    )


def national_questions() -> int:
    """Questions in the national month rollups (folded only)."""
    rows = QuestionRollup.objects.filter(shape=QShape.SERIES, grain="m", geo="n")
    return sum(rows.values_list("n", flat=True))


def this_years_questions(user: Any) -> int:
    return queries.figures(selection_for(user, {"year": timezone.localdate().year})).questions


@pytest.mark.django_db
def test_a_fold_with_nothing_to_do_is_one_cheap_query(network: Network) -> None:
    with CaptureQueriesContext(connection) as ctx:
        assert rollups.fold() == rollups.Folded()
        assert rollups.fold_for_read() == rollups.Folded()
    sqls = [q["sql"] for q in ctx.captured_queries]
    if POSTGRESQL:
        assert len(sqls) == 2 and all(sql.startswith("SELECT EXISTS") for sql in sqls)
    else:
        assert sqls == []  # SQLite's triggers write the rollups directly


@pytest.mark.django_db
def test_the_figures_count_a_registration_at_once_unless_fold_on_read_is_off(
    network: Network,
) -> None:
    office = user_for(Role.PROGRAMME_OFFICE, network)
    services.register_visit(office, visit_input(network))
    assert this_years_questions(office) == 1  # folded before reading
    assert not rollups.pending()
    with override_settings(MONITOR_FOLD_ON_READ=False):  # a read replica
        services.register_visit(office, visit_input(network))
        assert this_years_questions(office) == (1 if POSTGRESQL else 2)
        out = StringIO()
        call_command("monitor", "fold", stdout=out)
        assert out.getvalue().startswith("0 delta rows" if not POSTGRESQL else "2")
        assert this_years_questions(office) == 2
    assert_rollups_current()


@pytest.mark.django_db
def test_the_scheduled_job_folds_every_minute(network: Network) -> None:
    from wegwijs.core.schedule import jobs
    from wegwijs.monitor.tasks import fold_rollups

    job = jobs()["monitor-fold-rollups"]
    assert job.every == timedelta(minutes=1) == rollups.FOLD_EVERY
    services.register_visit(user_for(Role.COORDINATOR, network), visit_input(network))
    assert rollups.pending() is POSTGRESQL
    message = fold_rollups.call()
    assert message.endswith("rollup rows") and (message[0] != "0") is POSTGRESQL
    assert not rollups.pending()
    assert national_questions() == 1


@pytest.mark.django_db
def test_rebuild_drops_the_pending_deltas_and_counts_their_registrations_once(
    network: Network,
) -> None:
    user = user_for(Role.COORDINATOR, network)
    services.register_visit(user, visit_input(network))
    rollups.fold()
    services.register_visit(user, visit_input(network, days_ago=40, help_given="doorverwezen"))
    assert rollups.pending() is POSTGRESQL
    rollups.rebuild()
    assert not rollups.pending()
    assert national_questions() == 2
    assert_rollups_current()


@pytest.mark.django_db
def test_migrating_back_folds_and_the_triggers_upsert_again(network: Network) -> None:
    user = user_for(Role.COORDINATOR, network)
    services.register_visit(user, visit_input(network))
    rollups.install_deltas(connection, deltas=False)  # what migrating back to 0003 runs
    assert not rollups.pending()
    assert national_questions() == 1
    services.register_visit(user, visit_input(network, days_ago=3))
    assert not rollups.pending()
    assert national_questions() == 2
    rollups.install_deltas(connection)  # and forward again
    services.register_visit(user, visit_input(network, days_ago=2))
    assert rollups.pending() is POSTGRESQL
    assert_rollups_current()
    assert national_questions() == 3


# --- Concurrency (PostgreSQL) ------------------------------------------------------------


def _in_thread(target: Any, errors: list[str]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except Exception as exc:  # pragma: no cover - reported by the test
            errors.append(repr(exc))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_registration_waits_for_no_fold_and_a_fold_takes_only_committed_deltas(
    monkeypatch: Any,
) -> None:
    network = build_network()
    user = user_for(Role.COORDINATOR, network)
    errors: list[str] = []
    locked, release = threading.Event(), threading.Event()

    def hold_the_fold_lock() -> None:  # as a long fold or a bulk load would
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [rollups.ADVISORY_LOCK])
            locked.set()
            release.wait(30)

    holder = _in_thread(hold_the_fold_lock, errors)
    assert locked.wait(30)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")  # a registration that waited would fail
    try:
        services.register_visit(user, visit_input(network))
        monkeypatch.setattr(rollups, "FOLD_READ_WAIT_MS", 100)
        assert rollups.fold_for_read().skipped  # the read goes ahead, unfolded
        assert rollups.pending()
    finally:
        release.set()
        holder.join(30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    registered, commit = threading.Event(), threading.Event()

    def register_and_wait() -> None:  # a registration whose transaction is still open
        with transaction.atomic():
            services.register_visit(user, visit_input(network, days_ago=1))
            registered.set()
            commit.wait(30)

    writer = _in_thread(register_and_wait, errors)
    assert registered.wait(30)
    first = rollups.fold()
    assert first.deltas > 0 and not first.skipped
    assert not rollups.pending()  # the open transaction's deltas are not visible yet
    assert national_questions() == 1
    commit.set()
    writer.join(30)
    assert rollups.pending()
    second = rollups.fold()
    assert second.deltas == first.deltas  # the same shapes of the same kind of visit
    assert not errors
    assert national_questions() == 2 == Question.objects.count()
    assert_rollups_current()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_edits_and_folds_lose_nothing_and_never_deadlock() -> None:
    """Twelve writers register, edit and delete the same counters while two folders, a
    pruner and a dashboard reader run: afterwards the rollups equal a recomputation."""
    network = build_network()
    users = [user_for(Role.COORDINATOR, network) for _ in range(4)]
    office = user_for(Role.PROGRAMME_OFFICE, network)
    selection = selection_for(office, {"year": timezone.localdate().year})
    same = visit_input(network)
    moved = VisitInput(
        branch_id=network.rotterdam_zuid.pk,  # another branch of the same library
        occurred_at=datetime.now(UTC) - timedelta(days=3),
        channel="telefoon",
        duration="lt10",
        questions=[QuestionInput(theme="boetes", organisation="cjib", help_given="niet")],
    )
    writers, rounds = 12, 12
    barrier = threading.Barrier(writers + 4)
    done = threading.Event()
    errors: list[str] = []
    folded: list[int] = []

    def write(number: int) -> None:
        barrier.wait(30)
        user = users[number % len(users)]
        for i in range(rounds):
            visit = services.register_visit(user, same)
            if i % 4 == 1:
                services.update_visit(user, visit, moved)
            elif i % 4 == 2:
                services.delete_visit(user, visit)

    def fold() -> None:
        barrier.wait(30)
        while not done.is_set():
            folded.append(rollups.fold().deltas)

    def prune() -> None:
        barrier.wait(30)
        while not done.wait(0.02):
            rollups.prune()

    def read() -> None:
        barrier.wait(30)
        while not done.wait(0.02):
            queries.figures(selection)

    threads = [_in_thread(lambda n=n: write(n), errors) for n in range(writers)]
    others = [_in_thread(job, errors) for job in (fold, fold, prune, read)]
    for thread in threads:
        thread.join(120)
    done.set()
    for thread in others:
        thread.join(30)
    assert not errors
    assert sum(folded) > 0  # folds ran while the writers wrote
    assert Visit.objects.count() == writers * rounds * 3 // 4
    assert_rollups_current()
    assert national_questions() == Question.objects.count()
