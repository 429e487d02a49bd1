"""The public pages: no login, helpful answers to any input, never a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegwijs.accounts.models import Role
from wegwijs.public.organisations import LANDING_CODES
from wegwijs.public.tests.data import PublicNetwork
from wegwijs.testing.factories import make_user

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return response.content.decode()


def test_visitors_land_on_the_public_home_page(client: Client) -> None:
    response = client.get("/", follow=True)

    assert response.redirect_chain == [("/hulp/", 302)]
    assert "Hulp bij de digitale overheid" in text(response)
    assert 'href="/account/inloggen/"' in text(response)  # staff log in from the footer


def test_staff_keep_their_own_start_page_with_a_link_to_the_public_site(
    client: Client, log_in: Callable[..., Any]
) -> None:
    response = log_in(make_user(Role.DESK_WORKER)).get("/")

    assert response.status_code == 200
    assert response.templates[0].name == "core/home.html"
    assert 'href="/hulp/"' in text(response)


def test_search_by_postcode_lists_the_nearest_informatiepunten(
    client: Client, public: PublicNetwork
) -> None:
    response = client.get("/hulp/zoeken/", {"q": "1541 ab"})

    assert response.status_code == 200
    page = text(response)
    assert "Informatiepunten bij 1541 Koog aan de Zaan" in page
    assert page.index("De Bieb Zaandam") < page.index("De Bieb Krommenie")
    assert "Zaandam-Noord" not in page  # a branch without an Informatiepunt
    assert " km" in page
    assert "Spreekuren" in page
    assert response.context["map_points"][0]["name"] == "De Bieb Zaandam"


def test_search_by_position_from_the_device(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/zoeken/", {"q": "", "lat": "51.92", "lon": "4.48"})

    assert response.status_code == 200
    assert response.context["results"][0].branch == public.rotterdam
    assert "uw locatie" in text(response)


def test_a_position_outside_the_netherlands_is_explained(
    client: Client, public: PublicNetwork
) -> None:
    response = client.get("/hulp/zoeken/", {"lat": "48.85", "lon": "2.35"})

    assert response.status_code == 200
    assert "buiten Nederland" in text(response)
    assert response.context["results"] == []


def test_nonsense_gives_tips_not_an_error(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/zoeken/", {"q": "qwxzv ppp"})

    assert response.status_code == 200
    assert "We kunnen “qwxzv ppp” niet vinden" in text(response)
    assert "4 cijfers van uw postcode" in text(response)


def test_a_misspelled_place_gets_suggestions(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/zoeken/", {"q": "Zaandm"})

    assert response.status_code == 200
    labels = [p.label for p in response.context["lookup"].suggestions]
    assert "Zaandam" in labels
    assert 'href="?q=Zaandam"' in text(response)


def test_an_unknown_postcode_is_placed_roughly_with_a_warning(
    client: Client, public: PublicNetwork
) -> None:
    response = client.get("/hulp/zoeken/", {"q": "1507 ZZ"})

    assert response.status_code == 200
    assert response.context["lookup"].approximate
    assert response.context["results"][0].branch == public.zaandam
    assert "schattingen" in text(response)


def test_a_huge_query_is_a_400_page_with_the_form(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/zoeken/", {"q": "x" * 10_000})

    assert response.status_code == 400
    page = text(response)
    assert "error-summary" in page
    assert "x" * 201 not in page  # neither the field nor the language form echoes it all


def test_an_unsafe_character_is_a_400(client: Client) -> None:
    assert client.get("/hulp/zoeken/", {"q": "a\x00b"}).status_code == 400


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "lat", "lon", "open", "aantal", "soort", "postcode", "x"]),
        st.text(max_size=300),
        max_size=4,
    )
)
def test_any_query_string_is_answered_200_or_400(client: Client, query: dict[str, str]) -> None:
    for path in ("/hulp/zoeken/", "/hulp/cursussen/", "/hulp/uwv/", "/hulp/widget/"):
        response = client.get(path, query)
        assert response.status_code in (200, 400), (path, query)


def test_only_show_what_is_open_now(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/zoeken/", {"q": "Zaandam", "open": "on"})

    assert response.status_code == 200
    for result in response.context["results"]:
        assert result.help.status.open_now


def test_show_more_asks_for_a_longer_list(client: Client, public: PublicNetwork) -> None:
    for i in range(12):
        public.zaandam.pk = None
        public.zaandam.name = f"Extra {i}"
        public.zaandam.save()

    response = client.get("/hulp/zoeken/", {"q": "1506"})

    assert len(response.context["results"]) == 10
    assert response.context["more_url"] == "?q=1506&aantal=25"
    assert len(client.get("/hulp/zoeken/?q=1506&aantal=25").context["results"]) == 17


def test_the_page_of_an_informatiepunt(client: Client, public: PublicNetwork) -> None:
    response = client.get(f"/hulp/locatie/{public.zaandam.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert "Westzijde 8" in page
    assert "Ingang zonder drempel" in page
    assert "Spreekuren van het Informatiepunt" in page
    assert "Uw bankpas" in page  # what to bring, from the IDO's own social-map entry
    assert "Klik &amp; Tik" in page  # a course here
    assert "Oude cursus" not in page and "Gestopte cursus" not in page
    assert "Computers" in page


def test_the_take_away_card(client: Client, public: PublicNetwork) -> None:
    response = client.get(f"/hulp/locatie/{public.rotterdam.pk}/kaart/")

    assert response.status_code == 200
    page = text(response)
    assert f"http://testserver/hulp/locatie/{public.rotterdam.pk}/" in page
    assert "Hoogstraat 110" in page
    assert "data-print" in page


def test_no_page_for_a_branch_without_ido_or_an_unknown_one(
    client: Client, public: PublicNetwork
) -> None:
    for pk in (public.no_ido.pk, 999_999):
        response = client.get(f"/hulp/locatie/{pk}/")
        assert response.status_code == 404
        assert response.templates[0].name == "public/404.html"


@pytest.mark.parametrize("code", LANDING_CODES)
def test_every_organisation_code_has_a_landing_page(client: Client, code: str) -> None:
    response = client.get(f"/hulp/{code}/")

    assert response.status_code == 200
    assert "Informatiepunt" in text(response)


def test_the_uwv_landing_page_from_a_letter(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/uwv/", {"postcode": "1541AB"})

    assert response.status_code == 200
    page = text(response)
    assert "Vragen over UWV?" in page
    assert "Hoe vraag ik een WW-uitkering aan?" in page  # the knowledge base's question
    assert "Uw ontslagbrief" in page
    assert response.context["results"][0].branch == public.zaandam
    assert 'value="1541AB"' in page


def test_an_unknown_organisation_is_a_404_page(client: Client) -> None:
    response = client.get("/hulp/bestaatniet/")

    assert response.status_code == 404
    assert 'href="/hulp/uwv/"' in text(response)
    for path in ("/hulp/locatie/abc/", "/hulp/a/b/c/"):
        other = client.get(path)
        assert other.status_code == 404
        assert other.templates[0].name == "public/404.html"


def test_a_landing_page_address_as_typed_from_a_letter(client: Client) -> None:
    assert client.get("/hulp/uwv?postcode=1541AB")["Location"] == "/hulp/uwv/?postcode=1541AB"
    assert client.get("/hulp/UWV/").status_code == 200


def test_courses_near_a_place(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/cursussen/", {"q": "Zaandam"})

    assert response.status_code == 200
    names = [o.service.name for o in response.context["offers"]]
    assert set(names) == {"Klik & Tik", "Digisterker"}  # no consultation hour, nothing hidden
    offer = response.context["offers"][0]
    assert offer.next_session is not None
    assert "Gratis" in text(response)


def test_courses_of_one_kind(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/cursussen/", {"q": "Zaandam", "soort": "cafe"})

    assert response.status_code == 200
    assert response.context["offers"] == []


def test_a_course_page(client: Client, public: PublicNetwork) -> None:
    response = client.get(f"/hulp/cursussen/{public.digisterker.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert "Ja, meld u eerst aan." in page
    assert "Hooguit 8 mensen" in page
    assert len(response.context["offer"].places[0].sessions) == 3
    hidden = public.hidden[0]
    assert client.get(f"/hulp/cursussen/{hidden.pk}/").status_code == 404


def test_only_the_widget_may_be_framed(client: Client, public: PublicNetwork) -> None:
    widget = client.get("/hulp/widget/", {"q": "3011"})
    home = client.get("/hulp/")

    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget.headers
    assert "frame-ancestors *" in widget.headers["Content-Security-Policy"]
    assert 'target="_blank"' in text(widget)
    assert len(widget.context["results"]) == 3
    assert home.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]


def test_pages_in_english(client: Client, public: PublicNetwork) -> None:
    response = client.get("/hulp/", headers={"accept-language": "en"})

    assert "Help with the digital government" in text(response)
    assert '<html lang="en">' in text(response)
