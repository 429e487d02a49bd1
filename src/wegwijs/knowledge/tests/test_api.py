"""/api/v1/articles/ and /api/v1/search/."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wegwijs.knowledge import services
from wegwijs.knowledge.models import Article, Status
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

LIST = reverse("api:article-list")


def content(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "WW aanvragen",
        "question": "Hoe vraag ik een WW-uitkering aan?",
        "summary": "U vraagt WW aan via Mijn UWV met uw DigiD.",
        "steps": ["Log in op Mijn UWV.", "Vul het formulier in."],
        "bring": ["DigiD"],
        "refer": "Lukt het niet, verwijs dan naar het UWV.",
        "links": [{"title": "WW aanvragen", "url": "https://www.uwv.nl"}],
        "themes": ["werk-uitkering"],
        "organisations": ["uwv"],
        "keywords": ["werkloos"],
        "source": "https://www.uwv.nl",
        **overrides,
    }


@pytest.fixture
def published(network: Network) -> Article:
    return services.create(
        None,
        content(),
        owner=network.uwv,
        slug="ww-aanvragen",
        status=Status.PUBLISHED,
        check_permission=False,
    )


def test_a_desk_worker_reads_and_searches_published_articles(
    network: Network, published: Article, client: Any
) -> None:
    services.create(
        None, content(title="Concept"), owner=network.uwv, slug="concept", check_permission=False
    )
    client.force_login(user_for("desk_worker", network))
    body = client.get(LIST).json()
    assert [a["slug"] for a in body["results"]] == ["ww-aanvragen"]
    assert body["results"][0]["owner_name"] == network.uwv.name
    found = client.get(LIST, {"q": "werkloos uitkering aanvraagen"}).json()
    assert found["results"][0]["slug"] == "ww-aanvragen"
    assert client.get(reverse("api:article-detail", args=["concept"])).status_code == 404


def test_an_analyst_writes_an_article_for_their_own_organisation_only(
    network: Network, client: Any
) -> None:
    analyst = user_for("agency_analyst", network)
    client.force_login(analyst)
    response = client.post(LIST, {**content(), "slug": "ww-nieuw"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert Article.objects.get(slug="ww-nieuw").owner == network.uwv
    response = client.post(
        LIST,
        {**content(), "slug": "ander", "owner": network.kb.pk},
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    assert not Article.objects.filter(slug="ander").exists()


def test_errors_name_the_field_path_and_nothing_is_stored(network: Network, log_in: Any) -> None:
    client = log_in(user_for("programme_office", network))
    response = client.post(
        LIST,
        {
            **content(links=[{"title": "x", "url": "http://onveilig.nl"}]),
            "slug": "fout",
            "summary": "Mail naar piet@example.nl",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "links.0.url" in body or "links" in body
    assert "summary" in body
    assert "piet@example.nl" not in body
    assert not Article.objects.exists()


def test_patch_makes_a_new_version_and_status_publishes(
    network: Network, published: Article, client: Any
) -> None:
    client.force_login(user_for("agency_analyst", network))
    url = reverse("api:article-detail", args=["ww-aanvragen"])
    response = client.patch(
        url, {"summary": "Vraag WW aan op uwv.nl."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert published.versions.count() == 2
    response = client.post(
        reverse("api:article-status", args=["ww-aanvragen"]),
        {"status": "draft"},
        content_type="application/json",
    )
    assert response.json()["status"] == "draft"
    response = client.post(
        reverse("api:article-status", args=["ww-aanvragen"]),
        {"status": "review"},
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(
        reverse("api:article-status", args=["ww-aanvragen"]),
        {"status": "draft"},
        content_type="application/json",
    )
    assert response.status_code == 200
    bad = client.post(
        reverse("api:article-status", args=["ww-aanvragen"]),
        {"status": "nonsense"},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_desk_workers_cannot_write(network: Network, published: Article, client: Any) -> None:
    client.force_login(user_for("desk_worker", network))
    response = client.patch(
        reverse("api:article-detail", args=["ww-aanvragen"]),
        {"summary": "Anders."},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Article.objects.get().summary == published.summary


def test_search_endpoint_understands_everyday_dutch(
    network: Network, published: Article, client: Any
) -> None:
    client.force_login(user_for("desk_worker", network))
    hits = client.get(reverse("api:search"), {"q": "ontslagen, wat nu"}).json()
    assert hits and hits[0]["key"] == "ww-aanvragen"
    assert client.get(reverse("api:search"), {"q": ""}).status_code == 400
    assert client.get(reverse("api:search"), {"q": "x", "limit": 999}).status_code == 400


def test_search_endpoint_finds_social_map_services_too(
    network: Network, published: Article, client: Any
) -> None:
    from wegwijs.socialmap.tests.factories import ServiceFactory

    ServiceFactory(name="Digicafé in de bibliotheek", description="Hulp met uw tablet.")
    client.force_login(user_for("desk_worker", network))

    hits = client.get(reverse("api:search"), {"q": "digicafe", "kind": "service"}).json()
    assert [h["title"] for h in hits] == ["Digicafé in de bibliotheek"]
    assert {h["kind"] for h in hits} == {"service"}
    articles = client.get(reverse("api:search"), {"q": "digicafe", "kind": "article"}).json()
    assert all(h["kind"] == "article" for h in articles)
