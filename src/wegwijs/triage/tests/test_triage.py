"""Triage: the citizen's words become a theme, an organisation and articles."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from wegwijs.desk import services as desk
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.knowledge import services as knowledge
from wegwijs.knowledge.models import Status
from wegwijs.testing.network import Network, user_for
from wegwijs.triage import services
from wegwijs.triage.classifier import builtin_examples
from wegwijs.triage.models import TriageModel

pytestmark = pytest.mark.django_db


def top(text: str) -> tuple[str, str]:
    result = services.suggest(text)
    assert result.pairs, f"no suggestion for {text!r}"
    return result.pairs[0].theme.code, result.pairs[0].organisation.code


def article(network: Network, slug: str, **content: Any) -> Any:
    data = {
        "title": "DigiD wachtwoord vergeten",
        "question": "Ik ben het wachtwoord van mijn DigiD kwijt, wat nu?",
        "summary": "Vraag een nieuw wachtwoord aan op digid.nl.",
        "steps": ["Ga naar digid.nl.", "Kies 'Wachtwoord vergeten'."],
        "themes": ["digid"],
        "organisations": ["logius"],
        "source": "https://www.digid.nl",
        **content,
    }
    return knowledge.create(
        None, data, owner=network.kb, slug=slug, status=Status.PUBLISHED, check_permission=False
    )


def test_built_in_examples_cover_every_theme_and_organisation() -> None:
    from wegwijs.desk.codes import OrganisationCode, Theme

    examples = builtin_examples()
    assert len(examples) >= 400
    assert {e.theme for e in examples} == set(Theme.values)
    assert {e.organisation for e in examples} == set(OrganisationCode.values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digi d doet het niet meer", ("digid", "logius")),
        ("ik snap die brief van de belasting niet", ("belastingaangifte", "belastingdienst")),
        ("huurtoeslag terug betalen", ("toeslagen", "toeslagen")),
        ("Ik word 67, hoe vraag ik AOW aan?", ("aow-pensioen", "svb")),
        ("boete van 300 euro, kan ik in delen betalen", ("boetes", "cjib")),
    ],
)
def test_cold_start_suggests_the_theme_and_organisation_of_everyday_questions(
    db: None, text: str, expected: tuple[str, str]
) -> None:
    assert top(text) == expected


def test_the_first_suggestion_trains_and_stores_a_model_that_others_reuse(db: None) -> None:
    assert not TriageModel.objects.exists()
    services.suggest("wachtwoord digid vergeten")
    assert TriageModel.objects.count() == 1
    services.reset()  # another process
    services.suggest("zorgtoeslag aanvragen")
    assert TriageModel.objects.count() == 1


def test_suggestions_include_the_best_articles(network: Network) -> None:
    article(network, "digid-wachtwoord-vergeten")
    article(
        network,
        "zorgtoeslag-aanvragen",
        title="Zorgtoeslag aanvragen",
        question="Hoe vraag ik zorgtoeslag aan?",
        summary="Via Mijn toeslagen.",
        themes=["toeslagen"],
        organisations=["toeslagen"],
    )
    result = services.suggest("wachtwoord van mijn digid kwijt")
    assert result.articles[0].slug == "digid-wachtwoord-vergeten"


def test_nonsense_and_very_short_text_get_no_suggestion(db: None) -> None:
    assert services.suggest("xq").empty
    assert services.suggest("qwzx vbnmr plofkr").empty


def test_registered_questions_teach_the_classifier_after_a_retrain(network: Network) -> None:
    worker = user_for("desk_worker", network)
    # A word the built-in data does not know, registered as a municipal question.
    for _ in range(6):
        desk.register_visit(
            worker,
            VisitInput(
                branch_id=network.rotterdam_centrum.pk,
                occurred_at=timezone.now(),
                channel="balie",
                duration="lt10",
                note="",
                questions=[
                    QuestionInput(
                        kind="overheid",
                        theme="gemeente",
                        organisation="gemeente",
                        help_given="samen",
                        referral_target="",
                        citizen_words="ooievaarspas verlengen",
                    )
                ],
            ),
        )
    services.train()
    assert top("ooievaarspas verlengen") == ("gemeente", "gemeente")
    assert TriageModel.objects.order_by("-pk").first().registrations == 6  # type: ignore[union-attr]


def test_scheduled_retrain_waits_for_enough_new_registrations(network: Network) -> None:
    services.train()
    assert services.retrain_if_needed(min_new=1) is None  # nothing new
    assert TriageModel.objects.count() == 1


def test_retrain_command_reports_what_it_trained_on(db: None) -> None:
    out = StringIO()
    call_command("triage-retrain", stdout=out)
    assert f"Trained on {len(builtin_examples())} examples" in out.getvalue()
    assert TriageModel.objects.count() == 1


def test_triage_command_prints_the_api_json(db: None) -> None:
    out = StringIO()
    call_command("triage", "digi d doet het niet meer", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["themes"][0]["code"] == "digid"
    assert {"text", "themes", "organisations", "articles", "personal_data"} <= set(body)


def test_triage_command_refuses_empty_text(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("triage", "  ", stdout=StringIO())


def test_triage_eval_compares_with_bm25(network: Network, tmp_path: Path) -> None:
    article(network, "digid-wachtwoord-vergeten")
    tsv = tmp_path / "eval.tsv"
    tsv.write_text(
        "# text\tthemes\torganisations\n"
        "digi d wachtwoord kwijt\tdigid\tlogius\n"
        "zorgtoeslag aanvragen\ttoeslagen\ttoeslagen\n"
        "\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("triage-eval", str(tsv), "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["questions"] == 2
    assert body["wegwijs"]["theme_top1"] == 1.0
    assert set(body["bm25"]) == set(body["wegwijs"])


def test_triage_eval_names_the_bad_lines(db: None, tmp_path: Path) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("goed\tdigid\tlogius\nkapot\tdigid\nfout\tonbekend\tlogius\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("triage-eval", str(tsv), stdout=StringIO())
    assert "line 2" in str(error.value) and "line 3" in str(error.value)


def test_api_triage_returns_ranked_codes(network: Network, client: Any) -> None:
    client.force_login(user_for("desk_worker", network))
    response = client.post(
        reverse("api:triage"),
        {"text": "digid app op nieuwe telefoon"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["pairs"][0]["theme"]["code"] == "digid"
    assert 0 < body["pairs"][0]["score"] <= 1


def test_api_triage_masks_personal_data_and_keeps_it_out_of_the_answer(
    network: Network, client: Any
) -> None:
    client.force_login(user_for("desk_worker", network))
    response = client.post(
        reverse("api:triage"),
        {"text": "mijn bsn is 111222333 en digid werkt niet"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert "111222333" not in response.content.decode()
    assert body["text"] == "mijn bsn is [BSN] en digid werkt niet"
    assert body["personal_data"] == [{"kind": "bsn", "start": 12, "end": 21}]
    assert body["themes"][0]["code"] == "digid"


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_api_triage_refuses_empty_and_too_long_text(
    network: Network, client: Any, text: str
) -> None:
    client.force_login(user_for("desk_worker", network))
    response = client.post(reverse("api:triage"), {"text": text}, content_type="application/json")
    assert response.status_code == 400
    assert "text" in response.content.decode()


def test_api_triage_answer_has_the_documented_shape(network: Network, client: Any) -> None:
    article(network, "digid-wachtwoord-vergeten")
    client.force_login(user_for("desk_worker", network))
    body = client.post(
        reverse("api:triage"),
        {"text": "digid wachtwoord vergeten"},
        content_type="application/json",
    ).json()
    assert {"code", "score"} <= set(body["themes"][0])
    assert {"code", "score"} <= set(body["organisations"][0])
    first = body["articles"][0]
    assert {"id", "title", "url", "score"} <= set(first)
    assert first["url"].startswith("http") and first["url"].endswith(
        "/kennisbank/digid-wachtwoord-vergeten/"
    )


def test_api_triage_needs_a_login(client: Any, db: None) -> None:
    response = client.post(
        reverse("api:triage"), {"text": "digid"}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
