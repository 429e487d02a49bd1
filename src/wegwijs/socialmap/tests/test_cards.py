"""The card to take along and its SMS text: GSM-7 safe, at most 160 units, phone number whole."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijs.socialmap import cards
from wegwijs.socialmap.cards import Card, gsm_units, is_gsm, shorten, sms_text, to_gsm
from wegwijs.socialmap.tests.factories import build_social_map
from wegwijs.testing.network import Network

AMS = ZoneInfo("Europe/Amsterdam")

FULL = Card(
    name="Digisterker",
    organisation="Bibliotheek Rotterdam",
    description="Vier bijeenkomsten van twee uur over DigiD en de overheid online.",
    location="Centrale Bibliotheek",
    street="Hoogstraat 110",
    postal_code="3011 PV",
    city="Rotterdam",
    phone="010 281 6199",
    times=("Elke dinsdag, 10:00–12:00",),
    next_session="dinsdag 3 juni, 10:00–12:00",
    sign_up=True,
    bring=("Uw DigiD", "Een eigen tablet of laptop"),
    cost="",
)


def test_text_is_made_gsm_safe() -> None:
    assert (
        to_gsm("‘Klik’ & “Tik” – café… coördinator financiële ĳs")
        == "'Klik' & \"Tik\" - café... coördinator financiele ijs"
    )
    assert to_gsm("5 €, emoji 🙂 weg") == "5 €, emoji  weg"
    assert gsm_units("€5") == 3
    assert gsm_units("[a]") == 5
    assert is_gsm(to_gsm("Überweg ½ ñ ç ø"))


def test_a_short_card_keeps_everything_in_order() -> None:
    card = Card(
        name="Klik & Tik",
        organisation="Bibliotheek Delft",
        phone="015 212 3456",
        cost="",
        times=("Elke dinsdag, 10:00–12:00",),
    )
    assert (
        sms_text(card)
        == "Klik & Tik\nBibliotheek Delft\nElke dinsdag, 10:00-12:00\nBel 015 212 3456\nGratis"
    )


def test_parts_go_in_order_description_bring_cost_times_organisation_address() -> None:
    text = sms_text(FULL)
    assert gsm_units(text) <= 160
    assert "Aanmelden: bel 010 281 6199" in text
    assert text.startswith("Digisterker\n")
    lines = text.split("\n")
    # The description went first, then what to bring (too long for what is left).
    assert not any("bijeenkomsten" in line for line in lines)
    assert "Hoogstraat 110" in text and "Elke dinsdag" in text
    tight = sms_text(FULL, limit=60)
    assert gsm_units(tight) <= 60
    assert tight.startswith("Digisterker") and "010 281 6199" in tight
    assert "Elke dinsdag" not in tight and "Neem mee" not in tight


def test_without_a_phone_number_the_address_stays() -> None:
    card = Card(
        name="Taalcafé " + "heel lang " * 20, street="Markt 1", city="Gouda", description="x " * 100
    )
    text = sms_text(card)
    assert gsm_units(text) <= 160
    assert "Markt 1, Gouda" in text
    assert text.startswith("Taalcafé heel lang") and "..." in text


def test_the_euro_sign_counts_twice() -> None:
    card = Card(name="Spreekuur", phone="010 123 4567", cost="€ 5,00 per keer")
    text = sms_text(card)
    assert "Kosten: € 5,00 per keer" in text
    assert gsm_units(text) == len(text) + 1


def test_shorten_cuts_at_a_space_and_never_inside_a_phone_number() -> None:
    assert shorten("een twee drie vier", 12) == "een twee..."
    assert shorten("Bel 010 281 6199 voor hulp", 15) == "Bel..."
    assert shorten("kort", 10) == "kort"
    assert shorten("abcdef", 2) == ""


# -- properties ------------------------------------------------------------------------------
phones = st.from_regex(r"\A(0[1-9]{2} ?[0-9]{3} ?[0-9]{4}|06-?[0-9]{8}|\+31 ?[0-9]{9})\Z")
texts = st.text(max_size=300)
short_texts = st.text(max_size=80)


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(min_size=1, max_size=200),
    organisation=texts,
    description=st.text(max_size=3000),
    location=short_texts,
    street=st.text(max_size=200),
    city=short_texts,
    phone=st.one_of(st.just(""), phones),
    times=st.lists(short_texts, max_size=3),
    next_session=short_texts,
    sign_up=st.booleans(),
    bring=st.lists(short_texts, max_size=5),
    cost=st.text(max_size=300),
)
def test_sms_is_at_most_160_gsm_units_and_keeps_the_phone_number_whole(**fields: object) -> None:
    times, bring = tuple(fields.pop("times")), tuple(fields.pop("bring"))  # type: ignore[arg-type]
    card = Card(times=times, bring=bring, **fields)  # type: ignore[arg-type]
    text = sms_text(card)
    assert gsm_units(text) <= 160
    assert is_gsm(text)
    if card.phone:
        assert card.phone in text


words = st.lists(
    st.sampled_from(["hulp", "bij", "formulieren", "en", "brieven", "bel", "ons"]), max_size=40
)


@settings(max_examples=200, deadline=None)
@given(words, phones, words, st.integers(min_value=30, max_value=160))
def test_a_phone_number_in_the_description_is_kept_whole_or_left_out(
    before: list[str], phone: str, after: list[str], limit: int
) -> None:
    card = Card(name="Formulierenhulp", description=" ".join([*before, phone, *after]))
    text = sms_text(card, limit=limit)
    assert gsm_units(text) <= limit
    digits = re.sub(r"\D", "", text)
    assert digits in ("", re.sub(r"\D", "", phone))


# -- from the database -----------------------------------------------------------------------
@pytest.mark.django_db
def test_card_of_a_course_at_the_library(network: Network) -> None:
    social = build_social_map(network.rotterdam)
    service = (
        type(social.course)
        .objects.prefetch_related(
            "at_locations__location__phones",
            "at_locations__schedules",
            "phones",
            "organization__phones",
        )
        .get(pk=social.course.pk)
    )
    now = datetime(2025, 3, 31, 12, tzinfo=AMS)  # a Monday
    at = cards.choose_location(service, now)
    assert at.location == social.library_location  # Tuesday 1 April comes before Thursday
    card = cards.build_card(service, at, now)
    assert card.phone == "010 281 6199"  # the service's own number, not the organisation's
    assert card.address == "Hoogstraat 110, 3011 PV Rotterdam"
    assert card.times == ("Elke dinsdag, 10:00–12:00",)
    assert card.next_session == "Morgen, 10:00–12:00"
    assert card.sign_up and card.intake
    assert card.bring == ("DigiD-inloggegevens", "Een eigen tablet of laptop")
    centre = cards.choose_location(service, now, wanted=str(social.community_centre.pk))
    assert cards.build_card(service, centre, now).times == (
        "Elke maandag en donderdag, 09:30–11:30",
    )
