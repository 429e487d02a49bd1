"""Typical wording: the words and short phrases (1 to 3 words) that citizens use in their
questions about one organisation, aggregated so that no free text leaves the library.

The source is ``desk.Question.citizen_words`` (checked by the privacy guard at the desk).
A text is cut into segments at punctuation, at anything the guard's pattern detectors find
(phone numbers, e-mail addresses, IBANs, BSNs, dates, addresses), at a tag the guard wrote
("[NAAM]") and at any word with a digit; stop words (the search's Dutch list) are left out;
the remaining words are folded and stemmed with the search's analyser (PyStemmer), so
"aanvragen" and "aanvraag" are one word, shown in the form people typed most often.

A phrase is shown only when

* it occurs in at least ``MONITOR_WORDING_MIN_QUESTIONS`` (5) different questions **and**
  in questions from at least ``MONITOR_WORDING_MIN_LIBRARIES`` (3) different library
  organisations in the period (k-anonymity; settings can raise these, never lower them);
* it is not the whole text of any of those questions (only parts of texts leave);
* the privacy guard finds nothing in any form it was typed in, as typed and with every
  word capitalised (so that a name typed in lower case is found as well).

Counting scales by month: each month's counts per phrase (questions, library
organisations, surface forms) are computed once and kept in the cache under a key with the
organisation, the month and the month's version (the rollup counts of the organisation's
questions in that month: a new, changed or deleted registration changes it); a period
merges its months, and the merged answer is cached as well. A text edit that leaves the
codes unchanged shows after ``MONITOR_WORDING_CACHE_SECONDS`` (6 hours) at the latest; a
month the desk can no longer edit (7 days after its end) is kept for 30 days.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from wegwijs.monitor.filters import Period, add_months
from wegwijs.monitor.suppression import THRESHOLD
from wegwijs.search.analysis import STOPWORDS, fold, stem

#: Bump when the analysis changes: cached counts of an older analysis are then not used.
ALGORITHM = "2"
MAX_WORDS = 3
#: The floors of the thresholds: settings can only make them stricter.
MIN_QUESTIONS = THRESHOLD
MIN_LIBRARIES = 3
CACHE_SECONDS = 6 * 3600
CLOSED_CACHE_SECONDS = 30 * 24 * 3600
TOP = 15
ZONE = ZoneInfo("Europe/Amsterdam")

# Tags written by the privacy guard's mask ("[NAAM]", "[TELEFOONNUMMER]"...): a break.
_TAG_RE = re.compile(r"\[[A-Z][A-Z-]*\]")
# Punctuation that ends a phrase. An apostrophe or hyphen inside a word does not.
_BREAK_RE = re.compile(r"[.!?;:,()\[\]{}<>\"“”„‘’«»/\\|•…=+*#&@\n\r\t]+|\s[-–—']+\s")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# The guard's pattern detectors (BSN, IBAN, phone, e-mail, date, address) all need one of these.
_NEEDS_PATTERNS_RE = re.compile(r"[0-9@]")


def min_questions() -> int:
    return max(int(getattr(settings, "MONITOR_WORDING_MIN_QUESTIONS", MIN_QUESTIONS)), THRESHOLD)


def min_libraries() -> int:
    return max(
        int(getattr(settings, "MONITOR_WORDING_MIN_LIBRARIES", MIN_LIBRARIES)), MIN_LIBRARIES
    )


def cache_seconds() -> int:
    return int(getattr(settings, "MONITOR_WORDING_CACHE_SECONDS", CACHE_SECONDS))


def seconds_for(month: date, today: date | None = None) -> int:
    """How long a month's counts are kept: a month whose registrations the desk can no
    longer change (ended more than the 7 days of editing ago) for ``CLOSED_CACHE_SECONDS``;
    a recent one for ``MONITOR_WORDING_CACHE_SECONDS`` (a text edit changes no rollup)."""
    from wegwijs.desk.codes import EDIT_DAYS

    today = today or timezone.localdate()
    if (today - add_months(month, 1)).days > EDIT_DAYS:
        return max(cache_seconds(), CLOSED_CACHE_SECONDS)
    return cache_seconds()


def top() -> int:
    return int(getattr(settings, "MONITOR_WORDING_TOP", TOP))


# --- One text ------------------------------------------------------------------------------


def _key(folded: str) -> str:
    """The stem of a folded word; a compound with a hyphen stems per part."""
    return "-".join(stem(part) for part in folded.replace("'", "").replace("’", "").split("-"))


def _segments(text: str) -> Iterator[str]:
    """The pieces of ``text`` between breaks: punctuation, guard tags, and whatever the
    guard's pattern detectors find (which is cut out)."""
    from wegwijs.privacy.scanner import scan_patterns

    text = _TAG_RE.sub("|", text)
    if not _NEEDS_PATTERNS_RE.search(text):  # every pattern needs a digit or an "@"
        yield from _BREAK_RE.split(text)
        return
    position = 0
    pieces = []
    for finding in scan_patterns(text):
        pieces.append(text[position : finding.start])
        position = finding.end
    pieces.append(text[position:])
    for piece in pieces:
        yield from _BREAK_RE.split(piece)


@dataclass(frozen=True)
class Analysed:
    phrases: dict[str, str]  # stem key -> the phrase as typed (first occurrence)
    whole: str | None  # the stem key of a phrase that is the whole text, if any


@lru_cache(maxsize=200_000)
def _token(token: str) -> tuple[str, str | None, bool]:
    """A word as typed: its folded form, its stem key (None for a stop word), and whether it
    breaks a phrase (a word with a digit, a single letter)."""
    folded = fold(token)
    if any(ch.isdigit() for ch in token) or len(folded) < 2:
        return folded, None, True
    if folded in STOPWORDS:
        return folded, None, False
    return folded, _key(folded), False


def analyse(text: str) -> Analysed:
    """The phrases of one text (each once), and which of them, if any, is the whole text."""
    phrases: dict[str, str] = {}
    every: list[str] = []  # all folded words, stop words and numbers included

    def flush(run: list[tuple[str, str]]) -> None:
        keys = [k for k, _s in run]
        forms = [s for _k, s in run]
        for size in range(1, min(MAX_WORDS, len(run)) + 1):
            for i in range(len(run) - size + 1):
                key = keys[i] if size == 1 else " ".join(keys[i : i + size])
                if key not in phrases:
                    phrases[key] = forms[i] if size == 1 else " ".join(forms[i : i + size])

    for segment in _segments(text):
        run: list[tuple[str, str]] = []
        for token in _TOKEN_RE.findall(segment):
            folded, key, breaks = _token(token)
            every.append(folded)
            if breaks:
                flush(run)
                run = []
            elif key is not None:
                run.append((key, token))
        flush(run)
    whole = None
    if 0 < len(every) <= MAX_WORDS:
        key = " ".join(_key(w) for w in every)
        if key in phrases and " ".join(fold(w) for w in phrases[key].split()) == " ".join(every):
            whole = key
    return Analysed(phrases, whole)


# --- Counting per month ---------------------------------------------------------------------

#: stem key -> [questions, library organisation ids, surface forms, is a whole text]
Counts = dict[str, tuple[int, frozenset[int], dict[str, int], bool]]


@dataclass
class MonthCounts:
    texts: int  # questions with the citizen's words
    phrases: Counts


def count(rows: Iterable[tuple[str, int]]) -> MonthCounts:
    """Phrase counts over (text, library organisation id) rows."""
    questions: Counter[str] = Counter()
    libraries: dict[str, set[int]] = {}
    surfaces: dict[str, Counter[str]] = {}
    whole: set[str] = set()
    texts = 0
    for text, library in rows:
        texts += 1
        found = analyse(text)
        for key, surface in found.phrases.items():
            questions[key] += 1
            libraries.setdefault(key, set()).add(library)
            surfaces.setdefault(key, Counter())[surface] += 1
        if found.whole is not None:
            whole.add(found.whole)
    return MonthCounts(
        texts,
        {
            key: (n, frozenset(libraries[key]), dict(surfaces[key]), key in whole)
            for key, n in questions.items()
        },
    )


def month_bounds(month: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(month, time(), tzinfo=ZONE),
        datetime.combine(add_months(month, 1), time(), tzinfo=ZONE),
    )


def _rows(organisation: str, month: date) -> Iterator[tuple[str, int]]:
    from wegwijs.desk.models import Question

    low, high = month_bounds(month)
    yield from (
        Question.objects.filter(
            organisation=organisation, visit__occurred_at__gte=low, visit__occurred_at__lt=high
        )
        .exclude(citizen_words="")
        .values_list("citizen_words", "visit__branch__organisation_id")
        .order_by()
        .iterator(chunk_size=2000)
    )


def months(period: Period) -> list[date]:
    return [add_months(period.start, i) for i in range(period.months)]


def month_versions(organisation: str, first: date, last: date) -> dict[date, str]:
    """Per month, a version of the organisation's questions: their rollup counts by kind
    (national, per month). A registration, change or deletion changes it."""
    from django.db.models import Sum

    from wegwijs.monitor.models import Geo, Grain, QuestionRollup
    from wegwijs.monitor.rollups import QShape, fold_for_read

    fold_for_read()  # PostgreSQL: the pending deltas first, so a new registration counts
    versions: dict[date, list[str]] = {}
    rows = (
        QuestionRollup.objects.filter(
            shape=QShape.SERIES,
            grain=Grain.MONTH,
            geo=Geo.NATIONAL,
            geo_id=0,
            organisation=organisation,
            period__gte=first,
            period__lte=last,
        )
        .values("period", "kind")
        .annotate(total=Sum("n"))
        .order_by("period", "kind")
    )
    for row in rows:
        day = row["period"]
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        versions.setdefault(day, []).append(f"{row['kind']}={row['total']}")
    return {day: ",".join(parts) for day, parts in versions.items()}


def _month_key(organisation: str, month: date, version: str) -> str:
    digest = hashlib.sha256(version.encode()).hexdigest()[:16]
    return f"monitor:wording:{ALGORITHM}:{organisation}:{month:%Y-%m}:{digest}"


def month_counts(organisation: str, month: date, version: str) -> MonthCounts:
    """A month's counts, from the cache or computed (and then cached)."""
    if not version:  # no questions about the organisation that month
        return MonthCounts(0, {})
    key = _month_key(organisation, month, version)
    cached = cache.get(key)
    if isinstance(cached, MonthCounts):
        return cached
    result = count(_rows(organisation, month))
    cache.set(key, result, seconds_for(month))
    return result


def merge(parts: Iterable[MonthCounts], least: int = 1) -> MonthCounts:
    """The months together; only phrases in at least ``least`` questions (the others could
    never be shown), so that libraries and forms are combined for a few keys, not all."""
    parts = list(parts)
    questions: Counter[str] = Counter()
    for part in parts:
        for key, entry in part.phrases.items():
            questions[key] += entry[0]
    phrases: Counts = {}
    for key, n in questions.items():
        if n < least:
            continue
        libraries: set[int] = set()
        forms: Counter[str] = Counter()
        whole = False
        for part in parts:
            found = part.phrases.get(key)
            if found is not None:
                libraries |= found[1]
                forms.update(found[2])
                whole = whole or found[3]
        phrases[key] = (n, frozenset(libraries), dict(forms), whole)
    return MonthCounts(sum(p.texts for p in parts), phrases)


# --- The phrases shown ----------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    key: str  # the stems
    text: str  # the most frequent form as typed
    words: int
    count: int  # questions in the period
    libraries: int  # library organisations in the period
    previous: int  # questions in the previous period (any number: not a shown phrase there)


@dataclass(frozen=True)
class Wording:
    texts: int
    previous_texts: int
    words: list[Phrase]  # single words
    phrases: list[Phrase]  # 2 or 3 words
    min_questions: int
    min_libraries: int
    withheld_by_guard: int  # phrases that met the thresholds but the privacy guard stopped


def _shown_form(forms: dict[str, int]) -> str:
    return sorted(forms.items(), key=lambda item: (-item[1], item[0]))[0][0]


@lru_cache(maxsize=50_000)
def _guard_hit(form: str) -> bool:
    from wegwijs.privacy.scanner import scan

    capitalised = " ".join(w[:1].upper() + w[1:] for w in form.split())
    return bool(scan(form) or scan(capitalised))


def guard_finds_something(forms: Iterable[str]) -> bool:
    """Does the privacy guard find personal data in any of these forms, as typed or with
    every word capitalised (a name typed in lower case)?"""
    return any(_guard_hit(form) for form in forms)


def select(now: MonthCounts, before: Sequence[MonthCounts]) -> Wording:
    """The phrases that may be shown, with their counts now and before.

    Candidates are taken from the most frequent down, one count at a time, and checked by
    the privacy guard until both lists are full: the guard reads a few dozen phrases, not
    the thousands that meet the thresholds in a big period.
    """
    least_questions, least_libraries = min_questions(), min_libraries()
    limit = top()
    by_count: dict[int, list[tuple[str, int, dict[str, int]]]] = {}
    for key, (n, libs, forms, is_whole) in now.phrases.items():
        if n >= least_questions and len(libs) >= least_libraries and not is_whole:
            by_count.setdefault(n, []).append((key, len(libs), forms))
    words: list[Phrase] = []
    phrases: list[Phrase] = []
    stopped = 0
    for n in sorted(by_count, reverse=True):
        group: list[Phrase] = []
        for key, libraries, forms in by_count[n]:
            if guard_finds_something(forms):
                stopped += 1
                continue
            group.append(
                Phrase(
                    key=key,
                    text=_shown_form(forms),
                    words=key.count(" ") + 1,
                    count=n,
                    libraries=libraries,
                    previous=sum(p.phrases[key][0] for p in before if key in p.phrases),
                )
            )
        # A two-word phrase that only ever occurs inside a shown three-word phrase (the same
        # count) adds nothing.
        longer = [f" {p.key} " for p in group if p.words == MAX_WORDS]
        group = [
            p
            for p in group
            if not (1 < p.words < MAX_WORDS and any(f" {p.key} " in q for q in longer))
        ]
        words += [p for p in group if p.words == 1]
        phrases += [p for p in group if p.words > 1]
        if len(words) >= limit and len(phrases) >= limit:
            break

    def order(items: list[Phrase]) -> list[Phrase]:
        return sorted(items, key=lambda p: (-p.count, p.text.lower(), p.key))[:limit]

    return Wording(
        texts=now.texts,
        previous_texts=sum(p.texts for p in before),
        words=order(words),
        phrases=order(phrases),
        min_questions=least_questions,
        min_libraries=least_libraries,
        withheld_by_guard=stopped,
    )


def wording(organisation: str, period: Period, previous: Period) -> Wording:
    """The typical wording of questions about ``organisation`` in ``period``, compared with
    ``previous``; cached by organisation, periods, thresholds and the months' versions."""
    first = min(previous.start, period.start)
    last = max(previous.end, period.end)
    versions = month_versions(organisation, first, last)
    signature = "|".join(
        f"{m:%Y-%m}:{versions.get(m, '')}" for m in [*months(previous), *months(period)]
    )
    digest = hashlib.sha256(signature.encode()).hexdigest()[:24]
    key = (
        f"monitor:wording:{ALGORITHM}:{organisation}:{period.start:%Y-%m}:{period.end:%Y-%m}:"
        f"{previous.start:%Y-%m}:{min_questions()}:{min_libraries()}:{top()}:{digest}"
    )
    cached = cache.get(key)
    if isinstance(cached, Wording):
        return cached
    now = merge(
        (month_counts(organisation, m, versions.get(m, "")) for m in months(period)),
        least=min_questions(),
    )
    before = [month_counts(organisation, m, versions.get(m, "")) for m in months(previous)]
    result = select(now, before)
    cache.set(key, result, min(seconds_for(m) for m in [*months(previous), *months(period)]))
    return result


def trend(now: int, before: int) -> str:
    """A phrase's trend from its counts: new, up (10% or more), down (10% or more), same."""
    if before == 0:
        return "new"
    if now >= before * 1.1:
        return "up"
    if now <= before * 0.9:
        return "down"
    return "same"
