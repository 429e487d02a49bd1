"""Registering, changing and deleting visits: the rules a desk worker runs into."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.models import Question, Visit, VisitChange
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db


def visit_input(branch_id: int | None, **overrides: object) -> VisitInput:
    question = QuestionInput(
        kind="overheid", theme="digid", organisation="logius", help_given="samen"
    )
    data = {
        "branch_id": branch_id,
        "occurred_at": timezone.now() - timedelta(minutes=5),
        "channel": "balie",
        "duration": "10-30",
        "questions": [question],
        "note": "",
    }
    data.update(overrides)
    return VisitInput(**data)  # type: ignore[arg-type]


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_desk_worker_registers_a_visit_and_the_layer_follows_from_the_organisation(
    network: Network,
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    data = visit_input(
        network.rotterdam_centrum.pk,
        questions=[
            QuestionInput(theme="digid", organisation="logius", help_given="samen"),
            QuestionInput(theme="gemeente", organisation="gemeente", help_given="informatie"),
            QuestionInput(theme="overig", organisation="zorgverzekeraar", help_given="niet"),
        ],
    )

    visit = services.register_visit(user, data)

    layers = list(visit.questions.order_by("position").values_list("layer", flat=True))
    assert layers == ["rijk", "gemeente", "overig"]
    assert visit.registered_by == user
    assert VisitChange.objects.filter(visit_id_ref=visit.pk, action="create").count() == 1


def test_a_volunteer_may_register_at_another_branch_of_the_own_library_but_not_elsewhere(
    network: Network,
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    services.register_visit(user, visit_input(network.rotterdam_zuid.pk))

    with pytest.raises(ValidationError) as exc:
        services.register_visit(user, visit_input(network.zaandam.pk))

    assert "branch" in errors_of(exc)
    assert Visit.objects.count() == 1


@pytest.mark.parametrize("role", [Role.POI_CONSULTANT, Role.AGENCY_ANALYST, Role.PARTNER_EDITOR])
def test_roles_outside_the_library_register_nothing(network: Network, role: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.register_visit(user_for(role, network), visit_input(network.rotterdam_centrum.pk))
    assert "branch" in errors_of(exc)


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"branch_id": None}, "branch"),
        ({"channel": "fax"}, "channel"),
        ({"duration": "5"}, "duration"),
        ({"occurred_at": None}, "occurred_at"),
        ({"questions": []}, "questions"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_visit_input_is_refused_with_the_field_named_and_nothing_stored(
    network: Network, overrides: dict[str, object], path: str
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    with pytest.raises(ValidationError) as exc:
        services.register_visit(
            user, visit_input(**{"branch_id": network.rotterdam_centrum.pk, **overrides})
        )
    assert path in errors_of(exc)
    assert not Visit.objects.exists()
    assert not VisitChange.objects.exists()


@pytest.mark.parametrize(
    ("question", "path"),
    [
        (QuestionInput(theme="dig-id", organisation="logius", help_given="samen"), "theme"),
        (QuestionInput(theme="digid", organisation="kvk", help_given="samen"), "organisation"),
        (QuestionInput(theme="digid", organisation="logius", help_given="ja"), "help_given"),
        (QuestionInput(kind="x", theme="digid", organisation="logius", help_given="samen"), "kind"),
        (
            QuestionInput(theme="digid", organisation="logius", help_given="doorverwezen"),
            "referral_target",
        ),
        (
            QuestionInput(
                theme="digid",
                organisation="logius",
                help_given="doorverwezen",
                referral_target="buren",
            ),
            "referral_target",
        ),
        (
            QuestionInput(
                theme="digid", organisation="logius", help_given="samen", citizen_words="y" * 2001
            ),
            "citizen_words",
        ),
    ],
)
def test_bad_question_is_refused_with_its_path(
    network: Network, question: QuestionInput, path: str
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    ok = QuestionInput(theme="toeslagen", organisation="toeslagen", help_given="informatie")
    with pytest.raises(ValidationError) as exc:
        services.register_visit(
            user, visit_input(network.rotterdam_centrum.pk, questions=[ok, question])
        )
    assert f"questions.1.{path}" in errors_of(exc)
    assert not Visit.objects.exists()


def test_a_visit_in_the_future_is_refused_but_a_back_dated_one_is_fine(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    future = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError) as exc:
        services.register_visit(user, visit_input(network.rotterdam_centrum.pk, occurred_at=future))
    assert "occurred_at" in errors_of(exc)

    last_week = timezone.now() - timedelta(days=6)
    visit = services.register_visit(
        user, visit_input(network.rotterdam_centrum.pk, occurred_at=last_week)
    )
    assert visit.occurred_at == last_week


def test_referral_target_is_kept_only_for_referred_questions(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    visit = services.register_visit(
        user,
        visit_input(
            network.rotterdam_centrum.pk,
            questions=[
                QuestionInput(
                    theme="geldzaken",
                    organisation="overig",
                    help_given="doorverwezen",
                    referral_target="schuldhulp",
                ),
                QuestionInput(
                    theme="digid", organisation="logius", help_given="samen", referral_target="mee"
                ),
            ],
        ),
    )
    targets = list(visit.questions.order_by("position").values_list("referral_target", flat=True))
    assert targets == ["schuldhulp", ""]


def test_tally_mode_registers_many_identical_visits_in_one_batch(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    visits = services.register_tally(user, visit_input(network.rotterdam_centrum.pk), 12)
    assert len(visits) == 12
    assert len({v.batch for v in visits}) == 1
    assert Question.objects.count() == 12


def test_tally_mode_refuses_zero_or_too_many(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    for count in (0, 101):
        with pytest.raises(ValidationError):
            services.register_tally(user, visit_input(network.rotterdam_centrum.pk), count)
    assert not Visit.objects.exists()


def test_own_registration_can_be_changed_within_seven_days_with_an_audit_trail(
    network: Network,
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    visit = services.register_visit(user, visit_input(network.rotterdam_centrum.pk))
    changed = visit_input(
        network.rotterdam_centrum.pk,
        channel="telefoon",
        questions=[QuestionInput(theme="boetes", organisation="cjib", help_given="informatie")],
    )

    services.update_visit(user, visit, changed)

    visit.refresh_from_db()
    assert visit.channel == "telefoon"
    assert visit.questions.get().theme == "boetes"
    change = VisitChange.objects.get(visit_id_ref=visit.pk, action="update")
    assert change.changes["channel"] == ["balie", "telefoon"]
    assert change.user == user


def test_registrations_older_than_seven_days_or_of_others_cannot_be_changed(
    network: Network,
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    colleague = user_for(Role.DESK_WORKER, network)
    visit = services.register_visit(user, visit_input(network.rotterdam_centrum.pk))

    with pytest.raises(PermissionDenied):
        services.delete_visit(colleague, visit)

    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(days=8))
    visit.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.update_visit(user, visit, visit_input(network.rotterdam_centrum.pk))
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_deleting_keeps_an_audit_row_without_the_visit(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    visit = services.register_visit(user, visit_input(network.rotterdam_centrum.pk))
    pk = visit.pk

    services.delete_visit(user, visit)

    assert not Visit.objects.filter(pk=pk).exists()
    deleted = VisitChange.objects.get(visit_id_ref=pk, action="delete")
    assert deleted.changes["questions"][0]["theme"] == "digid"


def test_coordinator_may_correct_a_volunteers_recent_registration(network: Network) -> None:
    volunteer = user_for(Role.DESK_WORKER, network)
    coordinator = user_for(Role.COORDINATOR, network)
    visit = services.register_visit(volunteer, visit_input(network.rotterdam_centrum.pk))
    assert services.can_change(coordinator, visit)
    assert not services.can_change(user_for(Role.POI_CONSULTANT, network), visit)


def test_retry_with_the_same_idempotency_key_returns_the_first_visit(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    first, created = services.register_idempotent(
        user, "k-1", visit_input(network.rotterdam_centrum.pk)
    )
    again, created_again = services.register_idempotent(
        user, "k-1", visit_input(network.rotterdam_centrum.pk)
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Visit.objects.count() == 1


# --- Storing: one statement on PostgreSQL, the ORM elsewhere; the same rows either way ------


def _rich_input(branch_id: int) -> VisitInput:
    return visit_input(
        branch_id,
        note="  Kwam terug voor de aanvraag.  ",
        questions=[
            QuestionInput(theme="digid", organisation="logius", help_given="samen"),
            QuestionInput(
                theme="geldzaken",
                organisation="gemeente",
                help_given="doorverwezen",
                referral_target="schuldhulp",
                citizen_words=" Hoe vraag ik uitstel aan? ",
            ),
            QuestionInput(
                theme="toeslagen",
                organisation="toeslagen",
                help_given="informatie",
                referral_target="schuldhulp",  # not referred: dropped
            ),
        ],
    )


def _stored(visit_pk: int) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    row = Visit.objects.values().get(pk=visit_pk)
    questions = list(Question.objects.filter(visit_id=visit_pk).order_by("position").values())
    change = VisitChange.objects.values().get(visit_id_ref=visit_pk)
    return row, questions, change


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the single statement path")
def test_the_postgresql_statement_stores_the_same_rows_as_the_orm(network: Network) -> None:
    user = user_for(Role.DESK_WORKER, network)
    data = _rich_input(network.rotterdam_centrum.pk)
    branch = services.validate_visit(user, data)
    batch = uuid.uuid4()
    before = timezone.now()
    with CaptureQueriesContext(connection) as ctx:
        fast = services._store_postgresql(connection, branch, data, batch, user)
    assert len(ctx.captured_queries) == 1
    slow = services._store_orm(branch, data, batch, user)

    fast_row, fast_questions, fast_change = _stored(fast.pk)
    slow_row, slow_questions, slow_change = _stored(slow.pk)
    stamps = ("id", "created_at", "updated_at")
    assert _without(fast_row, *stamps) == _without(slow_row, *stamps)
    assert fast_row["note"] == "Kwam terug voor de aanvraag."
    assert before <= fast_row["created_at"] == fast_row["updated_at"] <= timezone.now()
    assert [_without(q, "id", "visit_id") for q in fast_questions] == [
        _without(q, "id", "visit_id") for q in slow_questions
    ]
    assert [q["referral_target"] for q in fast_questions] == ["", "schuldhulp", ""]
    assert fast_questions[1]["citizen_words"] == "Hoe vraag ik uitstel aan?"
    assert {q["visit_id"] for q in fast_questions} == {fast.pk}
    assert _without(fast_change, "id", "visit_id_ref", "at") == _without(
        slow_change, "id", "visit_id_ref", "at"
    )
    assert fast_change["changes"] == {"count": 1, "questions": 3}
    assert fast_change["at"] == fast_row["created_at"]


@pytest.mark.parametrize("path", ["default", "orm"])
def test_the_returned_visit_is_the_stored_one_with_its_questions(
    network: Network, path: str
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    data = _rich_input(network.rotterdam_centrum.pk)
    if path == "orm":
        visit = services._store_orm(services.validate_visit(user, data), data, None, user)
    else:
        visit = services.register_visit(user, data)
    with CaptureQueriesContext(connection) as ctx:
        questions = list(visit.questions.all())
        assert visit.questions.count() == 3
        assert visit.branch == network.rotterdam_centrum
        assert visit.registered_by == user
        assert all(q.visit is visit for q in questions)
    assert ctx.captured_queries == []
    stored = Visit.objects.get(pk=visit.pk)
    for f in Visit._meta.concrete_fields:
        assert getattr(visit, f.attname) == getattr(stored, f.attname), f.name
    assert not visit._state.adding
    assert [(q.pk, q.position, q.layer, q.referral_target) for q in questions] == list(
        stored.questions.order_by("position").values_list(
            "pk", "position", "layer", "referral_target"
        )
    )
    # A real instance: it can be changed and deleted like any other.
    services.update_visit(user, visit, visit_input(network.rotterdam_centrum.pk))
    assert Visit.objects.get(pk=visit.pk).questions.count() == 1


def test_registering_needs_one_query_for_the_branch_and_one_statement_on_postgresql(
    network: Network,
) -> None:
    user = user_for(Role.DESK_WORKER, network)
    user = type(user).objects.select_related("organisation").get(pk=user.pk)  # as the API
    data = _rich_input(network.rotterdam_centrum.pk)
    with CaptureQueriesContext(connection) as ctx:
        services.register_visit(user, data)
    sql = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "postgresql":
        # Inside the test's transaction: the statement gets a savepoint, as the ORM path did.
        assert len(sql) == 4, sql  # branch SELECT, SAVEPOINT, the statement, RELEASE
        assert sql[2].startswith("WITH v AS (INSERT INTO")
    assert sql[0].startswith("SELECT")
    assert "branch" in sql[0]
