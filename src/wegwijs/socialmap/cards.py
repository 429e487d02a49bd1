"""A card for the citizen to take along: one service at one place, in B1 Dutch, to print or to
send as a text message (SMS).

:func:`build_card` gathers the facts from a service as prefetched (name, organisation, address,
phone, times, next session, what to bring, cost); :func:`sms_text` turns a card into at most
160 GSM-7 units. GSM 03.38 is the alphabet every phone shows: characters outside it are
replaced (curly quotes by straight ones, dashes by "-", "ë" by "e") or left out; "€" and the
other characters of the extension table count as two. When the text is too long, the least
important parts go first: the description (shortened, then left out), what to bring, the cost,
the times, the organisation, the address (when there is a phone number). The name and the phone
number (or else the address) stay; a phone number is never cut in half.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from wegwijs.socialmap import schedules

SMS_LIMIT = 160

#: GSM 03.38 basic character set (ESC, which leads into the extension table, left out).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The extension table (form feed left out): each takes two units, ESC and the character.
GSM_EXTENSION = frozenset("^{}\\[~]|€")

_REPLACEMENTS = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "´": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "•": "-",
    "·": "-",
    "…": "...",
    "⁄": "/",
    "×": "x",
    "\t": " ",
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_SPACES = re.compile(r"\s+")
#: Something that looks like a phone number: a digit, seven or more digits, spaces, dashes,
#: dots or brackets, and a digit.
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d \-.()]{6,}\d")
_ELLIPSIS = "..."
#: A description shorter than this after shortening is left out instead.
_MIN_SHORTENED = 24


def _gsm_char(char: str) -> str:
    if char in GSM_BASIC or char in GSM_EXTENSION:
        return char
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if part in GSM_BASIC or part in GSM_EXTENSION:
            out.append(part)
        elif part in _REPLACEMENTS:
            out.append(_REPLACEMENTS[part])
    return "".join(out)


def to_gsm(text: str) -> str:
    """``text`` in the GSM 03.38 alphabet: look-alikes replaced, accents that GSM lacks taken
    off ("ë" -> "e", "é" stays), the rest left out."""
    text = str(text).replace("\r\n", "\n")
    return "".join(_gsm_char(c) for c in text)


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)


def gsm_units(text: str) -> int:
    """The length of a GSM-7 text in septets: two for a character of the extension table."""
    return sum(2 if c in GSM_EXTENSION else 1 for c in text)


def _line(text: str) -> str:
    """One line of GSM text: whitespace (line breaks too) made one space."""
    return _SPACES.sub(" ", to_gsm(text).replace("\r", " ")).strip()


def shorten(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` GSM units at a space, with "..." at the end; never
    inside something that looks like a phone number. Empty when nothing fits."""
    if gsm_units(text) <= units:
        return text
    budget = units - len(_ELLIPSIS)
    if budget <= 0:
        return ""
    protected = [m.span() for m in _PHONE_LIKE.finditer(text)]

    def allowed(cut: int) -> bool:
        return not any(start < cut < end for start, end in protected)

    used, best, hard = 0, -1, 0
    for i, char in enumerate(text):
        used += gsm_units(char)
        if used > budget:
            break
        hard = i + 1
        if char == " " and allowed(i):
            best = i
    cut = best if best > 0 else (hard if allowed(hard) else 0)
    head = text[:cut].rstrip(" ,;:-")
    return head + _ELLIPSIS if head else ""


@dataclass(frozen=True)
class Card:
    name: str
    organisation: str = ""
    description: str = ""
    location: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    times: tuple[str, ...] = ()
    next_session: str = ""
    sign_up: bool = False
    intake: bool = False
    bring: tuple[str, ...] = ()
    cost: str = ""
    url: str = ""

    @property
    def address(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


@dataclass
class _Part:
    rank: int  # 0: stays; higher ranks go first
    options: list[str]  # the text, then shorter ways to say it
    shrink: bool = False  # may be cut at a space to fit
    keep: bool = True


def _sms_parts(card: Card) -> list[_Part]:
    name = _line(card.name)
    organisation = _line(card.organisation)
    street, city, place = _line(card.street), _line(card.city), _line(card.location)
    postcode_city = " ".join(p for p in (_line(card.postal_code), city) if p)
    full = ", ".join(p for p in (street, postcode_city) if p)
    addresses = [
        ", ".join(p for p in (place, full) if p) if full else "",
        full,
        ", ".join(p for p in (street, city) if p),
    ]
    phone = _line(card.phone)
    if phone:
        call = (_("Sign up: call %(phone)s") if card.sign_up else _("Call %(phone)s")) % {
            "phone": phone
        }
        phone_options = [_line(call), phone]
    else:
        phone_options = []
    when = [_line(t) for t in card.times if _line(t)]
    when_options = []
    if when:
        when_options.append("; ".join(when))
    if card.next_session:
        when_options.append(_line(_("Next time: %(when)s") % {"when": card.next_session}))
    if when:
        when_options.append(when[0])
    bring = [_line(b) for b in card.bring if _line(b)]
    bring_options = [
        _line(_("Bring: %(things)s") % {"things": ", ".join(bring[:n])})
        for n in range(len(bring), 0, -1)
    ]
    cost = _line(card.cost) or _line(_("Free"))
    cost_text = cost if cost == _line(_("Free")) else _line(_("Cost: %(cost)s") % {"cost": cost})
    if card.sign_up and not phone:
        cost_text = _line(_("Sign up first.")) + " " + cost_text
    parts = [
        _Part(0, [name], shrink=True),
        _Part(2, [organisation] if organisation and organisation != name else []),
        _Part(3, _unique(when_options)),
        _Part(1 if phone else 0, _unique(addresses), shrink=not phone),
        _Part(0, _unique(phone_options)),
        _Part(5, bring_options),
        _Part(4, [cost_text]),
        _Part(6, [_line(card.description)], shrink=True),
    ]
    return [p for p in parts if p.options and p.options[0]]


def _unique(options: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(o for o in options if o))


def _render(parts: list[_Part]) -> str:
    return "\n".join(p.options[0] for p in parts if p.keep)


def sms_text(card: Card, limit: int = SMS_LIMIT) -> str:
    """The card as a text message of at most ``limit`` GSM units (see the module's doc)."""
    parts = _sms_parts(card)
    while True:
        text = _render(parts)
        over = gsm_units(text) - limit
        if over <= 0:
            return text
        droppable = [p for p in parts if p.keep and p.rank > 0]
        if droppable:
            part = max(droppable, key=lambda p: p.rank)
        else:
            # Only the name and the phone number (or the address) are left: shorten the
            # longest that may be shortened; a phone number is never shortened.
            shrinkable = [p for p in parts if p.keep and p.shrink]
            if not shrinkable:
                break
            part = max(shrinkable, key=lambda p: gsm_units(p.options[0]))
            shorter = shorten(part.options[0], gsm_units(part.options[0]) - over)
            if shorter:
                part.options[0] = shorter
            else:
                part.keep = False
            continue
        if len(part.options) > 1:
            # The next shorter way to say it (a longer alternative does not help).
            longer = gsm_units(part.options.pop(0))
            while len(part.options) > 1 and gsm_units(part.options[0]) >= longer:
                part.options.pop(0)
            if gsm_units(part.options[0]) < longer:
                continue
        if part.shrink:
            target = gsm_units(part.options[0]) - over
            shorter = shorten(part.options[0], target) if target >= _MIN_SHORTENED else ""
            if shorter:
                part.options[0] = shorter
                continue
        part.keep = False
    # Not reached with a phone number of normal length (at most 30 characters).
    return shorten(_render(parts), limit)


# -- from the database ---------------------------------------------------------------------
def choose_location(service: Any, now: datetime, wanted: str | None = None) -> Any | None:
    """The service-at-location for the card: the one asked for (a location id), else the one
    with the soonest session, else the first place to visit, else the first."""
    places = list(service.at_locations.all())
    if not places:
        return None
    for at in places:
        if wanted and str(at.location_id) == wanted:
            return at
    soonest: tuple[float, Any] | None = None
    for at in places:
        upcoming = schedules.next_session(at.schedules.all(), now)
        if upcoming is not None and (soonest is None or upcoming[1].start.timestamp() < soonest[0]):
            soonest = (upcoming[1].start.timestamp(), at)
    if soonest is not None:
        return soonest[1]
    physical = [at for at in places if at.location.location_type == "physical"]
    return (physical or places)[0]


def phone_for(service: Any, at: Any | None) -> str:
    """The number to call: the service's own, else the location's, else the organisation's."""
    sources = [service.phones.all()]
    if at is not None:
        sources.append(at.location.phones.all())
    sources.append(service.organization.phones.all())
    for phones in sources:
        for phone in phones:
            if phone.number:
                return str(phone.number)
    return ""


def build_card(service: Any, at: Any | None, now: datetime) -> Card:
    """The card for ``service`` at one service-at-location (prefetched: at_locations with their
    location and schedules, phones of the service, location and organisation)."""
    location = at.location if at is not None else None
    today = now.astimezone(schedules.local_zone()).date()
    times: tuple[str, ...] = ()
    next_text = ""
    if at is not None:
        own = list(at.schedules.all())
        times = tuple(
            schedules.describe(s) for s in own if s.freq and (s.until is None or s.until >= today)
        )
        upcoming = schedules.next_session(own, now)
        if upcoming is not None:
            next_text = schedules.describe_session(upcoming[1], now)
    place, street, postal_code, city = "", "", "", ""
    if location is not None:
        place = location.name
        if location.location_type == "physical":
            street, postal_code, city = location.address_1, location.postal_code, location.city
    return Card(
        name=service.name,
        organisation=service.organization.name,
        description=service.description,
        location=place,
        street=street,
        postal_code=postal_code,
        city=city,
        phone=phone_for(service, at),
        times=times,
        next_session=next_text,
        sign_up=service.access == "aanmelden",
        intake=bool(service.intake_required),
        bring=tuple(service.what_to_bring or ()),
        cost=service.fees_description,
        url=service.url,
    )
