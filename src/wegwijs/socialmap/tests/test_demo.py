"""The demo social map holds what a desk looks for: consultation hours, walk-in cafés, courses
with dates and places, and a one-off information meeting; it passes the HSDS import."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wegwijs.network.demo import load_network
from wegwijs.socialmap import demo, hsds
from wegwijs.socialmap.models import Schedule, Service, SocialOrganization


@pytest.fixture
def demo_map(db: None) -> int:
    load_network()
    return demo.load()


def test_courses_come_as_dated_series_with_a_maximum_group_size(demo_map: int) -> None:
    today = timezone.localdate()
    course = Service.objects.filter(name__startswith="Digisterker").first()
    assert course is not None and course.capacity == 8 and course.intake_required
    series = Schedule.objects.filter(service_at_location__service=course).order_by("dtstart")
    starts = sorted({s.dtstart for s in series})
    assert len(starts) == 2 and all(start > today for start in starts)
    for schedule in series:
        assert schedule.dtstart.weekday() == 0  # Mondays
        assert schedule.until - schedule.dtstart == timedelta(weeks=3)  # four lessons


def test_cafes_meetings_and_monthly_sessions_are_in_the_demo(demo_map: int) -> None:
    formats = set(Service.objects.values_list("format", flat=True))
    assert {"spreekuur", "cursus", "cafe", "informatiebijeenkomst"} <= formats
    one_off = Schedule.objects.filter(freq="").first()
    assert one_off is not None and one_off.dtstart > timezone.localdate()
    assert Schedule.objects.filter(freq=Schedule.Freq.MONTHLY, byday="1TU").exists()


def test_a_demo_library_exports_to_hsds_and_imports_again_unchanged(demo_map: int) -> None:
    course = Service.objects.filter(name__startswith="Digisterker").first()
    assert course is not None
    owner = course.organization.owner
    mine = Service.objects.filter(organization__owner=owner)
    document = hsds.export_json(mine, SocialOrganization.objects.none())

    result = hsds.import_json(document, owner=owner)

    assert sum(result.created.values()) == 0
    assert hsds.export_json(mine, SocialOrganization.objects.none()) == document
