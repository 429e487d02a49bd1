"""The quarterly report by e-mail: subscribing with one button, unsubscribing through the
signed link without logging in, and the daily job: once a quarter's report day has come each
subscriber gets its own scope's PDF once, a failure is retried on the next run without
stopping the others, inactive users and roles without a report get nothing."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from wegwijs.accounts.models import Role
from wegwijs.core.retention import hooks
from wegwijs.core.schedule import jobs
from wegwijs.monitor import pdfreport, retention, subscriptions, tasks
from wegwijs.monitor.models import ReportDelivery, ReportSubscription
from wegwijs.monitor.tests.conftest import Registered
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Rendering costs a second a PDF; where the sending is under test, a stand-in records
    which scope was rendered, and whether as the library's own figures."""
    rendered: list[tuple[str, bool]] = []

    def render(report_scope: pdfreport.ReportScope, year: int, quarter: int, **kw: Any) -> bytes:
        rendered.append((report_scope.key, kw["inside"]))
        return f"%PDF-1.7 {report_scope.key} Q{quarter} {year}".encode()

    monkeypatch.setattr(pdfreport, "render", render)
    return rendered


def subscriber(role: str, reg: Registered, email: str, **kwargs: Any) -> Any:
    user = user_for(role, reg.network, email=email, **kwargs)
    subscriptions.subscribe(user)
    return user


def test_subscribe_and_unsubscribe_with_one_button(
    registered: Registered, client: Any, log_in: Any
) -> None:
    user = user_for(Role.COORDINATOR, registered.network, email="co@example.org")
    log_in(user)
    page = client.get("/monitor/rapport/")
    assert 'action="/monitor/abonnementen/"' in page.text and 'value="subscribe"' in page.text
    answer = client.post("/monitor/abonnementen/", {"action": "subscribe"})
    assert answer.status_code == 302 and answer["Location"] == "/monitor/rapport/#subscription"
    assert ReportSubscription.objects.filter(user=user).exists()
    client.post("/monitor/abonnementen/", {"action": "subscribe"})  # twice: still one
    assert ReportSubscription.objects.count() == 1
    assert 'value="unsubscribe"' in client.get("/monitor/rapport/").text
    client.post("/monitor/abonnementen/", {"action": "unsubscribe"})
    assert not ReportSubscription.objects.exists()
    assert client.get("/monitor/abonnementen/").status_code == 405
    log_in(user_for(Role.DESK_WORKER, registered.network))
    assert client.post("/monitor/abonnementen/", {"action": "subscribe"}).status_code == 403
    assert ReportSubscription.objects.count() == 0


def test_the_signed_link_unsubscribes_without_logging_in(registered: Registered) -> None:
    user = subscriber(Role.AGENCY_ANALYST, registered, "uwv@example.org")
    url = subscriptions.unsubscribe_url(user)
    assert url.startswith("http")
    path = url[url.index("/monitor/") :]
    browser = Client(enforce_csrf_checks=True)
    asked = browser.get(path)  # a link checker opening the link changes nothing
    assert asked.status_code == 200 and 'method="post"' in asked.text
    assert ReportSubscription.objects.filter(user=user).exists()
    tampered = browser.post(path.replace("/afmelden/", "/afmelden/x"))
    assert tampered.status_code == 400
    other = user_for(Role.COORDINATOR, registered.network)
    forged = (
        subscriptions.token_for(other).rsplit(":", 1)[0] + ":" + path.rstrip("/").rsplit(":", 1)[1]
    )
    assert browser.post(f"/monitor/abonnementen/afmelden/{forged}/").status_code == 400
    assert ReportSubscription.objects.filter(user=user).exists()
    # One click in the mail program (RFC 8058): a POST without a form or CSRF token.
    done = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert not ReportSubscription.objects.filter(user=user).exists()
    assert browser.post(path).status_code == 200  # again: nothing left to do, no error


def test_each_subscriber_gets_its_own_report_once_per_quarter(
    registered: Registered, fake_pdf: list[tuple[str, bool]]
) -> None:
    year = registered.year
    coordinator = subscriber(Role.COORDINATOR, registered, "co@example.org")
    subscriber(Role.AGENCY_ANALYST, registered, "uwv@example.org")
    subscriber(Role.PROGRAMME_OFFICE, registered, "kb1@example.org")
    subscriber(Role.PROGRAMME_OFFICE, registered, "kb2@example.org")
    day = pdfreport.report_day(year, 1)
    assert subscriptions.send_due(day - timedelta(days=1)) is None  # not due yet
    outcome = subscriptions.send_due(day)
    assert outcome is not None and (outcome.year, outcome.quarter) == (year, 1)
    assert len(outcome.sent) == 4 and not outcome.failed
    assert sorted(fake_pdf) == [("agency:uwv", False), ("library:bibliotheek-rotterdam", True),
                                ("national", False)]  # fmt: skip
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"co@example.org", "uwv@example.org", "kb1@example.org",
                               "kb2@example.org"}  # fmt: skip
    message = by_address["co@example.org"]
    ((name, content, mimetype),) = message.attachments
    assert name == f"kwartaalrapport-bibliotheek-rotterdam-{year}-q1.pdf"
    assert mimetype == "application/pdf" and b"library:bibliotheek-rotterdam" in content
    assert str(year) in message.subject and "Bibliotheek Rotterdam" in message.subject
    unsubscribe = subscriptions.unsubscribe_url(coordinator)
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert b"%PDF" in by_address["kb1@example.org"].attachments[0][1]
    # Every day after: nothing twice.
    again = subscriptions.send_due(day + timedelta(days=1))
    assert again is not None and not again.sent and again.already == 4
    assert len(mail.outbox) == 4
    assert ReportDelivery.objects.filter(sent_at__isnull=False, year=year, quarter=1).count() == 4
    assert set(ReportDelivery.objects.values_list("scope", flat=True)) == {
        "library:bibliotheek-rotterdam", "agency:uwv", "national"
    }  # fmt: skip


def test_a_failure_does_not_stop_the_others_and_is_retried(
    registered: Registered, fake_pdf: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = subscriber(Role.COORDINATOR, registered, "broken@example.org")
    subscriber(Role.AGENCY_ANALYST, registered, "uwv@example.org")
    original = EmailMessage.send

    def send(self: EmailMessage, fail_silently: bool = False) -> int:
        if "broken@example.org" in self.to:
            raise ConnectionRefusedError("the mail server is down")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    day = pdfreport.report_day(registered.year, 1)
    outcome = subscriptions.send_due(day)
    assert outcome is not None and len(outcome.sent) == 1 and len(outcome.failed) == 1
    assert [m.to for m in mail.outbox] == [["uwv@example.org"]]
    delivery = ReportDelivery.objects.get(user=failing)
    assert (delivery.sent_at, delivery.attempts, delivery.claimed_at) == (None, 1, None)
    assert delivery.last_error == "ConnectionRefusedError"  # the class only, no address
    monkeypatch.setattr(EmailMessage, "send", original)
    retry = subscriptions.send_due(day + timedelta(days=1))
    assert retry is not None and len(retry.sent) == 1 and retry.already == 1
    assert [m.to for m in mail.outbox] == [["uwv@example.org"], ["broken@example.org"]]
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.attempts == 2 and not delivery.last_error


def test_a_delivery_being_sent_by_another_run_is_not_sent_twice(
    registered: Registered, fake_pdf: list[tuple[str, bool]]
) -> None:
    user = subscriber(Role.COORDINATOR, registered, "co@example.org")
    ReportDelivery.objects.create(
        user=user, year=registered.year, quarter=1, claimed_at=timezone.now()
    )
    outcome = subscriptions.send_reports(registered.year, 1)
    assert not outcome.sent and not mail.outbox
    ReportDelivery.objects.update(claimed_at=timezone.now() - timedelta(hours=2))  # it died
    assert len(subscriptions.send_reports(registered.year, 1).sent) == 1


def test_inactive_users_and_roles_without_a_report_get_nothing(
    registered: Registered, fake_pdf: list[tuple[str, bool]]
) -> None:
    subscriber(Role.COORDINATOR, registered, "gone@example.org", is_active=False)
    moved = subscriber(Role.COORDINATOR, registered, "moved@example.org")
    moved.role = Role.DESK_WORKER  # lost the coordinator role
    moved.branch = registered.network.rotterdam_centrum
    moved.save()
    subscriber(Role.POI_CONSULTANT, registered, "")  # no address
    outcome = subscriptions.send_reports(registered.year, 1)
    assert not outcome.sent and not mail.outbox and not fake_pdf
    assert len(outcome.skipped) == 3
    assert not ReportDelivery.objects.exists()


def test_the_attachment_is_the_real_report(registered: Registered) -> None:
    subscriber(Role.COORDINATOR, registered, "co@example.org")
    subscriptions.send_reports(registered.year, 1)
    (message,) = mail.outbox
    reader = PdfReader(io.BytesIO(message.attachments[0][1]))
    text = reader.pages[0].extract_text()
    assert "Bibliotheek Rotterdam" in text and str(registered.year) in text
    assert reader.metadata is not None and "Bibliotheek Rotterdam" in (reader.metadata.title or "")


def test_the_command_sends_a_given_quarter_or_only_lists_it(
    registered: Registered, fake_pdf: list[tuple[str, bool]], capsys: Any
) -> None:
    subscriber(Role.AGENCY_ANALYST, registered, "uwv@example.org")
    call_command("monitor", "send-reports", "--quarter", f"{registered.year}Q1", "--dry-run")
    out = capsys.readouterr().out
    assert "1 would be sent" in out and "agency:uwv" in out
    assert not mail.outbox and not ReportDelivery.objects.exists()
    call_command("monitor", "send-reports", "--quarter", f"{registered.year}-q1")
    assert len(mail.outbox) == 1
    call_command("monitor", "send-reports", "--quarter", f"{registered.year}Q1")
    assert len(mail.outbox) == 1  # once
    for bad in ("2026Q5", "Q3", "2018Q4"):
        with pytest.raises(CommandError):
            call_command("monitor", "send-reports", "--quarter", bad)
    this_year, this_quarter = pdfreport.quarter_of(date.today())
    with pytest.raises(CommandError, match="has not ended"):
        call_command("monitor", "send-reports", "--quarter", f"{this_year}Q{this_quarter}")
    call_command("monitor", "send-reports", "--dry-run")  # today's due quarter, or nothing
    assert capsys.readouterr().out.startswith(("Quarterly report", "Nothing due"))


def test_the_daily_job_is_scheduled_and_old_deliveries_are_deleted(
    registered: Registered, fake_pdf: list[tuple[str, bool]]
) -> None:
    job = jobs()["monitor-quarterly-reports"]
    assert job.at is not None and job.task is tasks.send_quarterly_reports
    user = user_for(Role.COORDINATOR, registered.network)
    this_year = timezone.localdate().year
    old = ReportDelivery.objects.create(user=user, year=this_year - 3, quarter=4)
    kept = ReportDelivery.objects.create(user=user, year=this_year - 2, quarter=1)
    result = tasks.send_quarterly_reports.enqueue()  # the immediate backend in tests
    assert result.return_value.startswith(("Quarterly report", "No quarterly report due"))
    assert not ReportDelivery.objects.filter(pk=old.pk).exists()
    assert ReportDelivery.objects.filter(pk=kept.pk).exists()
    assert retention.run(dry_run=True).count == 0
    assert "monitor-report-deliveries" in hooks()  # also part of `wegwijs retention`


def test_the_page_says_when_the_next_report_comes() -> None:
    assert subscriptions.next_sending(date(2026, 1, 2)) == (2025, 4, date(2026, 1, 5))
    assert subscriptions.next_sending(date(2026, 1, 6)) == (2025, 4, date(2026, 1, 6))
    assert subscriptions.due_quarter(date(2026, 4, 1)) is None
    assert subscriptions.due_quarter(date(2026, 4, 2)) == (2026, 1)
    assert subscriptions.due_quarter(datetime(2026, 6, 30).date()) == (2026, 1)
