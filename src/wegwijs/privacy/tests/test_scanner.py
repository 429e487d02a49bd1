"""The detectors, one by one, and how findings are combined and masked."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from wegwijs.privacy.scanner import TAGS, Finding, mask, scan, scan_patterns

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def found(text: str, kind: str, piece: str) -> bool:
    start = text.index(piece)
    end = start + len(piece)
    return any(f.kind == kind and f.start <= start and end <= f.end for f in scan(text))


# --- BSN ----------------------------------------------------------------------------------
@st.composite
def bsn_digits(draw: st.DrawFn, *, valid: bool = True) -> str:
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum((9 - i) * d for i, d in enumerate(head)) % 11
    if check == 10 or (head[0] == 0 and head[1] == 0):
        head[7] = (head[7] + 1) % 10  # no valid check digit, or too few leading digits
        check = sum((9 - i) * d for i, d in enumerate(head)) % 11
    if check == 10:
        head[6] = (head[6] + 1) % 10
        check = sum((9 - i) * d for i, d in enumerate(head)) % 11
    digit = check if valid else draw(st.sampled_from([d for d in range(10) if d != check]))
    return "".join(map(str, head)) + str(digit)


def grouped(digits: str, style: int) -> str:
    """The ways people write a BSN: plain, 1234 56 782, 123.456.782, 123-456-782, 12 34 56 782."""
    if style == 0:
        return digits
    if style == 1:
        return f"{digits[:4]} {digits[4:6]} {digits[6:]}"
    if style == 2:
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    if style == 3:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"


@FAST
@given(bsn_digits(), st.integers(0, 4))
def test_valid_bsns_are_found_in_any_grouping(digits: str, style: int) -> None:
    assert stdnum_bsn.is_valid(digits)
    written = grouped(digits, style)
    text = f"Zijn nummer is {written}, klopt dat?"
    assert found(text, "bsn", written), (text, kinds(text))


@FAST
@given(bsn_digits(valid=False), st.integers(0, 4))
def test_numbers_failing_the_11_check_are_not_a_bsn(digits: str, style: int) -> None:
    assert not stdnum_bsn.is_valid(digits)
    text = f"zaaknummer {grouped(digits, style)} op de brief"
    assert "bsn" not in {f.kind for f in scan(text)}


@pytest.mark.parametrize(
    "text",
    [
        "BSN 123456782",
        "bsn: 1234 56 782",
        "123.456.782 is zijn nummer",
        "burgerservicenummer 999-99-0020",
        "bsn123456782",
    ],
)
def test_bsn_examples(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["bsn"]


def test_eight_digit_bsn_only_after_a_bsn_word() -> None:
    assert stdnum_bsn.is_valid("12345672")  # stdnum pads it to 012345672
    assert kinds("sofinummer 12345672") == [("bsn", "12345672")]
    assert kinds("BSN: 12345672") == [("bsn", "12345672")]
    assert kinds("klantnummer 12345672") == []


@pytest.mark.parametrize(
    "text",
    [
        "een bedrag van € 123.456.782",
        "123.456.782 euro",
        "nummer 1234567820 is langer",
        "kenmerk 0123 4567 8212 3456",
    ],
)
def test_not_a_bsn(text: str) -> None:
    assert "bsn" not in {f.kind for f in scan(text)}


# --- IBAN ---------------------------------------------------------------------------------
@st.composite
def dutch_ibans(draw: st.DrawFn) -> str:
    bank = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4))
    account = draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
    check = stdnum_iban.calc_check_digits(f"NL00{bank}{account}")
    return f"NL{check}{bank}{account}"


@FAST
@given(dutch_ibans(), st.booleans(), st.booleans())
def test_valid_ibans_are_found(number: str, spaced: bool, lower: bool) -> None:
    assert stdnum_iban.is_valid(number)
    written = " ".join(re.findall(".{1,4}", number)) if spaced else number
    written = written.lower() if lower else written
    text = f"Overmaken naar {written} voor de huur."
    assert found(text, "iban", written), (text, kinds(text))
    finding = next(f for f in scan(text) if f.kind == "iban")
    assert text[finding.start : finding.end] == written  # not " voor"


@FAST
@given(dutch_ibans())
def test_ibans_with_wrong_check_digits_are_not_found(number: str) -> None:
    wrong = f"NL{(int(number[2:4]) + 1) % 100:02d}{number[4:]}"
    if not stdnum_iban.is_valid(wrong):
        assert "iban" not in {f.kind for f in scan(f"rekening {wrong}")}


@pytest.mark.parametrize(
    "number",
    [
        "BE68 5390 0754 7034",
        "DE89 3704 0044 0532 0130 00",
        "GB29NWBK60161331926819",
        "fr1420041010050500013m02606",
    ],
)
def test_ibans_of_other_countries(number: str) -> None:
    assert found(f"Rekening {number} van zijn zus", "iban", number)


# --- Phone numbers ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "06 12 34 56 78",
        "06 - 1234 5678",
        "06.12.34.56.78",
        "(06) 12345678",
        "+31 6 1234 5678",
        "+31612345678",
        "+31(0)6-87654321",
        "0031 6 12345678",
        "010-1234567",
        "020 123 4567",
        "(030) 234 56 78",
        "0252-123456",
        "085 - 123 45 67",
        "+32 470 12 34 56",
    ],
)
def test_phone_numbers(number: str) -> None:
    text = f"Bel naar {number} na vijf uur"
    assert kinds(text) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "De Belastingtelefoon is 0800-0543.",
        "Het Juridisch Loket: 0900-8020",
        "UWV op 088-898 92 94",
        "DigiD helpdesk 088 - 123 6 555",
        "gemeente via 14 020",
        "open 09.00-17.00 uur",
        "spreekuur 08.30 - 12.30 en 13.00 - 16.00",
        "bel 112",
        "06-1234567",  # one digit short
        "06-123456789",  # one digit too many
        "betalingskenmerk 0612 3456 7890 1234",
    ],
)
def test_not_a_personal_phone_number(text: str) -> None:
    assert "phone" not in {f.kind for f in scan(text)}


def test_brackets_around_a_number_stay_in_the_text() -> None:
    assert mask("bel hem (06-23456789) terug") == "bel hem ([TELEFOONNUMMER]) terug"
    assert kinds("tel (020) 123 45 67") == [("phone", "(020) 123 45 67")]


# --- E-mail -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "address",
    ["j.devries@gmail.com", "piet_76@hotmail.nl", "Annie.Smit+ido@ziggo.nl", "m.b@yahoo.co.uk"],
)
def test_email_addresses(address: str) -> None:
    text = f"Mail naar {address}."
    assert kinds(text) == [("email", address)]


@pytest.mark.parametrize("text", ["kijk op uwv.nl", "@gemeente op X", "a@b", "2 @ 3 euro"])
def test_not_an_email_address(text: str) -> None:
    assert "email" not in {f.kind for f in scan(text)}


# --- Dates of birth -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("geboren op 3 maart 1956", "3 maart 1956"),
        ("geb. 12-04-1948", "12-04-1948"),
        ("Geboortedatum: 01/02/1960", "01/02/1960"),
        ("Zoon (geb. 03-03-2015) krijgt kinderbijslag.", "03-03-2015"),
        ("Jarig op 14 juli", "14 juli"),
        ("Verjaardag 7 aug. '52", "7 aug. '52"),
        ("DOB 1961-11-30", "1961-11-30"),
        ("Ze is op 12 mei 1990 geboren.", "12 mei 1990"),
        ("Mevrouw, 23-11-1951, komt voor toeslagen.", "23-11-1951"),
        ("meneer (5 juni 1938) wil hulp", "5 juni 1938"),
        ("Geboren: 29 februari 1952", "29 februari 1952"),
    ],
)
def test_dates_of_birth(text: str, piece: str) -> None:
    assert found(text, "dob", piece), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Meneer kreeg een brief van 12-03-2024 over de zorgtoeslag.",
        "De brief is gedateerd 15 oktober 2025.",
        "Hij heeft sinds 12-05-1998 een uitkering.",
        "Boete van 1-1-2015 is nooit betaald.",
        "De inburgering loopt tot 1 juli 2027.",
        "Ik word 67, hoe vraag ik AOW aan?",
        "in 2023 te weinig toeslag",
        "Ik ben geboren in 1956.",  # a year alone is no date of birth
        "geboren 31-02-1950",  # no such day
        "afspraak op 3 maart",
    ],
)
def test_not_a_date_of_birth(text: str) -> None:
    assert "dob" not in {f.kind for f in scan(text)}


def test_full_dates_count_as_birth_dates_from_14_years_back() -> None:
    old = date.today().year - 14
    recent = date.today().year - 13
    assert found(f"Op het formulier: 3-4-{old}.", "dob", f"3-4-{old}")
    assert scan(f"Op het formulier: 3-4-{recent}.") == []
    # A letter or payment date is no birth date, however old.
    assert scan(f"Brief van 3-4-{old - 20}.") == []


# --- Addresses ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Woont op Dorpsstraat 12 in Ede.", "Dorpsstraat 12"),
        ("Adres: Kerkweg 3a", "Kerkweg 3a"),
        ("Laan van Meerdervoort 120, Den Haag", "Laan van Meerdervoort 120"),
        ("Postcode 1234 AB 12", "1234 AB 12"),
        ("woont op 1234AB, 5", "1234AB, 5"),
        ("postcode 3011ab huisnummer 7", "3011ab huisnummer 7"),
        ("Burgemeester de Withstraat 5-2 hoog", "Burgemeester de Withstraat 5-2"),
        ("Zijn adres is 3511 LX Utrecht.", "3511 LX"),
        ("hij woont aan de kerkstraat 45 in Doorn", "kerkstraat 45"),
        ("Spui 68 is het adres van zijn zus", "Spui 68"),
        ("Ze woont in de Van Speijkstraat 88 III.", "Van Speijkstraat 88"),
        ("Adres Rokin 75", "Rokin 75"),
        ("Prins Hendrikkade 12-3, 1012 AB Amsterdam", "Prins Hendrikkade 12-3, 1012 AB"),
        ("Woont op Stationsplein 4B.", "Stationsplein 4B"),
        ("Dorpsstr. 5", "Dorpsstr. 5"),
    ],
)
def test_addresses(text: str, piece: str) -> None:
    assert found(text, "address", piece), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mijn laptop heeft Windows 11.",
        "Groep 8 van de basisschool kwam langs.",
        "Wat betekent box 3?",
        "In Rotterdam 2024 was het druk.",
        "Stuur het naar Belastingdienst, Postbus 9048, 7300 GK Apeldoorn.",
        "In 2023 EN 2024 TE WEINIG ONTVANGEN",
        "een pakket van 1500kg",
        "Stap 2 van de aanvraag lukt niet.",
        "de snelweg is 3 keer dicht geweest",
        "Lijn 5 rijdt niet.",
        "iPhone 13 en Samsung Galaxy S21",
        "Op de Markt is een tijdelijke locatie.",
    ],
)
def test_not_an_address(text: str) -> None:
    assert "address" not in {f.kind for f in scan(text)}


# --- Names --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Mevrouw Jansen wil haar huurtoeslag wijzigen.", "Jansen"),
        ("Dhr. De Vries had een vraag.", "De Vries"),
        ("Jan Pietersen komt volgende week terug.", "Jan Pietersen"),
        ("J. van den Berg vroeg naar de zorgtoeslag.", "van den Berg"),
        ("Zijn dochter Sanne helpt hem.", "Sanne"),
        ("Met Youssef Amrani de DigiD app ingesteld.", "Youssef Amrani"),
        ("Gesprek met Sandra Vermeulen over haar schulden.", "Sandra Vermeulen"),
    ],
)
def test_names(text: str, piece: str) -> None:
    assert found(text, "name", piece), kinds(text)


def test_titles_stay_outside_the_name() -> None:
    assert mask("Mevrouw Jansen belt terug.") == "Mevrouw [NAAM] belt terug."
    assert mask("dhr. De Vries belt terug.") == "dhr. [NAAM] belt terug."


@pytest.mark.parametrize(
    "text",
    [
        "Kan ik bij de gemeente Den Haag een afspraak maken?",
        "Ik woon in Capelle aan den IJssel.",
        "Boodschappen bestellen bij Albert Heijn?",
        "Waarom krijg ik een brief in het Engels?",
        "Bezoeker zocht het UWV-kantoor in Den Bosch.",
        "Zorgverzekeraar Zilveren Kruis stuurt een rekening.",
        "Pas geblokkeerd na drie pogingen.",
        "Bank belt steeds over een achterstand.",
        "Wil de cursus Klik & Tik volgen.",
        "UWV, SVB, CJIB, DUO, CAK, CBR, CIZ en de Belastingdienst.",
    ],
)
def test_not_a_name(text: str) -> None:
    assert "name" not in {f.kind for f in scan(text)}, kinds(text)


# --- Combining and masking ----------------------------------------------------------------
def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "Piet de Groot, Dorpsstraat 12, 1234 AB Ede, BSN 111222333, piet.degroot@ziggo.nl"
    findings = scan(text)
    assert findings == sorted(findings, key=lambda f: f.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert [f.kind for f in findings] == ["name", "address", "bsn", "email"]
    assert text[findings[1].start : findings[1].end] == "Dorpsstraat 12, 1234 AB"


def test_the_more_specific_finding_wins() -> None:
    # The e-mail address holds a name; the whole address is one e-mail finding.
    assert kinds("mail: Jan.Jansen@gmail.com") == [("email", "Jan.Jansen@gmail.com")]


def test_mask_replaces_each_finding_with_its_tag() -> None:
    text = "Bel mij op 06-12345678 of mail j.devries@gmail.com, BSN 123456782."
    assert mask(text) == "Bel mij op [TELEFOONNUMMER] of mail [E-MAIL], BSN [BSN]."
    assert mask(text, []) == text
    assert mask(text, [Finding("phone", 11, 22)]) == (
        "Bel mij op [TELEFOONNUMMER] of mail j.devries@gmail.com, BSN 123456782."
    )


def test_tags_are_never_findings() -> None:
    masked = " ".join(TAGS.values())
    assert scan(masked) == []
    assert mask(masked) == masked


def test_pattern_scan_finds_no_names() -> None:
    assert scan_patterns("Mevrouw Jansen, 06-12345678") == [Finding("phone", 16, 27)]


def test_finding_checks_its_fields() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        Finding("passport", 0, 3)
    with pytest.raises(ValueError, match="invalid span"):
        Finding("bsn", 5, 5)


def test_empty_and_huge_texts() -> None:
    assert scan("") == []
    long_text = "Ik heb een vraag over de DigiD app. " * 300 + "Bel 06-12345678."
    assert [f.kind for f in scan(long_text)] == ["phone"]
