"""The spreadsheet import: one flat sheet that a library fills in with Excel (or any
spreadsheet program), one row per service at a location. Not HSDS (see ``hsds.py`` for that):
a sheet a coordinator can fill in without knowing the standard.

- **Files**: CSV (UTF-8 with or without BOM; Excel's Windows encoding is read too; ``;``,
  ``,`` or tab as delimiter, whichever the header line uses) or XLSX (the first sheet, read
  with openpyxl in read-only mode).
- **Columns** are defined once, in :data:`COLUMNS`: Dutch headers with English and other
  aliases; case, accents, spaces and punctuation in a header do not matter. Unknown columns
  are reported and ignored. A column that is left out of the sheet leaves that field of
  existing entries as it is; an empty cell in a column that is there clears it.
- **Rows**: rows with the same organisation and name are one service (at the locations of
  its rows); rows for the same service and location add time blocks. Organisations are
  matched by name among the owner's organisations, services by name within their
  organisation, locations by the location name (or, without one, by the address), so
  importing the same file again updates instead of adding.
- **All or nothing**: every row is checked (codes, dates, times, the privacy guard on free
  text) and every problem is reported as "regel N, kolom X: ..." with N the row number the
  spreadsheet program shows (the header is row 1). With any problem nothing is stored;
  otherwise everything is stored in one transaction, and every imported entry counts as
  verified today.

``check(data, filename, owner)`` gives a :class:`Plan` (what would be created and updated,
and the problems) without storing anything; ``import_sheet()`` stores it.
``template_csv()`` and ``template_xlsx()`` give the empty sheet with one example row.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.desk.codes import Theme
from wegwijs.network.models import Branch, Organisation
from wegwijs.network.validators import normalise_postcode
from wegwijs.privacy.checks import personal_data_message
from wegwijs.privacy.scanner import scan
from wegwijs.socialmap import indexing, keeping, services
from wegwijs.socialmap.models import (
    Access,
    Format,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    SocialOrganization,
    TargetGroup,
)

#: Larger files are refused before they are read.
MAX_BYTES = 2 * 1024 * 1024
#: At most this many rows with data (the header not counted).
MAX_ROWS = 3000
#: Columns beyond this are not read.
MAX_COLUMNS = 60
#: Rows (blank ones too) read at most, and the unpacked size of an XLSX at most: a small file
#: that unpacks to gigabytes is refused before it is read.
MAX_LINES = 50_000
MAX_UNPACKED = 60 * 1024 * 1024


# -- the columns --------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    #: The Dutch header, as in the template.
    header: str
    aliases: tuple[str, ...]
    help: Any
    example: Any = ""
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "naam",
        ("name", "naam aanbod", "titel", "title", "aanbod", "dienst", "service"),
        gettext_lazy("Name of the offer, e.g. the course or the consultation hour."),
        "Klik & Tik: de basis van de computer",
        required=True,
    ),
    Column(
        "organization",
        "organisatie",
        ("organisation", "organization", "aanbieder", "organisatienaam", "provider"),
        gettext_lazy("Who offers it. Rows with the same organisation belong together."),
        "Bibliotheek Voorbeeldstad",
        required=True,
    ),
    Column(
        "description",
        "omschrijving",
        ("description", "beschrijving"),
        gettext_lazy("What it is, in plain language (B1). No personal data."),
        "Leer in uw eigen tempo werken met de computer, internet en e-mail.",
        required=True,
    ),
    Column(
        "themes",
        "themas",
        ("themes", "thema", "theme", "onderwerpen", "onderwerp", "topics"),
        gettext_lazy("One or more theme codes, separated by commas."),
        "digitale-vaardigheden, digid",
        required=True,
    ),
    Column(
        "format",
        "vorm",
        ("format", "werkvorm", "soort", "type", "kind"),
        gettext_lazy("coaching, spreekuur, cafe, cursus or informatiebijeenkomst."),
        "cursus",
        required=True,
    ),
    Column(
        "access",
        "toegang",
        ("access", "inloop of aanmelden", "aanmelden of inloop", "sign up or walk in"),
        gettext_lazy("inloop (walk in) or aanmelden (sign up first). Empty: inloop."),
        "aanmelden",
    ),
    Column(
        "target_groups",
        "doelgroepen",
        ("doelgroep", "target groups", "target group", "voor wie", "for whom"),
        gettext_lazy("Target group codes, separated by commas. Empty: everyone."),
        "ouderen, laaggeletterden",
    ),
    Column(
        "what_to_bring",
        "meenemen",
        ("what to bring", "bring", "meebrengen", "neem mee"),
        gettext_lazy("What people bring, separated by commas."),
        "DigiD-inloggegevens, eigen laptop of tablet",
    ),
    Column(
        "fees_description",
        "kosten",
        ("cost", "costs", "fees", "fee", "prijs", "price"),
        gettext_lazy("What it costs. Empty when it is free."),
        "5 euro voor niet-leden",
    ),
    Column(
        "capacity",
        "capaciteit",
        ("capacity", "plaatsen", "places", "aantal plaatsen", "max deelnemers"),
        gettext_lazy("Places per session, a number from 1 to 500."),
        8,
    ),
    Column(
        "intake_required",
        "intake",
        ("intake required", "intake nodig", "intakegesprek", "intake first"),
        gettext_lazy("ja or nee. Empty: nee."),
        "ja",
    ),
    Column(
        "languages",
        "talen",
        ("languages", "taal", "language"),
        gettext_lazy("Language codes such as nl, en, ar, separated by commas."),
        "nl",
    ),
    Column(
        "status",
        "status",
        ("state",),
        gettext_lazy(
            "actief, niet doorverwijzen, tijdelijk gesloten, ingetrokken or opgeheven. "
            "Empty: actief."
        ),
        "actief",
    ),
    Column(
        "location",
        "locatie",
        ("location", "locatienaam", "naam locatie", "location name", "vestiging", "plek"),
        gettext_lazy("Name of the place where it is, e.g. the library branch."),
        "Bibliotheek Centrum",
    ),
    Column(
        "address_1",
        "adres",
        ("address", "straat", "street", "straat en huisnummer", "straat huisnummer"),
        gettext_lazy("Street and house number."),
        "Stationsplein 1",
    ),
    Column(
        "postal_code",
        "postcode",
        ("postal code", "zip", "zipcode", "zip code"),
        gettext_lazy("Postcode, e.g. 1234 AB."),
        "1234 AB",
    ),
    Column(
        "city",
        "plaats",
        ("city", "place", "town", "woonplaats", "stad"),
        gettext_lazy("Place."),
        "Voorbeeldstad",
    ),
    Column(
        "phone",
        "telefoon",
        ("phone", "telephone", "telefoonnummer", "tel", "phone number"),
        gettext_lazy("Phone number for this offer. Several: separate with a semicolon (;)."),
        "010 123 4567",
    ),
    Column(
        "email",
        "e-mail",
        ("email", "e-mailadres", "emailadres", "mail"),
        gettext_lazy("E-mail address for this offer."),
        "ido@voorbeeldbibliotheek.nl",
    ),
    Column(
        "url",
        "website",
        ("url", "web page", "webpagina", "webadres", "link", "internet"),
        gettext_lazy("Web page with more information."),
        "https://www.voorbeeldbibliotheek.nl/kliktik",
    ),
    Column(
        "days",
        "dagen",
        ("days", "dag", "day", "weekdagen", "weekdays"),
        gettext_lazy("Days of the week: ma, di, wo, do, vr, za, zo (also ma-vr)."),
        "di, do",
    ),
    Column(
        "freq",
        "herhaling",
        ("repeat", "repeats", "frequency", "freq", "hoe vaak"),
        gettext_lazy(
            "wekelijks, maandelijks or eenmalig. Empty: wekelijks with days, eenmalig "
            "with only a date."
        ),
        "wekelijks",
    ),
    Column(
        "opens_at",
        "van",
        ("from", "opens", "begintijd", "starttijd", "start time", "vanaf", "tijd van"),
        gettext_lazy("Start time, e.g. 10:00."),
        "10:00",
    ),
    Column(
        "closes_at",
        "tot",
        ("until", "to", "closes", "eindtijd", "end time", "tijd tot"),
        gettext_lazy("End time, e.g. 12:00."),
        "12:00",
    ),
    Column(
        "dtstart",
        "startdatum",
        ("start date", "begindatum", "eerste datum", "first date", "datum", "date"),
        gettext_lazy("First date of a course, or the date of a single session, e.g. 1-9-2026."),
        date(2026, 9, 1),
    ),
    Column(
        "until",
        "einddatum",
        ("end date", "last date", "laatste datum", "tot en met"),
        gettext_lazy("Last date of a course, e.g. 15-12-2026."),
        date(2026, 12, 15),
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}

SERVICE_KEYS = (
    "description",
    "themes",
    "format",
    "access",
    "target_groups",
    "what_to_bring",
    "fees_description",
    "capacity",
    "intake_required",
    "languages",
    "status",
    "phone",
    "email",
    "url",
)
LOCATION_KEYS = ("location", "address_1", "postal_code", "city")
SCHEDULE_KEYS = ("days", "freq", "opens_at", "closes_at", "dtstart", "until")
LIMITS = {
    "name": 200,
    "organization": 200,
    "description": 3000,
    "fees_description": 300,
    "location": 200,
    "address_1": 200,
    "city": 100,
    "email": 254,
    "url": 200,
}
#: Cells checked by the privacy guard (the service name also, in validate_service).
FREE_TEXT = ("name", "description", "what_to_bring", "fees_description")


def fold(text: str) -> str:
    """Lower case without accents, words separated by one space."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))


def compact(text: str) -> str:
    """Only letters and digits: how headers and code words are compared."""
    return fold(text).replace(" ", "")


HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        HEADERS.setdefault(compact(_name), _column.key)


# -- problems -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class SheetError(Exception):
    """The file was refused; ``messages`` name every problem with its line."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


# -- reading the file ---------------------------------------------------------------------
@dataclass
class Table:
    headers: list[str]
    #: (line as the spreadsheet shows it, cells), blank rows left out.
    rows: list[tuple[int, list[Any]]]


def _blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _limited(records: Iterable[tuple[int, list[Any]]]) -> Table:
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for line, cells in records:
        cells = list(cells[:MAX_COLUMNS])
        if headers is None:
            if line != 1 or _blank(cells):
                raise SheetError(
                    [str(Problem(1, "", _("The first row must hold the column names.")))]
                )
            headers = ["" if c is None else str(c).strip() for c in cells]
            continue
        if _blank(cells) and line <= MAX_LINES:
            continue
        if len(rows) >= MAX_ROWS or line > MAX_LINES:
            raise SheetError(
                [
                    str(
                        Problem(
                            line,
                            "",
                            _("Too many rows: at most %(n)s rows per file.") % {"n": MAX_ROWS},
                        )
                    )
                ]
            )
        rows.append((line, cells))
    if headers is None:
        raise SheetError([_("The file is empty.")])
    return Table(headers, rows)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (gescheiden door lijstscheidingsteken)" on Windows.
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    text = _decode(data).replace("\x00", "\ufffd")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def records() -> Iterable[tuple[int, list[Any]]]:
        line = 0
        try:
            for line, record in enumerate(reader, start=1):
                yield line, record
        except csv.Error as exc:
            raise SheetError(
                [str(Problem(line + 1, "", _("This row cannot be read: %(e)s") % {"e": exc}))]
            ) from exc

    return _limited(records())


def read_xlsx(data: bytes) -> Table:
    import openpyxl

    unreadable = _("This file cannot be read as an Excel workbook (.xlsx).")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a bad file
        raise SheetError([unreadable]) from exc
    try:
        if not workbook.worksheets:
            raise SheetError([_("The file is empty.")])
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the stored size: read the rows there are
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        return _limited((line, list(cells)) for line, cells in enumerate(rows, start=1))
    except SheetError:
        raise
    except Exception as exc:
        raise SheetError([unreadable]) from exc
    finally:
        workbook.close()


def read_table(data: bytes, filename: str = "") -> Table:
    """The header and rows of a CSV or XLSX file (by its content, not its name)."""
    if len(data) > MAX_BYTES:
        raise SheetError(
            [_("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}]
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            [_("This is an old Excel file (.xls). Save it as .xlsx or as CSV and try again.")]
        )
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            unpacked = -1
        if unpacked < 0:
            raise SheetError([_("This file cannot be read as an Excel workbook (.xlsx).")])
        if unpacked > MAX_UNPACKED:
            raise SheetError(
                [
                    _("The file is too large: at most %(mb)s MB.")
                    % {"mb": MAX_BYTES // (1024 * 1024)}
                ]
            )
        return read_xlsx(data)
    return read_csv(data)


# -- reading cells ------------------------------------------------------------------------
class CellError(Exception):
    pass


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _items(value: str, separators: str = ",;\n") -> list[str]:
    return [p.strip() for p in re.split(f"[{re.escape(separators)}]", value) if p.strip()]


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Code words: each code and its label in Dutch and English, compacted."""
    found: dict[str, str] = {}
    for code, label in choices:
        found[compact(code)] = code
        for language in ("nl", "en"):
            with translation.override(language):
                found.setdefault(compact(str(label)), code)
    return found


def _codes(value: str, words: dict[str, str], allowed: Iterable[str]) -> list[str]:
    codes: list[str] = []
    for item in _items(value, ",;/\n"):
        code = words.get(compact(item))
        if code is None:
            raise CellError(
                _("Unknown value: %(value)s. Choose from: %(allowed)s.")
                % {"value": item[:40], "allowed": ", ".join(allowed)}
            )
        codes.append(code)
    return list(dict.fromkeys(codes))


def _one(value: str, words: dict[str, str], allowed: Iterable[str]) -> str:
    code = words.get(compact(value))
    if code is None:
        raise CellError(
            _("Unknown value: %(value)s. Choose from: %(allowed)s.")
            % {"value": value[:40], "allowed": ", ".join(allowed)}
        )
    return code


@cache
def _words() -> dict[str, dict[str, str]]:
    """Code words per kind (built once, when first needed: labels need translations)."""

    def extra(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
        return {compact(word): str(code) for word, code in pairs}

    return {
        "format": _labels(Format.choices)
        | extra(
            [
                ("training", Format.CURSUS),
                ("les", Format.CURSUS),
                ("lessen", Format.CURSUS),
                ("course", Format.CURSUS),
                ("inloopspreekuur", Format.SPREEKUUR),
                ("digicafe", Format.CAFE),
                ("tabletcafe", Format.CAFE),
                ("voorlichting", Format.INFORMATIEBIJEENKOMST),
            ]
        ),
        "access": _labels(Access.choices)
        | extra(
            [
                ("walk in", Access.WALK_IN),
                ("vrije inloop", Access.WALK_IN),
                ("zonder afspraak", Access.WALK_IN),
                ("sign up", Access.SIGN_UP),
                ("op afspraak", Access.SIGN_UP),
                ("afspraak", Access.SIGN_UP),
                ("inschrijven", Access.SIGN_UP),
            ]
        ),
        "themes": _labels(Theme.choices),
        "target_groups": _labels(TargetGroup.choices),
        "status": _labels(keeping.STATUS_CHOICES)
        | extra(
            [
                ("actief", ServiceStatus.ACTIVE),
                ("niet doorverwijzen", keeping.DO_NOT_REFER),
                ("actief niet doorverwijzen", keeping.DO_NOT_REFER),
                ("actief maar niet doorverwijzen", keeping.DO_NOT_REFER),
                ("do not refer", keeping.DO_NOT_REFER),
                ("tijdelijk gesloten", ServiceStatus.TEMPORARILY_CLOSED),
                ("ingetrokken", ServiceStatus.INACTIVE),
                ("inactief", ServiceStatus.INACTIVE),
                ("niet actief", ServiceStatus.INACTIVE),
                ("withdrawn", ServiceStatus.INACTIVE),
                ("opgeheven", ServiceStatus.DEFUNCT),
                ("gestopt", ServiceStatus.DEFUNCT),
                ("stopped", ServiceStatus.DEFUNCT),
            ]
        ),
        "freq": extra(
            [
                ("wekelijks", Schedule.Freq.WEEKLY),
                ("elke week", Schedule.Freq.WEEKLY),
                ("iedere week", Schedule.Freq.WEEKLY),
                ("weekly", Schedule.Freq.WEEKLY),
                ("every week", Schedule.Freq.WEEKLY),
                ("maandelijks", Schedule.Freq.MONTHLY),
                ("elke maand", Schedule.Freq.MONTHLY),
                ("iedere maand", Schedule.Freq.MONTHLY),
                ("monthly", Schedule.Freq.MONTHLY),
                ("every month", Schedule.Freq.MONTHLY),
                ("eenmalig", ""),
                ("een keer", ""),
                ("eenmaal", ""),
                ("once", ""),
                ("one off", ""),
            ]
        ),
    }


STATUS_NAMES = (
    "actief",
    "niet doorverwijzen",
    "tijdelijk gesloten",
    "ingetrokken",
    "opgeheven",
)
YES = {"ja", "j", "yes", "y", "waar", "true", "1", "x"}
NO = {"", "nee", "n", "no", "onwaar", "false", "0"}
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_WORDS = {
    word: index
    for index, words in enumerate(
        (
            ("ma", "maandag", "mo", "mon", "monday"),
            ("di", "dinsdag", "tu", "tue", "tues", "tuesday"),
            ("wo", "woensdag", "we", "wed", "wednesday"),
            ("do", "donderdag", "th", "thu", "thur", "thurs", "thursday"),
            ("vr", "vrijdag", "fr", "fri", "friday"),
            ("za", "zaterdag", "sa", "sat", "saturday"),
            ("zo", "zondag", "su", "sun", "sunday"),
        )
    )
    for word in words
}
DAY_GROUPS = {
    "werkdagen": range(5),
    "weekdays": range(5),
    "dagelijks": range(7),
    "daily": range(7),
    "weekend": range(5, 7),
}
DAY_FILLERS = {"op", "elke", "iedere", "en", "every", "on", "and"}
LANGUAGE_NAMES = {
    "nederlands": "nl",
    "dutch": "nl",
    "engels": "en",
    "english": "en",
    "arabisch": "ar",
    "arabic": "ar",
    "turks": "tr",
    "turkish": "tr",
    "pools": "pl",
    "polish": "pl",
    "duits": "de",
    "german": "de",
    "frans": "fr",
    "french": "fr",
    "spaans": "es",
    "spanish": "es",
    "oekraiens": "uk",
    "ukrainian": "uk",
    "tigrinya": "ti",
    "somalisch": "so",
    "somali": "so",
    "fries": "fy",
    "frisian": "fy",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "february"),
            ("maart", "mrt", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("augustus", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_TIME_RE = re.compile(
    r"(\d{1,2})(?:\s*(?:[:.hu]|uur)\s*(\d{2})?)?(?::(\d{2}))?\s*(?:uur|u|h)?",
    re.IGNORECASE | re.ASCII,
)
_DMY_RE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})", re.ASCII)
_YMD_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII
)
_WORDS_DATE_RE = re.compile(r"(\d{1,2}) ([a-z]+) (\d{4})", re.ASCII)
_PHONE_RE = re.compile(r"\+?[0-9][0-9 ()\-.]{4,28}[0-9]", re.ASCII)
_url = URLValidator()


def parse_time(value: Any) -> time:
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # Excel: a fraction of the day
        minutes = round(value * 24 * 60)
        if minutes < 24 * 60:
            return time(minutes // 60, minutes % 60)
    match = _TIME_RE.fullmatch(text(value))
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise CellError(_("Write a time like 10:00."))


def _make_date(year: int, month: int, day: int) -> date:
    if year < 100:
        year += 2000
    if not 2000 <= year <= 2100:
        raise CellError(_("Write a date like 1-9-2026."))
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("This date does not exist.")) from None


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return _make_date(value.year, value.month, value.day)
    if isinstance(value, date):
        return _make_date(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool) and 30000 < value < 80000:
        # An Excel date serial in a cell without the date format.
        day = date(1899, 12, 30) + timedelta(days=int(value))
        return _make_date(day.year, day.month, day.day)
    raw = text(value).lower()
    match = _YMD_RE.fullmatch(raw)
    if match:
        return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _DMY_RE.fullmatch(raw)
    if match:
        return _make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = _WORDS_DATE_RE.fullmatch(fold(raw))
    if match and match.group(2) in MONTHS:
        return _make_date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    raise CellError(_("Write a date like 1-9-2026."))


def _fold_days(value: str) -> str:
    plain = value.replace("t/m", "-").replace("\u2013", "-").replace("\u2014", "-")
    plain = unicodedata.normalize("NFKD", plain)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"\btot en met\b|\btot\b", "-", plain)
    plain = re.sub(r"[^a-z\-]+", " ", plain)
    return re.sub(r"\s*-\s*", "-", plain).strip()


def parse_days(value: str) -> str:
    """'ma, di', 'maandag en woensdag', 'ma-vr', 'MO,TH' -> 'MO,TU'."""
    found: list[int] = []
    for token in re.findall(r"[a-z]+(?:-[a-z]+)*", _fold_days(value)):
        if token in DAY_FILLERS:
            continue
        if token in DAY_GROUPS:
            found.extend(DAY_GROUPS[token])
            continue
        ends = [_day(part) for part in token.split("-") if part]
        if len(ends) == 2:
            first, last = ends
            found.extend(
                range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            )
        elif len(ends) == 1:
            found.append(ends[0])
        else:
            raise CellError(_("Write days like ma, di, wo, do, vr, za, zo."))
    if not found:
        raise CellError(_("Write days like ma, di, wo, do, vr, za, zo."))
    return ",".join(DAY_CODES[i] for i in sorted(set(found)))


def _day(word: str) -> int:
    for candidate in (word, word.removesuffix("en"), word.removesuffix("s")):
        if candidate in DAY_WORDS:
            return DAY_WORDS[candidate]
    raise CellError(_("Write days like ma, di, wo, do, vr, za, zo."))


# -- the plan -----------------------------------------------------------------------------
@dataclass
class _Value:
    value: Any
    line: int


@dataclass
class PlannedOrganization:
    name: str
    line: int
    existing: SocialOrganization | None = None


@dataclass
class PlannedLocation:
    org_key: str
    line: int
    values: dict[str, _Value] = field(default_factory=dict)
    existing: Location | None = None
    branch: Branch | None = None


@dataclass
class PlannedSchedule:
    freq: str
    byday: str
    opens_at: time
    closes_at: time
    dtstart: date | None
    until: date | None

    def key(self) -> tuple[Any, ...]:
        return (self.freq, self.byday, self.opens_at, self.closes_at, self.dtstart, self.until)


@dataclass
class PlannedService:
    org_key: str
    name: str
    line: int
    values: dict[str, _Value] = field(default_factory=dict)
    #: location key -> schedules (in row order, without repeats)
    links: dict[tuple[str, str], list[PlannedSchedule]] = field(default_factory=dict)
    existing: Service | None = None
    clean: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """What an import would do. ``problems`` empty: it can be stored."""

    owner: Organisation
    filename: str
    columns: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    organizations: dict[str, PlannedOrganization] = field(default_factory=dict)
    locations: dict[tuple[str, str], PlannedLocation] = field(default_factory=dict)
    services: dict[tuple[str, str], PlannedService] = field(default_factory=dict)
    rows: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in sorted(self.problems, key=lambda p: (p.line, p.column))]

    def summary(self) -> str:
        labels = {
            "organization": _("organisations"),
            "service": _("offers"),
            "location": _("locations"),
            "schedule": _("times"),
        }
        return "; ".join(
            _("%(kind)s: %(created)s new, %(updated)s updated")
            % {
                "kind": label,
                "created": self.counts.get(kind, Counter())["created"],
                "updated": self.counts.get(kind, Counter())["updated"],
            }
            for kind, label in labels.items()
        )


class _Reader:
    """Reads the rows of a table into a plan, collecting every problem."""

    def __init__(self, plan: Plan, table: Table) -> None:
        self.plan = plan
        self.names: dict[str, str] = {}  # column key -> header as the user wrote it
        self.positions: dict[str, int] = {}
        self.scanned: dict[str, list[Any]] = {}
        self._headers(table.headers)

    def fail(self, line: int, key: str, message: str) -> None:
        column = self.names.get(key) or (BY_KEY[key].header if key in BY_KEY else key)
        self.plan.problems.append(Problem(line, column, message))

    def _headers(self, headers: list[str]) -> None:
        for position, header in enumerate(headers):
            if not header:
                continue
            key = HEADERS.get(compact(header))
            if key is None:
                self.plan.warnings.append(
                    _("The column %(name)s is not used; it is ignored.") % {"name": header[:60]}
                )
            elif key in self.positions:
                self.plan.problems.append(
                    Problem(
                        1,
                        header[:60],
                        _("This column is there twice (also as %(other)s).")
                        % {"other": self.names[key][:60]},
                    )
                )
            else:
                self.positions[key] = position
                self.names[key] = header[:60]
        for column in COLUMNS:
            if column.required and column.key not in self.positions:
                self.plan.problems.append(
                    Problem(
                        1,
                        "",
                        _("The column %(name)s is missing.") % {"name": column.header},
                    )
                )
        self.plan.columns = set(self.positions)

    def cells(self, cells: list[Any]) -> dict[str, Any]:
        return {
            key: cells[position] if position < len(cells) else None
            for key, position in self.positions.items()
        }

    def privacy(self, line: int, key: str, value: str) -> bool:
        """The privacy guard on a free-text cell (each distinct text scanned once)."""
        if not value:
            return False
        if value not in self.scanned:
            self.scanned[value] = scan(value)
        findings = self.scanned[value]
        if findings:
            self.fail(line, key, personal_data_message(findings, hint=False))
        return bool(findings)

    def row(self, line: int, raw: dict[str, Any]) -> None:
        """Read one row: every cell, then the row's time block; add it to the plan."""
        values: dict[str, Any] = {}
        failed: set[str] = set()
        given = {key for key, value in raw.items() if text(value)}
        for key in given:
            value = text(raw[key])
            if "\x00" in value or "\ufffd" in value:
                self.fail(line, key, _("This cell holds a character that cannot be read."))
                failed.add(key)
            elif key in LIMITS and len(value) > LIMITS[key]:
                self.fail(line, key, _("At most %(n)s characters.") % {"n": LIMITS[key]})
                failed.add(key)
        for key, reader in self._readers().items():
            if key not in raw or key in failed:
                continue
            try:
                values[key] = reader(raw[key])
            except CellError as exc:
                self.fail(line, key, str(exc))
                failed.add(key)
        for column in COLUMNS:
            if column.required and column.key not in given and column.key not in failed:
                self.fail(line, column.key, _("Fill in this field."))
                failed.add(column.key)
        for key in FREE_TEXT:
            cell = values.get(key)
            for item in cell if isinstance(cell, list) else [cell]:
                if isinstance(item, str) and self.privacy(line, key, item):
                    failed.add(key)
        schedule = self._schedule(line, values, given, failed)
        if failed or schedule is False:
            return
        self._add(line, values, schedule if isinstance(schedule, PlannedSchedule) else None)

    def _readers(self) -> dict[str, Callable[[Any], Any]]:
        words = _words()

        def code_list(kind: str, allowed: Iterable[str]) -> Callable[[Any], Any]:
            return lambda v: _codes(text(v), words[kind], allowed)

        def one(
            kind: str, allowed: Iterable[str], empty: str | None = None
        ) -> Callable[[Any], Any]:
            def read(value: Any) -> str:
                if not text(value) and empty is not None:
                    return empty
                return _one(text(value), words[kind], allowed)

            return read

        def optional(reader: Callable[[Any], Any]) -> Callable[[Any], Any]:
            return lambda v: reader(v) if text(v) else None

        return {
            **{key: text for key in LIMITS},
            "themes": code_list("themes", Theme.values),
            "format": one("format", Format.values),
            "access": one("access", Access.values, empty=Access.WALK_IN.value),
            "target_groups": code_list("target_groups", TargetGroup.values),
            "what_to_bring": lambda v: _items(text(v)),
            "capacity": _capacity,
            "intake_required": _yes_no,
            "languages": _languages,
            "status": one("status", STATUS_NAMES, empty=ServiceStatus.ACTIVE.value),
            "phone": _phones,
            "email": _email,
            "url": _website,
            "postal_code": lambda v: _postcode(text(v)),
            "days": optional(lambda v: parse_days(text(v))),
            "freq": optional(one("freq", ("wekelijks", "maandelijks", "eenmalig"))),
            "opens_at": optional(parse_time),
            "closes_at": optional(parse_time),
            "dtstart": optional(parse_date),
            "until": optional(parse_date),
        }

    def _schedule(
        self, line: int, values: dict[str, Any], given: set[str], failed: set[str]
    ) -> PlannedSchedule | bool | None:
        """The row's time block: None without one, False when it is wrong."""
        cells = given & set(SCHEDULE_KEYS)
        if not cells:
            return None
        if cells & failed:
            return False
        if "opens_at" not in self.positions or "closes_at" not in self.positions:
            self.fail(line, sorted(cells)[0], _("Times need the columns van and tot."))
            return False
        ok = True
        for key in ("opens_at", "closes_at"):
            if key not in cells:
                self.fail(line, key, _("Fill in the time."))
                ok = False
        if not ok:
            return False
        freq = values.get("freq")
        days = values.get("days") or ""
        if freq is None:
            freq = Schedule.Freq.WEEKLY.value if days else ""
        start, until = values.get("dtstart"), values.get("until")
        if freq == Schedule.Freq.WEEKLY and not days:
            self.fail(line, "days", _("Fill in the days of the week."))
            ok = False
        if not freq:
            if start is None:
                self.fail(line, "dtstart", _("Fill in the date (or the days of the week)."))
                ok = False
            until = until or start
        if values["closes_at"] <= values["opens_at"]:
            self.fail(line, "closes_at", _("The end time must be later than the start."))
            ok = False
        if start and until and until < start:
            self.fail(line, "until", _("The last date cannot be before the first date."))
            ok = False
        if not any(values.get(k) for k in LOCATION_KEYS):
            self.fail(
                line,
                "opens_at",
                _("Times need a place: fill in the location, address, postcode or place."),
            )
            ok = False
        if not ok:
            return False
        return PlannedSchedule(
            freq=freq,
            byday=days,
            opens_at=values["opens_at"],
            closes_at=values["closes_at"],
            dtstart=start,
            until=until,
        )

    def _merge(
        self, target: dict[str, _Value], line: int, key: str, value: Any, message: str
    ) -> None:
        """A later row may leave a cell empty or repeat it; a different value is an error."""
        empty = value in (None, "", [])
        if key not in target or (target[key].value in (None, "", []) and not empty):
            target[key] = _Value(value, line)
        elif not empty and target[key].value != value:
            self.fail(line, key, message % {"line": target[key].line})

    def _add(self, line: int, values: dict[str, Any], schedule: PlannedSchedule | None) -> None:
        plan = self.plan
        org_key = fold(values["organization"])
        plan.organizations.setdefault(org_key, PlannedOrganization(values["organization"], line))
        service_key = (org_key, fold(values["name"]))
        service = plan.services.setdefault(
            service_key, PlannedService(org_key, values["name"], line)
        )
        for key in SERVICE_KEYS:
            if key in values:
                self._merge(
                    service.values,
                    line,
                    key,
                    values[key],
                    _(
                        "Differs from line %(line)s for the same offer. Use the same value or "
                        "leave the cell empty."
                    ),
                )
        if not any(values.get(k) for k in LOCATION_KEYS):
            return
        # Locations are shared by all the owner's organisations: a partner's consultation
        # hour in the library is at the library's location.
        place = ("", location_key(values))
        location = plan.locations.setdefault(place, PlannedLocation(org_key, line))
        for name in LOCATION_KEYS:
            if name in values:
                self._merge(
                    location.values,
                    line,
                    name,
                    values[name],
                    _(
                        "Differs from line %(line)s for the same location. Use the same value "
                        "or leave the cell empty."
                    ),
                )
        schedules = service.links.setdefault(place, [])
        if schedule is not None and schedule.key() not in {s.key() for s in schedules}:
            schedules.append(schedule)


def location_key(values: dict[str, Any]) -> str:
    """Locations are known by their name, or without one by their address."""
    if values.get("location"):
        return "name|" + fold(values["location"])
    return "|".join(
        [
            "address",
            fold(values.get("address_1") or ""),
            values.get("postal_code") or "",
            fold(values.get("city") or ""),
        ]
    )


def _capacity(value: Any) -> int | None:
    raw = text(value)
    if not raw:
        return None
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise CellError(_("Give a number of places from 1 to 500.")) from None
    if not number.is_integer() or not 1 <= number <= 500:
        raise CellError(_("Give a number of places from 1 to 500."))
    return int(number)


def _yes_no(value: Any) -> bool:
    raw = fold(text(value))
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("Fill in ja or nee."))


def _languages(value: Any) -> list[str]:
    codes = []
    for item in _items(text(value), ",;/\n "):
        word = fold(item)
        code = LANGUAGE_NAMES.get(word, word)
        if not re.fullmatch(r"[a-z]{2}", code):
            raise CellError(_("Use a two-letter language code, e.g. nl or en."))
        codes.append(code)
    return list(dict.fromkeys(codes))


def _phones(value: Any) -> list[str]:
    numbers = _items(text(value), ";\n/")
    for number in numbers:
        if not _PHONE_RE.fullmatch(number) or len(re.sub(r"\D", "", number)) < 6:
            raise CellError(
                _("Write a phone number in digits, e.g. 010 123 4567. Separate numbers with ;.")
            )
    return list(dict.fromkeys(numbers))


def _email(value: Any) -> str:
    raw = text(value)
    if raw:
        try:
            validate_email(raw)
        except ValidationError:
            raise CellError(_("This is not an e-mail address.")) from None
    return raw


def _website(value: Any) -> str:
    raw = text(value)
    if not raw:
        return ""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.IGNORECASE):
        raw = "https://" + raw
    if len(raw) > 200:
        raise CellError(_("At most %(n)s characters.") % {"n": 200})
    try:
        _url(raw)
    except ValidationError:
        raise CellError(_("This is not a web address.")) from None
    return raw


def _postcode(value: str) -> str:
    if not value:
        return ""
    try:
        return normalise_postcode(value)
    except ValidationError as exc:
        raise CellError(" ".join(str(m) for m in exc.messages)) from None


# -- matching with what is there ----------------------------------------------------------
def _match(plan: Plan, reader: _Reader) -> None:
    """Find the entries that exist already, run the service rules, count."""
    owner = plan.owner
    existing_orgs: dict[str, SocialOrganization] = {}
    for org in SocialOrganization.objects.filter(owner=owner).order_by("created_at", "pk"):
        existing_orgs.setdefault(fold(org.name), org)
    org_keys = {org.pk: key for key, org in existing_orgs.items()}
    for key, planned_org in plan.organizations.items():
        planned_org.existing = existing_orgs.get(key)
    existing_services: dict[tuple[str, str], Service] = {}
    for service in Service.objects.filter(organization_id__in=org_keys).order_by("created_at"):
        existing_services.setdefault(
            (org_keys[service.organization_id], fold(service.name)), service
        )
    existing_locations: dict[tuple[str, str], Location] = {}
    for location in Location.objects.filter(organization_id__in=org_keys).order_by("name", "pk"):
        fields = {
            "location": location.name,
            "address_1": location.address_1,
            "postal_code": location.postal_code,
            "city": location.city,
        }
        existing_locations.setdefault(("", location_key(fields)), location)
        existing_locations.setdefault(("", location_key({**fields, "location": ""})), location)
    branches = list(Branch.objects.filter(organisation=owner))
    for place, planned_location in plan.locations.items():
        planned_location.existing = existing_locations.get(place)
        values = {k: v.value for k, v in planned_location.values.items()}
        if not any(values.get(k) for k in ("address_1", "postal_code", "city")) and (
            planned_location.existing is None
            and fold(values.get("location") or "") not in VIRTUAL_NAMES
        ):
            reader.fail(
                planned_location.line,
                "city" if "city" in reader.positions else "location",
                _("Fill in the place or the postcode of this location."),
            )
        for branch in branches:
            if (
                values.get("postal_code")
                and branch.postcode == values["postal_code"]
                and fold(branch.street) == fold(values.get("address_1") or "")
            ):
                planned_location.branch = branch
                break
    for service_key, planned_service in plan.services.items():
        planned_service.existing = existing_services.get(service_key)
        _validate_service(reader, planned_service)
    if not plan.problems:
        plan.counts = _counts(plan)


#: Location names that mean "not at an address".
VIRTUAL_NAMES = {"online", "telefonisch", "per telefoon", "by phone", "thuis", "at home"}


def _counts(plan: Plan) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {
        kind: Counter() for kind in ("organization", "service", "location", "link", "schedule")
    }
    for planned_org in plan.organizations.values():
        counts["organization"]["updated" if planned_org.existing else "created"] += 1
    for planned_location in plan.locations.values():
        counts["location"]["updated" if planned_location.existing else "created"] += 1
    with_locations = bool(plan.columns & set(LOCATION_KEYS))
    with_times = bool(plan.columns & set(SCHEDULE_KEYS))
    for planned in plan.services.values():
        counts["service"]["updated" if planned.existing else "created"] += 1
        links: dict[Any, ServiceAtLocation] = {}
        if planned.existing is not None:
            links = {
                link.location_id: link
                for link in planned.existing.at_locations.prefetch_related("schedules")
            }
        wanted = set()
        for key, schedules in planned.links.items():
            location = plan.locations[key].existing
            link = links.get(location.pk) if location is not None else None
            wanted.add(location.pk if location is not None else key)
            counts["link"]["updated" if link else "created"] += 1
            current = {_schedule_key(s) for s in link.schedules.all()} if link else set()
            planned_keys = {s.key() for s in schedules}
            counts["schedule"]["created"] += len(planned_keys - current)
            if with_times:
                counts["schedule"]["removed"] += len(current - planned_keys)
            counts["schedule"]["updated"] += len(planned_keys & current)
        if with_locations:
            for location_id, link in links.items():
                if location_id not in wanted:
                    counts["link"]["removed"] += 1
                    counts["schedule"]["removed"] += len(link.schedules.all())
    return counts


def _schedule_key(schedule: Schedule) -> tuple[Any, ...]:
    return (
        schedule.freq,
        schedule.byday,
        schedule.opens_at,
        schedule.closes_at,
        schedule.dtstart,
        schedule.until,
    )


def _validate_service(reader: _Reader, planned: PlannedService) -> None:
    values = planned.values
    current = planned.existing

    def get(key: str, default: Any) -> Any:
        if key in values:
            return values[key].value
        return getattr(current, key) if current is not None else default

    data = {
        "name": planned.name,
        "description": get("description", ""),
        "themes": get("themes", []),
        "target_groups": get("target_groups", []),
        "format": get("format", ""),
        "access": get("access", Access.WALK_IN.value),
        "languages": get("languages", []),
        "what_to_bring": get("what_to_bring", []),
        "capacity": get("capacity", None),
    }
    paths = {
        "name": "name",
        "description": "description",
        "themes": "themes",
        "target_groups": "target_groups",
        "format": "format",
        "access": "access",
        "languages": "languages",
        "what_to_bring": "what_to_bring",
        "capacity": "capacity",
    }
    try:
        planned.clean = services.validate_service(data)
    except ValidationError as exc:
        for path, messages in exc.message_dict.items():
            key = paths.get(path.split(".")[0], "name")
            line = values[key].line if key in values else planned.line
            for message in messages:
                reader.fail(line, key, message)


# -- storing ------------------------------------------------------------------------------
def check(data: bytes, filename: str, owner: Organisation) -> Plan:
    """Read and check a sheet for ``owner``; nothing is stored. Problems are in
    ``plan.problems``; a file that cannot be read at all raises SheetError."""
    plan = Plan(owner=owner, filename=filename)
    table = read_table(data, filename)
    reader = _Reader(plan, table)
    if plan.problems:
        return plan
    for line, cells in table.rows:
        reader.row(line, reader.cells(cells))
    plan.rows = len(table.rows)
    if not plan.rows:
        plan.problems.append(Problem(2, "", _("There are no rows with offers below the header.")))
    if not plan.problems:
        _match(plan, reader)
    return plan


def import_sheet(data: bytes, filename: str, owner: Organisation, user: Any = None) -> Plan:
    """Check the sheet and store it, all or nothing. Raises SheetError with every problem."""
    plan = check(data, filename, owner)
    if plan.problems:
        raise SheetError(plan.messages)
    apply(plan, user)
    return plan


def _location_values(planned: PlannedLocation) -> dict[str, Any]:
    values = {k: v.value for k, v in planned.values.items()}
    result: dict[str, Any] = {}
    if "location" in values or planned.existing is None:
        result["name"] = (
            values.get("location") or values.get("address_1") or values.get("city") or ""
        )[:200]
    for key in ("address_1", "postal_code", "city"):
        if key in values:
            result[key] = values[key]
    return result


def apply(plan: Plan, user: Any = None) -> None:
    """Store a checked plan in one transaction."""
    if plan.problems:
        raise SheetError(plan.messages)
    now = timezone.now()
    user = user if getattr(user, "pk", None) else None
    # Coordinates first, outside the transaction (the geocoder may ask PDOK).
    coordinates = {key: _coordinates(planned) for key, planned in plan.locations.items()}
    source = f"Spreadsheet ({plan.filename})"[:200] if plan.filename else "Spreadsheet"
    # The search index is brought up to date once, at the end (one rebuild for a large sheet).
    with transaction.atomic(), indexing.deferred() as reindex:
        organizations: dict[str, SocialOrganization] = {}
        for key, planned_org in plan.organizations.items():
            org = planned_org.existing or SocialOrganization.objects.create(
                owner=plan.owner, name=planned_org.name, description=planned_org.name
            )
            organizations[key] = org
        locations: dict[tuple[str, str], Location] = {}
        for place, planned_location in plan.locations.items():
            location = planned_location.existing or Location(
                organization=organizations[planned_location.org_key]
            )
            before = None if location._state.adding else _snapshot(location)
            for name, value in _location_values(planned_location).items():
                setattr(location, name, value)
            if planned_location.branch is not None:
                location.branch = planned_location.branch
            location.latitude, location.longitude = coordinates[place] or (None, None)
            location.location_type = (
                Location.LocationType.PHYSICAL
                if any((location.address_1, location.postal_code, location.city))
                else Location.LocationType.VIRTUAL
            )
            if before is None or _snapshot(location) != before:
                location.save()
            locations[place] = location
        stored = _Stored(user=user, now=now, source=source, reindex=reindex)
        for planned_service in plan.services.values():
            _store_service(plan, planned_service, organizations, locations, stored)
        stored.write()


def _snapshot(location: Location) -> tuple[Any, ...]:
    fields = ("name", "address_1", "postal_code", "city", "latitude", "longitude")
    return (*(getattr(location, f) for f in fields), location.branch_id, location.location_type)


def _coordinates(planned: PlannedLocation) -> tuple[float, float] | None:
    """A branch's point, the point the location had for the same address, or the
    geocoder's."""
    values = _location_values(planned)
    existing = planned.existing
    address = tuple(
        str(values.get(k, getattr(existing, k) if existing else ""))
        for k in ("address_1", "postal_code", "city")
    )
    branch = planned.branch
    if branch is not None and branch.latitude is not None and branch.longitude is not None:
        return branch.latitude, branch.longitude
    if (
        existing is not None
        and existing.latitude is not None
        and existing.longitude is not None
        and address == (existing.address_1, existing.postal_code, existing.city)
    ):
        return existing.latitude, existing.longitude
    return keeping.locate(*address) if any(address) else None


def _store_service(
    plan: Plan,
    planned: PlannedService,
    organizations: dict[str, SocialOrganization],
    locations: dict[tuple[str, str], Location],
    stored: _Stored,
) -> None:
    values = {k: v.value for k, v in planned.values.items()}
    new = planned.existing is None
    service = planned.existing or Service(created_at=stored.now)
    service.organization = organizations[planned.org_key]
    for name, value in planned.clean.items():
        setattr(service, name, value)
    for key in ("fees_description", "intake_required", "email", "url"):
        if key in values:
            setattr(service, key, values[key])
    if "status" in values:
        for name, value in keeping.status_fields(values["status"]).items():
            setattr(service, name, value)
    service.source = stored.source
    service.last_verified = timezone.localdate()
    service.reminded_at = None
    service.updated_at = stored.now
    service.updated_by = stored.user
    service.save()
    if "phone" in values:
        numbers = list(values["phone"])
        for phone in [] if new else service.phones.all():
            if phone.number in numbers:
                numbers.remove(phone.number)
            else:
                stored.removed_phones.append(phone.pk)
        stored.phones += [Phone(service=service, number=number) for number in numbers]
    if not plan.columns & set(LOCATION_KEYS):
        return
    links = (
        {}
        if new
        else {link.location_id: link for link in service.at_locations.prefetch_related("schedules")}
    )
    wanted = {locations[place].pk: place for place in planned.links}
    for location_id, link in links.items():
        if location_id not in wanted:
            stored.removed_links.append(link.pk)
            stored.reindex.add(str(service.pk))
    with_times = bool(plan.columns & set(SCHEDULE_KEYS))
    for location_id, place in wanted.items():
        found = links.get(location_id)
        if found is None:
            found = ServiceAtLocation(service=service, location_id=location_id)
            stored.links.append(found)
            stored.reindex.add(str(service.pk))
        if with_times:
            _store_schedules(found, planned.links[place], stored)


@dataclass
class _Stored:
    """Rows written in bulk at the end of an import (fewer queries for a large sheet)."""

    user: Any
    now: datetime
    source: str
    reindex: set[str]
    phones: list[Phone] = field(default_factory=list)
    removed_phones: list[Any] = field(default_factory=list)
    links: list[ServiceAtLocation] = field(default_factory=list)
    removed_links: list[Any] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    removed_schedules: list[Any] = field(default_factory=list)

    def write(self) -> None:
        Phone.objects.filter(pk__in=self.removed_phones).delete()
        Phone.objects.bulk_create(self.phones)
        ServiceAtLocation.objects.filter(pk__in=self.removed_links).delete()
        ServiceAtLocation.objects.bulk_create(self.links)
        Schedule.objects.filter(pk__in=self.removed_schedules).delete()
        Schedule.objects.bulk_create(self.schedules)


def _store_schedules(
    link: ServiceAtLocation, schedules: list[PlannedSchedule], stored: _Stored
) -> None:
    """The link's time blocks become those of the sheet (descriptions of kept ones stay)."""
    wanted = {s.key(): s for s in schedules}
    for schedule in [] if link._state.adding else link.schedules.all():
        if wanted.pop(_schedule_key(schedule), None) is None:
            stored.removed_schedules.append(schedule.pk)
    stored.schedules += [
        Schedule(
            service_at_location=link,
            freq=planned.freq,
            byday=planned.byday,
            opens_at=planned.opens_at,
            closes_at=planned.closes_at,
            dtstart=planned.dtstart,
            until=planned.until,
        )
        for planned in wanted.values()
    ]


# -- the template -------------------------------------------------------------------------
def template_rows() -> tuple[list[str], list[Any]]:
    return [c.header for c in COLUMNS], [c.example for c in COLUMNS]


def template_csv() -> bytes:
    """The header and one example row, for Excel: UTF-8 with BOM, ``;`` between cells."""
    headers, example = template_rows()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    writer.writerow([f"{v.day}-{v.month}-{v.year}" if isinstance(v, date) else v for v in example])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def code_lists() -> list[tuple[str, list[tuple[str, str]]]]:
    """The codes a sheet may use, with their labels (for the explanation)."""
    return [
        (_("Themes (themas)"), [(c, str(label)) for c, label in Theme.choices]),
        (_("Formats (vorm)"), [(c, str(label)) for c, label in Format.choices]),
        (_("Sign up or walk in (toegang)"), [(c, str(label)) for c, label in Access.choices]),
        (_("Target groups (doelgroepen)"), [(c, str(label)) for c, label in TargetGroup.choices]),
        (
            _("Status"),
            [
                (word, str(label))
                for word, (_c, label) in zip(STATUS_NAMES, keeping.STATUS_CHOICES, strict=True)
            ],
        ),
    ]


def template_xlsx() -> bytes:
    """The same as an Excel workbook: the sheet to fill in, and an explanation sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers, example = template_rows()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Aanbod"
    sheet.append(headers)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(column.example)) + 2))
        if isinstance(column.example, date):
            sheet.cell(row=2, column=index).number_format = "d-m-yyyy"
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("Uitleg")
    help_sheet.append([_("Column"), _("Required"), _("What to fill in")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.header, _("yes") if column.required else "", str(column.help)])
    help_sheet.append([])
    help_sheet.append(
        [_("One row per offer per location. Delete the example row before you import.")]
    )
    for title, codes in code_lists():
        help_sheet.append([])
        help_sheet.append([title])
        help_sheet[help_sheet.max_row][0].font = Font(bold=True)
        for code, label in codes:
            help_sheet.append([code, label])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 30
    help_sheet.column_dimensions["C"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
