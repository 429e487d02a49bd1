"""General rules of the privacy guard, each with new examples of its own (none taken from the
held-out or fresh sets) and with the ordinary texts that the rule must leave alone."""

from __future__ import annotations

import pytest

from wegwijs.privacy.scanner import scan, scan_patterns


def pieces(text: str, kind: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if kind is None or f.kind == kind]


def found(text: str, kind: str, piece: str) -> bool:
    start = text.index(piece)
    end = start + len(piece)
    return any(f.kind == kind and f.start <= start and end <= f.end for f in scan(text))


# Ordinary desk questions: no rule may flag them.
ORDINARY = [
    "Ik word 67, hoe vraag ik AOW aan?",
    "een boete van 300 euro",
    "bel de Belastingdienst op 0800-0543",
    "Mevrouw wil haar toeslag stopzetten",
    "Hallo, meneer had vragen over de WW",
    "Goedemiddag, mevrouw zoekt een cursus",
    "Utrecht, mevr. zoekt het dichtstbijzijnde IDO",
    "mijn zoon Google alles voor me",
    "Digitale Overheid, vraag over inloggen",
    "Dear Madam, I need help with my DigiD",
    "Hello Team, question about taxes",
    "Sociale Verzekeringsbank, brief over de AOW",
    "Goede Doelen, vraag over een gift",
    "Digitaal Hulpplein, verwijzing gegeven",
    "Vrijwilligers Overleg, notulen",
    "Albert Heijn, bonuskaart in de app",
    "Huurtoeslag en Zorgtoeslag aangevraagd",
    "DigiD en Mijn Overheid uitgelegd",
    "Nederland, Duitsland en België",
    "Anne Frank Stichting zoekt vrijwilligers",
    "Vincent van Gogh Museum kaartjes met de museumkaart",
    "reis naar Turkije, paspoort verlopen",
    "In April 2024 brief gekregen van het UWV",
    "postcode en huisnummer invullen lukt niet",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_stay_unflagged(text: str) -> None:
    assert scan(text) == [], pieces(text)


# --- 1. Agency landlines ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "CAK klantenservice 070 789 53 00",
        "telefoonnummer RDW: 059 805 80 58",
        "zocht het nummer van de IND, gevonden: 020 889 30 45",
        "CBR infolijn 070 372 05 05 gebeld samen met meneer",
        "nummer van de gemeente 010 267 16 25 opgeschreven",
        "bel de bibliotheek: 071 514 13 41",
        "gebeld naar 050 599 77 55 (DUO)",
        "Belastingdienst (buitenland) +31 55 538 53 85 is een nummer van de dienst",
    ],
)
def test_an_agency_landline_after_its_name_is_not_personal(text: str) -> None:
    assert pieces(text, "phone") == [], pieces(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("UWV, bel mij terug op 050 123 45 67", "050 123 45 67"),
        ("SVB brief, haar nummer 030 765 43 21", "030 765 43 21"),
        ("CJIB boete, mevrouw is bereikbaar op 058 111 22 33", "058 111 22 33"),
        ("Belastingdienst belde, klant terugbellen 020 765 43 21", "020 765 43 21"),
        ("DUO klantenservice, zoon zijn mobiel 06 12 34 56 78", "06 12 34 56 78"),
        ("bel de buurvrouw op 010 234 56 78", "010 234 56 78"),
        ("mijn nummer 030 123 45 67, DUO-vraag", "030 123 45 67"),
        ("gemeente Utrecht, tel 030 286 00 11", "030 286 00 11"),
    ],
)
def test_a_number_near_an_agency_stays_personal_with_a_person_word(text: str, number: str) -> None:
    assert found(text, "phone", number), pieces(text)


# --- 2. Places, streets, months, countries and organisations are no names -----------------
@pytest.mark.parametrize(
    "text",
    [
        "het loket zit op de Dam, naast het paleis",
        "ze moest naar de Laan van Nieuw Oost-Indië voor haar pas",
        "Feb. 2024 aanslag ontvangen, nu pas geopend",
        "op 3 Okt. kwam de brief",
        "Visitor from Germany, needs help with the tax return",
        "komt uit Jordanië, vraag over inburgering",
        "Ronald McDonald Kinderfonds, vraag over een donatie",
    ],
)
def test_not_a_name(text: str) -> None:
    assert pieces(text, "name") == [], pieces(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jan 3 keer geweest deze week", "Jan"),  # a month only with a date or year
        ("bij de Vries op bezoek geweest", "Vries"),  # "bij": at someone's
        ("mijn kleindochter Jordan helpt", "Jordan"),  # a country that is also a first name
    ],
)
def test_still_a_name(text: str, name: str) -> None:
    assert found(text, "name", name), pieces(text)


@pytest.mark.parametrize(
    "text",
    [
        "postcode 2511 CV, welk IDO is het dichtstbij?",
        "valt 9711 LM onder Groningen centrum?",
        "IDO in 6811 KL open op zaterdag?",
    ],
)
def test_a_postcode_alone_is_not_an_address(text: str) -> None:
    assert pieces(text, "address") == [], pieces(text)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("postcode 4811 XK huisnummer 20", "4811 XK huisnummer 20"),
        ("Kerkstraat 5, 4811 XK Breda", "4811 XK"),
        ("Kerkstraat 5\n4811 XK Breda", "4811 XK"),
        ("haar adres is 4811 XK Breda", "4811 XK"),
        ("pc: 4811 XK", "4811 XK"),
        ("naam: Jan\npostcode: 4811 XK\nplaats: Breda", "4811 XK"),
    ],
)
def test_a_postcode_in_an_address_or_as_a_field_is(text: str, piece: str) -> None:
    assert found(text, "address", piece), pieces(text)


@pytest.mark.parametrize(
    "text",
    ["Annie Smit, 91 jr, kan niet meer lezen", "Piet Dijk 70 jaar, wil een cursus"],
)
def test_a_number_with_years_after_a_name_is_an_age(text: str) -> None:
    assert pieces(text, "address") == [], pieces(text)
    assert pieces(text, "name"), pieces(text)


def test_the_unit_after_a_number_is_checked_anywhere_in_the_text() -> None:
    assert scan_patterns("kosten voor de Molenweg 12 euro per maand") == []
    assert scan_patterns("buurman Hoogstraat, 75 jaar") == []
    text = "ze woont al 40 jaar op Dorpsstraat 12"
    assert [text[f.start : f.end] for f in scan_patterns(text)] == ["Dorpsstraat 12"]


# --- 3. Names that deduce misses ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        # lower case after a title or an introduction, with initials and Arabic particles
        ("ik heet jan visser en ik zoek hulp", "jan visser"),
        ("ik ben karin boer uit zwolle", "karin boer"),
        ("meneer ben salah kan niet inloggen", "ben salah"),
        ("mevrouw el amrani belde", "el amrani"),
        ("meneer j. smit wil een afspraak", "j. smit"),
        ("mevr a. de graaf kwam langs", "a. de graaf"),
        ("groetjes, ans'", "ans"),
        # any capitalised word right after a title, also an ordinary word
        ("Mevrouw Visser belde over haar toeslag", "Visser"),
        ("Dhr. Koster wil een cursus", "Koster"),
        ("Mw. Boer heeft een brief", "Boer"),
        ("mevr. Schipper en dhr. Kok, beiden 80", "Kok"),
        ("Hr. Bakker had zijn pas niet bij", "Bakker"),
        ("de heer Wolters kwam", "Wolters"),
        # after a relation word, also at the start
        ("kleinzoon Bram helpt met de tablet", "Bram"),
        ("Buurman Gerrit doet de post", "Gerrit"),
        ("mijn zus Bep is ziek", "Bep"),
        # the next first name in a list
        ("Kinderen: Sanne (8) en Daan (6), kinderbijslag", "Daan"),
        ("Fatima en Ilias kwamen samen", "Ilias"),
        # a full name of less common origin at the start of a text or line
        ("Siosaia Tupou - paspoort verlopen", "Siosaia Tupou"),
        ("Kwame Mensah: vraag over studiefinanciering", "Kwame Mensah"),
        ("notitie\nAmara Diallo, toeslagen", "Amara Diallo"),
        # a surname in capitals before a title
        ("JANSSEN, dhr. wil zijn aow", "JANSSEN"),
        ("VERMEULEN, mevr. kwam met dochter", "VERMEULEN"),
    ],
)
def test_names(text: str, name: str) -> None:
    assert found(text, "name", name), pieces(text)


def test_a_title_and_a_role_stay_outside_the_name() -> None:
    assert pieces("mevr. Schipper en dhr. Kok", "name") == ["Schipper", "Kok"]
    assert pieces("Bezoeker Sjaak de Wit kwam langs", "name") == ["Sjaak de Wit"]


# --- 4. Lower-case street addresses of more than one word -------------------------------
@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("adres: lange nieuwstraat 14", "lange nieuwstraat 14"),
        ("woont op prof. van der waalsstraat 3", "prof. van der waalsstraat 3"),
        ("adres: jan van galenstraat 5", "jan van galenstraat 5"),
        ("wonend aan eerste van swindenstraat 22", "eerste van swindenstraat 22"),
        ("verhuisd naar oude kerkweg 7a", "oude kerkweg 7a"),
    ],
)
def test_lower_case_streets(text: str, piece: str) -> None:
    assert found(text, "address", piece), pieces(text)


def test_a_lower_case_street_takes_no_ordinary_words_before_it() -> None:
    assert pieces("adres: mijn moeder woont kerkstraat 5", "address") == ["kerkstraat 5"]
    assert pieces("de lange termijn 5 jaar", "address") == []
