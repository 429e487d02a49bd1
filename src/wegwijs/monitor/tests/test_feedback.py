"""Feedback to agencies (/monitor/feedback/): who sees which organisation, the themes with
their trend, the typical wording (k-anonymous, no personal data, no stop words, never a
whole question), the months, the unmet needs, the exports, the cache, and bad input."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.models import Question
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.monitor import wording
from wegwijs.monitor.feedback import Feedback, feedback_for, theme_trend
from wegwijs.monitor.filters import InvalidFilters, selection_for
from wegwijs.monitor.suppression import Cell
from wegwijs.monitor.tests.conftest import AMSTERDAM, Registered
from wegwijs.network.models import Branch
from wegwijs.search.analysis import STOPWORDS, fold
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """The counts are cached by month and version: no test may see another's."""
    cache.clear()
    yield
    cache.clear()


def say(
    registered: Registered,
    text: str,
    where: dict[Branch, int],
    *,
    year: int,
    month: int = 3,
    help_given: str = "informatie",
    raw: bool = False,
) -> None:
    """Questions about UWV with ``text`` in the citizen's words. ``raw``: the text is put in
    afterwards, past the desk's guard (as an old import or a bulk load could have)."""
    office = user_for(Role.PROGRAMME_OFFICE, registered.network)
    when = datetime(year, month, 12, 10, 30, tzinfo=AMSTERDAM)
    for branch, count in where.items():
        for _ in range(count):
            visit = services.register_visit(
                office,
                VisitInput(
                    branch_id=branch.pk,
                    occurred_at=when,
                    channel="balie",
                    duration="10-30",
                    questions=[
                        QuestionInput(
                            kind="overheid",
                            theme="werk-uitkering",
                            organisation="uwv",
                            help_given=help_given,
                            citizen_words="" if raw else text,
                        )
                    ],
                ),
            )
            if raw:
                Question.objects.filter(visit=visit).update(citizen_words=text)


@pytest.fixture
def worded(registered: Registered) -> Registered:
    n, y = registered.network, registered.year
    r, rz, z, u = n.rotterdam_centrum, n.rotterdam_zuid, n.zaandam, n.utrecht_neude
    three = {r: 2, z: 2, u: 1}  # 5 questions, 3 library organisations
    say(registered, "Ik kan niet inloggen op de werkmap van het UWV.", three, year=y)
    say(registered, "Hoe moet ik de WW aanvragen?", {r: 2, z: 1, u: 1}, year=y)  # 4 questions
    # 6 questions, but from 2 library organisations (two branches of Rotterdam)
    say(registered, "Vraag over het formulier voor de ziektewet", {r: 3, rz: 2, z: 1}, year=y)
    say(registered, "Brief van mevrouw Jansen over de werkmap", three, year=y, raw=True)
    say(registered, "vraag van kees over de werkmap", three, year=y, raw=True)
    say(registered, "Bel 06-12345678 over de uitkering", three, year=y, raw=True)
    say(registered, "Mail naar klant@example.nl over de uitkering", three, year=y, raw=True)
    say(registered, "Werkmap kwijt", three, year=y)
    # the year before, in June
    say(registered, "Werkmap openen lukt niet", {r: 4, z: 3, u: 3}, year=y - 1, month=6)
    say(registered, "Brief ontvangen over uitkering", three, year=y - 1, month=6)
    say(registered, "Bel terug", {r: 1, z: 1, u: 1}, year=y - 1, month=6)
    say(registered, "Mevrouw heeft een vraag", {r: 3, z: 3, u: 2}, year=y - 1, month=6)
    return registered


def feedback(role: str, reg: Registered, **params: Any) -> Feedback:
    result = feedback_for(user_for(role, reg.network), {"year": reg.year, **params})
    assert result is not None
    return result


def shown(result: Feedback) -> dict[str, wording.Phrase]:
    return {p.text.lower(): p for p in [*result.words.words, *result.words.phrases]}


def test_the_typical_wording_of_an_agency(worded: Registered) -> None:
    result = feedback(Role.AGENCY_ANALYST, worded)
    assert result.organisation == "uwv"
    phrases = shown(result)
    assert phrases["werkmap"].count == 20 and phrases["werkmap"].previous == 10
    assert phrases["werkmap"].text == "werkmap"  # the form typed most often
    assert phrases["inloggen"].count == 5 and phrases["inloggen"].libraries == 3
    # a two-word phrase only ever inside a shown three-word one is left out
    assert "inloggen werkmap uwv" in phrases and "inloggen werkmap" not in phrases
    assert phrases["uitkering"].count == 10 and phrases["uitkering"].previous == 5
    assert result.words.texts == 40 and result.words.previous_texts == 26


def test_a_phrase_needs_five_questions_from_three_libraries(worded: Registered) -> None:
    phrases = shown(feedback(Role.AGENCY_ANALYST, worded))
    for absent in ("ww", "aanvragen", "ww aanvragen"):  # 4 questions
        assert absent not in phrases
    for absent in ("ziektewet", "formulier", "formulier ziektewet"):  # 2 library organisations
        assert absent not in phrases
    assert "openen" not in phrases  # only the previous period


def test_no_personal_data_stop_word_or_whole_question_appears(
    worded: Registered, client: Any, log_in: Any
) -> None:
    result = feedback(Role.AGENCY_ANALYST, worded)
    phrases = shown(result)
    texts = " | ".join(phrases)
    for personal in ("jansen", "kees", "06", "12345678", "klant", "example", "@"):
        assert personal not in texts, personal
    assert result.words.withheld_by_guard >= 3  # jansen, kees, "mevrouw jansen"...
    assert {"bel", "mail", "brief", "mevrouw", "kwijt"} <= set(phrases)  # the rest of them
    for phrase in phrases:
        assert not any(fold(word) in STOPWORDS for word in phrase.split()), phrase
    assert "werkmap kwijt" not in phrases  # the whole text of five questions
    # the exports carry the same phrases and nothing else
    log_in(user_for(Role.AGENCY_ANALYST, worded.network))
    workbook = load_workbook(
        io.BytesIO(client.get("/monitor/feedback/export/all.xlsx", {"year": worded.year}).content)
    )
    everything = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ).lower()
    for text in ("jansen", "12345678", "klant@example.nl", "werkmap kwijt", "ww aanvragen"):
        assert text not in everything
    assert "inloggen werkmap uwv" in everything


def test_trends_of_phrases_and_themes(worded: Registered) -> None:
    with translation.override("en"):
        result = feedback(Role.AGENCY_ANALYST, worded)
    phrases = shown(result)
    assert wording.trend(phrases["werkmap"].count, phrases["werkmap"].previous) == "up"  # 20/10
    assert wording.trend(phrases["inloggen"].count, phrases["inloggen"].previous) == "new"
    assert wording.trend(phrases["brief"].count, phrases["brief"].previous) == "same"  # 5/5
    assert wording.trend(phrases["mevrouw"].count, phrases["mevrouw"].previous) == "down"  # 5/8
    rows = {r.label.lower(): r for r in result.table("words").rows}
    assert rows["bel"].cells["previous"].display == "<5"  # 3 the year before
    assert rows["bel"].cells["trend"] == "↑ rising"
    assert rows["mevrouw"].cells["trend"] == "↓ falling"
    assert rows["brief"].cells["trend"] == "→ stable"
    assert rows["inloggen"].cells["trend"] == "new"
    # themes: UWV's questions were all about work and benefits, now as the year before
    theme = next(r for r in result.table("theme").rows if r.code == "werk-uitkering")
    assert theme.cells["share"] == 100 and theme.cells["trend"] == "→ stable"
    assert [theme_trend(c, Cell(9)) for c in (2.0, 1.0, 0.4, -0.9, -1.0, None)] == [
        "up", "up", "same", "same", "down", "",
    ]  # fmt: skip
    assert theme_trend(None, Cell(0)) == "new"
    assert [wording.trend(*pair) for pair in ((11, 10), (10, 10), (9, 10), (5, 0))] == [
        "up", "same", "down", "new",
    ]  # fmt: skip


def test_themes_months_and_unmet_needs_come_from_the_rollups_suppressed(
    worded: Registered,
) -> None:
    result = feedback(Role.PROGRAMME_OFFICE, worded, organisation="uwv")
    assert result.report.suppressed
    assert result.key_figures[0][1].value == 11 + 40  # the fixture's UWV questions + ours
    months = result.table("months")
    march = next(r for r in months.rows if r.code.endswith("-03-01"))
    assert march.cells["questions"].value == 51
    june = next(r for r in months.rows if r.code.endswith("-06-01"))
    assert june.cells["previous"].value == 26 and june.cells["questions"].value == 0
    assert len(months.rows) == 12
    unmet = result.table("unmet")
    row = next(r for r in unmet.rows if r.code == "werk-uitkering")
    assert row.cells["questions"].display == "<5"  # 3 could not be helped
    # the same cells as the dashboard with the same filters
    office = user_for(Role.PROGRAMME_OFFICE, worded.network)
    from wegwijs.monitor.report import build

    dashboard = build(selection_for(office, {"year": worded.year, "organisation": "uwv"}))
    assert [(r.code, r.cells["questions"]) for r in dashboard.table("theme").rows] == [
        (r.code, r.cells["questions"]) for r in result.table("theme").rows
    ]


def test_an_agency_sees_only_its_own_organisation(
    worded: Registered, client: Any, log_in: Any
) -> None:
    analyst = user_for(Role.AGENCY_ANALYST, worded.network)
    with pytest.raises(InvalidFilters) as exc:
        feedback_for(analyst, {"year": worded.year, "organisation": "logius"})
    assert "organisation" in exc.value.errors
    log_in(analyst)
    page = client.get("/monitor/feedback/", {"year": worded.year})
    assert page.status_code == 200 and "inloggen werkmap UWV" in page.text
    assert client.get("/monitor/feedback/", {"organisation": "logius"}).status_code == 400
    assert (
        client.get("/monitor/feedback/export/words.csv", {"organisation": "logius"}).status_code
        == 400
    )
    for role in (Role.POI_CONSULTANT, Role.COORDINATOR, Role.DESK_WORKER, Role.PARTNER_EDITOR):
        log_in(user_for(role, worded.network))
        assert client.get("/monitor/feedback/").status_code == 403
        assert client.get("/monitor/feedback/export/words.csv").status_code == 403


def test_the_programme_office_chooses_an_organisation(
    worded: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.PROGRAMME_OFFICE, worded.network))
    first = client.get("/monitor/feedback/")
    assert first.status_code == 200 and 'name="organisation"' in first.text
    assert "block-words" not in first.text
    page = client.get("/monitor/feedback/", {"organisation": "uwv", "year": worded.year})
    assert page.status_code == 200
    html = page.text
    main = html[html.index("<main"):html.index("</main>")]  # fmt: skip
    for key in ("theme", "words", "phrases", "months", "unmet"):
        assert f'id="block-{key}"' in main
    assert main.count('role="img"') >= 3 and main.count("<caption") >= 5
    assert " style=" not in main
    assert "/monitor/feedback/export/phrases.csv?" in main
    logius = client.get("/monitor/feedback/", {"organisation": "logius", "year": worded.year})
    assert logius.status_code == 200 and "werkmap" not in logius.text.lower()
    dashboard = client.get("/monitor/", {"year": worded.year})
    assert "/monitor/feedback/" in dashboard.text


@pytest.mark.parametrize(
    "params",
    [
        {"organisation": "nonsense"},
        {"organisation": "uwv", "year": 1999},
        {"organisation": "uwv", "year": "abc"},
        {"organisation": "uwv", "quarter": 9},
        {"organisation": "uwv", "year": 2999},
        {"quarter": 2},  # the programme office must choose an organisation
    ],
)
def test_invalid_filters_answer_400(
    params: dict[str, Any], registered: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.PROGRAMME_OFFICE, registered.network))
    page = client.get("/monitor/feedback/", params)
    assert page.status_code == 400
    assert "error-summary" in page.text
    assert client.get("/monitor/feedback/export/theme.csv", params).status_code == 400


def test_a_quarter_that_has_not_begun_is_refused(registered: Registered) -> None:
    from datetime import date

    office = user_for(Role.PROGRAMME_OFFICE, registered.network)
    with pytest.raises(InvalidFilters):
        feedback_for(
            office, {"organisation": "uwv", "year": 2026, "quarter": 4}, today=date(2026, 5, 1)
        )


def test_exports(worded: Registered, client: Any, log_in: Any) -> None:
    log_in(user_for(Role.AGENCY_ANALYST, worded.network))
    response = client.get("/monitor/feedback/export/phrases.csv", {"year": worded.year})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] and ["inloggen werkmap UWV", "5"] in [row[:2] for row in rows[1:]]
    assert all(len(row[0].split()) in (2, 3) for row in rows[1:])
    themes = client.get("/monitor/feedback/export/theme.xlsx", {"year": worded.year})
    assert themes.status_code == 200
    assert client.get("/monitor/feedback/export/nothing.csv").status_code == 404
    assert client.get("/monitor/feedback/export/all.csv").status_code == 404


def test_the_thresholds_are_settings_that_can_only_be_raised(
    worded: Registered, settings: Any
) -> None:
    settings.MONITOR_WORDING_MIN_QUESTIONS = 6
    assert "inloggen" not in shown(feedback(Role.AGENCY_ANALYST, worded))
    cache.clear()
    settings.MONITOR_WORDING_MIN_QUESTIONS = 2
    settings.MONITOR_WORDING_MIN_LIBRARIES = 1
    phrases = shown(feedback(Role.AGENCY_ANALYST, worded))
    assert "ww" not in phrases and "ziektewet" not in phrases  # still 5 and 3


def test_counts_are_cached_by_month_and_follow_new_registrations(worded: Registered) -> None:
    user = user_for(Role.AGENCY_ANALYST, worded.network)
    selection = selection_for(user, {"year": worded.year})
    first = wording.wording("uwv", selection.period, selection.previous)
    with CaptureQueriesContext(connection) as queries:
        again = wording.wording("uwv", selection.period, selection.previous)
    assert again == first
    # the months' versions from the rollups (on PostgreSQL after a check for pending deltas)
    assert 1 <= len(queries.captured_queries) <= 2
    assert not any("desk_question" in q["sql"] for q in queries.captured_queries)
    n = worded.network
    say(worded, "Inloggen lukt niet", {n.zaandam: 1}, year=worded.year, month=5)
    with CaptureQueriesContext(connection) as queries:
        after = wording.wording("uwv", selection.period, selection.previous)
    words = {p.text.lower(): p.count for p in after.words}
    assert words["inloggen"] == 6
    reads = [q["sql"] for q in queries.captured_queries if "desk_question" in q["sql"]]
    assert len(reads) == 1  # only May was counted again


def test_analysis_of_one_text() -> None:
    found = wording.analyse("Ik wil mijn DigiD-app activeren, maar de brief [NAAM] 0612345678 komt")
    assert set(found.phrases.values()) >= {"DigiD-app", "DigiD-app activeren", "brief"}
    assert not any("NAAM" in p or "0612" in p for p in found.phrases.values())
    assert "brief komt" not in found.phrases.values()  # the tag and the number break it
    assert wording.analyse("aanvragen").phrases == wording.analyse("aanvraag").phrases.keys() or (
        set(wording.analyse("aanvragen").phrases) == set(wording.analyse("aanvraag").phrases)
    )
    assert wording.analyse("DigiD aanvragen").whole is not None
    assert wording.analyse("Mijn DigiD aanvragen").whole is None
