"""The weekly e-mail to POI consultants about what is behind schedule."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail

from wegwijs.accounts.models import Role
from wegwijs.core import schedule
from wegwijs.programme.rollout import digest
from wegwijs.programme.rollout.models import LibraryRollout, RolloutStepProgress
from wegwijs.programme.rollout.tests.conftest import World
from wegwijs.testing.factories import make_user

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 23)


def test_each_poi_consultant_gets_its_provinces_overdue_items_on_monday(
    world: World, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"  # the e-mail's language
    for step in (world.elearning, world.socialmap, world.opening):
        RolloutStepProgress.objects.create(
            library=world.net.utrecht_library, step=step, done_on=date(2020, 6, 1)
        )
    anne = make_user(Role.POI_CONSULTANT, organisation=world.net.probiblio, email="anne@poi.nl")
    make_user(Role.POI_CONSULTANT, organisation=world.net.probiblio, email="")  # no address
    make_user(
        Role.POI_CONSULTANT, organisation=world.net.probiblio, email="x@poi.nl", is_active=False
    )
    make_user(Role.POI_CONSULTANT, organisation=world.net.bisc, email="bas@bisc.nl")
    assert digest.send_digests(MONDAY) == 1  # Utrecht (BiSC) is not behind
    (message,) = mail.outbox
    assert message.to == [anne.email]
    assert "De Bieb voor de Zaanstreek: Open the Informatiepunt" in message.body
    assert "http://127.0.0.1:8000/programma/uitrol/achterstand/" in message.body
    assert "behind schedule" in message.subject
    assert "Bibliotheek Utrecht" not in message.body


def test_not_on_other_days_and_not_when_nothing_is_overdue(world: World) -> None:
    make_user(Role.POI_CONSULTANT, organisation=world.net.probiblio, email="anne@poi.nl")
    assert digest.send_digests(date(2026, 11, 24)) == 0
    assert digest.send_digests(date(2026, 11, 24), force=True) == 1
    LibraryRollout.objects.filter(library=world.net.zaanstreek).update(planned_opening=None)
    LibraryRollout.objects.filter(library=world.net.rotterdam).update(planned_opening=None)
    mail.outbox.clear()
    assert digest.send_digests(MONDAY) == 0
    assert not mail.outbox


def test_the_digest_is_a_scheduled_job(world: World, monkeypatch: Any) -> None:
    jobs = schedule.jobs()
    assert jobs["rollout-digest"].at == "07:00"
    calls: list[date | None] = []
    monkeypatch.setattr(digest, "send_digests", lambda today=None: calls.append(today) or 3)
    result = jobs["rollout-digest"].task.enqueue()
    assert result.return_value == "3 rollout digests sent"
    assert calls == [None]
