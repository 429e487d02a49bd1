"""Person names and listed street names, with `deduce` (the Dutch de-identification library).

Loading takes a second or two and some 60 MB, so it happens once per process, on the first
``scan()`` that needs it, never at import: ``get_model()`` loads under a lock (thread-safe) and
keeps the model for the life of the process. Only deduce's name annotators run, with the name
lists and the whitelist they need; deduce's street list (BAG) is read as a plain set for
"Spui 68"-like addresses. The rest of deduce (hospitals, institutions, places, dates, numbers)
is not loaded: its full cache takes two minutes to build on a fresh install and a gigabyte of
memory, and our own pattern detectors cover those kinds.

Deduce is made for medical text and flags any capitalised word that is a first name or
surname. The post-filter here drops what is not a person in an IDO text: titles are kept out
of the finding ("Mevrouw [NAAM]"), agency and product names (DigiD, UWV, Klik & Tik...), words
in capitals (acronyms), places ("Den Haag"), and a common word that merely starts a sentence
("Pas geblokkeerd").
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wegwijs.privacy.scanner import NOT_A_HOUSE_NUMBER_RE, Finding
from wegwijs.privacy.wordlists import WORD_SURNAMES, words

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_model: NameModel | None = None

# Words that deduce may take for a name but are organisations, products or ordinary words in
# IDO texts. Lower case; compared with each capitalised word of a name finding.
DOMAIN_WORDS = words(
    """
    digid digi-d mijnoverheid overheid berichtenbox belastingdienst belastingtelefoon
    toeslagen toeslag huurtoeslag zorgtoeslag kinderopvangtoeslag uwv svb cjib duo cak cbr
    ciz rdw ind logius gemeente wmo wlz aow anw ww wia wajong ziektewet bijstand pgb
    kinderbijslag werkmap klik tik digisterker digicafé digicafe tabletcafé tabletcafe
    taalhuis humanitas mee formulierenbrigade raadslieden bibliotheek bieb kb probiblio
    informatiepunt ido windows android apple iphone ipad samsung galaxy google gmail outlook
    hotmail whatsapp facebook microsoft word excel teams zoom skype rabobank abn amro ing
    sns asn triodos knab bunq regiobank postnl ziggo kpn odido vodafone tele2 menzis cz vgz
    zilveren kruis achmea zorg nationale nederlanden centraal beheer nn ohra fbto dsw
    pensioenfonds abp pfzw mijnpensioenoverzicht mijn juridisch loket sociaal raadslied
    schuldhulp welzijn kruiswerk thuiszorg ouderenbond kbo pcob anbo fnv cnv vakbond
    manifestgroep nederland nederlands europese euro eu ov-chipkaart ov chipkaart ns ret gvb
    htm qbuzz arriva connexxion id-kaart paspoort rijbewijs belasting aanslag aangifte box
    """
)

# Titles and forms of address: kept out of the finding ("Mevrouw [NAAM]").
_TITLES_RE = re.compile(
    r"(?i)^(?:(?:mevrouw|mevr|mw|mvr|mev|meneer|mnr|dhr|de\s+heer|heer|hr|mr|dr|drs|ir|ing"
    r"|prof|zr|zuster|broeder|dokter|juffrouw|juf|mejuffrouw|mej|familie|fam|wed|weduwe)"
    r"\b\.?\s*)+"
)
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;\n(\"'“‘-])\s*$")
# Sentence starters that deduce's lists call names ("Roos", "Fan", English "Can", "My").
_COMMON_STARTERS = words(
    """
    mag wil ben kan kun moet mocht zou zal had heb hebt heeft was ging kwam gaf nam zag vond
    graag hoe wat waar wanneer waarom wie welke welk hallo hoi hey dag beste goedemorgen
    goedemiddag bedankt dank sorry help hulp vraag vragen klant bezoeker meneer mevrouw
    samen uitgelegd doorverwezen tweede eerste derde laatste nieuwe oude verder ook nog
    daarna toen dus maar want omdat als indien sinds vanaf tot per bij voor na door met
    zonder over onder tegen naast via rond roos hoop bloem zon maan ster storm winter zomer
    lente herfst mei juni juli april maart augustus september oktober november december
    januari februari maandag dinsdag woensdag donderdag vrijdag zaterdag zondag morgen
    vandaag gisteren avond ochtend middag nacht rijk burger koop leen baan brand kas bank
    fake fan diesel rem jeep kick dim kar pluk hang lucky
    can my i is are do does did how what where when why who please hello hi thanks thank
    the a an this that it we you he she they our your his her their will would could
    should may might must have has need want
    """
)
# A word before a capitalised name that makes it an organisation or a place, not a person:
# "Zorgverzekeraar Zilveren Kruis", "gemeente Den Bosch", "in Den Helder", "in het Engels".
_ORG_NOUNS = words(
    """
    stichting gemeente bibliotheek zorgverzekeraar verzekeraar verzekering vereniging welzijn
    woningcorporatie corporatie woningbouwvereniging ziekenhuis apotheek huisartsenpraktijk
    praktijk bank school basisschool universiteit hogeschool kerk moskee supermarkt winkel
    firma bedrijf fonds pensioenfonds zorgkantoor thuiszorg kinderopvang wijkteam buurthuis
    dienst ministerie rechtbank kantoor provincie regio dorp stad wijk buurt station
    """
)
_STREET_NAME_RE = re.compile(
    r"(?i)[^\W\d_]{3}(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|plantsoen)$"
)
_PLACE_BEFORE_RE = re.compile(r"(?i)\b(?:in|uit|te|vanuit|richting|nabij|omgeving)\s+$")
_ARTICLE_BEFORE_RE = re.compile(r"(?i)\bhet\s+$")
_ORG_BEFORE_RE = re.compile(r"([^\W\d_]+)[\s-]+$")
# Well-known names of companies and brands that are also person names.
_BRAND_NAMES = frozenset(
    {
        "albert heijn",
        "zilveren kruis",
        "nationale nederlanden",
        "centraal beheer",
        "de nederlandsche bank",
        "mijn overheid",
        "het juridisch loket",
        "juridisch loket",
        "hema",
        "jumbo",
        "kruidvat",
        "etos",
        "blokker",
        "action",
        "lidl",
        "aldi",
        "plus",
        "coop",
        "dirk",
        "vomar",
        "mediamarkt",
        "coolblue",
        "bol",
        "bol.com",
        "marktplaats",
        "van haren",
        "zeeman",
        "wibra",
        "praxis",
        "gamma",
        "karwei",
        "hornbach",
        "ikea",
        "philips",
        "de hoop",
        "leger des heils",
        "rode kruis",
        "het rode kruis",
        "sociaal raadslieden",
        "nibud",
        "jan linders",
    }
)
# A name that starts with one of these is a street or a saint's day, not a person:
# "Laan van Nieuw Oost-Indië", "Sint Nicolaas", "St. Maarten".
_NOT_A_PERSON_FIRST = words(
    """
    sint st sinte sankt saint san santa laan plein weg straat kade singel gracht dijk dreef
    steeg hof park markt burgwal wal erf pad
    """
)
# A noun right after a name makes it the name of a building or an organisation:
# "Albert Schweitzer ziekenhuis", "Van Gogh Museum", "Anne Frank Huis", "Jan Pieter school".
_NAMED_AFTER_NOUNS = words(
    """
    ziekenhuis kliniek museum huis school college lyceum gymnasium instituut centrum gebouw
    stichting fonds prijs zaal kerk moskee park plein straat laan weg kade brug toren
    universiteit hogeschool academie bibliotheek theater stadion hal hallen zorgcentrum
    verpleeghuis tehuis apotheek praktijk fabriek kazerne polder
    """
)
# Words before a lower-case name that make it one: titles, relations and introductions
# ("meneer bakker", "mijn dochter lisa", "ik ben piet", "groetjes ria").
_TITLE_CUE = (
    r"(?:mevrouw|mevr|mw|mvr|mev|meneer|mnr|dhr|de\s+heer|heer|hr|familie|fam|juf|meester|"
    r"mr|dr|drs|ir|ing|prof)"
)
_RELATION_CUE = (
    r"(?:buurman|buurvrouw|buren|zoon|dochter|man|vrouw|moeder|vader|broer|zus|zuster|"
    r"kleinzoon|kleindochter|kleinkind|neef|nicht|vriend|vriendin|collega|vrijwilliger|"
    r"oom|tante|opa|oma|partner|schoonzoon|schoondochter|schoonmoeder|schoonvader|"
    r"stiefvader|stiefmoeder|stiefzoon|stiefdochter|kind|baas|begeleider|mantelzorger|"
    r"ik\s+ben|ik\s+heet|heet|heette|genaamd|naam\s+is|naam\s*:|namens|"
    r"groet(?:jes|en)?\s*,?|hallo|hoi|beste|lieve|beste\s+mevrouw|beste\s+meneer)"
)
_NAME_PARTICLE = r"(?:van|de|der|den|ten|ter|te|el|al|von|da|di|le|la|'t|het|in\s+'t)"
_LOWER_WORD = r"[a-zà-öø-ÿĀ-ſ][a-zà-öø-ÿĀ-ſ'’\-]*"
_TITLE_NAME_RE = re.compile(
    r"(?<![\w])"
    + _TITLE_CUE
    + r"\.?\s+(?P<name>(?:"
    + _NAME_PARTICLE
    + r"\s+){0,3}"
    + _LOWER_WORD
    + r")(?![\w'’\-])"
)
_RELATION_NAME_RE = re.compile(
    r"(?i:(?<![\w])" + _RELATION_CUE + r")\s+(?P<name>" + _LOWER_WORD + r")(?![\w'’\-])"
)
_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])" + _LOWER_WORD + r"(?![\w'’\-])")
_FULL_NAME_RE = re.compile(
    r"(?<![\w'’\-])(?P<first>"
    + _LOWER_WORD
    + r")\s+(?P<rest>(?:"
    + _NAME_PARTICLE
    + r"\s+){0,3})(?P<last>"
    + _LOWER_WORD
    + r")(?![\w'’\-])"
)
# Surnames from outside the Netherlands that deduce's lists miss, by their ending or prefix:
# Polish, Ukrainian, Russian, Balkan, Turkish, Armenian ("Kowalczyk", "Kovalenko",
# "Petrović", "Karaoğlu", "Petrosyan") and Arabic ("Al-Hashimi", "El-Amrani").
_FOREIGN_SURNAME_RE = re.compile(
    r"(?<![\w'’\-])(?:(?=[\w'’]{6})[A-ZÀ-ÞĀ-Ž][\w'’]*(?:enko|ski|ska|sky|skiy|wicz|czyk|czak|szyk|iak|"
    r"oğlu|oglu|ović|ovic|ević|evic|ić|yan|ova|yev|yeva|shvili|dze)"
    r"|(?:Al|El|Abu|Ben|Bin|Ould|Abd)-[A-ZÀ-Þ][\w'’]+)(?![\w'’\-])"
)
_CAPITALISED_BEFORE_RE = re.compile(r"([A-ZÀ-ÞĀ-Ž][\w'’\-]+)\s+\Z")
_CAPS_RUN_RE = re.compile(
    r"(?<!\w)[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]*)+(?!\w)"
)

_COMPOUND_HEAD_RE = re.compile(r"[\w'’\-]*\Z")
_COMPOUND_TAIL_RE = re.compile(r"[\w'’\-]*")
_STREET_MAX_WORDS = 5
_HOUSE_NUMBER_RE = re.compile(
    r"(?<![\w.,])([1-9][0-9]{0,4})(?:[ ]?[A-Za-z](?![A-Za-z]))?(?:-(?:[0-9]{1,4}|[A-Za-z]{1,3}))?"
    r"(?![0-9A-Za-z]|[.,][0-9])"
)
# Listed streets that are also ordinary words followed by a number in IDO texts.
_NOT_STREETS = words(
    """
    groep lijn bus nummer centrum noord zuid oost west midden
    stap fase versie niveau klas week dag jaar bijlage pagina hoofdstuk artikel box
    kamer zaal balie loket tafel vak deel blok punt optie route poort parkeerplaats
    galaxy windows android iphone ipad samsung
    """
)


# Lower-case words that deduce lists as first names or surnames but that are ordinary words,
# pronouns, verbs or numbers in an IDO text ("mijn man is", "ik ben blij", "mijn zoon kan").
_LOWER_ORDINARY = words(
    """
    is was ben bent zijn wordt werd heeft had kan kon mag mocht moet moest wil wilde zal zou
    gaat ging komt kwam belt belde vraagt vroeg zegt zei doet deed weet wist krijgt kreeg
    woont woonde helpt hielp heet staat stond ziet zag leest las werkt werkte ook niet nog
    wel al er hier daar dan toen nu maar en of want dus die dat deze dit het een de van
    zelf alleen samen graag even erg heel veel weinig geen mij me mijn hem haar hun ons
    jullie u uw ik jij je hij zij ze wij we men iemand niemand iets niets alles klaar blij
    bang ziek boos moe thuis weg terug mee over op in uit aan bij met voor na
    tot door om te zo heel echt gewoon vaak soms altijd nooit morgen vandaag gisteren
    later eerst daarna nieuwe oude goed slecht beter best fijn mooi lief aardig druk rustig
    hulp helpen vragen bellen mailen lezen schrijven computer telefoon tablet laptop brief
    mail app digid toeslag geld werk school studie
    een twee drie vier vijf zes zeven acht negen tien elf twaalf
    """
)


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    """deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) on import: undo it, so
    that a command's JSON on stdout stays clean and Django's logging stays as configured."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def _needed_lookups(spec: Any) -> set[str]:
    """The lookup structures an annotator's config refers to."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in {"lookup", "neg_lookup", "lookup_values"} and isinstance(value, str):
                found.add(value)
            else:
                found |= _needed_lookups(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= _needed_lookups(item)
    return found


@dataclass(frozen=True)
class Lexicon:
    """deduce's word lists that the post-filter needs, in lower case."""

    streets: frozenset[str]
    common_words: frozenset[str]
    places: frozenset[str]
    known_names: frozenset[str]  # single words of first names, surnames and interfixes
    first_names: frozenset[str] = frozenset()  # one-word first names
    surnames: frozenset[str] = frozenset()  # one-word surnames
    interfix_surnames: frozenset[str] = frozenset()  # what follows "van", "de"...: "berg"


def _build_deidentifier() -> tuple[Any, Lexicon]:
    """deduce with its name annotators only, and the word lists of the post-filter."""
    import docdeid as dd
    from frozendict import frozendict

    with _quiet_root_logger():
        from deduce import deduce as deduce_module
        from deduce import lookup_structs
        from deduce.data.lookup.src import all_lists

    lookup_path = Path(deduce_module.__file__).parent / "data" / "lookup"
    base = json.loads((Path(deduce_module.__file__).parent / "base_config.json").read_text())
    annotators = {
        name: spec
        for name, spec in base["annotators"].items()
        if spec.get("group") == "names" and name != "patient_name"  # no patient metadata
    }
    config = frozendict({**base, "annotators": annotators})
    tokenizer = deduce_module.Deduce._initialize_tokenizer(lookup_path)
    raw = lookup_structs.load_raw_itemsets(
        base_path=lookup_path,
        subdirs=[name for name in all_lists if name.split("/")[0] in {"names", "whitelist"}],
    )
    structs = dd.ds.DsCollection()
    for name in sorted(_needed_lookups(annotators) | {"whitelist"}):
        if name in lookup_structs._LOOKUP_SET_LOADERS:
            structs[name] = lookup_structs._LOOKUP_SET_LOADERS[name](raw)
        elif name in lookup_structs._LOOKUP_TRIE_LOADERS:
            structs[name] = lookup_structs._LOOKUP_TRIE_LOADERS[name](raw, tokenizer)
        else:
            lookup = dd.ds.LookupSet()
            lookup.add_items_from_iterable(raw[name])
            structs[name] = lookup
    deid = dd.DocDeid()
    deid.tokenizers["default"] = tokenizer
    deid.processors = deduce_module._DeduceProcessorLoader().load(
        config=config, extras={"tokenizer": tokenizer, "ds": structs}
    )
    street_dir = lookup_path / "src" / "locations" / "lst_street"
    streets = _read_list(street_dir / "items.txt") - _read_list(street_dir / "exceptions.txt")
    places: set[str] = set()
    for items in (lookup_path / "src" / "locations" / "lst_placename").glob("*/items.txt"):
        places |= _read_list(items)
    known = {
        token
        for name in raw["first_name"] | raw["surname"] | raw["interfix_surname"] | raw["interfix"]
        for token in name.lower().split()
    }
    return deid, Lexicon(
        streets=frozenset(s for s in streets if len(s) >= 3),
        common_words=frozenset(w.lower() for w in raw["common_word"] | raw["stop_word"]),
        places=frozenset(places),
        known_names=frozenset(known),
        first_names=frozenset(n.lower() for n in raw["first_name"] if " " not in n),
        surnames=frozenset(n.lower() for n in raw["surname"] if " " not in n),
        interfix_surnames=frozenset(n.lower() for n in raw["interfix_surname"]),
    )


def _read_list(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as handle:
        return {line.strip().lower() for line in handle if line.strip()}


class NameModel:
    """Finds person names (deduce) and listed street names with a house number."""

    def __init__(self, deidentifier: Any, lexicon: Lexicon) -> None:
        self._deid = deidentifier
        self._streets = lexicon.streets
        self._places = lexicon.places
        self._known = lexicon.known_names
        common = lexicon.common_words | _COMMON_STARTERS
        self._sentence_start_words = common | WORD_SURNAMES  # never a name on their own there
        self._not_streets = common | _NOT_STREETS
        # Lower-case words that are never taken for a name without a capital letter.
        self._ordinary = (
            common | WORD_SURNAMES | DOMAIN_WORDS | _ORG_NOUNS | _NOT_STREETS | _LOWER_ORDINARY
        )
        self._first_names = lexicon.first_names - self._ordinary
        self._surnames = lexicon.surnames - self._ordinary
        # After a title or a particle a surname that is also a Dutch word is a surname
        # ("meneer bakker", "jan de vries"); function words and agency names still are not.
        self._plain = common | DOMAIN_WORDS | _ORG_NOUNS | _NOT_STREETS | _LOWER_ORDINARY
        self._cued_surnames = (lexicon.surnames | WORD_SURNAMES) - self._plain
        # After a particle: deduce's list of what follows "van", "de", "van der"... ("berg",
        # "vries", "jong"), never a plain word ("de directeur", "van de sociale dienst").
        self._after_particle = lexicon.interfix_surnames - _LOWER_ORDINARY - DOMAIN_WORDS
        self._places_lower = lexicon.places
        self.load_seconds = 0.0

    @classmethod
    def load(cls) -> NameModel:
        started = time.perf_counter()
        model = cls(*_build_deidentifier())
        model.load_seconds = time.perf_counter() - started
        logger.info("Privacy guard: name model loaded in %.1f s", model.load_seconds)
        return model

    def find(self, text: str) -> list[Finding]:
        found = [*self.find_lower_case_names(text), *self.find_streets(text)]
        if any(ch.isupper() for ch in text):
            found += [*self.find_names(text), *self.find_foreign_names(text)]
            found += self.find_capitals_names(text)
        return found

    def find_lower_case_names(self, text: str) -> Iterator[Finding]:
        """Names typed without capitals: after a title ("meneer bakker", "mevr de vries"), a
        relation or an introduction ("mijn dochter lisa", "ik ben piet"), and a first name
        followed by a surname ("jan jansen", "jan de vries"), using deduce's name lists
        without the Dutch words in them."""
        for match in _TITLE_NAME_RE.finditer(text):
            name = match["name"]
            last = name.split()[-1]
            if last.lower() != last or len(last) < 3:
                continue
            if last in self._after_particle if " " in name else self._cued_name(last):
                yield self._extended(text, match.start("name"), match.end("name"))
        for match in _RELATION_NAME_RE.finditer(text):
            word = match["name"]
            if word.lower() == word and word in self._first_names and len(word) >= 3:
                yield self._extended(text, match.start("name"), match.end("name"))
        for word in _LOWER_WORD_RE.finditer(text):
            if word.group(0) not in self._first_names:
                continue
            full = _FULL_NAME_RE.match(text, word.start())
            if full is None or full.start() != word.start():
                continue
            last = full["last"]
            surname = self._surname(full["rest"], last) and len(last) >= 3
            place = not full["rest"] and last in self._places_lower  # Vries is a place too
            if surname and not place:
                yield Finding("name", full.start(), full.end())

    def _cued_name(self, word: str) -> bool:
        """Whether a lower-case word right after a title is a name ("meneer bakker")."""
        return word not in self._plain and (
            word in self._cued_surnames or word in self._first_names
        )

    def _surname(self, rest: str, last: str) -> bool:
        """Whether ``rest last`` ("de vries", "jansen") is a surname after a first name."""
        return last in self._after_particle if rest else last in self._surnames

    def _extended(self, text: str, start: int, end: int) -> Finding:
        """A lower-case first name with the surname that follows it ("lisa de boer")."""
        following = _FULL_NAME_RE.match(text, start)
        if following is not None and following.start() == start:
            rest, last = following["rest"], following["last"]
            if following["first"] in self._first_names and self._surname(rest, last):
                end = max(end, following.end())
        return Finding("name", start, end)

    def find_foreign_names(self, text: str) -> Iterator[Finding]:
        """Capitalised surnames with a typical foreign ending, and the capitalised first name
        before them ("Oksana Kovalenko", "Abdullah Al-Hashimi")."""
        for match in _FOREIGN_SURNAME_RE.finditer(text):
            start = match.start()
            word = match.group(0).lower()
            if word in self._ordinary or word in self._places_lower or word in DOMAIN_WORDS:
                continue
            if _PLACE_BEFORE_RE.search(text, max(0, start - 20), start):
                continue
            after = _WORD_RE.match(text, match.end() + 1)
            if after is not None and after.group(0).lower() in _NAMED_AFTER_NOUNS:
                continue  # "Kandinsky museum"
            before = _CAPITALISED_BEFORE_RE.search(text, max(0, start - 40), start)
            if before is not None:
                previous = before.group(1).lower()
                if not (previous in self._ordinary or _TITLES_RE.match(before.group(1))):
                    start = before.start(1)
            yield Finding("name", start, match.end())

    def find_capitals_names(self, text: str) -> list[Finding]:
        """Names in a run of words in capitals ("JAN DE VRIES"): deduce sees them as acronyms,
        so they are looked for again with the words capitalised."""
        runs = [m for m in _CAPS_RUN_RE.finditer(text) if any(len(w) >= 3 for w in m[0].split())]
        if not runs:
            return []
        chars = list(text)
        for run in runs:
            chars[run.start() : run.end()] = run.group(0).title()
        return list(self.find_names("".join(chars)))

    def find_names(self, text: str) -> Iterator[Finding]:
        document = self._deid.deidentify(text)
        for annotation in document.annotations:
            if annotation.tag not in {"persoon", "patient"}:
                continue
            finding = self._filtered(text, annotation.start_char, annotation.end_char)
            if finding is not None:
                yield finding

    def _filtered(self, text: str, start: int, end: int) -> Finding | None:
        title = _TITLES_RE.match(text, start, end)
        if title:
            start = title.end()
        words = _WORD_RE.findall(text[start:end])
        capitalised = [w for w in words if w[0].isupper()]
        if not capitalised:
            return None
        if all(w.lower() in DOMAIN_WORDS for w in capitalised):
            return None
        if " ".join(words).lower() in _BRAND_NAMES:
            return None  # a company: "Albert Heijn"
        if _STREET_NAME_RE.search(words[-1]):
            return None  # a street without a house number: "J.J. Allanstraat"
        if not title and words[0].lower() in _NOT_A_PERSON_FIRST:
            return None  # "Sint Nicolaas", "Laan van Nieuw Oost-Indië"
        following = _WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
        if words[-1].lower() in _NAMED_AFTER_NOUNS or (
            following is not None and following.group(0).lower() in _NAMED_AFTER_NOUNS
        ):
            return None  # "Albert Schweitzer ziekenhuis", "Anne Frank Huis"
        if not title and len(words) > 1 and words[0] in {"Den", "Ter", "Ten", "te"}:
            return None  # a place: "schuldhulp Den Bosch", "Ter Apel", "woont ... te Helmond"
        before = text[max(0, start - 40) : start]
        if not title and self._is_place(text, start, end, words, before):
            return None  # "Den Haag", "Vestiging Aalten", "Egmond aan Zee", "'s-Graveland"
        if _PLACE_BEFORE_RE.search(before):
            return None  # "in Den Bosch", "uit Ter Apel"
        previous = _ORG_BEFORE_RE.search(before)
        if previous and previous.group(1).lower() in _ORG_NOUNS:
            return None
        if words[0].lower() in _ORG_NOUNS:
            return None  # "Zorgverzekeraar Zilveren Kruis"
        if len(words) == 1:
            word = words[0]
            if word.isupper() and len(word) <= 5:
                return None  # an acronym: UWV, AOW, WIA
            if _ARTICLE_BEFORE_RE.search(before):
                return None  # "in het Engels": a language, not a person
            at_start = _SENTENCE_START_RE.search(text, 0, start) is not None
            if at_start and word.lower() in self._sentence_start_words:
                return None
        while start < end and not (text[start].isalnum()):
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".'’"):
            end -= 1
        return Finding("name", start, end) if start < end else None

    def _is_place(self, text: str, start: int, end: int, words: list[str], before: str) -> bool:
        """Whether the name words that deduce knows all belong to a place name here.

        Place names are matched with up to three words before and after the finding, and
        with a hyphenated compound it is part of ("Oud-Aa"); words that are no known name
        ("Vestiging" in "Vestiging Aalten") do not count.
        """
        head = _COMPOUND_HEAD_RE.search(text, 0, start)
        tail = _COMPOUND_TAIL_RE.match(text, end)
        compound = (
            (head.group(0) if head else "") + text[start:end] + (tail.group(0) if tail else "")
        )
        if compound.lower() in self._places:
            return True
        previous = _WORD_RE.findall(before)[-3:]
        following = _WORD_RE.findall(text[end : end + 40])[:3]
        context = [*previous, *words, *following]
        offset = len(previous)
        covered: set[int] = set()
        for i in range(len(context)):
            for j in range(i + 1, min(len(context), i + 6) + 1):
                if " ".join(context[i:j]).lower() in self._places:
                    covered.update(range(i, j))
        # Known name words, interfixes ("van den Berg" is a person, "Berg" a place) and
        # initials must all be part of a place name.
        known = [
            offset + k
            for k, word in enumerate(words)
            if len(word) == 1 or any(part in self._known for part in word.lower().split("-"))
        ] or [offset + k for k in range(len(words))]
        return all(k in covered for k in known)

    def find_streets(self, text: str) -> Iterator[Finding]:
        """A listed street name (capitalised, up to five words) right before a house number."""
        for number in _HOUSE_NUMBER_RE.finditer(text):
            if NOT_A_HOUSE_NUMBER_RE.match(text, number.end()):
                continue
            if len(number.group(1)) == 4 and 1900 <= int(number.group(1)) <= 2099:
                continue  # a year
            head = text[max(0, number.start() - 80) : number.start()]
            if not head.endswith(" "):
                continue
            words = list(re.finditer(r"[^\s,;:()]+", head))[-_STREET_MAX_WORDS:]
            for first in range(len(words)):
                candidate = words[first:]
                name = " ".join(w.group(0) for w in candidate)
                if not candidate[0].group(0)[0].isupper() or name.lower() not in self._streets:
                    continue
                if len(candidate) == 1 and name.lower() in self._not_streets:
                    continue
                start = number.start() - len(head) + candidate[0].start()
                yield Finding("address", start, number.end())
                break


def get_model() -> NameModel:
    """The process's name model, loaded on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = NameModel.load()
    return _model


def is_loaded() -> bool:
    return _model is not None
