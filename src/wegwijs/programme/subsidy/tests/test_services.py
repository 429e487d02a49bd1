"""The subsidy services: deadline, who applies for which library, amounts, every state
transition and the forbidden ones, the frozen letter, the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from wegwijs.programme.subsidy import selectors, services
from wegwijs.programme.subsidy.formatting import DUTCH_TIME
from wegwijs.programme.subsidy.models import (
    SubsidyApplication,
    SubsidyApplicationLine,
    SubsidyDecisionLetter,
    SubsidyEvent,
    SubsidyLineAmount,
    SubsidyState,
)
from wegwijs.programme.subsidy.tests.conftest import (
    BEFORE,
    DECIDED,
    LATER,
    World,
    collective_application,
    granted_application,
    line,
    own_application,
)

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {path: [str(m) for m in messages] for path, messages in exc.value.message_dict.items()}


def nothing_stored() -> bool:
    return not (
        SubsidyApplication.objects.exists()
        or SubsidyApplicationLine.objects.exists()
        or SubsidyLineAmount.objects.exists()
        or SubsidyEvent.objects.exists()
    )


# -- the deadline ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2019, 10, 11, 23, 59, 59, tzinfo=DUTCH_TIME), True),
        (datetime(2019, 10, 12, 0, 0, 0, tzinfo=DUTCH_TIME), False),
        # The same moments in UTC (summer time: Amsterdam is UTC+2 in October 2019).
        (datetime(2019, 10, 11, 21, 59, 59, tzinfo=UTC), True),
        (datetime(2019, 10, 11, 22, 0, 0, tzinfo=UTC), False),
        # 23:30 UTC on the 11th is already 01:30 on the 12th in Amsterdam.
        (datetime(2019, 10, 11, 23, 30, 0, tzinfo=UTC), False),
    ],
)
def test_submission_is_accepted_until_the_deadline_and_refused_at_it(
    world: World, clock: Any, moment: datetime, accepted: bool
) -> None:
    application = own_application(world)
    clock(moment)  # the service reads django.utils.timezone.now
    if accepted:
        services.submit(world.coordinator, application)
        application.refresh_from_db()
        assert application.state == SubsidyState.SUBMITTED
        assert application.submitted_at == moment
        return
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.submit(world.coordinator, application)
    message = errors_of(exc)["__all__"][0]
    assert "deadline" in message
    assert "11 October 2019 at 24:00" in message
    application.refresh_from_db()
    assert application.state == SubsidyState.DRAFT
    assert not application.events.filter(action=SubsidyEvent.Action.SUBMIT).exists()


def test_a_late_application_is_refused_and_nothing_is_stored(world: World, clock: Any) -> None:
    clock(datetime(2019, 10, 12, 0, 0, 1, tzinfo=DUTCH_TIME))
    data = services.ApplicationInput(lines=[line(world.n.rotterdam, y2020="1000")])
    with pytest.raises(ValidationError) as exc:
        services.create_application(world.coordinator, world.scheme, data)
    assert "__all__" in errors_of(exc)
    assert nothing_stored()


def test_a_draft_cannot_be_changed_after_the_deadline(world: World, clock: Any) -> None:
    application = own_application(world)
    clock(datetime(2019, 10, 12, 8, 0, tzinfo=DUTCH_TIME))
    data = services.ApplicationInput(lines=[line(world.n.rotterdam, y2020="1")])
    with pytest.raises(ValidationError):
        services.update_draft(world.coordinator, application, data)
    assert SubsidyLineAmount.objects.get(line__application=application, year=2020).requested == (
        Decimal("20000.00")
    )
    # Withdrawing is still possible.
    services.withdraw(world.coordinator, application)
    assert SubsidyApplication.objects.get().state == SubsidyState.WITHDRAWN


# -- who applies for which library -----------------------------------------------------------
def test_a_poi_applies_for_libraries_of_its_provinces_with_a_line_each(world: World) -> None:
    application = collective_application(world)
    assert application.reference == "DI-2019-0001"
    assert application.applicant == world.n.probiblio
    assert application.is_collective
    lines = {item.library: item for item in application.lines.all()}
    assert set(lines) == {world.n.rotterdam, world.n.zaanstreek}
    assert lines[world.n.zaanstreek].start_year == 2021
    assert application.total("requested") == Decimal("55000.00")
    assert [(a.year, a.requested) for a in lines[world.n.rotterdam].amounts.all()] == [
        (2020, Decimal("20000.00")),
        (2021, Decimal("10000.00")),
    ]


def test_a_poi_applying_for_a_library_outside_its_provinces_is_refused(world: World) -> None:
    data = services.ApplicationInput(
        lines=[
            line(world.n.rotterdam, y2020="1000"),
            line(world.n.utrecht_library, y2020="1000"),  # Utrecht: BiSC's province
        ]
    )
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.create_application(world.poi, world.scheme, data, at=BEFORE)
    errors = errors_of(exc)
    assert list(errors) == ["lines.1.library"]
    assert (
        "Bibliotheek Utrecht is not in the provinces of Probiblio" in errors["lines.1.library"][0]
    )
    assert nothing_stored()
    # BiSC may not apply for Rotterdam either; a coordinator only for its own library.
    with pytest.raises(ValidationError) as exc:
        services.create_application(
            world.bisc,
            world.scheme,
            services.ApplicationInput(lines=[line(world.n.rotterdam, y2020="1")]),
            at=BEFORE,
        )
    assert "lines.0.library" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.create_application(
            world.coordinator,
            world.scheme,
            services.ApplicationInput(lines=[line(world.n.zaanstreek, y2020="1")]),
            at=BEFORE,
        )
    assert "lines.0.library" in errors_of(exc)
    assert nothing_stored()


@pytest.mark.parametrize("role", ["office", "desk"])
def test_only_coordinators_and_poi_consultants_apply(world: World, role: str) -> None:
    from wegwijs.accounts.models import Role
    from wegwijs.testing.network import user_for

    user = world.office if role == "office" else user_for(Role.DESK_WORKER, world.n)
    data = services.ApplicationInput(lines=[line(world.n.rotterdam, y2020="1000")])
    with pytest.raises(PermissionDenied):
        services.create_application(user, world.scheme, data, at=BEFORE)
    assert nothing_stored()


def test_a_library_has_one_live_application_in_a_scheme_itself_or_through_its_poi(
    world: World,
) -> None:
    own = own_application(world)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        collective_application(world)
    message = errors_of(exc)["lines.0.library"][0]
    assert "Bibliotheek Rotterdam already has an application in this scheme (DI-2019-0001)" in (
        message
    )
    assert SubsidyApplication.objects.count() == 1
    # Once the own draft is withdrawn, the POI may include the library.
    services.withdraw(world.coordinator, own, at=BEFORE)
    collective = collective_application(world)
    assert collective.reference == "DI-2019-0002"
    # And now the library cannot apply itself.
    with pytest.raises(ValidationError):
        own_application(world)


def test_the_database_keeps_one_live_line_per_library_and_scheme(world: World) -> None:
    application = own_application(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyApplicationLine.objects.create(
            application=collective_application_shell(world),
            scheme=world.scheme,
            library=world.n.rotterdam,
            start_year=2020,
        )
    assert application.lines.count() == 1


def collective_application_shell(world: World) -> SubsidyApplication:
    return SubsidyApplication.objects.create(
        scheme=world.scheme, applicant=world.n.probiblio, number=99, reference="DI-2019-0099"
    )


@pytest.mark.parametrize(
    ("lines", "path", "text"),
    [
        ("start2019", "lines.0.start_year", "start years of this scheme: 2020, 2021"),
        ("nostart", "lines.0.start_year", "Choose the year"),
        ("year2022", "lines.0", "2022 is not a budget year"),
        ("noamount", "lines.0", "Enter an amount for at least one year"),
        ("twice", "lines.1.library", "already on row 1"),
        ("none", "lines", "Add at least one library"),
    ],
)
def test_bad_lines_are_refused_with_a_message_at_the_row(
    world: World, lines: str, path: str, text: str
) -> None:
    rows = {
        "start2019": [line(world.n.rotterdam, 2019, y2020="1000")],
        "nostart": [
            services.LineInput(library_id=world.n.rotterdam.pk, amounts={2020: Decimal(5)})
        ],
        "year2022": [line(world.n.rotterdam, 2020, y2022="1000")],
        "noamount": [line(world.n.rotterdam, 2020)],
        "twice": [line(world.n.rotterdam, y2020="1"), line(world.n.rotterdam, y2021="1")],
        "none": [],
    }[lines]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.create_application(
            world.poi, world.scheme, services.ApplicationInput(lines=rows), at=BEFORE
        )
    errors = errors_of(exc)
    assert any(text in message for message in errors[path]), errors
    assert nothing_stored()


def test_amounts_that_do_not_add_up_are_refused_and_nothing_is_stored(world: World) -> None:
    data = services.ApplicationInput(
        total=Decimal("30000.01"),
        lines=[line(world.n.rotterdam, 2020, y2020="20000", y2021="10000")],
    )
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.create_application(world.coordinator, world.scheme, data, at=BEFORE)
    message = errors_of(exc)["total"][0]
    assert "do not add up" in message
    assert "€30,000.01" in message and "€30,000.00" in message
    assert nothing_stored()
    data.total = Decimal("30000.00")
    application = services.create_application(world.coordinator, world.scheme, data, at=BEFORE)
    assert application.total("requested") == Decimal("30000.00")


def test_the_maximum_per_organisation_is_kept(world: World) -> None:
    world.scheme.max_per_organisation = Decimal("25000")
    world.scheme.save()
    with pytest.raises(ValidationError) as exc:
        own_application(world)  # 30,000
    assert "lines.0" in errors_of(exc)
    assert nothing_stored()


def test_personal_data_in_the_contact_text_is_refused(world: World) -> None:
    data = services.ApplicationInput(
        contact="bel 06-12345678",
        lines=[line(world.n.rotterdam, y2020="1000")],
    )
    with pytest.raises(ValidationError) as exc:
        services.create_application(world.coordinator, world.scheme, data, at=BEFORE)
    assert exc.value.error_dict["contact"][0].code == "personal_data"
    assert nothing_stored()


# -- the states -------------------------------------------------------------------------------
def test_the_whole_way_from_draft_to_settled_with_an_audit_row_per_step(world: World) -> None:
    a = own_application(world)
    data = services.ApplicationInput(
        contact="via de afdeling subsidies",
        lines=[line(world.n.rotterdam, 2021, y2020="20000", y2021="12000")],
    )
    services.update_draft(world.coordinator, a, data, at=BEFORE)
    services.submit(world.coordinator, a, at=BEFORE)
    services.assess(world.office, a, "begroting klopt", at=DECIDED)
    amounts = {(r.line_id, r.year): r.requested for r in services.amount_rows(a)}
    key_2021 = next(k for k in amounts if k[1] == 2021)
    amounts[key_2021] = Decimal("10000")
    services.grant(world.office, a, amounts, "kosten deels elders gedekt", at=DECIDED)
    services.record_payment(world.office, a, date(2020, 1, 15), at=LATER)
    services.settle(world.office, a, date(2020, 2, 20), {key_2021: Decimal("9500")}, at=LATER)
    a.refresh_from_db()
    assert a.state == SubsidyState.SETTLED
    assert (a.paid_on, a.settled_on) == (date(2020, 1, 15), date(2020, 2, 20))
    rows = {r.year: r for r in services.amount_rows(a)}
    assert (rows[2020].granted, rows[2020].paid, rows[2020].settled) == (
        Decimal("20000.00"),
        Decimal("20000.00"),
        Decimal("20000.00"),
    )
    assert (rows[2021].granted, rows[2021].paid, rows[2021].settled) == (
        Decimal("10000.00"),
        Decimal("10000.00"),
        Decimal("9500.00"),
    )
    trail = list(a.events.values_list("action", "from_state", "to_state", "user_id"))
    c, o = world.coordinator.pk, world.office.pk
    assert trail == [
        ("create", "", "draft", c),
        ("update", "draft", "draft", c),
        ("submit", "draft", "submitted", c),
        ("assess", "submitted", "assessed", o),
        ("grant", "assessed", "granted", o),
        ("pay", "granted", "paid", o),
        ("settle", "paid", "settled", o),
    ]
    update = a.events.get(action="update").changes
    assert update == {
        "contact": "changed",
        "changed": {
            "Bibliotheek Rotterdam": {
                "start_year": [2020, 2021],
                "amounts": {"2021": ["10000.00", "12000.00"]},
            }
        },
    }
    # The trail never copies the text people typed.
    assert "afdeling" not in str(list(a.events.values_list("changes", flat=True)))
    grant_event = a.events.get(action="grant").changes
    assert grant_event["granted"] == {
        "Bibliotheek Rotterdam": {"2020": "20000.00", "2021": "10000.00"}
    }
    assert grant_event["reason"] == "filled in"


def test_withdrawing_a_draft_and_rejecting_free_the_library(world: World) -> None:
    a = own_application(world)
    services.submit(world.coordinator, a, at=BEFORE)
    services.assess(world.office, a, at=DECIDED)
    with pytest.raises(ValidationError) as exc:
        services.reject(world.office, a, "", at=DECIDED)
    assert "reason" in errors_of(exc)
    services.reject(world.office, a, "geen samenwerkingsplan", at=DECIDED)
    a.refresh_from_db()
    assert a.state == SubsidyState.REJECTED
    assert not a.lines.filter(live=True).exists()
    assert a.letter.decision == SubsidyState.REJECTED
    assert own_application(world).reference == "DI-2019-0002"


ALL_ACTIONS = ["edit", "submit", "withdraw", "assess", "grant", "reject", "pay", "settle"]


def _do(action: str, user: Any, a: SubsidyApplication) -> None:
    if action == "edit":
        data = services.ApplicationInput(lines=[line(a.lines.first().library, y2020="5")])
        services.update_draft(user, a, data, at=BEFORE)
    elif action == "submit":
        services.submit(user, a, at=BEFORE)
    elif action == "withdraw":
        services.withdraw(user, a, at=BEFORE)
    elif action == "assess":
        services.assess(user, a, at=DECIDED)
    elif action == "grant":
        services.grant(user, a, at=DECIDED)
    elif action == "reject":
        services.reject(user, a, "past niet", at=DECIDED)
    elif action == "pay":
        services.record_payment(user, a, date(2020, 1, 2), at=LATER)
    elif action == "settle":
        services.settle(user, a, date(2020, 2, 2), at=LATER)


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_forbidden_per_role(world: World, action: str) -> None:
    """Each action by every user who may not take it: PermissionDenied, nothing changed."""
    a = own_application(world)
    who = selectors.ACTIONS[action][0]
    outsiders = (
        [world.office, world.poi, world.zaanstreek_coordinator, world.bisc]
        if who == "applicant"
        else [world.coordinator, world.poi, world.zaanstreek_coordinator]
    )
    for user in outsiders:
        assert action not in selectors.allowed_actions(user, a)
        with pytest.raises(PermissionDenied):
            _do(action, user, a)
    a.refresh_from_db()
    assert a.state == SubsidyState.DRAFT
    assert list(a.events.values_list("action", flat=True)) == ["create"]


STATE_PATH = ["draft", "submitted", "assessed", "granted", "paid", "settled"]
#: The step that leads from each state to the next along the path.
STEP = {
    "draft": "submit",
    "submitted": "assess",
    "assessed": "grant",
    "granted": "pay",
    "paid": "settle",
}


def test_every_action_only_from_its_states(world: World) -> None:
    """Walk the path; in each state every action that does not belong to it is refused with a
    message (the state stays), and the allowed actions are exactly those of the table."""
    a = own_application(world)
    for state in STATE_PATH:
        a.refresh_from_db()
        assert a.state == state
        for action in ALL_ACTIONS:
            user = world.office if selectors.ACTIONS[action][0] == "office" else world.coordinator
            allowed = state in selectors.ACTIONS[action][1]
            assert (action in selectors.allowed_actions(user, a)) == allowed, (state, action)
            if not allowed:
                with pytest.raises(ValidationError):
                    _do(action, user, a)
                a.refresh_from_db()
                assert a.state == state
        if state in STEP:
            user = (
                world.office if selectors.ACTIONS[STEP[state]][0] == "office" else world.coordinator
            )
            _do(STEP[state], user, a)


# -- granting, paying, settling -----------------------------------------------------------------
def _assessed(world: World) -> SubsidyApplication:
    a = own_application(world)
    services.submit(world.coordinator, a, at=BEFORE)
    return services.assess(world.office, a, at=DECIDED)


def test_a_lower_grant_needs_a_reason_and_never_more_than_requested(world: World) -> None:
    a = _assessed(world)
    rows = services.amount_rows(a)
    lower = {(rows[0].line_id, rows[0].year): Decimal("15000")}
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.grant(world.office, a, lower, "", at=DECIDED)
    assert "Explain why less is granted" in errors_of(exc)["reason"][0]
    more = {(rows[0].line_id, rows[0].year): Decimal("20000.01")}
    with pytest.raises(ValidationError) as exc:
        services.grant(world.office, a, more, "", at=DECIDED)
    assert f"amounts.{rows[0].line_id}.2020" in errors_of(exc)
    zero = {(r.line_id, r.year): Decimal(0) for r in rows}
    with pytest.raises(ValidationError) as exc:
        services.grant(world.office, a, zero, "niets", at=DECIDED)
    assert "__all__" in errors_of(exc)
    a.refresh_from_db()
    assert a.state == SubsidyState.ASSESSED
    assert not SubsidyDecisionLetter.objects.exists()
    assert not SubsidyLineAmount.objects.filter(granted__isnull=False).exists()


def test_grants_cannot_exceed_the_budget_of_a_year(world: World) -> None:
    budget = world.scheme.budget_years.get(year=2020)
    budget.amount = Decimal("25000")
    budget.save()
    first = _assessed(world)  # asks 20,000 in 2020
    services.grant(world.office, first, at=DECIDED)
    second = services.create_application(
        world.zaanstreek_coordinator,
        world.scheme,
        services.ApplicationInput(lines=[line(world.n.zaanstreek, 2020, y2020="6000")]),
        at=BEFORE,
    )
    services.submit(world.zaanstreek_coordinator, second, at=BEFORE)
    services.assess(world.office, second, at=DECIDED)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.grant(world.office, second, at=DECIDED)
    assert "exceeds the budget for 2020: €5,000.00 remains" in errors_of(exc)["__all__"][0]
    row = services.amount_rows(second)[0]
    services.grant(
        world.office, second, {(row.line_id, 2020): Decimal("5000")}, "budget op", at=DECIDED
    )
    assert services.committed(world.scheme) == {
        2020: Decimal("25000.00"),
        2021: Decimal("10000.00"),
    }


def test_payment_and_settlement_checks(world: World) -> None:
    a = granted_application(world)
    rows = services.amount_rows(a)
    key = (rows[0].line_id, rows[0].year)
    cases = [
        (date(2020, 1, 2), {key: Decimal("20000.01")}, f"amounts.{key[0]}.{key[1]}"),
        (None, {}, "date"),
        (date(2020, 3, 2), {}, "date"),  # after "today" (LATER is 1 March 2020)
        (date(2019, 12, 1), {}, "date"),  # before the decision
    ]
    for when, amounts, path in cases:
        with pytest.raises(ValidationError) as exc:
            services.record_payment(world.office, a, when, amounts, at=LATER)
        assert path in errors_of(exc)
    a.refresh_from_db()
    assert a.state == SubsidyState.GRANTED
    services.record_payment(world.office, a, date(2020, 1, 2), {key: Decimal("15000")}, at=LATER)
    with pytest.raises(ValidationError) as exc:
        services.settle(world.office, a, date(2020, 1, 1), at=LATER)  # before the payment
    assert "date" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.settle(world.office, a, date(2020, 2, 1), {key: Decimal("20000.01")}, at=LATER)
    assert f"amounts.{key[0]}.{key[1]}" in errors_of(exc)
    services.settle(world.office, a, date(2020, 2, 1), at=LATER)
    settled = {r.year: r.settled for r in services.amount_rows(a)}
    assert settled == {2020: Decimal("15000.00"), 2021: Decimal("10000.00")}  # as paid


# -- the decision letter ----------------------------------------------------------------------
def test_the_letter_is_frozen_at_the_decision(world: World) -> None:
    a = granted_application(world)
    before = dict(a.letter.data)
    world.n.rotterdam.name = "Bibliotheek Rotterdam (nieuwe naam)"
    world.n.rotterdam.save()
    world.scheme.issuer = "Iemand anders"
    world.scheme.save()
    services.record_payment(world.office, a, date(2020, 1, 2), at=LATER)
    letter = SubsidyDecisionLetter.objects.get(application=a)
    assert letter.data == before
    assert letter.data["addressee"] == "Bibliotheek Rotterdam"
    assert letter.data["lines"] == [
        {
            "organisation": "Bibliotheek Rotterdam",
            "start_year": 2020,
            "amounts": [
                {"year": 2020, "requested": "20000.00", "granted": "20000.00"},
                {"year": 2021, "requested": "10000.00", "granted": "10000.00"},
            ],
        }
    ]
    assert letter.data["date"] == "2019-12-02"
    assert letter.data["total_granted"] == "30000.00"


def test_who_may_read_the_letter(world: World) -> None:
    a = collective_application(world)
    services.submit(world.poi, a, at=BEFORE)
    assert not selectors.can_read_letter(world.office, a)  # not decided yet
    services.assess(world.office, a, at=DECIDED)
    services.grant(world.office, a, at=DECIDED)
    a = SubsidyApplication.objects.get(pk=a.pk)
    assert selectors.can_read_letter(world.office, a)
    assert selectors.can_read_letter(world.poi, a)
    # The libraries in a POI's application see it, but the letter goes to the applicant.
    assert a in selectors.visible_applications(world.coordinator)
    assert not selectors.can_read_letter(world.coordinator, a)
    assert not selectors.can_read_letter(world.bisc, a)
