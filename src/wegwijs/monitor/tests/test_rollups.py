"""The rollups stay equal to a recomputation from the registrations, whatever the desk does:
registering, changing, deleting, also concurrently on PostgreSQL and outside the services."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.codes import LAYER_OF, Channel, Duration, HelpGiven, Kind, ReferralTarget, Theme
from wegwijs.desk.codes import OrganisationCode as Org
from wegwijs.desk.models import Question, Visit
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.monitor import rollups
from wegwijs.monitor.models import QuestionRollup, RollupPause, VisitRollup
from wegwijs.monitor.rollups import QUESTION_SHAPES, VISIT_SHAPES
from wegwijs.testing.network import Network, build_network, user_for

# ruff: noqa: S608
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime.now(UTC)


# --- An independent model of the rollups, in Python with zoneinfo ---------------------------


def expected_rows() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """The rollup rows the registrations should give, computed without SQL."""
    questions: Counter[tuple[Any, ...]] = Counter()
    visits: Counter[tuple[Any, ...]] = Counter()
    for visit in Visit.objects.select_related("branch__organisation").prefetch_related("questions"):
        local = visit.occurred_at.astimezone(AMSTERDAM)
        geo_ids = {
            "n": 0,
            "p": visit.branch.organisation.province_id,
            "b": visit.branch_id,
        }
        periods = {"d": local.date(), "m": local.date().replace(day=1)}
        values = {"weekday": local.weekday(), "hour": local.hour}
        for vshape in VISIT_SHAPES.values():
            for geo, grain in vshape.levels:
                dims = tuple(values[d] if d in vshape.dims else -1 for d in rollups.VISIT_DIMS)
                visits[(vshape.code, grain, geo, geo_ids[geo], periods[grain], *dims)] += 1
        for q in visit.questions.all():
            codes = {
                "kind": q.kind,
                "organisation": q.organisation,
                "theme": q.theme,
                "help_given": q.help_given,
                "referral_target": q.referral_target,
                "channel": visit.channel,
                "duration": visit.duration,
            }
            for qshape in QUESTION_SHAPES.values():
                if qshape.referrals_only and q.help_given != HelpGiven.DOORVERWEZEN:
                    continue
                for geo, grain in qshape.levels:
                    dims = tuple(
                        codes[d] if d in qshape.dims else "" for d in rollups.QUESTION_DIMS
                    )
                    questions[(qshape.code, grain, geo, geo_ids[geo], periods[grain], *dims)] += 1
    return questions, visits


def stored_rows() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    rollups.fold()  # PostgreSQL: the deltas into the rollups first (a no-op on SQLite)
    questions = Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in QuestionRollup.objects.exclude(n=0).values_list(*rollups.QUESTION_KEY, "n")
        }
    )
    visits = Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in VisitRollup.objects.exclude(n=0).values_list(*rollups.VISIT_KEY, "n")
        }
    )
    return questions, visits


def assert_rollups_current() -> None:
    assert rollups.differences() == []  # rollups + deltas, before folding
    assert stored_rows() == expected_rows()  # the rollups alone, after folding
    assert not rollups.pending()


# --- Local time in SQLite ------------------------------------------------------------------


def test_sqlite_local_time_follows_the_dutch_clock_across_decades() -> None:
    """SQLite has no time zone database: the triggers' summer-time rule must agree with
    zoneinfo at every change of the clocks (and in between) from 2000 to 2040."""
    moments: list[datetime] = []
    for year in range(2000, 2041):
        for month, day in ((3, 25), (10, 25)):
            sunday = datetime(year, month, day, tzinfo=UTC)
            sunday += timedelta(days=(6 - sunday.weekday()) % 7)  # last Sunday of the month
            switch = sunday.replace(hour=1)
            moments += [switch + timedelta(seconds=s) for s in (-3601, -1, 0, 1, 3599, 3600)]
        moments += [datetime(year, m, 15, h, 30, tzinfo=UTC) for m in (1, 6, 12) for h in (0, 23)]
        moments += [datetime(year, 12, 31, 23, 30, tzinfo=UTC), datetime(year, 1, 1, tzinfo=UTC)]
    parts = rollups.local_parts("sqlite", "ts")
    db = sqlite3.connect(":memory:")
    for moment in moments:
        for text in (
            moment.strftime("%Y-%m-%d %H:%M:%S"),
            moment.strftime("%Y-%m-%d %H:%M:%S.123456"),
        ):
            day, month, weekday, hour = db.execute(
                f"SELECT {parts['day']}, {parts['month']}, {parts['weekday']}, {parts['hour']} "
                "FROM (SELECT ? AS ts)",
                [text],
            ).fetchone()
            local = moment.astimezone(AMSTERDAM)
            assert (day, month, weekday, hour) == (
                local.date().isoformat(),
                local.date().replace(day=1).isoformat(),
                local.weekday(),
                local.hour,
            ), text


# --- Registering, changing, deleting -----------------------------------------------------

question_inputs = st.builds(
    lambda theme, org, kind, help_given, target: QuestionInput(
        kind=kind,
        theme=theme,
        organisation=org,
        help_given=help_given,
        referral_target=target if help_given == HelpGiven.DOORVERWEZEN else "",
    ),
    st.sampled_from(Theme.values),
    st.sampled_from(Org.values),
    st.sampled_from(Kind.values),
    st.sampled_from(HelpGiven.values),
    st.sampled_from(ReferralTarget.values),
)
visit_fields = st.fixed_dictionaries(
    {
        "branch": st.integers(0, 3),
        # minutes back from now: up to ~14 months, across the changes of the clocks
        "minutes_ago": st.integers(1, 60 * 24 * 420),
        "channel": st.sampled_from(Channel.values),
        "duration": st.sampled_from(Duration.values),
        "questions": st.lists(question_inputs, min_size=1, max_size=3),
    }
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), visit_fields),
        st.tuples(st.just("update"), st.integers(0, 20), visit_fields),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("fold")),  # PostgreSQL: deltas into the rollups midway
    ),
    min_size=1,
    max_size=10,
)


def _input(fields: dict[str, Any], branches: list[int]) -> VisitInput:
    return VisitInput(
        branch_id=branches[fields["branch"]],
        occurred_at=NOW - timedelta(minutes=fields["minutes_ago"]),
        channel=fields["channel"],
        duration=fields["duration"],
        questions=fields["questions"],
    )


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_rollups_equal_a_recomputation_after_any_registrations_changes_and_deletions(
    ops: list[tuple[Any, ...]],
) -> None:
    with transaction.atomic():
        network = build_network()
        user = user_for(Role.PROGRAMME_OFFICE, network)  # registers at any branch
        branches = [
            network.rotterdam_centrum.pk,
            network.rotterdam_zuid.pk,
            network.zaandam.pk,
            network.utrecht_neude.pk,
        ]
        visits: list[Visit] = []
        for op in ops:
            if op[0] == "register":
                visits.append(services.register_visit(user, _input(op[1], branches)))
            elif visits and op[0] == "update":
                visit = visits[op[1] % len(visits)]
                services.update_visit(user, visit, _input(op[2], branches))
            elif visits and op[0] == "delete":
                services.delete_visit(user, visits.pop(op[1] % len(visits)))
            elif op[0] == "fold":
                rollups.fold()
        assert_rollups_current()
        rollups.rebuild()
        assert_rollups_current()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_writes_outside_the_desk_services_are_counted_too(network: Network) -> None:
    """The Django admin and bulk updates write without the services: the triggers count."""
    user = user_for(Role.COORDINATOR, network)
    visit = services.register_visit(
        user,
        VisitInput(
            branch_id=network.rotterdam_centrum.pk,
            occurred_at=NOW - timedelta(days=1),
            channel="balie",
            duration="lt10",
            questions=[
                QuestionInput(theme="digid", organisation="logius", help_given="samen"),
                QuestionInput(theme="boetes", organisation="cjib", help_given="informatie"),
            ],
        ),
    )
    Question.objects.filter(visit=visit, theme="boetes").update(
        help_given="doorverwezen", referral_target="schuldhulp"
    )
    Visit.objects.filter(pk=visit.pk).update(
        branch=network.zaandam, occurred_at=NOW - timedelta(days=40), channel="telefoon"
    )
    Question.objects.create(
        visit=visit, position=3, theme="gemeente", organisation="gemeente", layer=LAYER_OF["gemeente"],
        kind="overheid", help_given="niet",
    )  # fmt: skip
    assert_rollups_current()
    Question.objects.filter(visit=visit).delete()
    Visit.objects.filter(pk=visit.pk).delete()
    assert_rollups_current()
    assert not QuestionRollup.objects.exclude(n=0).exists()
    assert not VisitRollup.objects.exclude(n=0).exists()
    assert rollups.prune() > 0
    assert not QuestionRollup.objects.exists()


@pytest.mark.django_db
def test_a_paused_transaction_leaves_the_counting_to_its_bulk_step(network: Network) -> None:
    user = user_for(Role.COORDINATOR, network)
    data = VisitInput(
        branch_id=network.rotterdam_zuid.pk,
        occurred_at=NOW - timedelta(hours=3),
        channel="online",
        duration="gt60",
        questions=[QuestionInput(theme="toeslagen", organisation="toeslagen", help_given="niet")],
    )
    with transaction.atomic():
        pause = RollupPause.objects.create()
        visit = services.register_visit(user, data)
        assert not QuestionRollup.objects.exists()
        rollups.add_visits(visit.pk, visit.pk)
        pause.delete()
    assert QuestionRollup.objects.exists()
    assert_rollups_current()


# --- Concurrency (PostgreSQL) ------------------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_and_changes_add_up_exactly() -> None:
    """Threads register visits at the same branch, day and codes (the same rollup rows),
    while others change and delete: no lost update, no deadlock."""
    network = build_network()
    users = [user_for(Role.COORDINATOR, network) for _ in range(4)]
    same = VisitInput(
        branch_id=network.rotterdam_centrum.pk,
        occurred_at=NOW - timedelta(hours=2),
        channel="balie",
        duration="10-30",
        questions=[
            QuestionInput(theme="digid", organisation="logius", help_given="samen"),
            QuestionInput(theme="toeslagen", organisation="toeslagen", help_given="informatie"),
        ],
    )
    moved = VisitInput(
        branch_id=network.rotterdam_zuid.pk,
        occurred_at=NOW - timedelta(days=3),
        channel="telefoon",
        duration="lt10",
        questions=[QuestionInput(theme="digid", organisation="logius", help_given="niet")],
    )
    threads, errors = 8, []
    barrier = threading.Barrier(threads)

    def work(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            user = users[number % len(users)]
            for i in range(15):
                visit = services.register_visit(user, same)
                if i % 3 == 1:
                    services.update_visit(user, visit, moved)
                elif i % 3 == 2:
                    services.delete_visit(user, visit)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert not errors
    assert Visit.objects.count() == threads * 10
    assert_rollups_current()
    national = QuestionRollup.objects.filter(shape=1, grain="m", geo="n").values_list(
        "n", flat=True
    )
    assert sum(national) == Question.objects.count()


@pytest.mark.django_db
def test_the_monitor_command_rebuilds_checks_and_prunes(network: Network) -> None:
    from django.core.management import CommandError, call_command

    user = user_for(Role.COORDINATOR, network)
    data = VisitInput(
        branch_id=network.rotterdam_zuid.pk,
        occurred_at=NOW - timedelta(days=2),
        channel="balie",
        duration="lt10",
        questions=[QuestionInput(theme="digid", organisation="logius", help_given="samen")],
    )
    services.register_visit(user, data)
    call_command("monitor", "check")
    QuestionRollup.objects.filter(geo="n").update(n=99)
    with pytest.raises(CommandError, match="differ"):
        call_command("monitor", "check")
    call_command("monitor", "rebuild")
    call_command("monitor", "check")
    call_command("monitor", "prune")
    assert_rollups_current()
