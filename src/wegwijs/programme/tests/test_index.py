"""The programme start page: who may open it, and what it lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wegwijs.accounts.models import Role
from wegwijs.programme import access
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROGRAMME_OFFICE, 200),
        (Role.POI_CONSULTANT, 200),
        (Role.COORDINATOR, 200),
        (Role.DESK_WORKER, 403),
        (Role.AGENCY_ANALYST, 403),
        (Role.PARTNER_EDITOR, 403),
    ],
)
def test_who_may_open_the_programme_pages(
    network: Any, log_in: Any, role: str, status: int
) -> None:
    client = log_in(user_for(role, network))
    response = client.get(reverse("programme:index"))
    assert response.status_code == status
    if status == 200:
        nav = [item.url for item in response.context["nav_items"]]
        assert reverse("programme:index") in nav


def test_the_poi_sees_the_libraries_of_its_provinces_only(network: Any) -> None:
    poi = user_for(Role.POI_CONSULTANT, network)
    assert set(access.libraries(poi)) == {network.rotterdam, network.zaanstreek}
    coordinator = user_for(Role.COORDINATOR, network)
    assert list(access.libraries(coordinator)) == [network.rotterdam]
    office = user_for(Role.PROGRAMME_OFFICE, network)
    assert access.libraries(office).count() == 3
    assert not access.libraries(user_for(Role.DESK_WORKER, network)).exists()


def test_a_library_out_of_sight_is_forbidden_and_an_unknown_one_not_found(network: Any) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    coordinator = user_for(Role.COORDINATOR, network)
    assert access.library_or_403(coordinator, "bibliotheek-rotterdam") == network.rotterdam
    with pytest.raises(PermissionDenied):
        access.library_or_403(coordinator, "zaanstreek")
    with pytest.raises(Http404):
        access.library_or_403(coordinator, "no-such-library")


def test_the_start_pages_show_the_latest_published_news_only(network: Any, log_in: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from wegwijs.programme.contact.models import NewsItem, NewsStatus

    today = timezone.localdate()
    NewsItem.objects.create(
        title="Nieuwe flyers", summary="s", status=NewsStatus.PUBLISHED, publish_on=today
    )
    NewsItem.objects.create(title="Concept", summary="s", status=NewsStatus.DRAFT)
    NewsItem.objects.create(
        title="Volgende week",
        summary="s",
        status=NewsStatus.PUBLISHED,
        publish_on=today + timedelta(days=7),
    )
    desk = log_in(user_for(Role.DESK_WORKER, network))
    home = desk.get(reverse("core:home")).content.decode()
    assert "Nieuwe flyers" in home
    assert "Concept" not in home and "Volgende week" not in home
    coordinator = log_in(user_for(Role.COORDINATOR, network))
    assert "Nieuwe flyers" in coordinator.get(reverse("programme:index")).content.decode()
