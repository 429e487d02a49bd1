"""Registering, changing and deleting visits: the rules a desk worker runs into."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
