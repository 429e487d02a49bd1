"""The shared search service: documents in the database, an index per process kept current."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wegwijs.search import services
from wegwijs.search.analysis import stem
from wegwijs.search.engine import Document
from wegwijs.search.models import IndexState, SearchDocument

pytestmark = pytest.mark.django_db

KIND = "testnote"


def note(key: str, title: str, summary: str = "", **kwargs: object) -> Document:
    return Document(kind=KIND, key=key, title=title, summary=summary, **kwargs)  # type: ignore[arg-type]


def found(query: str, **filters: object) -> list[str]:
    return [hit.key for hit in services.search(query, **filters)]  # type: ignore[arg-type]


def generation() -> int:
    return IndexState.objects.get(pk=1).generation


def test_an_indexed_document_is_found_with_its_display_data() -> None:
    services.index(
        note(
            "huur",
            "Huurtoeslag aanvragen",
            "Betaalt u huur? Vraag huurtoeslag aan.",
            themes=["toeslagen"],
            organisations=["toeslagen"],
            data={"owner": "Dienst Toeslagen"},
        )
    )
    services.index(note("aow", "AOW aanvragen", "De SVB betaalt de AOW."))

    hits = services.search("huurtoeslag")
    assert [hit.key for hit in hits] == ["huur"]
    assert hits[0].kind == KIND
    assert hits[0].title == "Huurtoeslag aanvragen"
    assert hits[0].themes == ["toeslagen"]
    assert hits[0].data == {"owner": "Dienst Toeslagen"}
    assert found("aanvragen", themes=["toeslagen"]) == ["huur"]
    assert found("aanvragen", kinds=["article"]) == []


def test_indexing_the_same_document_again_replaces_it() -> None:
    services.index(note("huur", "Huurtoeslag", "Oude uitleg over wachtwoord."))
    services.index(note("huur", "Huurtoeslag", "Nieuwe uitleg over inkomen."))
    assert SearchDocument.objects.filter(kind=KIND).count() == 1
    assert found("wachtwoord") == []
    assert found("inkomen") == ["huur"]


def test_a_removed_document_is_no_longer_found() -> None:
    services.index(note("huur", "Huurtoeslag aanvragen"))
    services.index(note("zorg", "Zorgtoeslag aanvragen"))
    assert set(found("aanvragen")) == {"huur", "zorg"}

    services.remove(KIND, "huur")

    assert found("aanvragen") == ["zorg"]
    assert found("huurtoeslag") == []
    row = SearchDocument.objects.get(kind=KIND, key="huur")
    assert row.deleted  # a tombstone, so other processes notice


def test_removing_what_is_not_indexed_changes_nothing() -> None:
    services.index(note("huur", "Huurtoeslag"))
    before = generation()
    services.remove(KIND, "nothing-here")
    services.remove(KIND, "huur")
    services.remove(KIND, "huur")  # twice
    assert generation() == before + 1


def test_a_new_process_builds_its_index_from_the_database() -> None:
    services.index(note("huur", "Huurtoeslag aanvragen"))
    services.index(note("digid", "DigiD wachtwoord vergeten"))
    services.remove(KIND, "digid")
    services.reset()
    assert found("huurtoeslag") == ["huur"]
    assert found("wachtwoord") == []


def test_a_change_made_by_another_process_is_picked_up_incrementally() -> None:
    # This process has built its index...
    services.index(note("huur", "Huurtoeslag", "Log in met DigiD en vul uw inkomen in."))
    services.index(note("aow", "AOW aanvragen", "De SVB stuurt een brief."))
    assert found("inkomen") == ["huur"]
    index_before, (generation_before, _token) = services.current_index(), services._state
    mine = services._index, services._state

    # ...then another process (an index of its own) changes one document, removes the other.
    services.reset()
    services.index(note("huur", "Huurtoeslag", "Vraag het aan met de website van Toeslagen."))
    services.remove(KIND, "aow")
    assert found("website") == ["huur"]

    # Back in this process: the next search loads only what changed.
    services._index, services._state = mine
    index_after = services.current_index()
    assert index_after is index_before  # updated in place, not rebuilt
    assert services._state[0] == generation_before + 2 == generation()
    assert found("inkomen") == []
    assert found("website") == ["huur"]
    assert found("brief") == []
    assert len(index_after.entries) == 1


def test_an_unchanged_database_does_not_rebuild_the_index() -> None:
    services.index(note("huur", "Huurtoeslag"))
    first = services.current_index()
    assert services.current_index() is first
    services.index(note("zorg", "Zorgtoeslag"))
    assert services.current_index() is first
    assert found("zorgtoeslag") == ["zorg"]


def test_a_database_that_went_back_is_noticed_and_the_index_rebuilt() -> None:
    services.index(note("huur", "Huurtoeslag"))
    services.index(note("zorg", "Zorgtoeslag"))
    assert found("zorgtoeslag") == ["zorg"]
    # A restore from a backup taken after the first change only.
    SearchDocument.objects.filter(key="zorg").delete()
    IndexState.objects.filter(pk=1).update(generation=1, token="restored")
    assert found("zorgtoeslag") == []
    assert found("huurtoeslag") == ["huur"]


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    """The content behind KIND; tests change the list, reindex() reads it."""
    docs: list[Document] = []
    monkeypatch.setitem(services._sources, KIND, lambda: iter(list(docs)))
    return docs


def test_reindex_rebuilds_from_the_sources_and_purges_tombstones(source: list[Document]) -> None:
    services.index(note("huur", "Huurtoeslag", "Oude tekst over een wachtwoord."))
    services.index(note("weg", "Verdwenen artikel"))
    services.index(note("dood", "Verwijderd artikel"))
    services.remove(KIND, "dood")
    assert found("wachtwoord") == ["huur"]
    source[:] = [
        note("huur", "Huurtoeslag", "Nieuwe tekst over het inkomen."),
        note("zorg", "Zorgtoeslag aanvragen"),
    ]

    assert services.reindex([KIND]) == {KIND: 2}

    assert set(SearchDocument.objects.values_list("key", flat=True)) == {"huur", "zorg"}
    assert not SearchDocument.objects.filter(deleted=True).exists()
    assert found("wachtwoord") == []
    assert found("inkomen") == ["huur"]
    assert found("zorgtoeslag") == ["zorg"]
    assert found("verdwenen") == []


def test_a_removal_purged_by_reindex_still_reaches_a_process_that_had_not_seen_it(
    source: list[Document],
) -> None:
    services.index(note("huur", "Huurtoeslag"))
    services.index(note("oud", "Ingetrokken artikel"))
    assert found("ingetrokken") == ["oud"]  # this process has it
    mine = services._index, services._state

    services.reset()  # another process removes it; a reindex then purges the tombstone
    services.remove(KIND, "oud")
    source.append(note("huur", "Huurtoeslag"))
    services.reindex([KIND])

    services._index, services._state = mine
    assert found("ingetrokken") == []
    assert found("huurtoeslag") == ["huur"]


def test_reindex_without_kinds_rebuilds_every_registered_source(source: list[Document]) -> None:
    source.append(note("huur", "Huurtoeslag"))
    counts = services.reindex()
    assert counts[KIND] == 1
    assert "article" in counts  # the knowledge base registers its articles
    assert found("huurtoeslag") == ["huur"]


def test_a_failing_source_leaves_the_index_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    services.index(note("huur", "Huurtoeslag"))

    def broken() -> Iterator[Document]:
        yield note("zorg", "Zorgtoeslag")
        raise RuntimeError("source broke halfway")

    monkeypatch.setitem(services._sources, KIND, broken)
    with pytest.raises(RuntimeError):
        services.reindex([KIND])
    assert found("huurtoeslag") == ["huur"]
    assert found("zorgtoeslag") == []


def test_explain_says_how_a_query_was_understood() -> None:
    services.index(note("digid", "DigiD wachtwoord vergeten"))
    how = {(t.origin, t.how) for t in services.explain("digi d wachtwoort")}
    assert ("digi d", "joined") in how
    assert ("wachtwoort", "fuzzy") in how


# -- the management command ------------------------------------------------------------------
def run(*args: str) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_query_command_prints_the_hits_and_the_understood_terms_as_json() -> None:
    services.index(note("huur", "Huurtoeslag aanvragen", "Vraag huurtoeslag aan."))
    services.index(note("aow", "AOW aanvragen"))

    result = json.loads(run("query", "huurtoeslagg aanvragen"))

    assert len(result["hits"]) == 2
    assert result["hits"][0] == {
        "kind": KIND,
        "key": "huur",
        "title": "Huurtoeslag aanvragen",
        "score": result["hits"][0]["score"],
    }
    assert result["hits"][0]["score"] > result["hits"][1]["score"]
    typo = [t for t in result["understood"] if t["from"] == "huurtoeslagg"]
    assert [(t["term"], t["how"]) for t in typo] == [(stem("huurtoeslag"), "fuzzy")]


def test_query_command_filters_on_kind_and_limits() -> None:
    services.index(note("huur", "Huurtoeslag aanvragen"))
    services.index(note("zorg", "Zorgtoeslag aanvragen"))
    assert json.loads(run("query", "aanvragen", "--kind", "article"))["hits"] == []
    assert len(json.loads(run("query", "aanvragen", "--limit", "1"))["hits"]) == 1


def test_reindex_command_reports_counts_and_refuses_unknown_kinds(
    source: list[Document],
) -> None:
    source.append(note("huur", "Huurtoeslag"))
    assert f"{KIND}: 1 documents" in run("reindex", KIND)
    with pytest.raises(CommandError, match="Unknown kind"):
        run("reindex", "no-such-kind")
