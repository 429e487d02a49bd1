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
in capitals (acronyms), places ("Den Haag", "aan de Amstel"), countries, months ("Jan. 2025"),
organisations named after a person ("Ronald McDonald Huis"), and a common word that merely
starts a sentence ("Pas geblokkeerd"). Context rules add the names deduce misses because they
are also words or unknown to it: after a title ("Mevr. Groen"), a relation ("buurvrouw Riet"),
in a list ("... en Ilias"), at the start of a text ("Ngozi Okafor, ..."), in lower case after a
cue ("ik heet henk bos"). docs/privacy.md describes every rule.
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

from wegwijs.privacy.scanner import MONTHS, NOT_A_HOUSE_NUMBER_RE, Finding
from wegwijs.privacy.wordlists import COUNTRIES, WORD_SURNAMES, words

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
    r"(?i)(?:(?:mevrouw|mevr|mw|mvr|mev|meneer|mnr|dhr|de\s+heer|heer|hr|mr|dr|drs|ir|ing"
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
# The same nouns at the end of a compound: "Ronald McDonald Kinderfonds", "Jan Pieter
# Basisschool" (a known surname such as "Nijhuis" is no compound).
_NAMED_AFTER_COMPOUND_RE = re.compile(
    r"(?i)[^\W\d_]{3,}(?:" + "|".join(sorted(n for n in _NAMED_AFTER_NOUNS if len(n) >= 4)) + r")$"
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
_LOWER_LETTER = r"[a-zà-öø-ÿĀ-ſ]"
# A lower-case word; a quote or hyphen only inside it ("d'ancona"), so that a name at the end of
# a quotation ("groet sylvia'") is still a word.
_LOWER_WORD = _LOWER_LETTER + r"(?:[a-zà-öø-ÿĀ-ſ'’\-]*" + _LOWER_LETTER + r")?"
_WORD_END = r"(?![\w\-]|['’]\w)"
# Particles of Arabic and Berber names ("el khatib", "ben salah"): after a title any word that
# is not an ordinary one follows them.
_ARABIC_PARTICLES = frozenset({"el", "al", "ben", "bin", "abu", "ould", "bou", "ait"})
_TITLE_NAME_RE = re.compile(
    r"(?<![\w])(?i:"
    + _TITLE_CUE
    + r")\.?\s+(?P<name>(?P<initials>(?:[a-z]\.\s?){0,3})(?P<particles>(?:(?:"
    + _NAME_PARTICLE
    + r"|ben|bin|abu|ould|bou|ait)\s+){0,3})(?P<last>"
    + _LOWER_WORD
    + r"))"
    + _WORD_END
)
_CAP_NAME = r"[A-ZÀ-ÞĀ-Ž][\w'’]*(?:-[\w'’]+)*"
# A name after a relation or an introduction: in lower case "mijn dochter lisa"; capitalised
# (deduce misses a name that is also a word, "buurvrouw Riet", "mijn zoon Ilias") on one line.
# The lookahead on the first letters of the cues only makes the search faster.
_RELATION_NAME_RE = re.compile(
    r"(?<![\w])(?=(?i:["
    + "".join(sorted({w[0] for w in re.findall(r"[a-z]+", _RELATION_CUE)}))
    + r"]))(?i:"
    + _RELATION_CUE
    + r")(?:\s+(?P<name>"
    + _LOWER_WORD
    + r")"
    + _WORD_END
    + r"|[ \t]+(?P<capitalised>"
    + _CAP_NAME
    + r")(?![\w'’\-]))"
)
_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])" + _LOWER_WORD + _WORD_END)
_FULL_NAME_RE = re.compile(
    r"(?<![\w'’\-])(?P<first>"
    + _LOWER_WORD
    + r")\s+(?P<rest>(?:"
    + _NAME_PARTICLE
    + r"\s+){0,3})(?P<last>"
    + _LOWER_WORD
    + r")"
    + _WORD_END
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


# --- Capitalised names that deduce misses ------------------------------------------------------
# deduce skips a name that is also a word in its whitelist ("Groen", "Riet", "Ilias") or that is
# not in its lists ("Ngozi Okafor"); a context makes such a word a name.
_TITLE_WORDS = r"(?:mevrouw|meneer|mijnheer|de\s+heer|heer)[ \t]+"
_TITLE_ABBREVIATIONS = r"(?:mevr|mw|mvr|mev|mnr|dhr|hr)(?:\.[ \t]*|[ \t]+)"
_ANY_PARTICLE = (
    r"(?:van|de|der|den|ten|ter|te|el|al|von|da|di|le|la|'t|het|in[ \t]+'t|op[ \t]+de|ben|bin"
    r"|abu|ould|bou|ait)"
)
# Every name right after a title is a name: "Mevr. Groen", "Hr. Pinas", "dhr. J. van Dam".
_TITLED_CAP_RE = re.compile(
    r"(?<![\w])(?i:" + _TITLE_WORDS + "|" + _TITLE_ABBREVIATIONS + r")"
    r"(?P<name>(?:[A-ZÀ-Þ]\.[ \t]?){0,3}(?:(?i:" + _ANY_PARTICLE + r")[ \t]+){0,3}"
    r"(?P<word>" + _CAP_NAME + r"))(?![\w'’\-])"
)
# A surname before a title, as in a list of visitors: "KROMOSOETO, mevr. wil ...", "Jansen, dhr.".
_CAP_BEFORE_TITLE_RE = re.compile(
    r"(?<![\w'’\-])(?P<name>" + _CAP_NAME + r")[ \t]*,[ \t]*(?i:(?:mevrouw|meneer|mevr|mw|mvr"
    r"|mnr|dhr|hr|de\s+heer)\b)"
)
_NEXT_CAP_RE = re.compile(r"[ \t]+(?P<word>" + _CAP_NAME + r")(?![\w'’\-])")
# The next name in a list: "Yasmina geb. ... en Ilias geb. ...", "Jan, Kees en Ilias".
_LIST_NEXT_RE = re.compile(
    r"(?:,[ \t]*|[ \t]+(?:en|of|&)[ \t]+)(?P<name>" + _CAP_NAME + r")(?![\w'’\-])"
)
_LIST_BREAK_RE = re.compile(r"[!?\n;]|\.\s+[A-ZÀ-Þ]")
# A full name as the first words of a text or line, before a comma, colon or dash:
# "Ngozi Okafor, vraag over IND", "Jan Pietersen: AOW".
_LEADING_NAME_RE = re.compile(
    r"(?m)^[ \t]*(?P<name>" + _CAP_NAME + r"(?:[ \t]+(?:(?:van|de|der|den|ten|ter|el|al|da|di)"
    r"[ \t]+){0,2}" + _CAP_NAME + r"){1,2})(?=[ \t]*(?:[,:;(]|-[ \t]|$))"
)
# Letter groups and endings of Dutch and English words. A word that the name lists do not know
# is taken for part of a name at the start of a text only without them: "Ngozi Okafor" may be
# a name, "Goede Doelen", "Digitaal Hulpplein", "Sociale Verzekeringsbank" or "Happy Birthday"
# are not.
_WORD_SHAPE_RE = re.compile(
    r"ij|oe|ui|aa|ee|oo|uu|ie|sch|ch|th|sh|ck|wh|wr|ght"
    r"|(?:en|er|el|ing|heid|lijk|lijke|isch|ische|ig|ige|tje|tjes|tie|ties|sie|baar|bare|teit"
    r"|schap|ment|ale|ele|iek|ief|ieve|eur|aar|ist|y|ed|ly|ness|tion|ful|less|able|ous|ive)$"
)
# Words before a name that make it a public figure or a saint, not a visitor.
_PUBLIC_TITLES = words(
    """
    koning koningin prins prinses keizer paus sint st president premier minister staatssecretaris
    burgemeester wethouder kamerlid dominee pastoor imam rabbijn professor prof dokter
    """
)
# Words that start a text or line in English notes and greetings (the Dutch ones are in
# deduce's common words and _COMMON_STARTERS).
_ENGLISH_WORDS = words(
    """
    dear sir madam mister miss mrs ms good morning afternoon evening day night hello hi hey
    thanks thank you kind regards best wishes question questions help problem problems urgent
    important information info appointment request application form letter email mail phone
    account password login log in new old first last next my your our his her their the a an
    and or of for to from with about re fw fwd subject note notes visitor visit customer client
    tax benefit benefits pension allowance health care insurance rent housing municipality
    government online digital app website update error message code number card bank
    """
)
# Role words that deduce takes into a name when a capitalised name follows: "Bezoeker Sjaak
# Brink" is masked as "Bezoeker [NAAM]".
_ROLE_WORDS_RE = re.compile(
    r"(?i)(?:(?:bezoeker|bezoekster|klant|cliënt|client|inwoner|vrijwilliger|medewerker"
    r"|medewerkster|deelnemer|deelneemster|aanvrager|aanvraagster|cursist|buurman|buurvrouw"
    r"|zoon|dochter|kleinzoon|kleindochter|echtgenoot|echtgenote|partner|mantelzorger)"
    r"[ \t]+)+(?=[A-ZÀ-ÞĀ-Ž])"
)
# A listed street or place after a preposition of place and an article is no person: "aan de
# Amstel", "op de Dam" ("bij de Vries" is a person).
_LOCATIVE_RE = re.compile(
    r"(?i)(?:^|(?<=\s))(?:aan|op|naar|langs|richting|via|achter|voorbij|nabij)"
    r"\s+(?:de|het|'t)\s*$"
)
_LEADING_PARTICLES_RE = re.compile(r"(?:(?:aan|op|de|het|'t|van|der|den)\s+)+")
# English and Dutch words before a country: "Visitor from Poland", "komt uit Jordanië".
_COUNTRY_BEFORE_RE = re.compile(r"(?i)\b(?:from|in|uit|naar|vanuit)\s+(?:the\s+)?$")
# A month is followed by a year ("Jan. 2025", "jan '25") or, abbreviated with a dot, by a day
# ("Jan. 12"); "Jan 3 keer" stays a name.
_MONTH_NUMBER_AFTER_RE = re.compile(
    r"(?:\.?,?[ \t]*(?:(?:19|20)[0-9]{2}|['‘’][0-9]{2})|\.[ \t]*[0-9]{1,2})(?![0-9])"
)
_DAY_BEFORE_RE = re.compile(r"(?<![0-9])[0-9]{1,2}(?:e|ste|de)?[ \t.\-]*$")
_TITLE_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:mevr|mw|mvr|mev|mnr|dhr|hr|dr|drs|ir|mr)\.\s*$")
_NAMED_AFTER_RUN_RE = re.compile(r"(?:[ \t]+[A-ZÀ-ÞĀ-Ž][\w'’\-]*){0,2}[ \t]+(?P<noun>[^\W\d_]+)")


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
    stop_words: frozenset[str] = frozenset()  # "de", "het", "en"...


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
        stop_words=frozenset(w.lower() for w in raw["stop_word"]),
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
        # After a title or an introduction, a surname that is also a word: "ik heet henk bos".
        structural = _LOWER_ORDINARY | DOMAIN_WORDS | _ORG_NOUNS | _NOT_STREETS | lexicon.stop_words
        self._cue_surnames = (lexicon.surnames | WORD_SURNAMES) - structural - _COMMON_STARTERS
        self._all_first_names = lexicon.first_names
        months_and_days = frozenset(MONTHS) | words(
            "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
        )
        # Capitalised words that are no name even after a title or in a list of names: function
        # words, agencies, months, countries, and common words that are no known name.
        self._not_names = (
            structural
            | months_and_days
            | COUNTRIES
            | ((lexicon.common_words | _COMMON_STARTERS | _ENGLISH_WORDS) - lexicon.known_names)
        )
        # Before ", mevr." or after "buurvrouw" a word is a name unless it is a common word or
        # a place.
        self._not_before_title = (
            self._not_names
            | lexicon.common_words
            | _COMMON_STARTERS
            | _ENGLISH_WORDS
            | lexicon.places
        )
        # At the start of a text a word must look like a name: no common word at all.
        self._not_leading_names = (
            self._not_names
            | lexicon.common_words
            | _COMMON_STARTERS
            | _ENGLISH_WORDS
            | _NAMED_AFTER_NOUNS
            | lexicon.places
            | WORD_SURNAMES
        )
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
            found += self.find_cued_names(text)
            found += self.find_listed_names(text, [f for f in found if f.kind == "name"])
        return found

    def find_cued_names(self, text: str) -> Iterator[Finding]:
        """Capitalised names that deduce misses (a name that is also a word, or one it does
        not know), where the context makes them a name: right after a title ("Mevr. Groen",
        "Hr. Pinas"), before a title ("KROMOSOETO, mevr."), and a full name of words that are no
        Dutch or English words as the first words of a text or line ("Ngozi Okafor, ...")."""
        for match in _TITLED_CAP_RE.finditer(text):
            word = match["word"]
            if word.lower() in self._not_names:
                continue
            end = match.end("word")
            following = _NEXT_CAP_RE.match(text, end)
            if (
                following is not None
                and word.lower() in self._all_first_names
                and following["word"].lower() not in self._not_names
            ):
                end = following.end()  # "dhr. Jan Groen"
            yield Finding("name", match.start("name"), end)
        for match in _CAP_BEFORE_TITLE_RE.finditer(text):
            word = match["name"].lower()
            if word not in self._not_before_title:  # "Hallo, meneer", "Utrecht, mevr."
                yield Finding("name", match.start("name"), match.end("name"))
        for match in _LEADING_NAME_RE.finditer(text):
            name = match["name"].split()
            if " ".join(name).lower() in _BRAND_NAMES or name[0].lower() in _PUBLIC_TITLES:
                continue  # "Albert Heijn, bonuskaart", "Koning Willem-Alexander"
            if all(self._looks_like_name(w) for w in name if w[0].isupper()):
                yield Finding("name", match.start("name"), match.end("name"))

    def _looks_like_name(self, word: str) -> bool:
        """Whether a capitalised word at the start of a text can be part of a name."""
        low = word.lower()
        if word.isupper() or len(word) < 2 or low in self._not_leading_names:
            return False
        if self._named_after_noun(word):
            return False  # "Ronald McDonald Kinderfonds"
        if any(part in self._all_first_names for part in low.split("-")):
            return True
        return _WORD_SHAPE_RE.search(low) is None

    def find_listed_names(self, text: str, names: list[Finding]) -> Iterator[Finding]:
        """A known first name that follows a name in a list, in the same sentence ("Yasmina
        geb. 03-02-2012 en Ilias geb. 21-08-2015", "Jan, Riet en Kees")."""
        for name in names:
            window = text[name.end : name.end + 60]
            for match in _LIST_NEXT_RE.finditer(window):
                if match.group(0).startswith(",") and match.start() > 0:
                    continue  # a comma only right after the name
                if _LIST_BREAK_RE.search(window, 0, match.start("name")):
                    break
                word = match["name"].lower()
                if word in self._all_first_names and word not in self._not_names:
                    yield Finding("name", name.end + match.start("name"), name.end + match.end())
                break

    def find_lower_case_names(self, text: str) -> Iterator[Finding]:
        """Names typed without capitals: after a title ("meneer bakker", "mevr de vries"), a
        relation or an introduction ("mijn dochter lisa", "ik ben piet"), and a first name
        followed by a surname ("jan jansen", "jan de vries"), using deduce's name lists
        without the Dutch words in them. After a relation also a capitalised first name or
        surname that deduce skips as a word ("buurvrouw Riet")."""
        for match in _TITLE_NAME_RE.finditer(text):
            last, particles = match["last"], match["particles"].split()
            if len(last) < 3:
                continue
            if particles and particles[-1] in _ARABIC_PARTICLES:
                ok = last not in self._plain  # "meneer el khatib"
            elif particles:
                ok = last in self._after_particle  # "mevr de vries"
            else:
                ok = self._cued_name(last)  # "meneer bakker", "meneer t. hoekstra"
            if ok:
                yield self._extended(text, match.start("name"), match.end("name"))
        for match in _RELATION_NAME_RE.finditer(text):
            word = match["name"]
            if word is not None:
                if word in self._first_names and len(word) >= 3:
                    yield self._extended(text, match.start("name"), match.end("name"))
                continue
            low = match["capitalised"].lower()  # "buurvrouw Riet", "ik heet Roos"
            if low in self._known and low not in self._not_before_title:
                yield Finding("name", match.start("capitalised"), match.end("capitalised"))
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
        """A lower-case first name with the surname that follows it ("lisa de boer"); after a
        title or an introduction a surname that is also a word counts ("ik heet henk bos")."""
        following = _FULL_NAME_RE.match(text, start)
        if following is not None and following.start() == start:
            rest, last = following["rest"], following["last"]
            surname = self._surname(rest, last) or (not rest and last in self._cue_surnames)
            if following["first"] in self._first_names and surname and len(last) >= 3:
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
        role = _ROLE_WORDS_RE.match(text, start, end)
        if role:
            start = role.end()  # "Bezoeker [NAAM]"
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
        first_capital = capitalised[0].lower()
        if not title and first_capital in _NOT_A_PERSON_FIRST:
            return None  # "Sint Nicolaas", "Laan van Nieuw Oost-Indië", "de Laan van ..."
        named_after = _NAMED_AFTER_RUN_RE.match(text, end)
        if self._named_after_noun(words[-1]) or (
            named_after is not None and self._named_after_noun(named_after["noun"])
        ):
            return None  # "Albert Schweitzer ziekenhuis", "Anne Frank Huis", "Ronald McDonald Huis"
        before = text[max(0, start - 40) : start]
        if not title and self._is_location(text, start, end, capitalised, before):
            return None  # "aan de Amstel", "Visitor from Poland", "Jan. 2025"
        if not title and len(words) > 1 and words[0] in {"Den", "Ter", "Ten", "te"}:
            return None  # a place: "schuldhulp Den Bosch", "Ter Apel", "woont ... te Helmond"
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
            if _TITLE_BEFORE_RE.search(before):
                at_start = False  # "Hr. Pinas": the dot ends a title, not a sentence
            if at_start and word.lower() in self._sentence_start_words:
                return None
        while start < end and not (text[start].isalnum()):
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".'’"):
            end -= 1
        return Finding("name", start, end) if start < end else None

    def _named_after_noun(self, word: str) -> bool:
        """Whether ``word`` makes the name before it that of a building or an organisation."""
        low = word.lower()
        if low in _NAMED_AFTER_NOUNS:
            return True
        return low not in self._known and _NAMED_AFTER_COMPOUND_RE.search(low) is not None

    def _is_location(
        self, text: str, start: int, end: int, capitalised: list[str], before: str
    ) -> bool:
        """Whether a finding without a title is a street, a country or a month here: a listed
        street or place after a preposition of place ("aan de Amstel", "op de Dam"), a country
        ("Visitor from Poland"; a country that is also a first name only after "from", "uit"...),
        a month with a number ("Jan. 2025", "12 Jan")."""
        name = " ".join(capitalised).lower()
        particles = _LEADING_PARTICLES_RE.match(text, start, end)
        lead = (before + (particles.group(0) if particles else "")).rstrip()
        if _LOCATIVE_RE.search(lead + " ") and (name in self._streets or name in self._places):
            return True
        if name in COUNTRIES and (
            name not in self._all_first_names or _COUNTRY_BEFORE_RE.search(before)
        ):
            return True
        if len(capitalised) == 1 and name in MONTHS:
            return bool(_MONTH_NUMBER_AFTER_RE.match(text, end) or _DAY_BEFORE_RE.search(before))
        return False

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
