"""The knowledge-base pages through the browser's eyes (Django test client)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from wegwijs.accounts.models import Role
from wegwijs.knowledge.models import Article, ArticleVersion, Status
from wegwijs.knowledge.tests.content import make_article
from wegwijs.network.models import Organisation
from wegwijs.testing.factories import AgencyFactory
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

LIST = reverse("knowledge:list")
CREATE = reverse("knowledge:create")


def detail(slug: str) -> str:
    return reverse("knowledge:detail", args=[slug])


def edit(slug: str) -> str:
    return reverse("knowledge:edit", args=[slug])


@pytest.fixture
def svb(network: Network) -> Organisation:
    return AgencyFactory(name="SVB", slug="svb", code="svb")


@pytest.fixture
def articles(network: Network, svb: Organisation) -> None:
    make_article(network.uwv, "huurtoeslag-aanvragen")
    make_article(
        network.uwv,
        "ww-aanvragen",
        title="WW aanvragen",
        question="Hoe vraag ik een WW-uitkering aan?",
        summary="Bent u werkloos? Vraag de WW aan bij het UWV.",
        steps=["Log in op Mijn UWV met DigiD.", "Vul de aanvraag in."],
        bring=["DigiD"],
        keywords=["ontslagen", "werkloos"],
        themes=["werk-uitkering"],
        organisations=["uwv"],
    )
    make_article(
        svb,
        "aow-aanvragen",
        title="AOW aanvragen",
        question="Wanneer krijg ik AOW?",
        summary="De SVB stuurt u een brief voordat u de AOW-leeftijd bereikt.",
        steps=["Vraag de AOW online aan bij de SVB."],
        bring=["DigiD"],
        keywords=["pensioen"],
        themes=["aow-pensioen"],
        organisations=["svb"],
    )
    make_article(
        network.uwv,
        "concept-wia",
        status=Status.DRAFT,
        title="WIA aanvragen (concept)",
        summary="Nog niet klaar: uitleg over de WIA.",
        themes=["werk-uitkering"],
        organisations=["uwv"],
    )


def dutch(message: str) -> str:
    """The Dutch text of a message; fails when the catalogue has no translation for it."""
    with translation.override("nl"):
        text = translation.gettext(message)
    assert text != message, f"no Dutch translation for {message!r}"
    return text


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "slug": "ziektewet-uitkering",
        "title": "Ziektewet-uitkering aanvragen",
        "question": "Ik ben ziek en heb geen werkgever. Wat nu?",
        "summary": "Bent u ziek zonder werkgever? Dan kunt u een Ziektewet-uitkering krijgen.",
        "steps": "Meld u ziek bij het UWV.\nVul het formulier in op Mijn UWV.",
        "bring": "DigiD",
        "refer": "Bel het UWV: 088 898 92 94.",
        "links": "Ziek melden | https://www.uwv.nl/ziek",
        "theme": "werk-uitkering",
        "organisation": "uwv",
        "keywords": "ziek, ziekmelding",
        "source": "https://www.uwv.nl/ziek",
    }
    data.update(overrides)
    return data


# -- reading and searching -------------------------------------------------------------------
def test_the_list_shows_published_articles_only(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    for title in ("Huurtoeslag aanvragen", "WW aanvragen", "AOW aanvragen"):
        assert title in page
    assert "WIA aanvragen (concept)" not in page
    assert "<html" in page


def test_the_list_needs_a_login(articles: None, client: Any) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert "Huurtoeslag" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("werkloos", "ww-aanvragen"),
        ("pensioen", "aow-aanvragen"),
        ("huursubsidie", "huurtoeslag-aanvragen"),
        ("aow aanvraagen", "aow-aanvragen"),
    ],
)
def test_search_puts_the_matching_article_first(
    network: Network, articles: None, log_in: Any, query: str, expected: str
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    found = [article.slug for article in response.context["page"].object_list]
    assert found[0] == expected
    assert response.context["ranked"]


def test_search_never_shows_a_draft_to_a_desk_worker(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.get(LIST, {"q": "WIA concept"})
    assert "WIA aanvragen (concept)" not in response.content.decode()


def test_filters_narrow_the_list(network: Network, articles: None, log_in: Any) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.get(LIST, {"q": "aanvragen", "organisation": "svb"})
    assert [a.slug for a in response.context["page"].object_list] == ["aow-aanvragen"]
    response = client.get(LIST, {"theme": "toeslagen"})
    assert [a.slug for a in response.context["page"].object_list] == ["huurtoeslag-aanvragen"]


def test_an_htmx_search_returns_only_the_results(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.get(LIST, {"q": "werkloos"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "WW aanvragen" in page
    assert "AOW aanvragen" not in page


def test_a_search_without_hits_says_so(network: Network, articles: None, log_in: Any) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.get(LIST, {"q": "xyzzy qwertyuiop"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_a_draft_is_hidden_from_a_desk_worker_but_shown_to_its_owner(
    network: Network, articles: None, log_in: Any, client: Any
) -> None:
    log_in(user_for(Role.DESK_WORKER, network))
    assert client.get(detail("concept-wia")).status_code == 404
    assert client.get(detail("huurtoeslag-aanvragen")).status_code == 200

    log_in(user_for(Role.AGENCY_ANALYST, network))  # works at UWV, the owner
    response = client.get(detail("concept-wia"))
    assert response.status_code == 200
    assert "Nog niet klaar: uitleg over de WIA." in response.content.decode()


def test_a_draft_of_another_owner_is_hidden_from_an_analyst(
    network: Network, svb: Organisation, log_in: Any
) -> None:
    make_article(svb, "concept-svb", status=Status.DRAFT)
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    assert client.get(detail("concept-svb")).status_code == 404


# -- writing ---------------------------------------------------------------------------------
def test_an_analyst_writes_an_article_for_their_organisation(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    assert client.get(CREATE).status_code == 200

    response = client.post(CREATE, form_data(owner=str(network.uwv.pk)))

    assert response.status_code == 302
    assert response.url == detail("ziektewet-uitkering")
    article = Article.objects.get(slug="ziektewet-uitkering")
    assert article.owner == network.uwv
    assert article.status == Status.DRAFT
    assert article.version == 1
    assert article.steps == ["Meld u ziek bij het UWV.", "Vul het formulier in op Mijn UWV."]
    assert article.links == [{"title": "Ziek melden", "url": "https://www.uwv.nl/ziek"}]
    assert article.themes == ["werk-uitkering"]
    assert article.keywords == ["ziek", "ziekmelding"]


def test_an_analyst_cannot_write_for_another_organisation(
    network: Network, svb: Organisation, log_in: Any
) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    response = client.post(CREATE, form_data(owner=str(svb.pk)))
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_a_desk_worker_cannot_write_articles(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data(owner=str(network.uwv.pk))).status_code == 403
    assert not Article.objects.exists()


def test_an_analyst_edits_their_own_article(network: Network, articles: None, log_in: Any) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    form = client.get(edit("ww-aanvragen"))
    assert form.status_code == 200
    assert "Bent u werkloos? Vraag de WW aan bij het UWV." in form.content.decode()

    response = client.post(
        edit("ww-aanvragen"),
        form_data(title="WW aanvragen bij het UWV", summary="Werkloos? Vraag WW aan."),
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="ww-aanvragen")
    assert article.title == "WW aanvragen bij het UWV"
    assert article.version == 2
    assert article.versions.get(number=1).content["title"] == "WW aanvragen"
    assert article.owner == network.uwv


def test_an_analyst_gets_403_on_another_owners_article(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    assert client.get(edit("aow-aanvragen")).status_code == 403
    response = client.post(edit("aow-aanvragen"), form_data(title="Gekaapt"))
    assert response.status_code == 403
    status = reverse("knowledge:status", args=["aow-aanvragen"])
    assert client.post(status, {"status": "draft"}).status_code == 403
    article = Article.objects.get(slug="aow-aanvragen")
    assert (article.title, article.status, article.version) == (
        "AOW aanvragen",
        Status.PUBLISHED,
        1,
    )


def test_a_missing_field_is_shown_in_dutch_with_status_400(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    response = client.post(CREATE, form_data(owner=str(network.uwv.pk), title=""))
    assert response.status_code == 400
    assert dutch("This field is required.") in response.content.decode()
    assert "title" in response.context["form"].errors
    assert not Article.objects.exists()


def test_personal_data_is_refused_with_a_dutch_message_and_nothing_is_saved(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    response = client.post(
        edit("ww-aanvragen"),
        form_data(summary="Vraag het aan. Mail gerust naar jan.jansen@example.nl."),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "persoonsgegevens" in page
    assert "summary" in response.context["form"].errors
    article = Article.objects.get(slug="ww-aanvragen")
    assert article.version == 1
    assert "example.nl" not in article.summary


def test_an_unsafe_link_is_refused_at_the_links_field(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    response = client.post(
        CREATE, form_data(owner=str(network.uwv.pk), links="Ziek | http://www.uwv.nl/ziek")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["links"] == [
        dutch("Give an address that starts with https://.")
    ]
    assert dutch("Give an address that starts with https://.") in response.content.decode()
    assert not Article.objects.exists()


# -- status, history and restore -------------------------------------------------------------
def test_publishing_through_the_page_makes_the_article_findable(
    network: Network, articles: None, log_in: Any
) -> None:
    desk_worker = user_for(Role.DESK_WORKER, network)

    def desk_finds() -> list[str]:
        found = log_in(desk_worker).get(LIST, {"q": "wia"}).context["page"].object_list
        return [a.slug for a in found]

    assert "concept-wia" not in desk_finds()
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    status = reverse("knowledge:status", args=["concept-wia"])
    assert client.post(status, {"status": "published"}).status_code == 302
    assert Article.objects.get(slug="concept-wia").status == Status.PUBLISHED

    assert desk_finds()[0] == "concept-wia"


def test_a_refused_status_change_leaves_the_article_as_it_was(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    status = reverse("knowledge:status", args=["ww-aanvragen"])
    response = client.post(status, {"status": "review"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Article.objects.get(slug="ww-aanvragen").status == Status.PUBLISHED


def test_history_lists_every_version_and_restore_brings_one_back(
    network: Network, articles: None, log_in: Any
) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    client.post(edit("ww-aanvragen"), form_data(title="WW aanvragen", summary="Een fout."))
    assert Article.objects.get(slug="ww-aanvragen").version == 2

    history = client.get(reverse("knowledge:history", args=["ww-aanvragen"]))
    assert history.status_code == 200
    rows = history.context["rows"]
    assert [version.number for version, _diff in rows] == [2, 1]
    page = history.content.decode()
    assert "Een fout." in page  # what changed is shown
    restore_1 = reverse("knowledge:restore", args=["ww-aanvragen", 1])
    assert restore_1 in page

    response = client.post(restore_1)

    assert response.status_code == 302
    article = Article.objects.get(slug="ww-aanvragen")
    assert article.summary == "Bent u werkloos? Vraag de WW aan bij het UWV."
    assert article.version == 3
    assert ArticleVersion.objects.filter(article=article).count() == 3


def test_a_desk_worker_sees_history_but_cannot_restore(
    network: Network, articles: None, log_in: Any
) -> None:
    analyst = log_in(user_for(Role.AGENCY_ANALYST, network))
    analyst.post(edit("ww-aanvragen"), form_data(title="WW aanvragen", summary="Tweede versie."))

    client = log_in(user_for(Role.DESK_WORKER, network))
    history = client.get(reverse("knowledge:history", args=["ww-aanvragen"]))
    assert history.status_code == 200
    restore_1 = reverse("knowledge:restore", args=["ww-aanvragen", 1])
    assert restore_1 not in history.content.decode()
    assert client.post(restore_1).status_code == 403
    assert Article.objects.get(slug="ww-aanvragen").summary == "Tweede versie."


def test_restore_only_accepts_post(network: Network, articles: None, log_in: Any) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    restore_1 = reverse("knowledge:restore", args=["ww-aanvragen", 1])
    assert client.get(restore_1).status_code == 405
