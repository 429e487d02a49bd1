""" "Meer weten?" requests: the public form, its spam protection, routing to the POI's
experts, the e-mail without personal data, encryption at rest, handling and erasure."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from wegwijs.core.retention import hooks
from wegwijs.programme.contact import services, spam
from wegwijs.programme.contact.models import (
    ContactExpert,
    ContactRequest,
    ContactRequestEvent,
    RequestStatus,
)
from wegwijs.programme.contact.tests.conftest import World, form_data
from wegwijs.referrals.crypto import decrypt_contact

pytestmark = pytest.mark.django_db

BSN = "111222333"  # passes the 11-check


def form_url(slug: str = "probiblio") -> str:
    return reverse("programme:contact:public_form", args=[slug])


def raw_row(pk: int) -> tuple[str, str]:
    """The stored contact column and question, as the database holds them."""
    table = ContactRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contact_encrypted, question FROM {table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()  # type: ignore[no-any-return]


def submit(client: Any, capture: Any, slug: str = "probiblio", **overrides: Any) -> Any:
    with capture(execute=True):
        return client.post(form_url(slug), form_data(**overrides))


# -- the form ---------------------------------------------------------------------------------
def test_the_public_pages_need_no_login(world: World, client: Any) -> None:
    assert client.get(reverse("programme:contact:public_index")).status_code == 200
    response = client.get(form_url())
    assert response.status_code == 200
    assert b'name="started"' in response.content
    with translation.override("en"):
        page = client.get(form_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The privacy notice sits above the button.
    assert page.index("What we do with your details") < page.index('type="submit" class="button"')
    assert "after 30 days at the latest" in page


def test_a_half_logged_in_poi_consultant_also_reaches_the_public_form(
    world: World, log_in: Any
) -> None:
    client = log_in(world.colleague, verified=False)
    assert client.get(form_url()).status_code == 200
    assert client.get(reverse("programme:contact:request_list")).status_code == 302


def test_a_valid_request_is_stored_and_thanked(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = submit(client, django_capture_on_commit_callbacks, phone="06-12345678")
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:contact:public_thanks", args=["probiblio"])
    request = ContactRequest.objects.get()
    assert request.poi == world.network.probiblio
    assert request.status == RequestStatus.OPEN
    contact = decrypt_contact(request.contact_encrypted)
    assert (contact.email, contact.phone, contact.name) == (
        "vraag@bibliotheek.test",
        "0612345678",
        "Bibliotheek Rotterdam",
    )
    assert client.get(response["Location"]).status_code == 200


def test_the_form_needs_an_email_address_or_a_phone_number(world: World, client: Any) -> None:
    response = client.post(form_url(), form_data(email="", phone=""))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("email") and form.has_error("phone")
    assert not ContactRequest.objects.exists()
    assert b'class="error-summary"' in response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345"),
        ("phone", "06-1234567"),  # nine digits
        ("phone", "+44 20 7946 0958"),  # not Dutch
        ("phone", "06 12345678 bel me"),
        ("email", "naam@"),
        ("email", "naam bibliotheek.nl"),
        ("email", "a" * 250 + "@x.nl"),
    ],
)
def test_an_invalid_phone_number_or_email_address_is_refused(
    world: World, client: Any, field: str, value: str
) -> None:
    response = client.post(form_url(), form_data(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].has_error(field)
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06-12345678", "0612345678"),
        ("06 1234 5678", "0612345678"),
        ("(071) 523 45 67", "0715234567"),
        ("+31 6 12345678", "0612345678"),
        ("+31 (0)6 12345678", "0612345678"),
        ("0031 71 5234567", "0715234567"),
        ("+31 06 12345678", "0612345678"),
    ],
)
def test_dutch_phone_numbers_as_people_write_them(typed: str, stored: str) -> None:
    assert services.normalise_phone(typed) == stored


def test_a_bsn_in_the_question_is_refused_and_nothing_is_stored(world: World, client: Any) -> None:
    response = client.post(form_url(), form_data(question=f"Mijn BSN is {BSN}, kunt u helpen?"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("question", code="personal_data")
    assert not ContactRequest.objects.exists()
    assert BSN.encode() not in response.content.split(b"<textarea")[0]  # not echoed in messages


def test_mask_and_save_stores_the_question_without_the_bsn(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        question=f"Mijn BSN is {BSN}, kunt u helpen?",
        _mask="1",
    )
    assert response.status_code == 302
    stored = ContactRequest.objects.get().question
    assert BSN not in stored and "kunt u helpen" in stored


def test_the_contact_fields_themselves_are_not_refused_as_personal_data(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        email="jan.de.vries@bibliotheek.test",
        phone="0612345678",
        organisation="Jan de Vries",
    )
    assert response.status_code == 302


def test_a_too_long_question_is_refused(world: World, client: Any) -> None:
    response = client.post(form_url(), form_data(question="vraag " * 200))
    assert response.status_code == 400
    assert response.context["form"].has_error("question")
    assert not ContactRequest.objects.exists()


# -- spam protection ----------------------------------------------------------------------------
def test_a_filled_in_honeypot_looks_like_success_but_stores_nothing(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = submit(client, django_capture_on_commit_callbacks, website="https://spam.test")
    assert response.status_code == 302
    assert not ContactRequest.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("started", ["just now", "hours ago", "missing", "tampered"])
def test_a_submit_too_fast_too_late_or_without_a_valid_stamp_stores_nothing(
    world: World, client: Any, started: str
) -> None:
    token = {
        "just now": spam.started_token(),  # robot speed
        "hours ago": spam.started_token(time.time() - spam.MAX_AGE - 60),
        "missing": "",
        "tampered": spam.started_token(time.time() - 10)[:-3] + "abc",
    }[started]
    response = client.post(form_url(), form_data(started=token))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not ContactRequest.objects.exists()
    # The page comes back with a fresh stamp, so the person can simply send again.
    assert spam.check_started(response.context["started"], time.time() + 5) == spam.OK


def test_too_many_submits_from_one_address_are_refused(
    world: World, client: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(spam, "RATE", "2/hour")
    for _ in range(2):
        assert submit(client, django_capture_on_commit_callbacks).status_code == 302
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert ContactRequest.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(form_url(), form_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # another address has its own count


# -- routing --------------------------------------------------------------------------------
def test_the_chosen_province_leads_to_the_poi_that_serves_it(world: World, client: Any) -> None:
    response = client.get(reverse("programme:contact:public_index"), {"provincie": "NL-UT"})
    assert response.status_code == 302
    assert response["Location"] == form_url("bisc") + "?provincie=NL-UT"
    response = client.get(reverse("programme:contact:public_index"), {"provincie": "NL-XX"})
    assert response.status_code == 400


def test_a_request_goes_to_the_chosen_poi_with_its_province(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submit(client, django_capture_on_commit_callbacks, province="NL-NH")
    submit(client, django_capture_on_commit_callbacks, slug="bisc")
    probiblio, bisc = ContactRequest.objects.order_by("pk")
    assert (probiblio.poi, probiblio.province) == (
        world.network.probiblio,
        world.network.noord_holland,
    )
    assert bisc.poi == world.network.bisc
    # A province the POI does not serve is refused.
    response = client.post(form_url(), form_data(province="NL-UT"))
    assert response.status_code == 400
    assert ContactRequest.objects.count() == 2


def test_a_poi_without_consultants_cannot_receive_requests(world: World, client: Any) -> None:
    from wegwijs.testing.factories import PoiFactory

    PoiFactory(name="Lege POI", slug="lege-poi", provinces=[world.network.utrecht])
    response = client.get(form_url("lege-poi"))
    assert response.status_code == 200
    assert response.context["receivable"] is False
    assert client.post(form_url("lege-poi"), form_data()).status_code == 400
    assert not ContactRequest.objects.exists()
    assert client.get(form_url("no-such-poi")).status_code == 404


# -- e-mail -----------------------------------------------------------------------------------
def test_the_experts_get_an_email_with_only_a_link(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submit(client, django_capture_on_commit_callbacks, phone="06 12345678")
    request = ContactRequest.objects.get()
    assert [m.to for m in mail.outbox] == [["anne@poi.test"]]  # the expert, not her colleague
    message = mail.outbox[0]
    text = message.subject + message.body
    assert reverse("programme:contact:request_detail", args=[request.pk]) in message.body
    for personal in ("vraag@bibliotheek.test", "0612345678", "12345678", "Rotterdam", "starten"):
        assert personal not in text


def test_a_poi_without_experts_mails_all_its_consultants(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submit(client, django_capture_on_commit_callbacks, slug="bisc")
    assert [m.to for m in mail.outbox] == [["cor@bisc.test"]]
    ContactExpert.objects.all().delete()
    mail.outbox.clear()
    submit(client, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@poi.test", "bas@poi.test"]


# -- stored encrypted -------------------------------------------------------------------------
def test_the_contact_details_are_stored_encrypted(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submit(client, django_capture_on_commit_callbacks, phone="06 12345678")
    contact, question = raw_row(ContactRequest.objects.get().pk)
    assert contact.startswith("gAAAA")  # a Fernet token
    for plain in ("vraag@bibliotheek.test", "0612345678", "Bibliotheek Rotterdam"):
        assert plain not in contact
    assert question.startswith("Hoe starten wij")


# -- handling -----------------------------------------------------------------------------------
def make_request(world: World, **kwargs: Any) -> ContactRequest:
    data = services.RequestInput(
        email="vraag@bibliotheek.test", phone="0612345678", question="Hoe beginnen we?"
    )
    return services.submit(kwargs.pop("poi", world.network.probiblio), data, **kwargs)


def test_the_expert_opens_and_handles_a_request_and_the_details_are_erased(
    world: World, log_in: Any
) -> None:
    request = make_request(world)
    client = log_in(world.expert)
    listing = client.get(reverse("programme:contact:request_list"))
    assert listing.status_code == 200
    assert b"vraag@bibliotheek.test" not in listing.content  # the list shows no details
    detail = client.get(reverse("programme:contact:request_detail", args=[request.pk]))
    assert detail.status_code == 200
    assert b"vraag@bibliotheek.test" in detail.content
    assert b"06 12345678" in detail.content
    views = ContactRequestEvent.objects.filter(request=request, action="view")
    assert [(e.user_id) for e in views] == [world.expert.pk]
    response = client.post(
        reverse("programme:contact:request_handle", args=[request.pk]), {"outcome": "answered"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.HANDLED
    assert request.outcome == "answered"
    assert request.handled_by == world.expert
    assert raw_row(request.pk) == ("", "")
    assert (
        client.get(reverse("programme:contact:request_detail", args=[request.pk])).status_code
        == 404
    )


def test_an_unknown_outcome_is_refused(world: World, log_in: Any) -> None:
    request = make_request(world)
    client = log_in(world.expert)
    response = client.post(
        reverse("programme:contact:request_handle", args=[request.pk]), {"outcome": "bogus"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.is_open and request.contact_encrypted


def test_unhandled_requests_are_erased_after_the_keep_days(world: World) -> None:
    now = timezone.now()
    old = make_request(world, now=now - timedelta(days=31))
    recent = make_request(world, now=now - timedelta(days=29))
    outcome = hooks()["contact-requests"].run(True)  # dry run: nothing changes
    assert outcome.count == 1
    assert ContactRequest.objects.get(pk=old.pk).is_open
    outcome = hooks()["contact-requests"].run(False)
    assert outcome.count == 1
    old.refresh_from_db()
    assert old.status == RequestStatus.EXPIRED and raw_row(old.pk) == ("", "")
    assert ContactRequest.objects.get(pk=recent.pk).contact_encrypted
    with override_settings(CONTACT_REQUESTS_KEEP_DAYS=7):
        services.purge_expired()
    recent.refresh_from_db()
    assert recent.status == RequestStatus.EXPIRED and raw_row(recent.pk) == ("", "")


def test_a_reminder_after_two_working_days_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    friday = datetime(2026, 3, 6, 15, 0, tzinfo=amsterdam)
    request = make_request(world, now=friday)
    # Monday evening: only one working day later.
    assert services.flag_overdue(datetime(2026, 3, 9, 18, 0, tzinfo=amsterdam)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tuesday_late = datetime(2026, 3, 10, 15, 30, tzinfo=amsterdam)
        assert services.flag_overdue(tuesday_late) == [request.pk]
        assert services.flag_overdue(tuesday_late + timedelta(hours=1)) == []
    assert [m.to for m in mail.outbox] == [["anne@poi.test"]]
    assert "vraag@bibliotheek.test" not in mail.outbox[0].body


# -- who sees what ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who", ["colleague", "bisc_consultant", "office", "coordinator", "desk_worker"]
)
def test_only_the_experts_open_a_request(world: World, log_in: Any, who: str) -> None:
    request = make_request(world)
    client = log_in(getattr(world, who))
    response = client.get(reverse("programme:contact:request_detail", args=[request.pk]))
    assert response.status_code == 403
    response = client.post(reverse("programme:contact:request_handle", args=[request.pk]))
    assert response.status_code == 403
    assert not ContactRequestEvent.objects.filter(action="view").exists()


def test_the_detail_needs_a_login(world: World, client: Any) -> None:
    request = make_request(world)
    response = client.get(reverse("programme:contact:request_detail", args=[request.pk]))
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_the_programme_office_sees_counts_only(world: World, log_in: Any) -> None:
    make_request(world)
    handled = make_request(world, poi=world.network.bisc)
    services.handle(world.bisc_consultant, handled, "appointment")
    client = log_in(world.office)
    assert client.get(reverse("programme:contact:request_list")).status_code == 302
    response = client.get(reverse("programme:contact:request_counts"))
    assert response.status_code == 200
    rows = {row.poi.slug: row for row in response.context["rows"]}
    assert (rows["probiblio"].received, rows["probiblio"].open) == (1, 1)
    assert (rows["bisc"].handled, rows["bisc"].outcomes["appointment"]) == (1, 1)
    assert b"vraag@bibliotheek.test" not in response.content


@pytest.mark.parametrize(
    ("who", "list_status", "counts_status"),
    [
        ("expert", 200, 200),
        ("colleague", 200, 200),  # sees who the experts are, no requests
        ("coordinator", 403, 403),
        ("desk_worker", 403, 403),
    ],
)
def test_request_pages_per_role(
    world: World, log_in: Any, who: str, list_status: int, counts_status: int
) -> None:
    make_request(world)
    client = log_in(getattr(world, who))
    response = client.get(reverse("programme:contact:request_list"))
    assert response.status_code == list_status
    if who == "colleague":
        assert list(response.context["page"].object_list) == []
    assert client.get(reverse("programme:contact:request_counts")).status_code == counts_status


# -- experts ----------------------------------------------------------------------------------
def test_a_poi_consultant_names_the_experts_of_its_own_poi(world: World, log_in: Any) -> None:
    client = log_in(world.colleague)
    url = reverse("programme:contact:experts_poi", args=["probiblio"])
    assert client.get(reverse("programme:contact:experts"))["Location"] == url
    response = client.post(url, {"user": world.colleague.pk})
    assert response.status_code == 302
    assert set(services.selectors.experts(world.network.probiblio)) == {
        world.expert,
        world.colleague,
    }
    # Someone from another POI cannot be named.
    response = client.post(url, {"user": world.bisc_consultant.pk})
    assert response.status_code == 400
    # And the experts of another POI are not its business.
    assert client.get(reverse("programme:contact:experts_poi", args=["bisc"])).status_code == 403
    row = ContactExpert.objects.get(user=world.expert)
    response = client.post(reverse("programme:contact:expert_remove", args=["probiblio", row.pk]))
    assert response.status_code == 302
    assert list(services.selectors.experts(world.network.probiblio)) == [world.colleague]


def test_the_programme_office_sees_the_experts_of_every_poi(world: World, log_in: Any) -> None:
    client = log_in(world.office)
    response = client.get(reverse("programme:contact:experts"))
    assert response.status_code == 200
    assert {row["poi"].slug for row in response.context["rows"]} == {"probiblio", "bisc"}
    assert log_in(world.coordinator).get(reverse("programme:contact:experts")).status_code == 403


def test_the_area_start_page(world: World, log_in: Any) -> None:
    make_request(world)
    response = log_in(world.expert).get(reverse("programme:contact:index"))
    assert response.status_code == 200
    assert response.context["open_count"] == 1
    assert log_in(world.desk_worker).get(reverse("programme:contact:index")).status_code == 403
