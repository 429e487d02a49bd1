"""The directory's day and time filters, facets with counts, and the card to take along."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wegwijs.socialmap.models import Service
from wegwijs.socialmap.tests.factories import (
    LocationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    SocialOrganizationFactory,
)
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
#: Tuesday 3 June 2025, 10:30: the first Tuesday of the month.
NOW = datetime(2025, 6, 3, 10, 30, tzinfo=AMS)
LIST = reverse("socialmap:list")


@dataclass
class Map:
    klik: Service  # café, walk in, Tuesdays 10-12
    digisterker: Service  # course, sign up, first Tuesday of the month 14-16
    belasting: Service  # consultation hour, walk in, Wednesdays 13-15:30
    formulieren: Service  # consultation hour, sign up, once on Wednesday 4 June, in Groningen


def offer(organization: Any, location: Any, **fields: Any) -> tuple[Service, Any]:
    service = ServiceFactory(organization=organization, **fields)
    return service, ServiceAtLocationFactory(service=service, location=location)


@pytest.fixture
def social(network: Network, monkeypatch: pytest.MonkeyPatch) -> Map:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    org = SocialOrganizationFactory(owner=network.rotterdam, name="Bibliotheek Rotterdam")
    library = LocationFactory(organization=org, name="Centrale Bibliotheek")
    groningen = LocationFactory(
        organization=org,
        name="Forum",
        address_1="Nieuwe Markt 1",
        postal_code="9712 KN",
        city="Groningen",
        latitude=53.22,
        longitude=6.57,
    )
    klik, at = offer(
        org,
        library,
        name="Klik & Tik inloop",
        description="Leer de computer kennen in uw eigen tempo.",
        themes=["digitale-vaardigheden"],
        target_groups=["ouderen"],
        format="cafe",
        access="inloop",
    )
    ScheduleFactory(service_at_location=at, byday="TU", opens_at=time(10), closes_at=time(12))
    digisterker, at = offer(
        org,
        library,
        name="Digisterker",
        description="Cursus over DigiD en de overheid online.",
        themes=["digid", "digitale-vaardigheden"],
        target_groups=["ouderen", "laaggeletterden"],
        format="cursus",
        access="aanmelden",
        what_to_bring=["Uw DigiD"],
    )
    ScheduleFactory(
        service_at_location=at, freq="MONTHLY", byday="1TU", opens_at=time(14), closes_at=time(16)
    )
    PhoneFactory(service=digisterker, number="010 281 6199")
    belasting, at = offer(
        org,
        library,
        name="Belastingspreekuur",
        description="Hulp bij de aangifte inkomstenbelasting.",
        themes=["belastingaangifte"],
        target_groups=["iedereen"],
        format="spreekuur",
        access="inloop",
    )
    ScheduleFactory(service_at_location=at, byday="WE", opens_at=time(13), closes_at=time(15, 30))
    formulieren, at = offer(
        org,
        groningen,
        name="Formulierenhulp",
        description="Hulp bij formulieren voor toeslagen en schulden.",
        themes=["geldzaken", "toeslagen"],
        target_groups=["iedereen"],
        format="spreekuur",
        access="aanmelden",
    )
    day = date(2025, 6, 4)
    ScheduleFactory(
        service_at_location=at,
        freq="",
        byday="",
        dtstart=day,
        until=day,
        opens_at=time(9),
        closes_at=time(11),
    )
    return Map(klik, digisterker, belasting, formulieren)


@pytest.fixture
def client_(network: Network, log_in: Any) -> Any:
    return log_in(user_for("desk_worker", network))


def names(response: Any) -> list[str]:
    assert response.status_code == 200
    return [s.name for s in response.context["page"].object_list]


def facet(response: Any, name: str) -> dict[str, tuple[int, bool, str]]:
    """code -> (count, current, url) of one facet as shown."""
    [found] = [f for f in response.context["facets"] if f["name"] == name]
    return {v["code"]: (v["count"], v["current"], v["url"]) for v in found["values"]}


# -- open now and on a day -------------------------------------------------------------------
def test_open_now_shows_what_is_on_at_this_moment(social: Map, client_: Any) -> None:
    assert names(client_.get(LIST, {"open_now": "on"})) == ["Klik & Tik inloop"]


def test_on_a_day_follows_weekly_monthly_and_one_off_sessions(social: Map, client_: Any) -> None:
    assert names(client_.get(LIST, {"day": "2025-06-03"})) == ["Digisterker", "Klik & Tik inloop"]
    assert names(client_.get(LIST, {"day": "2025-06-04"})) == [
        "Belastingspreekuur",
        "Formulierenhulp",
    ]
    assert names(client_.get(LIST, {"day": "2025-06-10"})) == ["Klik & Tik inloop"]  # 2nd Tuesday
    assert names(client_.get(LIST, {"day": "2025-06-11"})) == ["Belastingspreekuur"]
    assert names(client_.get(LIST, {"day": "2025-06-04", "open_now": "on"})) == []


def test_a_wrong_date_is_explained_and_the_other_filters_still_work(
    social: Map, client_: Any
) -> None:
    response = client_.get(LIST, {"day": "31-02-2025", "access": "inloop"})
    assert names(response) == ["Belastingspreekuur", "Klik & Tik inloop"]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'class="field-error"' in html


def test_results_show_the_next_session_and_a_card_link(social: Map, client_: Any) -> None:
    html = client_.get(LIST).content.decode()
    assert "Nu, tot 12:00" in html  # Klik & Tik is on now
    assert "Vandaag, 14:00–16:00" in html  # Digisterker this afternoon
    assert "Morgen, 13:00–15:30" in html
    assert reverse("socialmap:card", args=[social.klik.pk]) in html
    # With a day chosen, the next session from that day on.
    html = client_.get(LIST, {"day": "2025-06-10"}).content.decode()
    assert "dinsdag 10 juni, 10:00–12:00" in html


# -- filters together ------------------------------------------------------------------------
def test_filters_combine_with_need_and_place(social: Map, client_: Any) -> None:
    from wegwijs.geo.models import Pc4Area

    Pc4Area.objects.create(
        pc4="3011",
        place="Rotterdam",
        municipality="Rotterdam",
        province="Zuid-Holland",
        latitude=51.92,
        longitude=4.48,
        imported_at=timezone.now(),
    )
    assert names(client_.get(LIST, {"near": "3011 AB", "access": "aanmelden"})) == [
        "Digisterker",
        "Formulierenhulp",
    ]
    assert names(
        client_.get(LIST, {"near": "3011 AB", "access": "aanmelden", "format": "spreekuur"})
    ) == ["Formulierenhulp"]
    assert names(client_.get(LIST, {"q": "hulp", "access": "inloop"})) == ["Belastingspreekuur"]
    assert names(
        client_.get(LIST, {"q": "digid", "target_group": "ouderen", "day": "2025-06-03"})
    ) == ["Digisterker"]


# -- facets ----------------------------------------------------------------------------------
def test_facet_counts_use_every_filter_but_their_own(social: Map, client_: Any) -> None:
    response = client_.get(LIST)
    assert facet(response, "format") == {
        "cafe": (1, False, "?format=cafe"),
        "cursus": (1, False, "?format=cursus"),
        "spreekuur": (2, False, "?format=spreekuur"),
    }
    response = client_.get(LIST, {"format": "spreekuur"})
    assert names(response) == ["Belastingspreekuur", "Formulierenhulp"]
    formats = facet(response, "format")
    assert {code: f[0] for code, f in formats.items()} == {"cafe": 1, "cursus": 1, "spreekuur": 2}
    assert formats["spreekuur"][1] and formats["spreekuur"][2] == "?"  # choose again: off
    assert formats["cafe"][2] == "?format=cafe"
    assert {code: f[0] for code, f in facet(response, "access").items()} == {
        "inloop": 1,
        "aanmelden": 1,
    }
    themes = facet(response, "theme")
    assert "digid" not in themes  # no consultation hour about DigiD
    assert themes["toeslagen"][0] == 1


def test_facets_count_within_the_search_and_the_day(social: Map, client_: Any) -> None:
    response = client_.get(LIST, {"day": "2025-06-03", "access": "inloop"})
    assert names(response) == ["Klik & Tik inloop"]
    assert {c: f[0] for c, f in facet(response, "access").items()} == {"inloop": 1, "aanmelden": 1}
    assert {c: f[0] for c, f in facet(response, "format").items()} == {"cafe": 1}


def test_facet_links_work_without_javascript_and_mark_the_current_one(
    social: Map, client_: Any
) -> None:
    html = client_.get(LIST, {"q": "hulp"}).content.decode()
    link = re.search(r'<a href="([^"]+)" id="facet-access-aanmelden"', html)
    assert link is not None
    chosen = client_.get(LIST + link.group(1).replace("&amp;", "&"))
    assert names(chosen) == ["Formulierenhulp"]
    page = chosen.content.decode()
    assert re.search(r'id="facet-access-aanmelden" class="facet__link" aria-current="true"', page)
    assert "<fieldset" in page and "<legend>Aanmelden of inloop</legend>" in page


def test_htmx_gets_the_results_or_the_whole_directory(social: Map, client_: Any) -> None:
    partial = client_.get(
        LIST, {"format": "cafe"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = partial.content.decode()
    assert "<html" not in html and 'hx-swap-oob="innerHTML">1 aanbod' in html
    whole = client_.get(
        LIST, {"format": "cafe"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory"
    )
    assert '<div id="directory">' in whole.content.decode()


def test_the_directory_needs_the_same_queries_for_many_services(
    network: Network, client_: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    org = SocialOrganizationFactory(owner=network.rotterdam)
    location = LocationFactory(organization=org)

    def add(n: int) -> None:
        for _ in range(n):
            _service, at = offer(org, location)
            ScheduleFactory(service_at_location=at)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client_.get(LIST, {"open_now": "on", "format": "spreekuur"})
        assert response.status_code == 200
        return len(captured)

    add(5)
    few = queries()
    add(60)
    assert queries() == few


# -- the card --------------------------------------------------------------------------------
def test_the_card_has_what_the_visitor_needs_and_an_sms_text(social: Map, client_: Any) -> None:
    response = client_.get(reverse("socialmap:card", args=[social.digisterker.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Digisterker",
        "Centrale Bibliotheek",
        "Hoogstraat 110",
        "010 281 6199",
        "Elke eerste dinsdag van de maand, 14:00–16:00",
        "Volgende keer: Vandaag, 14:00–16:00",
        "Uw DigiD",
        "Meld u eerst aan.",
        "Gratis",
    ):
        assert text in html, text
    sms = response.context["sms"]
    assert re.search(r'<textarea id="sms-text" readonly', html)
    assert sms.startswith("Digisterker\n") and "Aanmelden: bel 010 281 6199" in sms
    assert f"{len(sms)} van 160 tekens" in html
    assert "card.css" in html and "card.js" in html  # print stylesheet, copy button


def test_the_card_for_another_place_and_only_for_what_one_may_see(
    social: Map, network: Network, log_in: Any
) -> None:
    url = reverse("socialmap:card", args=[social.formulieren.pk])
    client = log_in(user_for("desk_worker", network))
    assert "Nieuwe Markt 1, 9712 KN Groningen" in client.get(url).content.decode()
    Service.objects.filter(pk=social.klik.pk).update(status="inactive")
    card = reverse("socialmap:card", args=[social.klik.pk])
    assert client.get(card).status_code == 200  # the keeper's own library sees it
    elsewhere = log_in(user_for("partner_editor", network))
    assert elsewhere.get(card).status_code == 404


def test_the_detail_page_shows_times_in_words_and_links_the_card(social: Map, client_: Any) -> None:
    html = client_.get(reverse("socialmap:detail", args=[social.klik.pk])).content.decode()
    assert "Elke dinsdag, 10:00–12:00" in html
    assert "Nu, tot 12:00" in html
    assert reverse("socialmap:card", args=[social.klik.pk]) in html
