"""Find personal data in free text before it is stored, and mask it.

``scan(text)`` returns :class:`Finding` objects (kind and character offsets into the original
text, end exclusive), sorted and non-overlapping. Numbers with a check digit are validated
with python-stdnum (BSN: 11-check; IBAN: mod-97); phone numbers, e-mail addresses, dates of
birth and addresses are found with the patterns below; person names (and street names without
a typical street suffix) come from `deduce`, the Dutch de-identification library, loaded lazily
once per process by :mod:`wegwijs.privacy.names`.

``scan_patterns(text)`` runs the pattern detectors only (microseconds, never loads a model):
the log filter uses it. ``mask(text)`` replaces each finding by a Dutch tag such as ``[BSN]``.

The rules, and what is deliberately not flagged, are described in docs/privacy.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn

KINDS = ("bsn", "iban", "phone", "email", "dob", "name", "address")

TAGS = {
    "bsn": "[BSN]",
    "iban": "[IBAN]",
    "phone": "[TELEFOONNUMMER]",
    "email": "[E-MAIL]",
    "dob": "[GEBOORTEDATUM]",
    "name": "[NAAM]",
    "address": "[ADRES]",
}

# When two findings overlap the more specific one wins; between equals, the longer one.
_PRIORITY = {"email": 7, "iban": 6, "bsn": 5, "phone": 5, "dob": 4, "address": 3, "name": 2}

# A tag that mask() wrote is never a finding itself (masking twice changes nothing).
_TAG_RE = re.compile(r"\[(?:" + "|".join(re.escape(t[1:-1]) for t in TAGS.values()) + r")\]")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and where it is (``text[start:end]``)."""

    kind: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in TAGS:
            raise ValueError(f"unknown kind of personal data: {self.kind!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span {self.start}-{self.end}")


# --- BSN ----------------------------------------------------------------------------------
# Nine digits, optionally grouped with single spaces, dots or hyphens ("1234 56 782",
# "123.456.782"), not part of a longer number. Eight digits count (stdnum pads them with a
# leading zero) only right after a word such as "BSN" or "sofinummer".
_NOT_BEFORE = r"(?:(?<![0-9A-Za-z])|(?<=[Bb][Ss][Nn]))(?<![0-9][ .\-])(?<![€$])(?<![€$] )"
_NOT_AFTER = r"(?![ .\-]?[0-9])(?![A-Za-z0-9])(?!,[0-9])"
_BSN_RE = re.compile(_NOT_BEFORE + r"([0-9](?:[ .\-]?[0-9]){8})" + _NOT_AFTER)
# Nine digits in one piece may stand next to other numbers ("06-12345678 123456782").
_BSN_PLAIN_RE = re.compile(
    r"(?:(?<![0-9A-Za-z])|(?<=[Bb][Ss][Nn]))(?<![0-9][.\-,])(?<![€$])(?<![€$] )([0-9]{9})"
    r"(?![0-9A-Za-z])(?![.\-,][0-9])"
)
_BSN8_RE = re.compile(_NOT_BEFORE + r"([0-9](?:[ .\-]?[0-9]){7})" + _NOT_AFTER)
_BSN_CUE_RE = re.compile(
    r"(?i)(?:\bb\.?s\.?n\b\.?|\bburger\s?service\s?n(?:umme)?r|\bsofi\s?-?n(?:umme)?r|\bsofi\b)"
    r"(?:[\s.:#=-]*(?:is|was|nr|nummer|van\s(?:mij|hem|haar))\b)*[\s.:#=-]*$"
)
_AMOUNT_AFTER_RE = re.compile(r"(?i)\s*(?:euro\b|eur\b|,-)")


def _find_bsn(text: str) -> Iterator[Finding]:
    for match in [*_BSN_RE.finditer(text), *_BSN_PLAIN_RE.finditer(text)]:
        if _AMOUNT_AFTER_RE.match(text, match.end()):
            continue
        if stdnum_bsn.is_valid(match.group(1)):
            yield Finding("bsn", match.start(1), match.end(1))
    for match in _BSN8_RE.finditer(text):
        cue = _BSN_CUE_RE.search(text, max(0, match.start() - 30), match.start())
        if cue and stdnum_bsn.is_valid(match.group(1)):
            yield Finding("bsn", match.start(1), match.end(1))


# --- IBAN ---------------------------------------------------------------------------------
# Country code, check digits, then 11 to 30 letters or digits, optionally in groups; any
# country, any case. The longest prefix that passes stdnum's checks is the finding.
_IBAN_RE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}[ ]?[0-9]{2}(?:[ \-]?[0-9A-Za-z]){11,30}")


def _valid_iban(candidate: str) -> bool:
    # Structure and mod-97 check digits per country; not the national account checks, which
    # some countries' real numbers do not pass in stdnum (a mod-97 match is no coincidence).
    try:
        stdnum_iban.validate(candidate, check_country=False)
    except ValidationError:
        return False
    return True


def _find_iban(text: str) -> Iterator[Finding]:
    position = 0
    while (match := _IBAN_RE.search(text, position)) is not None:
        candidate = match.group(0)
        ends = [i + 1 for i, ch in enumerate(candidate) if ch.isalnum()]
        position = match.start() + 1  # nothing valid here: the next IBAN may start inside
        for end in reversed(ends):
            if end < 15:
                break
            if _valid_iban(candidate[:end]):
                yield Finding("iban", match.start(), match.start() + end)
                position = match.start() + end  # two IBANs in a row: go on after this one
                break


# --- Phone numbers ------------------------------------------------------------------------
# Dutch numbers: 0 plus nine digits (06 mobile, 010/0252... landlines, 085/091 non-geographic),
# or +31/0031 plus nine digits (with an optional "(0)"), grouped with spaces, hyphens, dots,
# slashes or brackets. Not flagged: 0800 and 090x information numbers and 088 company numbers
# (agencies publish them: Belastingtelefoon 0800-0543, UWV 088-...), which are never personal,
# nor an agency's landline with its name or a service word before it (see _agency_landline).
# Other countries: "+" and country code, then 7 to 12 digits.
_GAP = r"[ .\-/()]{0,3}"
_PHONE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9][.\-])(?:"
    r"(?P<intl>(?:\+|00)[ ]?31[ .\-]*(?:\(0\)[ .\-]*)?\(?[1-9](?:" + _GAP + r"[0-9]){8})"
    r"|(?P<nat>\(?0[1-9](?:" + _GAP + r"[0-9]){8})"
    r"|(?P<foreign>\+(?!31)[1-9][0-9]{0,2}(?:" + _GAP + r"[0-9]){7,12})"
    # Not followed by more digits of the same number; another number may follow after a space.
    r")(?![.\-]?[0-9])(?![ ][1-9])(?![A-Za-z0-9])"
)
_PHONE_PLAIN_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9][.\-])(?:(?P<intl>(?:\+|00)31[1-9][0-9]{8})|(?P<nat>0[1-9][0-9]{8}))"
    r"(?![0-9A-Za-z])(?![.\-][0-9])"
)
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909", "088")
# An agency's ordinary landline ("CJIB klantenservice 058 ...", "DUO telefoonnummer 050 ...",
# "nummer van de gemeente: 010 ..."): a Dutch landline (not 06) with, a few words before it,
# an agency's name, a service word, or "bel de"/"nummer van de" and an organisation. Words
# that point to a person between the cue and the number ("UWV, bel mij op", "SVB, haar nr")
# keep it personal, and so does a mobile number.
_AGENCY_NAMES = (
    r"belastingdienst|belastingtelefoon|toeslagen|dienst\s+toeslagen|cak|cbr|ciz|cjib|duo|svb"
    r"|uwv|ind|rdw|logius|digid|kvk|kamer\s+van\s+koophandel|nibud|juridisch\s+loket|politie"
    r"|rijksoverheid|overheid|belastingen|waterschap|gbo|sociale\s+verzekeringsbank"
)
_SERVICE_WORDS = (
    r"klantenservice|klantcontact\w*|infolijn|informatielijn|informatienummer|servicelijn"
    r"|servicenummer|servicedesk|helpdesk|hulplijn|publieksnummer|hoofdnummer|algemene?\s+nummer"
    r"|centrale|receptie|telefooncentrale"
)
_ORG_WORDS = (
    r"gemeente|gemeentehuis|stadhuis|stadsloket|bibliotheek|bieb|wijkteam|zorgverzekeraar"
    r"|zorgkantoor|woningcorporatie|verhuurder|pensioenfonds|bank|ziekenhuis|huisartsenpost"
    r"|huisartsenpraktijk|apotheek|stichting|instantie|organisatie|loket|balie"
)
_AGENCY_CUE_RE = re.compile(
    r"(?i)(?:(?<![\w\-])(?:" + _AGENCY_NAMES + "|" + _SERVICE_WORDS + r")(?![\w])"
    r"|\b(?:bel(?:t|len|de)?|nummer|nr|telefoonnummer|tel)\.?\s+(?:van\s+)?(?:de|het|die|dat)\s+"
    r"(?:" + _ORG_WORDS + r")\b)"
    # then at most three more words (no sentence end) up to the number
    r"(?P<between>(?:[\s,:\-/()]+[^\s,:()0-9.!?]+\.?){0,3})[\s,:\-/()]*$"
)
_PERSON_WORDS_RE = re.compile(
    r"(?i)\b(?:ik|mij|me|mijn|m'n|mn|jij|je|jouw|u|uw|hij|zij|ze|hem|haar|zijn|hun|ons|onze"
    r"|thuis|priv[eé]|mobiel|mob|eigen|zelf|terug|terugbellen|klant|bezoeker"
    r"|bezoekster|meneer|mevrouw|mevr|mw|dhr|zoon|dochter|man|vrouw|buurman|buurvrouw|vriend"
    r"|vriendin|moeder|vader|partner|woont|wonend|adres|medewerker|consulent|contactpersoon"
    r"|behandelaar|klantmanager)\b"
)
_AGENCY_AFTER_RE = re.compile(
    r"(?i)[\s\-–(]{0,3}(?:van\s+(?:de|het)\s+)?(?:" + _AGENCY_NAMES + r")(?![\w])"
)


def _agency_landline(text: str, start: int, end: int, digits: str) -> bool:
    """Whether the landline at ``text[start:end]`` is an agency's number (see above)."""
    if digits.startswith("06"):
        return False
    before = text[max(0, start - 80) : start]
    before = re.split(r"[.!?\n](?:\s|$)", before)[-1]  # this sentence only ("nr." stays)
    cue = _AGENCY_CUE_RE.search(before)
    if cue is not None:
        return not _PERSON_WORDS_RE.search(cue["between"])
    # "030 264 90 90 (SVB)", but not "mijn nummer 030 ... DUO-vraag"
    after = _AGENCY_AFTER_RE.match(text, end)
    return after is not None and not _PERSON_WORDS_RE.search(before[-30:])


def _find_phone(text: str) -> Iterator[Finding]:
    for match in [*_PHONE_RE.finditer(text), *_PHONE_PLAIN_RE.finditer(text)]:
        digits = re.sub(r"\D", "", match.group(0))
        if match.group("intl"):
            digits = "0" + re.sub(r"^(?:00)?31", "", digits).removeprefix("0")
        if match.groupdict().get("foreign") is None and digits.startswith(_SERVICE_PREFIXES):
            continue
        if match.groupdict().get("foreign") is None and _agency_landline(
            text, match.start(), match.end(), digits
        ):
            continue
        start = match.start()
        if text[start] == "(" and ")" not in match.group(0):
            start += 1  # "(06-12345678)": the bracket belongs to the sentence
        yield Finding("phone", start, match.end())


# --- E-mail addresses ---------------------------------------------------------------------
_EMAIL_RE = re.compile(
    r"(?<![\w.+\-%])[\w.+\-%']+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w\-])"
)


def _find_email(text: str) -> Iterator[Finding]:
    for match in _EMAIL_RE.finditer(text):
        yield Finding("email", match.start(), match.end())


# --- Dates of birth -----------------------------------------------------------------------
# A date is flagged as a date of birth when a birth word ("geboren", "geb.", "geboortedatum",
# "verjaardag", "jarig"...) is near it (then also without a year, or with a two-digit year),
# or when it is a full date with a four-digit year from 1900 up to 14 years ago and no event
# word ("brief van", "sinds", "vanaf", "gedateerd"...) right before it: letters, decisions and
# payments in desk notes are recent, people's birthdays are not.
MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "febr": 2, "february": 2,
    "maart": 3, "mrt": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "augustus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)[0-9]{2}|['‘’`][0-9]{2}|[0-9]{2}(?![0-9]))"
_NUMERIC_DATE_RE = re.compile(
    r"(?<![0-9.\-/])(?P<day>[0-9]{1,2})(?P<sep>[\-/.])(?P<month>[0-9]{1,2})(?P=sep)"
    + _YEAR
    + r"(?![0-9])(?![\-/.][0-9])"
)
_ISO_DATE_RE = re.compile(
    r"(?<![0-9.\-/])(?P<year>(?:19|20)[0-9]{2})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])"
)
_TEXT_DATE_RE = re.compile(
    r"(?i)(?<![0-9])(?P<day>[0-9]{1,2})(?:e|ste|de)?[ \-./]{0,2}(?P<monthname>"
    + _MONTH_ALT
    + r")\b\.?(?:[ ,\-/]{0,2}"
    + _YEAR
    + r")?(?![0-9])"
)
_BIRTH_BEFORE_RE = re.compile(
    r"(?i)(?:\bgeboren|\bgeb\b\.?|\bgeboorte\w*|\bgeb\.?\s?dat\w*|\bverjaardag|\bjarig"
    r"|\bdob\b|\bdate of birth|\bborn|\bbirthday)"
    r"\.?[^.!?\n]{0,40}$"
)
_BIRTH_AFTER_RE = re.compile(r"(?i)^[^.!?\n]{0,25}\b(?:geboren|jarig)\b")
_EVENT_BEFORE_RE = re.compile(
    r"(?i)\b(?:brief|brieven|gedateerd|datum|sinds|vanaf|per|tot|t/m|tm|voor|na|uiterlijk"
    r"|ingang|ingangsdatum|betaald|ontvangen|verstuurd|verzonden|overleden|aanslag|beschikking"
    r"|afspraak|op|in)\b[^0-9.!?\n]{0,12}$"
)
DOB_MIN_AGE = 14  # years: an older full date without an event word counts as a birth date


def _year(raw: str | None) -> tuple[int | None, bool]:
    """The year as a number, and whether it was written with four digits."""
    if not raw:
        return None, False
    digits = raw.lstrip("'‘’`")
    if len(digits) == 4:
        return int(digits), True
    value = int(digits)
    return (2000 + value if value <= date.today().year % 100 else 1900 + value), False


def _is_valid_date(day: int, month: int, year: int | None) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 februari stays possible
    except ValueError:
        return False
    return True


def _find_dob(text: str) -> Iterator[Finding]:
    today = date.today()
    candidates: list[tuple[re.Match[str], int, int, str | None]] = []
    for match in _NUMERIC_DATE_RE.finditer(text):
        candidates.append((match, int(match["day"]), int(match["month"]), match["year"]))
    for match in _ISO_DATE_RE.finditer(text):
        candidates.append((match, int(match["day"]), int(match["month"]), match["year"]))
    for match in _TEXT_DATE_RE.finditer(text):
        month = MONTHS[match["monthname"].lower()]
        candidates.append((match, int(match["day"]), month, match["year"]))
    for match, day, month, raw_year in candidates:
        year, four_digits = _year(raw_year)
        if not _is_valid_date(day, month, year):
            continue
        if year is not None and not 1900 <= year <= today.year:
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 30]
        cued = bool(_BIRTH_BEFORE_RE.search(before) or _BIRTH_AFTER_RE.search(after))
        old_enough = (
            year is not None and four_digits and year <= today.year - DOB_MIN_AGE and year >= 1900
        )
        if cued or (old_enough and not _EVENT_BEFORE_RE.search(before)):
            yield Finding("dob", match.start(), match.end())


# --- Addresses ----------------------------------------------------------------------------
# A postcode with four digits and two letters ("1234 AB", "1234AB"; never SA, SD or SS) with a
# house number, or without one as part of an address (see _postcode_is_address); a street with a typical suffix ("Dorpsstraat", "Kerkweg",
# "Stationsplein", "Prins Hendrikkade", lower case "kerkstraat" too) or of the form "Laan van
# Meerdervoort" followed by a house number. Post office boxes ("Postbus 123, 1000 AB") are not
# personal and are not flagged. Streets without such a suffix ("Spui 68") are found by
# wegwijs.privacy.names with deduce's list of Dutch street names.
_HOUSE_NUMBER = (
    r"(?P<number>[1-9][0-9]{0,4}(?:[ ]?[A-Za-z](?![A-Za-z]))?"
    r"(?:[ ]?-[ ]?(?:[0-9]{1,4}|[A-Za-z]{1,3})(?![A-Za-z0-9]))?"
    r"(?:[ ](?:hoog|hs|bis|zw|rd|bg|huis|boven|beneden|[IVX]{1,3})\b)?)"
)
# A unit after the number ("82 jr", "12 jaar", "300 euro"): an age or an amount, no house
# number. Used with ``match(text, pos)``, so no "^" (it would only match at the text's start).
NOT_A_HOUSE_NUMBER_RE = re.compile(
    r"(?i)\s*(?:%|procent|euro|eur|keer|x|jaar|jr|jarige?|uur|u|min|minuten|dagen|dag|weken|week"
    r"|maanden|maand|km|kg|m2|m²|cm|personen|kinderen|stuks|mensen|pagina's|pagina|cijfers"
    r"|tekens)(?![^\W\d_])"
)
_STREET_SUFFIX = (
    r"(?:straat|straatweg|str\b\.?|weg|laan|plein|gracht|kade|singel|dijk|dreef|steeg|pad|hof"
    r"|park|plantsoen|markt|burgwal|wal|baan|boulevard|allee|erf|haven|vaart|wetering|kanaal"
    r"|dwarsstraat|zijde|oever|hoven|brink)"
)
_LOWER_STREET_SUFFIX = (
    r"(?:straat|straatweg|str\b\.?|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef)"
)
_PARTICLE = r"(?:van|de|der|den|het|'t|ten|ter|op|aan|in|la|le|du|di|da|el|al)"
# Words that start a multi-word street name even at the start of a sentence.
_STREET_LEAD = (
    r"(?:Burgemeester|Burg\.|Prins|Prinses|Koning|Koningin|Graaf|Gravin|Hertog|Sint|St\.|Dokter"
    r"|Dr\.|Professor|Prof\.|Generaal|Gen\.|Kapitein|Admiraal|Pastoor|Pater|Dominee|Ds\."
    r"|Mgr\.|Jonkheer|Mr\.|Van|De|Den|Der|Het|Oude|Nieuwe|Lange|Korte|Hoge|Lage|Grote|Kleine"
    r"|Eerste|Tweede|Derde|Binnen|Buiten|Noord|Zuid|Oost|West|Achter|Voor|Over|Onder"
    r"|[1-9]e|[1-9]ste)"
)
# The same lead words in lower case ("korte kerkstraat 2", "burg. van roijensingel 10"), without
# the prepositions ("voor", "over"...) that also start ordinary phrases.
_LOWER_STREET_LEAD = (
    r"(?:burgemeester|burg\.|prins|prinses|koning|koningin|graaf|gravin|hertog|sint|st\.|dokter"
    r"|dr\.|professor|prof\.|generaal|gen\.|kapitein|admiraal|pastoor|pater|dominee|ds\.|mgr\."
    r"|jonkheer|mr\.|oude|nieuwe|lange|korte|hoge|lage|grote|kleine|eerste|tweede|derde|noord"
    r"|zuid|oost|west|[1-9]e|[1-9]ste)"
)
_CAP_WORD = r"[A-ZÀ-Þ][\w'’\-]*\.?"
_STREET_RE = re.compile(
    # Optional leading words: a known lead word, or a capitalised word that does not start a
    # sentence (so "Woont op Dorpsstraat 12" keeps "Woont" out), each with optional particles.
    r"(?P<street>"
    r"(?:(?:" + _STREET_LEAD + r"|(?<![.!?:\n]\s)(?<!^)" + _CAP_WORD + r")[ ]"
    r"(?:" + _PARTICLE + r"[ ]){0,2}){0,3}"
    r"(?<![\w'’\-])[A-ZÀ-Þ][\w'’\-]*?" + _STREET_SUFFIX + r"(?<!\.\.)"
    r"|(?<![\w'’\-])(?:" + _LOWER_STREET_LEAD + r"[ ](?:" + _PARTICLE + r"[ ]){0,2}){0,2}"
    r"(?:(?:van|de|der|den|ter|ten)[ ]){0,2}[a-z][a-z'\-]{2,}" + _LOWER_STREET_SUFFIX + r""
    r"|(?<![\w'’\-])(?:Laan|Plein|Weg|Kade|Singel|Gracht|Dijk|Pad|Hof|Park|Straat|Dreef|Steeg"
    r"|Burgwal|Wal|Markt|Erf)[ ](?:" + _PARTICLE + r"|naar|tot|achter|voor|bij|over|onder)"
    r"(?:[ ](?:de|der|den|het|'t))?(?:[ ]" + _CAP_WORD + r"){1,3}"
    r")"
    r",?[ ](?:nr\.?[ ]?|nummer[ ])?" + _HOUSE_NUMBER + r"(?![0-9,.]?[0-9])"
)
_POSTCODE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<pc>[1-9][0-9]{3}(?:[ ]?(?P<upper>[A-Z]{2})|(?P<space>[ ]?)(?P<lower>[a-z]{2})))"
    r"(?![A-Za-z0-9])"
    r"(?:[ ]?,?[ ]?(?:nr\.?[ ]?|huisnummer[ ]?)?" + _HOUSE_NUMBER + r"(?![0-9,.]?[0-9]))?"
)
_POSTBUS_BEFORE_RE = re.compile(r"(?i)\b(?:postbus|antwoordnummer)\s*[0-9]+[\s,]*$")
_NOT_POSTCODE_LETTERS = {"SA", "SD", "SS"}
_NOT_POSTCODE_WORDS = {"en", "of", "tm", "km", "kg", "mg", "gr", "cm", "mm", "ml", "kb", "mb"}
# Two-letter Dutch words that follow a number in a sentence, not postcode letters.
_SHORT_WORDS = {
    "in", "op", "te", "na", "om", "je", "ik", "is", "al", "nu", "zo", "er", "ga", "we", "ze",
    "uw", "ja", "nr", "ca", "bv", "pm", "am", "tv", "pc", "at", "to", "on", "or", "it",
}  # fmt: skip
_POSTCODE_CUE_RE = re.compile(r"(?i)\b(?:postcode|pc|adres)\b[\s:]*$")
# A lower-case postcode with a space ("7461 ab") also after an address word a little earlier
# ("adres: molenweg 14, 7461 ab"), or right after a street and house number.
_POSTCODE_NEAR_CUE_RE = re.compile(
    r"(?i)\b(?:postcode|pc|adres|woon\w*|wonend|verhuisd?|straat)\b[^.!?\n]{0,40}$"
)


# A postcode alone (without a house number) is no personal data: it names a street or part of
# one ("postcode 3011 AB, hoort dat bij Rotterdam?"). It is flagged as part of an address: near
# a street with a house number on the same line, after a word for someone's address ("zijn
# adres is 3511 LX Utrecht", "woont 1234 AB"), or as a field of its own on a line ("postcode:
# 6512 GH", "pc 5038 TV", "1234 AB Ede").
_POSTCODE_ADDRESS_CUE_RE = re.compile(
    r"(?i)(?:\w*adres\w*|\bwoon\w*|\bwonend|\bwoonachtig|\bverhuis\w*)\b"
    r"[^.!?\n]{0,40}$"
)
_POSTCODE_FIELD_BEFORE_RE = re.compile(r"(?i)[ \t]*(?:(?:postcode|pc)\b[ \t]*[:.=-]?[ \t]*)?")
_POSTCODE_FIELD_AFTER_RE = re.compile(
    r"[ \t]*(?:,?[ \t]*[A-ZÀ-Þ'][\w'’\-]*(?:[ \t]+(?:[a-z]{1,3}[ \t]+)?[A-ZÀ-Þ][\w'’\-]*){0,2})?"
    r"[ \t.]*(?:\n|$)"
)
_STREET_NEAR = 40  # characters between a street address and a postcode on one line


def _postcode_is_address(text: str, start: int, end: int, streets: list[Finding]) -> bool:
    """Whether a postcode without house number at ``text[start:end]`` is part of an address."""
    for street in streets:
        gap = text[street.end : start] if street.end <= start else text[end : street.start]
        if len(gap) <= _STREET_NEAR and "\n" not in gap:
            return True
    if _POSTCODE_ADDRESS_CUE_RE.search(text, max(0, start - 60), start):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return bool(
        _POSTCODE_FIELD_BEFORE_RE.fullmatch(text, line_start, start)
        and _POSTCODE_FIELD_AFTER_RE.match(text, end)
    )


# After an address word, the lower-case words before a lower-case street belong to it ("adres:
# jan van galenstraat 5", "woont op pieter de hoochweg 12").
_LOWER_STREET_CUE_RE = re.compile(
    r"(?i)\b(?:\w*adres\s*:?|woo?n(?:t|en|end|achtig)?\s+(?:op|aan)|verhuisd\s+naar)\s+"
    r"(?P<words>(?:(?!(?:ik|mijn|m'n|mn|zijn|haar|hun|uw|is|was|wordt|werd|woont|woonde|nu"
    r"|nog|niet|ook|en|of|een|bij|in|op|aan|naar|sinds|per|vanaf|tot)\s)[a-z][\w'’\-]*\.?\s+){1,3})$"
)


def _lower_street_start(text: str, start: int) -> int:
    if not text[start].islower():
        return start
    cue = _LOWER_STREET_CUE_RE.search(text, max(0, start - 60), start)
    return cue.start("words") if cue else start


def _house_number_ok(text: str, match: re.Match[str]) -> bool:
    number = match["number"]
    if number is None:
        return True
    digits = re.match(r"[0-9]+", number)
    plain_year = (
        digits is not None
        and len(digits.group(0)) == 4
        and 1900 <= int(digits.group(0)) <= 2099
        and number == digits.group(0)
    )
    return not plain_year and not NOT_A_HOUSE_NUMBER_RE.match(text, match.end())


def _find_address(text: str) -> Iterator[Finding]:
    streets = [
        Finding("address", _lower_street_start(text, match.start()), match.end())
        for match in _STREET_RE.finditer(text)
        if _house_number_ok(text, match)
    ]
    yield from streets
    for match in _POSTCODE_RE.finditer(text):
        letters = (match["upper"] or match["lower"] or "").upper()
        if letters in _NOT_POSTCODE_LETTERS:
            continue
        if _POSTBUS_BEFORE_RE.search(text, max(0, match.start() - 30), match.start()):
            continue
        has_number = match["number"] is not None and _house_number_ok(text, match)
        end = match.end() if has_number else match.end("pc")
        if match["lower"] is not None:
            cued = _POSTCODE_CUE_RE.search(text, max(0, match.start() - 15), match.start())
            if match["space"]:
                # "2023 op 5 maart": a space before lower-case letters needs an address word
                cued = cued or _POSTCODE_NEAR_CUE_RE.search(
                    text, max(0, match.start() - 60), match.start()
                )
                has_number = has_number and bool(cued)
                if match["lower"] in _SHORT_WORDS or 1900 <= int(match["pc"][:4]) <= 2099:
                    continue  # "sinds 1985 in Nederland", "woon er 2010 al"
            if match["lower"] in _NOT_POSTCODE_WORDS or not (has_number or cued):
                continue
        elif letters.lower() in {"en", "of"} and 1900 <= int(match["pc"][:4]) <= 2099:
            continue  # "in 2023 EN 2024": a year in capitals
        if not has_number and not _postcode_is_address(text, match.start(), end, streets):
            continue
        yield Finding("address", match.start(), end)


PATTERN_DETECTORS = (_find_bsn, _find_iban, _find_phone, _find_email, _find_dob, _find_address)


# --- Combining ----------------------------------------------------------------------------
def _inside_tag(text: str, finding: Finding) -> bool:
    return any(
        tag.start() <= finding.start and finding.end <= tag.end()
        for tag in _TAG_RE.finditer(text, max(0, finding.start - 20), finding.end + 20)
    )


def resolve(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """Sorted, non-overlapping findings: of two that overlap the more specific kind wins, then
    the longer one. Same-kind address or name pieces that only a comma or space separates are
    joined ("Dorpsstraat 12, 1234 AB")."""
    chosen: list[Finding] = []
    ranked = sorted(set(findings), key=lambda f: (-_PRIORITY[f.kind], -(f.end - f.start), f.start))
    for finding in ranked:
        if _inside_tag(text, finding):
            continue
        if all(finding.end <= other.start or other.end <= finding.start for other in chosen):
            chosen.append(finding)
    chosen.sort(key=lambda f: f.start)
    merged: list[Finding] = []
    for finding in chosen:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == finding.kind
            and finding.kind in {"address", "name"}
            and re.fullmatch(r"[ ,]{0,3}", text[previous.end : finding.start])
        ):
            merged[-1] = Finding(finding.kind, previous.start, finding.end)
        else:
            merged.append(finding)
    return merged


def scan_patterns(text: str) -> list[Finding]:
    """Findings of the pattern detectors only (no name model): cheap enough for every log line."""
    if not text:
        return []
    found: list[Finding] = []
    for detector in PATTERN_DETECTORS:
        found.extend(detector(text))
    return resolve(text, found)


def scan(text: str) -> list[Finding]:
    """All findings in ``text``: the pattern detectors plus names and listed street names.

    The name model is loaded on the first call that needs it (a text with a letter) and
    kept for the life of the process.
    """
    if not text:
        return []
    found: list[Finding] = []
    for detector in PATTERN_DETECTORS:
        found.extend(detector(text))
    if any(ch.isalpha() for ch in text):
        from wegwijs.privacy.names import get_model

        found.extend(get_model().find(text))
    return resolve(text, found)


def mask(text: str, findings: Iterable[Finding] | None = None) -> str:
    """``text`` with every finding replaced by its tag, e.g. "bel 06-12345678" -> "bel
    [TELEFOONNUMMER]". Without ``findings`` the text is scanned first."""
    chosen = scan(text) if findings is None else resolve(text, findings)
    parts: list[str] = []
    position = 0
    for finding in chosen:
        parts.append(text[position : finding.start])
        parts.append(TAGS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
