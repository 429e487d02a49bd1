"""The rules of referrals: consent, the privacy guard, encryption, statuses, erasure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.referrals import crypto, services
from wegwijs.referrals.models import Kind, Referral, ReferralEvent, Status
from wegwijs.referrals.tests.helpers import (
    EMAIL,
    NAME,
    PHONE,
    SUMMARY,
    World,
    course_service,
    partner_service,
    register_question,
)
from wegwijs.testing.factories import PartnerFactory, make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def raw_row(referral: Referral) -> dict[str, Any]:
    """The referral's row as the database holds it (no model field conversion)."""
    table = Referral._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [referral.pk])  # noqa: S608
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


# -- warm ----------------------------------------------------------------------------------
def test_warm_referral_stores_contact_details_encrypted_and_mails_the_partner_a_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.create_warm(world.desk_worker, world.warm_input())

    assert referral.status == Status.SENT
    assert referral.kind == Kind.WARM
    assert referral.partner == world.network.partner
    assert referral.branch == world.network.rotterdam_centrum
    row = raw_row(referral)
    stored = " ".join(str(v) for v in row.values())
    for secret in (NAME, "Jansen", PHONE, "12345678", EMAIL):
        assert secret not in stored
    assert row["contact_encrypted"].startswith("gAAAAA")  # a Fernet token
    assert crypto.decrypt_contact(row["contact_encrypted"]) == crypto.Contact(NAME, PHONE, EMAIL)

    (message,) = mail.outbox
    assert set(message.to) == {"info@raadslieden.example", "fatma@raadslieden.example"}
    assert f"/doorverwijzingen/{referral.pk}/" in message.body
    assert "Er is een nieuwe doorverwijzing voor u. Log in om die te bekijken:" in message.body
    for secret in (NAME, "Jansen", PHONE, EMAIL, SUMMARY[:20]):
        assert secret not in message.body
        assert secret not in message.subject


def test_without_consent_a_warm_referral_is_refused_and_nothing_is_stored(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input(consent=False))

    assert "consent" in errors_of(exc)
    assert "toestemming" in errors_of(exc)["consent"][0]
    assert not Referral.objects.exists()
    assert not mail.outbox


def test_an_old_consent_text_version_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input(consent_version="2019-0"))

    assert list(errors_of(exc)) == ["consent_version"]


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("Wil hulp, BSN 111222333, bij de aanslag.", "BSN"),
        ("Bel haar terug op 06-87654321 over de brief.", "telefoonnummer"),
    ],
)
def test_personal_data_in_the_summary_is_refused_with_a_message(
    world: World, summary: str, kind: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input(summary=summary))

    (message,) = errors_of(exc)["summary"]
    assert kind in message
    assert "111222333" not in message and "87654321" not in message
    assert exc.value.error_dict["summary"][0].code == "personal_data"
    assert not Referral.objects.exists()


def test_contact_details_need_a_name_and_a_phone_or_email(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_warm(
            world.desk_worker, world.warm_input(contact_name="", contact_phone="", contact_email="")
        )
    assert {"contact_name", "contact_phone"} <= set(errors_of(exc))

    with pytest.raises(ValidationError) as exc:
        services.create_warm(
            world.desk_worker, world.warm_input(contact_phone="12", contact_email="geen-adres")
        )
    assert {"contact_phone", "contact_email"} <= set(errors_of(exc))

    referral = services.create_warm(world.desk_worker, world.warm_input(contact_phone=""))
    assert crypto.decrypt_contact(referral.contact_encrypted).email == EMAIL


def test_a_service_marked_do_not_refer_or_inactive_is_refused(world: World) -> None:
    world.service.do_not_refer = True
    world.service.save()
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input())
    assert "service" in errors_of(exc)


def test_a_partner_nobody_can_log_in_for_gets_a_cold_referral_only(world: World) -> None:
    lonely = partner_service(PartnerFactory())
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input(service_id=lonely.pk))
    assert "koud" in errors_of(exc)["service"][0].lower()

    referral, _card = services.create_cold(
        world.desk_worker,
        services.ReferralInput(kind="cold", service_id=lonely.pk, question_id=world.question.pk),
    )
    assert referral.status == Status.HANDED_OVER


def test_only_questions_the_user_sees_and_that_were_referred_can_be_referred(
    world: World,
) -> None:
    other = make_user(
        Role.DESK_WORKER, organisation=world.network.zaanstreek, branch=world.network.zaandam
    )
    with pytest.raises(ValidationError) as exc:
        services.create_warm(other, world.warm_input())
    assert "question" in errors_of(exc)

    samen = register_question(world.desk_worker, world.network.rotterdam_centrum.pk, "samen")
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input(question_id=samen.pk))
    assert "question" in errors_of(exc)


@pytest.mark.parametrize("role", [Role.PARTNER_EDITOR, Role.PROGRAMME_OFFICE, Role.POI_CONSULTANT])
def test_roles_outside_the_desk_make_no_referrals(world: World, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.create_warm(user_for(role, world.network), world.warm_input())


# -- cold ----------------------------------------------------------------------------------
def test_a_cold_referral_stores_nothing_personal_and_returns_the_card(world: World) -> None:
    referral, card = services.create_cold(
        world.desk_worker,
        services.ReferralInput(
            kind="cold", service_id=world.service.pk, question_id=world.question.pk
        ),
    )

    row = raw_row(referral)
    assert row["contact_encrypted"] == ""
    assert row["consent_given"] in (False, 0)
    assert row["summary"] == ""
    assert referral.status == Status.HANDED_OVER
    assert card.name == "Hulp bij brieven en formulieren"
    assert card.phone == "010 123 4567"
    assert card.address
    assert not mail.outbox  # no loop: the partner gets nothing


def test_a_cold_referral_refuses_contact_details(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_cold(world.desk_worker, world.warm_input(kind="cold"))

    assert {"contact_name", "contact_phone", "contact_email", "summary"} <= set(errors_of(exc))
    assert not Referral.objects.exists()


# -- the partner's steps -------------------------------------------------------------------
def test_the_partner_accepts_contacts_and_completes_and_the_details_are_erased(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.transition(world.partner_editor, referral, "accept")
    assert referral.status == Status.ACCEPTED and referral.accepted_at
    assert referral.has_contact
    (to_desk,) = mail.outbox
    assert to_desk.to == ["mila@bieb.example"]
    assert NAME not in to_desk.body and PHONE not in to_desk.body

    referral = services.transition(world.partner_editor, referral, "contact")
    assert referral.status == Status.CONTACTED and referral.contacted_at
    referral = services.transition(world.partner_editor, referral, "complete")

    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.contact_encrypted == ""
    assert referral.contact_erased_at is not None
    assert raw_row(referral)["contact_encrypted"] == ""
    actions = list(referral.events.values_list("action", "from_status", "to_status", "reason"))
    assert actions == [
        ("create", "", "sent", ""),
        ("accept", "sent", "accepted", ""),
        ("contact", "accepted", "contacted", ""),
        ("complete", "contacted", "completed", ""),
        ("erase", "completed", "completed", "closed"),
    ]


def test_declining_needs_a_reason_and_erases_the_details(world: World) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    with pytest.raises(ValidationError) as exc:
        services.transition(world.partner_editor, referral, "decline")
    assert list(errors_of(exc)) == ["reason"]
    with pytest.raises(ValidationError) as exc:
        services.transition(
            world.partner_editor, referral, "decline", reason="other", note="Bel 06-11223344"
        )
    assert list(errors_of(exc)) == ["note"]
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.has_contact

    referral = services.transition(
        world.partner_editor, referral, "decline", reason="no_capacity", note="Vol tot juni."
    )
    assert referral.status == Status.DECLINED
    assert referral.decline_reason == "no_capacity"
    assert referral.contact_encrypted == ""
    assert referral.events.filter(action="decline", reason="no_capacity").exists()


def test_steps_out_of_order_are_refused(world: World) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    with pytest.raises(ValidationError) as exc:
        services.transition(world.partner_editor, referral, "complete")
    assert list(errors_of(exc)) == ["status"]
    services.transition(world.desk_worker, referral, "cancel")
    with pytest.raises(ValidationError):
        services.transition(world.partner_editor, referral, "accept")


def test_only_the_partner_handles_and_only_the_desk_cancels(world: World) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    other_partner = make_user(Role.PARTNER_EDITOR)
    for user in (world.desk_worker, other_partner):
        with pytest.raises(PermissionDenied):
            services.transition(user, referral, "accept")
    with pytest.raises(PermissionDenied):
        services.transition(world.partner_editor, referral, "cancel")
    with pytest.raises(PermissionDenied):
        services.transition(user_for(Role.PROGRAMME_OFFICE, world.network), referral, "cancel")

    colleague = user_for(Role.DESK_WORKER, world.network)  # same branch
    referral = services.transition(colleague, referral, "cancel")
    assert referral.status == Status.CANCELLED
    assert referral.contact_encrypted == ""


def test_the_audit_trail_holds_no_personal_data(world: World) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    services.transition(world.partner_editor, referral, "accept")
    services.transition(
        world.partner_editor, referral, "decline", reason="other", note="Past niet bij ons."
    )

    table = ReferralEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        dump = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for secret in (NAME, "Jansen", PHONE, EMAIL, SUMMARY[:20], "Past niet"):
        assert secret not in dump
    field_names = {f.name for f in ReferralEvent._meta.get_fields()}
    assert field_names == {
        "id",
        "referral",
        "action",
        "from_status",
        "to_status",
        "reason",
        "user",
        "at",
    }


# -- courses -------------------------------------------------------------------------------
def test_a_course_registration_is_refused_when_the_session_is_full(world: World) -> None:
    course, schedule, day = course_service(world.network.rotterdam, capacity=2)
    make_user(Role.COORDINATOR, organisation=world.network.rotterdam, email="kees@bieb.example")

    def register(**overrides: Any) -> Referral:
        fields = {
            "kind": "course",
            "service_id": course.pk,
            "question_id": None,
            "branch_id": world.network.rotterdam_centrum.pk,
            "schedule_id": schedule.pk,
            "session_date": day,
            **overrides,
        }
        return services.create_warm(world.desk_worker, world.warm_input(**fields))

    first = register()
    register()
    with pytest.raises(ValidationError) as exc:
        register()
    assert "vol" in errors_of(exc)["session_date"][0]
    assert Referral.objects.filter(kind=Kind.COURSE).count() == 2
    assert first.partner == world.network.rotterdam

    coordinator = first.partner.users.get(role=Role.COORDINATOR)
    services.transition(coordinator, first, "decline", reason="citizen_declined")
    assert register().status == Status.SENT  # the place came free

    with pytest.raises(ValidationError) as exc:
        register(session_date=day + timedelta(days=1))
    assert "session_date" in errors_of(exc)


def test_a_course_registration_needs_a_course(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_warm(world.desk_worker, world.warm_input(kind="course"))
    assert "service" in errors_of(exc)


# -- overdue and retention -----------------------------------------------------------------
def test_overdue_after_two_working_days_not_counting_a_holiday(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    tz = timezone.get_current_timezone()
    friday = timezone.datetime(2025, 4, 18, 10, 0, tzinfo=tz)  # Easter Monday 21 April follows
    referral = services.create_warm(world.desk_worker, world.warm_input())
    Referral.objects.filter(pk=referral.pk).update(created_at=friday)
    referral.refresh_from_db()

    assert referral.response_due == timezone.datetime(2025, 4, 23, 10, 0, tzinfo=tz)
    assert not referral.is_overdue(timezone.datetime(2025, 4, 22, 11, 0, tzinfo=tz))
    assert not referral.is_overdue(timezone.datetime(2025, 4, 23, 9, 59, tzinfo=tz))
    assert referral.is_overdue(timezone.datetime(2025, 4, 23, 10, 1, tzinfo=tz))

    assert services.flag_overdue(timezone.datetime(2025, 4, 22, 11, 0, tzinfo=tz)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flagged = services.flag_overdue(timezone.datetime(2025, 4, 23, 12, 0, tzinfo=tz))
    assert flagged == [referral.pk]
    (reminder,) = mail.outbox
    assert "2 werkdagen" in reminder.body and NAME not in reminder.body
    assert services.flag_overdue(timezone.datetime(2025, 4, 24, 12, 0, tzinfo=tz)) == []

    services.transition(world.partner_editor, referral, "accept")
    referral.refresh_from_db()
    assert not referral.is_overdue(timezone.datetime(2025, 4, 30, tzinfo=tz))


def test_purge_expires_open_referrals_after_30_days_and_erases_their_details(
    world: World,
) -> None:
    old = services.create_warm(world.desk_worker, world.warm_input())
    recent = services.create_warm(world.desk_worker, world.warm_input())
    leftover = services.create_warm(world.desk_worker, world.warm_input())
    now = timezone.now()
    Referral.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=31))
    Referral.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=29))
    Referral.objects.filter(pk=leftover.pk).update(status=Status.COMPLETED)  # details left

    dry = services.purge_expired(now, dry_run=True)
    assert dry.expired == [old.pk] and sorted(dry.erased) == [old.pk, leftover.pk]
    assert Referral.objects.exclude(contact_encrypted="").count() == 3

    result = services.purge_expired(now)
    assert result.expired == [old.pk]
    assert sorted(result.erased) == [old.pk, leftover.pk]
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Status.EXPIRED and old.contact_encrypted == "" and old.closed_at
    assert recent.status == Status.SENT and recent.has_contact
    assert old.events.filter(action="erase", reason="retention").exists()
    assert services.purge_expired(now).erased == []
