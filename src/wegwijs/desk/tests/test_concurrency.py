"""Durability: every write is atomic, and concurrent writers on PostgreSQL lose nothing and
duplicate nothing.

The concurrency test needs a server database (PostgreSQL): SQLite serialises every writer, so
it would prove nothing there and is skipped. The halfway-failure tests run on both.
Free-text fields stay empty here (they pass the privacy guard, tested elsewhere).
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, connections

from wegwijs.accounts.models import Role, User
from wegwijs.desk import services
from wegwijs.desk.models import IdempotencyKey, Question, Visit, VisitChange
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import build_network

THREADS = 24
USERS = 4  # THREADS / USERS threads share each user, so they retry each other's keys
PLAIN_PER_THREAD = 12  # visits through register_visit, each one distinct
SHARED_KEYS = 6  # idempotency keys per user, retried by every thread of that user
OWN_KEYS = 2  # idempotency keys used by one thread only
JOIN_TIMEOUT = 60  # seconds; a hung thread fails the test instead of hanging the suite

# Every visit gets its own time, so it can be found back: thread t, number n.
BASE = datetime(2026, 11, 2, 9, 0).astimezone()
QUESTION = QuestionInput(theme="digid", organisation="logius", help_given="samen")


def _plain_time(thread: int, n: int) -> datetime:
    return BASE + timedelta(seconds=thread * 1000 + n)


def _shared_time(user_index: int, k: int) -> datetime:
    # A retry sends the same registration again: every thread uses the same time for a key.
    return BASE + timedelta(days=1, seconds=user_index * 1000 + k)


def _own_time(thread: int, k: int) -> datetime:
    return BASE + timedelta(days=2, seconds=thread * 1000 + k)


def _visit(branch_id: int, at: datetime) -> VisitInput:
    return VisitInput(
        branch_id=branch_id,
        occurred_at=at,
        channel="balie",
        duration="10-30",
        questions=[QUESTION],
    )


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises writes); "
    "run with DATABASE_URL=postgres://... (CI does)",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_store_every_visit_exactly_once() -> None:
    network = build_network()
    branch_id = network.rotterdam_centrum.pk
    users = [
        make_user(
            Role.DESK_WORKER, organisation=network.rotterdam, branch=network.rotterdam_centrum
        )
        for _ in range(USERS)
    ]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    # (user pk, key) -> ids of the visits each call returned, and how many said "created".
    returned: dict[tuple[int, str], list[int]] = {}
    created_count: Counter[tuple[int, str]] = Counter()
    lock = threading.Lock()

    def writer(thread: int) -> None:
        try:
            user_index = thread % USERS
            # Each thread its own user object (model instances cache relations: not shared).
            user = User.objects.get(pk=users[user_index].pk)
            calls: list[tuple[str, Any]] = (
                [("plain", n) for n in range(PLAIN_PER_THREAD)]
                + [("shared", k) for k in range(SHARED_KEYS)]
                + [("own", k) for k in range(OWN_KEYS)]
            )
            random.Random(thread).shuffle(calls)
            barrier.wait(timeout=JOIN_TIMEOUT)
            for kind, n in calls:
                if kind == "plain":
                    services.register_visit(user, _visit(branch_id, _plain_time(thread, n)))
                    continue
                if kind == "shared":
                    key = f"shared-{n}"
                    data = _visit(branch_id, _shared_time(user_index, n))
                else:
                    key = f"own-{thread}-{n}"
                    data = _visit(branch_id, _own_time(thread, n))
                visit, created = services.register_idempotent(user, key, data)
                with lock:
                    returned.setdefault((user.pk, key), []).append(visit.pk)
                    if created:
                        created_count[(user.pk, key)] += 1
        except BaseException as exc:  # reported in the main thread
            with lock:
                errors.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(t,), daemon=True) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a writer thread hung"
    assert errors == [], errors

    threads_per_user = THREADS // USERS
    shared_keys = USERS * SHARED_KEYS
    own_keys = THREADS * OWN_KEYS
    expected_visits = THREADS * PLAIN_PER_THREAD + shared_keys + own_keys

    # Exact totals: no visit lost, none doubled, each with its one question and audit row.
    assert Visit.objects.count() == expected_visits
    assert Question.objects.count() == expected_visits
    assert VisitChange.objects.filter(action="create").count() == expected_visits
    assert VisitChange.objects.count() == expected_visits
    assert IdempotencyKey.objects.count() == shared_keys + own_keys

    # Every expected visit is there exactly once (found by its user and time).
    stored = Counter(Visit.objects.values_list("registered_by_id", "occurred_at"))
    expected: Counter[tuple[int, datetime]] = Counter()
    for thread in range(THREADS):
        pk = users[thread % USERS].pk
        expected.update((pk, _plain_time(thread, n)) for n in range(PLAIN_PER_THREAD))
        expected.update((pk, _own_time(thread, k)) for k in range(OWN_KEYS))
    for index, user in enumerate(users):
        expected.update((user.pk, _shared_time(index, k)) for k in range(SHARED_KEYS))
    assert stored == expected
    assert set(Visit.objects.values_list("pk", flat=True)) == set(
        VisitChange.objects.values_list("visit_id_ref", flat=True)
    )
    assert set(Question.objects.values_list("visit_id", flat=True)) == set(
        Visit.objects.values_list("pk", flat=True)
    )

    # No idempotency key produced two visits: every call with a key got the same visit back,
    # exactly one of them created it, and the key points at that visit.
    assert len(returned) == shared_keys + own_keys
    keys = {(k.user_id, k.key): k.visit_id for k in IdempotencyKey.objects.all()}
    for (user_pk, key), visit_ids in returned.items():
        attempts = threads_per_user if key.startswith("shared-") else 1
        assert len(visit_ids) == attempts, (user_pk, key)
        assert set(visit_ids) == {keys[(user_pk, key)]}, (user_pk, key, visit_ids)
        assert created_count[(user_pk, key)] == 1, (user_pk, key)
    assert len(set(keys.values())) == len(keys)


# --- A registration that fails halfway leaves nothing behind ------------------------------


def _nothing_stored() -> None:
    assert Visit.objects.count() == 0
    assert Question.objects.count() == 0
    assert VisitChange.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0


def _referral_without_target(visit: Visit, questions: Any) -> list[Question]:
    """Questions that pass nothing through validation: the database check refuses them."""
    return [
        Question(
            visit=visit,
            position=1,
            kind="overheid",
            theme="toeslagen",
            organisation="toeslagen",
            layer="rijk",
            help_given="doorverwezen",
            referral_target="",
        )
    ]


def _audit_fails(*args: Any, **kwargs: Any) -> None:
    raise DatabaseError("audit trail unavailable")


@pytest.fixture
def desk_worker(transactional_db: None) -> User:
    network = build_network()
    return make_user(
        Role.DESK_WORKER, organisation=network.rotterdam, branch=network.rotterdam_centrum
    )


@pytest.mark.django_db(transaction=True)
def test_failing_question_insert_leaves_no_visit_and_no_audit_row(
    desk_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The visit row is written, then the question insert breaks the referral constraint.
    monkeypatch.setattr(services, "_questions", _referral_without_target)
    data = _visit(desk_worker.branch_id, BASE)
    with pytest.raises(IntegrityError):
        services.register_visit(desk_worker, data)
    _nothing_stored()


@pytest.mark.django_db(transaction=True)
def test_failing_audit_row_rolls_back_visit_and_questions(
    desk_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ORM path (all databases but PostgreSQL): the last step fails, after the visit and
    # its questions were inserted.
    monkeypatch.setattr(VisitChange, "save", _audit_fails)
    data = _visit(desk_worker.branch_id, BASE)
    branch = services.validate_visit(desk_worker, data)
    with pytest.raises(DatabaseError, match="audit trail"):
        services._store_orm(branch, data, None, desk_worker)
    _nothing_stored()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the single statement path")
@pytest.mark.django_db(transaction=True)
def test_failing_audit_row_in_the_single_statement_rolls_back_visit_and_questions(
    desk_worker: User,
) -> None:
    # The PostgreSQL path writes all three rows in one statement: the audit table refuses
    # its row (a constraint added for this test), so the visit and questions go too.
    table = connection.ops.quote_name(VisitChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT audit_down CHECK (false) NOT VALID")
    try:
        with pytest.raises(IntegrityError, match="audit_down"):
            services.register_visit(desk_worker, _visit(desk_worker.branch_id, BASE))
        _nothing_stored()
        with pytest.raises(IntegrityError, match="audit_down"):
            services.register_idempotent(desk_worker, "k", _visit(desk_worker.branch_id, BASE))
        _nothing_stored()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT audit_down")


@pytest.mark.django_db(transaction=True)
def test_failed_idempotent_registration_does_not_burn_its_key(
    desk_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _visit(desk_worker.branch_id, BASE)
    monkeypatch.setattr(services, "_questions", _referral_without_target)
    with pytest.raises(IntegrityError):
        services.register_idempotent(desk_worker, "retry-me", data)
    _nothing_stored()

    monkeypatch.undo()
    visit, created = services.register_idempotent(desk_worker, "retry-me", data)
    assert created
    again, created_again = services.register_idempotent(desk_worker, "retry-me", data)
    assert (again.pk, created_again) == (visit.pk, False)
    assert Visit.objects.count() == 1
    assert Question.objects.count() == 1
    assert VisitChange.objects.count() == 1
