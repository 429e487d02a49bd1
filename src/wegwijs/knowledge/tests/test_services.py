"""The rules of the knowledge base: what an article must hold, who changes it, its life cycle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.knowledge import services
from wegwijs.knowledge.models import Article, ArticleVersion, Status
from wegwijs.knowledge.tests.content import article_data, make_article
from wegwijs.network.models import Organisation
from wegwijs.search import services as search
from wegwijs.testing.factories import AgencyFactory
from wegwijs.testing.network import Network, user_for

YEAR = timedelta(days=365)


def errors_of(data: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        services.validate(data)
    return info.value.message_dict


def found(query: str) -> list[str]:
    return [hit.key for hit in search.search(query, kinds=["article"])]


@pytest.fixture
def svb(db: None) -> Organisation:
    return AgencyFactory(name="SVB", slug="svb", code="svb")


# -- validation (no database) ----------------------------------------------------------------
def test_valid_content_is_cleaned() -> None:
    clean = services.validate(
        article_data(
            title="  Huurtoeslag aanvragen  ",
            steps="Ga naar de website.\n\n  Log in met DigiD.  \n",
            links=["Huurtoeslag | https://www.belastingdienst.nl/toeslagen"],
            themes=["toeslagen", "toeslagen", "geldzaken"],
            keywords=["huursubsidie", "", "  "],
        )
    )
    assert clean["title"] == "Huurtoeslag aanvragen"
    assert clean["steps"] == ["Ga naar de website.", "Log in met DigiD."]
    assert clean["links"] == [
        {"title": "Huurtoeslag", "url": "https://www.belastingdienst.nl/toeslagen"}
    ]
    assert clean["themes"] == ["toeslagen", "geldzaken"]
    assert clean["keywords"] == ["huursubsidie"]


def test_missing_fields_are_refused_each_at_its_own_field() -> None:
    errors = errors_of({})
    assert set(errors) == {
        "title",
        "question",
        "summary",
        "steps",
        "source",
        "themes",
        "organisations",
    }
    blank = errors_of(article_data(title="   ", steps=["", " "], themes=[]))
    assert set(blank) == {"title", "steps", "themes"}


@pytest.mark.parametrize(
    ("links", "path"),
    [
        ([{"title": "Toeslagen", "url": "http://www.belastingdienst.nl"}], "links.0.url"),
        (
            [
                {"title": "Goed", "url": "https://www.belastingdienst.nl"},
                "Fout | www.belastingdienst.nl",
            ],
            "links.1.url",
        ),
        ([{"title": "Spatie", "url": "https://www.belasting dienst.nl"}], "links.0.url"),
        ([{"title": "", "url": "https://www.belastingdienst.nl"}], "links.0.title"),
        (["javascript:alert(1)"], "links.0.url"),
    ],
)
def test_links_must_be_https_addresses_with_a_title(links: list[Any], path: str) -> None:
    assert set(errors_of(article_data(links=links))) == {path}


def test_the_source_must_be_https() -> None:
    assert set(errors_of(article_data(source="http://www.belastingdienst.nl"))) == {"source"}


def test_unknown_codes_are_refused_at_their_position() -> None:
    errors = errors_of(
        article_data(themes=["kapper", "toeslagen"], organisations=["toeslagen", "nasa"])
    )
    assert set(errors) == {"themes.0", "organisations.1"}
    assert "kapper" in errors["themes.0"][0]


def test_too_long_and_too_many_are_refused() -> None:
    errors = errors_of(
        article_data(title="x" * 121, steps=[f"Stap {n}." for n in range(13)], bring=["x" * 401])
    )
    assert set(errors) == {"title", "steps", "bring.0"}


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("summary", "Het BSN van de bezoeker is 111222333.", "summary"),
        ("title", "Vraag van 111222333", "title"),
        ("steps", ["Log in met DigiD.", "Mail naar jan.jansen@example.nl."], "steps.1"),
        ("refer", "Bel meneer op 06-12345678.", "refer"),
        ("bring", ["Rekening NL91ABNA0417164300"], "bring.0"),
        ("links", [{"title": "jan@example.nl", "url": "https://example.nl"}], "links.0.title"),
        ("keywords", ["huursubsidie", "111222333"], "keywords.1"),
    ],
)
def test_personal_data_is_refused_in_any_text(field: str, value: Any, path: str) -> None:
    errors = errors_of(article_data(**{field: value}))
    assert set(errors) == {path}
    message = " ".join(errors[path])
    assert "111222333" not in message and "jan" not in message  # never repeated back


def test_a_public_service_number_is_not_personal_data() -> None:
    clean = services.validate(
        article_data(
            refer="Bel de DigiD helpdesk: 088 123 6 555. Of de BelastingTelefoon: 0800 0543.",
            steps=["Bel de DigiD helpdesk: 088 123 6 555"],
        )
    )
    assert clean["refer"].startswith("Bel de DigiD helpdesk: 088 123 6 555")


def test_a_number_that_fails_the_eleven_check_is_not_a_bsn() -> None:
    services.validate(article_data(summary="Het formulier heeft nummer 123456789."))


# -- creating and changing -------------------------------------------------------------------
@pytest.mark.django_db
def test_create_writes_version_one(network: Network) -> None:
    analyst = user_for(Role.AGENCY_ANALYST, network)
    article = services.create(
        analyst, article_data(), owner=network.uwv, slug="huurtoeslag-aanvragen"
    )

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.version == 1
    assert article.owner == network.uwv
    assert article.updated_by == analyst
    assert article.review_by == timezone.localdate() + YEAR
    assert article.published_at is None
    version = article.versions.get()
    assert version.number == 1
    assert version.author == analyst
    assert version.content == article.content()
    assert version.content["summary"] == article_data()["summary"]


@pytest.mark.django_db
def test_create_reports_every_problem_and_stores_nothing(network: Network) -> None:
    make_article(network.uwv, "bestaat-al")
    with pytest.raises(ValidationError) as info:
        services.create(
            None,
            article_data(source="ftp://x"),
            owner=network.uwv,
            slug="bestaat-al",
            check_permission=False,
        )
    assert set(info.value.message_dict) == {"slug", "source"}
    with pytest.raises(ValidationError) as info:
        services.create(
            None, article_data(), owner=network.uwv, slug="Geen Slug!", check_permission=False
        )
    assert set(info.value.message_dict) == {"slug"}
    assert Article.objects.count() == 1
    assert ArticleVersion.objects.count() == 1


@pytest.mark.django_db
def test_update_makes_a_new_version_and_keeps_the_old_text(network: Network) -> None:
    analyst = user_for(Role.AGENCY_ANALYST, network)
    article = make_article(network.uwv)
    old_summary = article.summary

    updated = services.update(
        analyst, article, {"summary": "Nieuwe uitleg in eenvoudige taal."}, note="Korter"
    )

    updated.refresh_from_db()
    assert updated.version == 2
    assert updated.summary == "Nieuwe uitleg in eenvoudige taal."
    assert updated.title == "Huurtoeslag aanvragen"  # fields not given stay as they were
    assert updated.updated_by == analyst
    v1, v2 = article.versions.order_by("number")
    assert v1.content["summary"] == old_summary
    assert v2.content["summary"] == "Nieuwe uitleg in eenvoudige taal."
    assert v2.change == "Korter"
    assert v2.author == analyst


@pytest.mark.django_db
def test_saving_the_same_content_makes_no_new_version(network: Network) -> None:
    article = make_article(network.uwv)
    same = services.update(None, article, {"summary": article.summary})
    assert same.version == 1
    assert ArticleVersion.objects.count() == 1


@pytest.mark.django_db
def test_nothing_changes_when_an_update_is_invalid(network: Network) -> None:
    article = make_article(network.uwv)
    with pytest.raises(ValidationError) as info:
        services.update(
            None,
            article,
            {
                "summary": "Helemaal nieuwe tekst over kinderopvang.",
                "links": [{"title": "Onveilig", "url": "http://example.nl"}],
            },
        )
    assert set(info.value.message_dict) == {"links.0.url"}
    article.refresh_from_db()
    assert article.version == 1
    assert article.summary == article_data()["summary"]
    assert ArticleVersion.objects.count() == 1
    assert found("kinderopvang") == []
    assert found("huurtoeslag") == ["huurtoeslag-aanvragen"]


# -- permissions -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_agency_analyst_edits_only_their_own_organisations_articles(
    network: Network, svb: Organisation
) -> None:
    analyst = user_for(Role.AGENCY_ANALYST, network)  # works at UWV
    own = make_article(network.uwv, "ww-aanvragen", themes=["werk-uitkering"])
    other = make_article(svb, "aow-aanvragen", themes=["aow-pensioen"])

    assert services.can_edit(analyst, own)
    assert not services.can_edit(analyst, other)
    services.update(analyst, own, {"title": "WW aanvragen"})
    with pytest.raises(PermissionDenied):
        services.update(analyst, other, {"title": "AOW aanvragen"})
    with pytest.raises(PermissionDenied):
        services.change_status(analyst, other, Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.mark_reviewed(analyst, other)
    with pytest.raises(PermissionDenied):
        services.create(analyst, article_data(), owner=svb, slug="nieuw-voor-svb")
    services.create(analyst, article_data(), owner=network.uwv, slug="nieuw-voor-uwv")

    assert list(services.owners_for(analyst)) == [network.uwv]
    other.refresh_from_db()
    assert other.version == 1
    assert not Article.objects.filter(slug="nieuw-voor-svb").exists()


@pytest.mark.django_db
def test_the_programme_office_edits_every_article(network: Network, svb: Organisation) -> None:
    office = user_for(Role.PROGRAMME_OFFICE, network)
    article = make_article(svb, "aow-aanvragen")
    assert services.can_edit(office, article)
    services.update(office, article, {"title": "AOW aanvragen"})
    services.create(office, article_data(), owner=network.uwv, slug="voor-uwv")
    assert set(services.owners_for(office)) == {network.uwv, svb, network.kb}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DESK_WORKER, Role.COORDINATOR, Role.PARTNER_EDITOR])
def test_library_and_partner_users_edit_nothing(network: Network, role: str) -> None:
    user = user_for(role, network)
    article = make_article(network.uwv)
    assert not services.can_edit(user, article)
    with pytest.raises(PermissionDenied):
        services.update(user, article, {"title": "Anders"})
    with pytest.raises(PermissionDenied):
        services.change_status(user, article, Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.create(user, article_data(), owner=network.uwv, slug="nieuw")
    assert not services.owners_for(user).exists()
    article.refresh_from_db()
    assert (article.version, article.status) == (1, Status.PUBLISHED)


@pytest.mark.django_db
def test_drafts_are_seen_only_by_their_editors(network: Network, svb: Organisation) -> None:
    make_article(network.uwv, "gepubliceerd")
    make_article(network.uwv, "concept-uwv", status=Status.DRAFT)
    make_article(svb, "concept-svb", status=Status.REVIEW)

    def visible(role: str) -> set[str]:
        return set(
            services.visible_articles(user_for(role, network)).values_list("slug", flat=True)
        )

    assert visible(Role.DESK_WORKER) == {"gepubliceerd"}
    assert visible(Role.AGENCY_ANALYST) == {"gepubliceerd", "concept-uwv"}
    assert visible(Role.PROGRAMME_OFFICE) == {"gepubliceerd", "concept-uwv", "concept-svb"}


# -- life cycle ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_article_goes_from_draft_through_review_to_published(network: Network) -> None:
    analyst = user_for(Role.AGENCY_ANALYST, network)
    article = make_article(network.uwv, status=Status.DRAFT)

    article = services.change_status(analyst, article, Status.REVIEW)
    assert article.status == Status.REVIEW
    article = services.change_status(analyst, article, Status.DRAFT)  # rejected
    article = services.change_status(analyst, article, Status.REVIEW)
    article = services.change_status(analyst, article, Status.PUBLISHED)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at is not None
    assert article.version == 5
    assert list(article.versions.order_by("number").values_list("status", flat=True)) == [
        "draft",
        "review",
        "draft",
        "review",
        "published",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.PUBLISHED, Status.REVIEW),
        (Status.PUBLISHED, Status.PUBLISHED),
        (Status.DRAFT, Status.DRAFT),
        (Status.DRAFT, "archived"),
    ],
)
def test_other_status_changes_are_refused(network: Network, start: str, target: str) -> None:
    article = make_article(network.uwv, status=start)
    with pytest.raises(ValidationError) as info:
        services.change_status(None, article, target)
    assert set(info.value.message_dict) == {"status"}
    article.refresh_from_db()
    assert (article.status, article.version) == (start, 1)


@pytest.mark.django_db
def test_published_articles_are_found_and_withdrawn_ones_not(network: Network) -> None:
    draft = make_article(network.uwv, "concept", status=Status.DRAFT, title="Zorgtoeslag")
    make_article(network.uwv, "huurtoeslag-aanvragen")
    assert found("huurtoeslag") == ["huurtoeslag-aanvragen"]
    assert found("zorgtoeslag") == []  # a draft is not searchable

    published = services.change_status(None, draft, Status.PUBLISHED)
    assert found("zorgtoeslag") == ["concept"]
    hit = search.search("zorgtoeslag", kinds=["article"])[0]
    assert hit.title == "Zorgtoeslag"
    assert hit.data["owner"] == network.uwv.name

    services.change_status(None, published, Status.DRAFT)
    assert found("zorgtoeslag") == []
    assert found("huurtoeslag") == ["huurtoeslag-aanvragen"]


@pytest.mark.django_db
def test_editing_a_published_article_changes_what_finds_it(network: Network) -> None:
    article = make_article(network.uwv)
    assert found("huurcontract") == ["huurtoeslag-aanvragen"]
    services.update(None, article, {"bring": ["Een loonstrook"]})
    assert found("huurcontract") == []
    assert found("loonstrook") == ["huurtoeslag-aanvragen"]


@pytest.mark.django_db
def test_a_deleted_article_leaves_the_search_results(network: Network) -> None:
    article = make_article(network.uwv)
    assert found("huurtoeslag") == ["huurtoeslag-aanvragen"]
    article.delete()
    assert found("huurtoeslag") == []


@pytest.mark.django_db
def test_mark_reviewed_moves_the_review_date_a_year_ahead(network: Network) -> None:
    today = timezone.localdate()
    article = make_article(network.uwv, review_by=today - timedelta(days=10))
    assert article.is_stale()

    article = services.mark_reviewed(user_for(Role.AGENCY_ANALYST, network), article)

    article.refresh_from_db()
    assert article.review_by == today + YEAR
    assert not article.is_stale()
    assert article.version == 2
    assert article.versions.count() == 2


@pytest.mark.django_db
def test_publishing_an_overdue_article_renews_its_review_date(network: Network) -> None:
    today = timezone.localdate()
    article = make_article(network.uwv, status=Status.DRAFT, review_by=today - timedelta(days=1))
    article = services.change_status(None, article, Status.PUBLISHED)
    assert article.review_by == today + YEAR


@pytest.mark.django_db
def test_stale_lists_the_articles_past_their_review_date(network: Network) -> None:
    today = timezone.localdate()
    make_article(network.uwv, "te-laat", review_by=today - timedelta(days=1))
    make_article(network.uwv, "vandaag", review_by=today)
    make_article(network.uwv, "later", review_by=today + timedelta(days=30))

    assert [a.slug for a in services.stale(Article.objects.all())] == ["te-laat"]
    in_a_month = today + timedelta(days=31)
    assert {a.slug for a in services.stale(Article.objects.all(), in_a_month)} == {
        "te-laat",
        "vandaag",
        "later",
    }


@pytest.mark.django_db
def test_restore_brings_back_an_old_versions_text_as_a_new_version(network: Network) -> None:
    analyst = user_for(Role.AGENCY_ANALYST, network)
    article = make_article(network.uwv)
    article = services.update(analyst, article, {"summary": "Een verkeerde wijziging."})
    article = services.update(analyst, article, {"title": "Huurtoeslag"})

    article = services.restore(analyst, article, 1)

    article.refresh_from_db()
    assert article.summary == article_data()["summary"]
    assert article.title == "Huurtoeslag aanvragen"
    assert article.version == 4
    assert article.versions.count() == 4
    assert found("verkeerde") == []
    with pytest.raises(ValidationError) as info:
        services.restore(analyst, article, 99)
    assert set(info.value.message_dict) == {"version"}


@pytest.mark.django_db
def test_restore_is_refused_to_someone_who_cannot_edit(network: Network) -> None:
    article = make_article(network.uwv)
    article = services.update(None, article, {"summary": "Tweede versie van de uitleg."})
    with pytest.raises(PermissionDenied):
        services.restore(user_for(Role.DESK_WORKER, network), article, 1)
    article.refresh_from_db()
    assert article.summary == "Tweede versie van de uitleg."
