"""The in-memory index: what a desk worker types and what comes back (no database)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wegwijs.search.analysis import fold, stem, words
from wegwijs.search.engine import Document, Index

DOCUMENTS = [
    # Says "huurtoeslag" but never "toeslag" or "toeslagen" on its own.
    Document(
        kind="article",
        key="huurtoeslag-aanvragen",
        title="Huurtoeslag aanvragen",
        summary="Betaalt u huur? Dan krijgt u misschien huurtoeslag. U vraagt het aan met DigiD.",
        body="Log in op de website en vul uw inkomen en uw huur in.",
        themes=["toeslagen"],
        organisations=["toeslagen"],
        data={"summary": "Huurtoeslag in het kort"},
    ),
    Document(
        kind="article",
        key="zorgtoeslag-aanvragen",
        title="Zorgtoeslag aanvragen",
        summary="Een bijdrage in de kosten van uw zorgverzekering.",
        body="Vraag het aan voor 1 september van het volgende jaar.",
        themes=["toeslagen", "zorgverzekering"],
        organisations=["toeslagen"],
    ),
    Document(
        kind="article",
        key="digid-wachtwoord-vergeten",
        title="DigiD wachtwoord vergeten",
        summary="Weet u uw wachtwoord niet meer? U kunt een nieuw wachtwoord aanvragen.",
        body="Ga naar de website van DigiD en kies Wachtwoord vergeten. U krijgt een code per post.",
        themes=["digid"],
        organisations=["logius"],
    ),
    # Only the noun "aanvraag"; never "pensioen".
    Document(
        kind="article",
        key="aow",
        title="AOW: de aanvraag",
        summary="De SVB stuurt u een brief voordat u de AOW-leeftijd bereikt.",
        body="De aanvraag doet u online bij de SVB.",
        themes=["aow-pensioen"],
        organisations=["svb"],
    ),
    # Never "blauwe" or "envelop".
    Document(
        kind="article",
        key="belastingaangifte",
        title="Aangifte inkomstenbelasting doen",
        summary="Elk jaar doet u aangifte bij de Belastingdienst, tussen 1 maart en 1 mei.",
        body="Log in op Mijn Belastingdienst met DigiD.",
        themes=["belastingaangifte"],
        organisations=["belastingdienst"],
    ),
    Document(
        kind="article",
        key="toeslag-terugbetalen",
        title="Toeslag terugbetalen",
        summary="Kreeg u te veel toeslag? Dan moet u het terugbetalen.",
        body="Vraag een betalingsregeling als dat niet in een keer lukt.",
        themes=["toeslagen", "geldzaken"],
        organisations=["toeslagen"],
    ),
    Document(
        kind="service",
        key="formulierenbrigade",
        title="Formulierenbrigade",
        summary="Gratis hulp bij formulieren en financiën van de gemeente.",
        themes=["geldzaken"],
        organisations=["gemeente"],
    ),
]


def build() -> Index:
    index = Index()
    index.add_all(DOCUMENTS)
    return index


@pytest.fixture(scope="module")
def index() -> Index:
    """Shared by the read-only tests; tests that change an index build their own."""
    return build()


def keys(index: Index, query: str, **filters: object) -> list[str]:
    return [hit.key for hit in index.search(query, **filters)]  # type: ignore[arg-type]


def first(index: Index, query: str) -> str | None:
    found = keys(index, query)
    return found[0] if found else None


# -- analysis --------------------------------------------------------------------------------
def test_folding_drops_accents_and_case() -> None:
    assert fold("Coördinator FINANCIËN Één") == "coordinator financien een"
    assert words("DigiD-app, 2x!") == ["digid", "app", "2x"]


def test_a_verb_and_its_noun_are_one_term() -> None:
    assert stem("aanvragen") == stem("aanvraag")


# -- what the desk types ---------------------------------------------------------------------
def test_aanvragen_finds_the_article_that_only_says_aanvraag(index: Index) -> None:
    found = keys(index, "aanvragen")
    assert "aow" in found
    assert {"huurtoeslag-aanvragen", "zorgtoeslag-aanvragen"} <= set(found)
    assert "belastingaangifte" not in found


def test_aanvraag_finds_the_articles_that_say_aanvragen(index: Index) -> None:
    assert {"huurtoeslag-aanvragen", "zorgtoeslag-aanvragen", "aow"} <= set(keys(index, "aanvraag"))


@pytest.mark.parametrize("query", ["financien", "FINANCIËN", "Financiën"])
def test_accents_and_capitals_do_not_matter_in_the_query_or_the_text(
    index: Index, query: str
) -> None:
    assert keys(index, query) == ["formulierenbrigade"]


def test_an_accent_typed_by_mistake_still_finds_the_article(index: Index) -> None:
    assert first(index, "zorgtóeslag") == "zorgtoeslag-aanvragen"


def test_a_compound_query_finds_the_article_about_its_first_part(index: Index) -> None:
    assert first(index, "huurtoeslagbrief") == "huurtoeslag-aanvragen"


def test_a_compound_the_synonym_list_does_not_know_is_split_into_known_words(
    index: Index,
) -> None:
    terms = index.analyse("zorgtoeslagbrief")
    assert {(t.stem, t.how) for t in terms} >= {
        (stem("zorgtoeslag"), "compound"),
        (stem("brief"), "compound"),
    }
    assert first(index, "zorgtoeslagbrief") == "zorgtoeslag-aanvragen"


def test_compounds_in_the_articles_are_split_so_a_part_finds_them(index: Index) -> None:
    assert index.split_compound("huurtoeslag") == ["huur", "toeslag"]
    assert "huurtoeslag-aanvragen" in keys(index, "toeslag")


def test_a_word_typed_in_two_pieces_is_joined(index: Index) -> None:
    assert first(index, "digi d") == "digid-wachtwoord-vergeten"
    assert first(index, "terug betalen") == "toeslag-terugbetalen"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("terugbetaalen", "toeslag-terugbetalen"),
        ("wachtwoort", "digid-wachtwoord-vergeten"),
        ("huurtoesalg", "huurtoeslag-aanvragen"),
        ("DigiD wachtwoort vergeeten", "digid-wachtwoord-vergeten"),
    ],
)
def test_spelling_mistakes_still_find_the_right_article(
    index: Index, query: str, expected: str
) -> None:
    assert first(index, query) == expected


def test_a_spelling_mistake_is_explained_as_fuzzy(index: Index) -> None:
    terms = index.analyse("wachtwoort")
    assert [(t.stem, t.how) for t in terms] == [(stem("wachtwoord"), "fuzzy")]
    assert terms[0].weight < 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("blauwe envelop", "belastingaangifte"),
        ("pensioen", "aow"),
        ("huursubsidie", "huurtoeslag-aanvragen"),
    ],
)
def test_everyday_words_find_the_article_through_the_synonym_list(
    index: Index, query: str, expected: str
) -> None:
    assert first(index, query) == expected
    assert "synonym" in {t.how for t in index.analyse(query)}


def test_hits_say_what_they_are_and_which_words_matched(index: Index) -> None:
    hit = index.search("huurtoeslag")[0]
    assert hit.kind == "article"
    assert hit.key == "huurtoeslag-aanvragen"
    assert hit.title == "Huurtoeslag aanvragen"
    assert hit.themes == ["toeslagen"]
    assert hit.organisations == ["toeslagen"]
    assert hit.data == {"summary": "Huurtoeslag in het kort"}  # no internals leak out
    assert hit.matched == ["huurtoeslag"]
    assert hit.score > 0


def test_results_are_best_first(index: Index) -> None:
    hits = index.search("toeslag aanvragen")
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert len(hits) >= 3


# -- filters ---------------------------------------------------------------------------------
def test_filter_on_kind(index: Index) -> None:
    assert keys(index, "hulp formulieren geldzaken toeslag", kinds=["service"]) == [
        "formulierenbrigade"
    ]
    assert "formulierenbrigade" not in keys(index, "formulieren", kinds=["article"])


def test_filter_on_theme(index: Index) -> None:
    found = keys(index, "aanvragen", themes=["toeslagen"])
    assert set(found) == {"huurtoeslag-aanvragen", "zorgtoeslag-aanvragen"}
    assert keys(index, "aanvragen", themes=["aow-pensioen"]) == ["aow"]


def test_filter_on_organisation(index: Index) -> None:
    assert keys(index, "aanvragen", organisations=["svb"]) == ["aow"]
    assert keys(index, "aanvragen", organisations=["cjib"]) == []


def test_filter_on_keys(index: Index) -> None:
    allowed = {("article", "zorgtoeslag-aanvragen"), ("service", "huurtoeslag-aanvragen")}
    assert keys(index, "toeslag aanvragen", keys=allowed) == ["zorgtoeslag-aanvragen"]


def test_limit(index: Index) -> None:
    assert len(index.search("aanvragen", limit=2)) == 2


# -- changes ---------------------------------------------------------------------------------
def test_a_removed_document_is_no_longer_found() -> None:
    index = build()
    assert first(index, "wachtwoord") == "digid-wachtwoord-vergeten"
    index.remove("article", "digid-wachtwoord-vergeten")
    assert keys(index, "wachtwoord") == []
    assert keys(index, "wachtwoort") == []  # its words left the vocabulary too
    assert first(index, "huurtoeslag") == "huurtoeslag-aanvragen"
    index.remove("article", "does-not-exist")  # nothing happens


def test_a_replaced_document_is_found_by_its_new_text_only() -> None:
    index = build()
    index.add(
        Document(
            kind="article",
            key="aow",
            title="AOW",
            summary="Uw ouderdomsuitkering van de SVB.",
            themes=["aow-pensioen"],
            organisations=["svb"],
        )
    )
    assert "aow" not in keys(index, "aanvraag")
    assert first(index, "ouderdomsuitkering") == "aow"
    assert len(index.entries) == len(DOCUMENTS)


KINDEROPVANG = Document(
    kind="article",
    key="kinderopvangtoeslag",
    title="Kinderopvangtoeslag",
    summary="Toeslag voor de kosten van de kinderopvang.",
    themes=["toeslagen"],
    organisations=["toeslagen"],
)


def test_a_document_added_later_ranks_as_in_a_freshly_built_index() -> None:
    """A process that picked up a new article ranks like one that started afterwards."""
    fresh = Index()
    fresh.add_all([*DOCUMENTS, KINDEROPVANG])
    running = build()
    running.add(KINDEROPVANG)
    for query in ("kinderopvang", "toeslag", "kinderopvangtoeslag", "toeslag kinderopvang"):
        assert [(h.key, h.score) for h in running.search(query)] == [
            (h.key, h.score) for h in fresh.search(query)
        ], query
    assert first(running, "kinderopvang") == "kinderopvangtoeslag"


# -- nothing to find -------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["xyzzy qwertyuiop", "", "   ", "?!", "hoe kan ik dat doen"])
def test_a_query_without_matching_words_finds_nothing(index: Index, query: str) -> None:
    assert index.search(query) == []


def test_an_empty_index_finds_nothing() -> None:
    assert Index().search("huurtoeslag") == []


def test_a_pasted_text_without_spaces_is_not_split_as_a_compound(index: Index) -> None:
    """Splitting costs the cube of a word's length: words longer than any real compound are
    left alone, so a pasted text cannot make the splitter crawl (speed itself is measured in
    bench/search.py, not here)."""
    query = "huurtoeslag" * 1000  # 11 000 letters, every piece a known word
    assert index.split_compound(query) == []
    assert index.split_compound("huurtoeslagbrief") != []
    assert all(t.how != "compound" for t in index.analyse(query))


# -- robustness ------------------------------------------------------------------------------
texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=100),
    st.lists(
        st.sampled_from(
            [w for doc in DOCUMENTS for w in words(f"{doc.title} {doc.summary}")]
            + ["digi", "d", "blauwe", "envelop", "de", "0800", "é", "ﬁ", "ß", "İ", "\x00"]
        ),
        max_size=120,
    ).map(" ".join),
    # Huge: a piece repeated up to 20 000 times, with or without spaces.
    st.builds(
        lambda piece, times, sep: sep.join([piece] * times),
        st.sampled_from(["huur", "toeslag", "a", "é", "zorg toeslag ", "x1", "\u0301", "ij"])
        | st.text(min_size=1, max_size=8),
        st.integers(min_value=1, max_value=20_000),
        st.sampled_from(["", " ", "\n", "-"]),
    ),
)


@hsettings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=texts, limit=st.integers(min_value=1, max_value=8))
def test_any_text_is_answered_without_errors_and_within_the_limit(
    index: Index, query: str, limit: int
) -> None:
    terms = index.analyse(query)
    assert all(term.weight > 0 for term in terms)
    hits = index.search(query, limit=limit)
    assert len(hits) <= limit
    assert len({(hit.kind, hit.key) for hit in hits}) == len(hits)
    assert all(hit.score > 0 for hit in hits)
