"""News: who reads which items (audience, a POI's own provinces, drafts and future dates), who
writes them, the privacy guard on their text, and the feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.programme.contact import news, selectors
from wegwijs.programme.contact.models import Audience, NewsItem, NewsStatus
from wegwijs.programme.contact.tests.conftest import World
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


def item(title: str, **kwargs: Any) -> NewsItem:
    defaults: dict[str, Any] = {
        "summary": "Kort.",
        "status": NewsStatus.PUBLISHED,
        "audience": Audience.ALL,
        "publish_on": timezone.localdate() - timedelta(days=1),
    }
    defaults.update(kwargs)
    return NewsItem.objects.create(title=title, **defaults)


def titles(user: Any) -> set[str]:
    return {i.title for i in selectors.visible_news(user)}


def test_who_reads_which_news(world: World) -> None:
    n = world.network
    item("for all")
    item("for libraries", audience=Audience.LIBRARIES)
    item("for pois", audience=Audience.POIS)
    item("draft", status=NewsStatus.DRAFT)
    item("tomorrow", publish_on=timezone.localdate() + timedelta(days=1))
    item("probiblio to its libraries", audience=Audience.LIBRARIES, poi=n.probiblio)
    item("bisc to its libraries", audience=Audience.LIBRARIES, poi=n.bisc)
    agency = user_for(Role.AGENCY_ANALYST, n)
    utrecht_desk = make_user(Role.DESK_WORKER, branch=n.utrecht_neude)

    assert titles(world.desk_worker) == {"for all", "for libraries", "probiblio to its libraries"}
    assert titles(utrecht_desk) == {"for all", "for libraries", "bisc to its libraries"}
    assert titles(world.expert) == {"for all", "for pois"}
    assert titles(agency) == {"for all"}
    assert titles(world.office) == {
        "for all",
        "for libraries",
        "for pois",
        "probiblio to its libraries",
        "bisc to its libraries",
    }


def test_the_news_pages_for_a_logged_in_reader(world: World, log_in: Any, client: Any) -> None:
    shown = item("Nieuwe flyer", body="Eerste alinea.\n\nZie https://www.example.org voor meer.")
    hidden = item("Alleen POI's", audience=Audience.POIS)
    assert client.get(reverse("programme:contact:news_list")).status_code == 302  # login first
    reader = log_in(world.desk_worker)
    listing = reader.get(reverse("programme:contact:news_list"))
    assert listing.status_code == 200
    assert [i.pk for i in listing.context["page"].object_list] == [shown.pk]
    detail = reader.get(reverse("programme:contact:news_detail", args=[shown.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "<p>Eerste alinea.</p>" in body
    assert 'href="https://www.example.org"' in body
    assert reader.get(reverse("programme:contact:news_detail", args=[hidden.pk])).status_code == 404
    assert reader.get(reverse("programme:contact:news_create")).status_code == 403


def test_the_text_is_shown_as_plain_text_never_as_html(world: World, log_in: Any) -> None:
    shown = item("Veilig", body="<script>alert(1)</script> <b>vet</b>")
    page = log_in(world.desk_worker).get(reverse("programme:contact:news_detail", args=[shown.pk]))
    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;" in page.content


def news_form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Landelijke bijeenkomst",
        "summary": "Op 29 juni in de KB.",
        "body": "Meld je aan bij je POI.",
        "publish_on": timezone.localdate().isoformat(),
        "audience": "all",
        "status": "published",
    }
    data.update(overrides)
    return data


def test_the_programme_office_writes_changes_and_deletes_news(world: World, log_in: Any) -> None:
    client = log_in(world.office)
    response = client.post(reverse("programme:contact:news_create"), news_form())
    assert response.status_code == 302
    written = NewsItem.objects.get()
    assert (written.poi, written.created_by) == (None, world.office)
    response = client.post(
        reverse("programme:contact:news_edit", args=[written.pk]), news_form(status="draft")
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == "draft"
    assert titles(world.desk_worker) == set()
    assert client.get(reverse("programme:contact:news_manage")).status_code == 200
    response = client.post(reverse("programme:contact:news_delete", args=[written.pk]))
    assert response.status_code == 302
    assert not NewsItem.objects.exists()


def test_a_poi_writes_for_its_own_provinces_only(world: World, log_in: Any) -> None:
    client = log_in(world.expert)
    assert client.post(reverse("programme:contact:news_create"), news_form()).status_code == 302
    written = NewsItem.objects.get()
    assert written.poi == world.network.probiblio
    utrecht_desk = make_user(Role.DESK_WORKER, branch=world.network.utrecht_neude)
    assert titles(world.desk_worker) == {"Landelijke bijeenkomst"}
    assert titles(utrecht_desk) == set()
    # Another POI cannot change it; the programme office can.
    national = item("Landelijk")
    bisc = log_in(world.bisc_consultant)
    url = reverse("programme:contact:news_edit", args=[written.pk])
    assert bisc.get(url).status_code == 403
    assert bisc.get(reverse("programme:contact:news_edit", args=[national.pk])).status_code == 403
    assert log_in(world.office).get(url).status_code == 200


def test_personal_data_in_news_is_refused(world: World, log_in: Any) -> None:
    client = log_in(world.office)
    response = client.post(
        reverse("programme:contact:news_create"),
        news_form(body="Bel Anne op 06-12345678 of mail anne@poi.test."),
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("body", code="personal_data")
    assert not NewsItem.objects.exists()
    with pytest.raises(ValidationError) as caught:
        news.create(world.office, news.NewsInput(title="BSN 111222333", summary="x"))
    assert "title" in caught.value.message_dict


def test_the_feed_holds_what_the_reader_may_see(world: World, log_in: Any, client: Any) -> None:
    item("Voor iedereen")
    item("Alleen POI's", audience=Audience.POIS)
    assert client.get(reverse("programme:contact:news_feed")).status_code == 302
    feed = log_in(world.desk_worker).get(reverse("programme:contact:news_feed"))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Voor iedereen" in feed.content and b"Alleen POI" not in feed.content


def test_latest_news_for_a_start_page(world: World) -> None:
    for days in range(5):
        item(f"dag {days}", publish_on=timezone.localdate() - timedelta(days=days))
    assert [i.title for i in selectors.latest_news(world.desk_worker)] == [
        "dag 0",
        "dag 1",
        "dag 2",
    ]
