"""Dutch text analysis shared by indexing and querying.

normalise -> tokens -> stems. Folding removes accents ("coördinator" = "coordinator") and case;
the Snowball Dutch stemmer (PyStemmer, a C extension) makes "aanvragen", "aanvraagen" and
"aanvraag" one term. Compounds and misspellings are handled in :mod:`wegwijs.search.engine`,
which knows the vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("dutch")

#: Words that carry no meaning for search: the Snowball Dutch stop list plus the verbs and
#: fillers of spoken questions ("het doet het niet meer", "ik snap die brief niet", "hoe moet
#: ik ..."), which say that something is wrong but not what it is about.
STOPWORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "al",
        "wel",
        "wil",
        "hun",
        "werd",
        "zelf",
        "moet",
        "moeten",
        "kan",
        "kun",
        "kunnen",
        "ben",
        "zijn",
        "wordt",
        "worden",
        "waar",
        "wie",
        "welke",
        "dus",
        "hier",
        "omdat",
        "iets",
        "toch",
        "uw",
        "jij",
        "niet",
        "geen",
        "meer",
        "doet",
        "doen",
        "gedaan",
        "werkt",
        "werken",
        "lukt",
        "lukken",
        "gaat",
        "gaan",
        "krijg",
        "krijgen",
        "kreeg",
        "snap",
        "snappen",
        "begrijp",
        "begrijpen",
        "weet",
        "weten",
        "graag",
        "even",
        "nog",
        "wel",
        "heel",
        "erg",
        "mag",
        "mogen",
        "willen",
        "wilde",
        "zou",
        "zouden",
        "jullie",
        "we",
        "wij",
        "ons",
        "onze",
        "mee",
        "bent",
        "hebt",
        "heeft",
        "hadden",
        "kon",
        "konden",
        "dat",
        "dit",
        "die",
        "deze",
        "wat",
        "waarom",
        "wanneer",
        "welk",
        "iemand",
        "iets",
        "alles",
        "niks",
        "niets",
        "veel",
        "weinig",
    ]
)


_COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase, without accents ("Coördinator" -> "coordinator"); ligatures spelled out."""
    if text.isascii():
        return text.lower()
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.casefold()))


def words(text: str) -> list[str]:
    """The folded words of ``text``, stop words included (phrases need them)."""
    return _TOKEN_RE.findall(fold(text))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball Dutch stem of a folded word; digits and short words stay as they are."""
    if len(word) <= 2 or word.isdigit():
        return word
    return str(_stemmer.stemWord(word))


def content_words(text: str) -> list[str]:
    """Folded words without stop words."""
    return [w for w in words(text) if w not in STOPWORDS]
