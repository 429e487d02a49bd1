"""Loading the built-in articles: all or nothing, idempotent, updates as new versions."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from textwrap import dedent

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wegwijs.desk.codes import Theme
from wegwijs.knowledge import seed
from wegwijs.knowledge.models import Article, ArticleVersion, Status
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.network.reference import MANIFESTGROEP
from wegwijs.search import services as search

DIGID = dedent(
    """\
    slug: digid-aanvragen
    title: DigiD aanvragen
    question: Hoe vraag ik een DigiD aan?
    summary: >-
      U vraagt een DigiD aan op de website van DigiD. U krijgt een brief met een code.
    steps:
      - Ga naar de website van DigiD en kies Aanvragen.
      - Vul uw gegevens in en kies een gebruikersnaam en wachtwoord.
      - Activeer uw DigiD met de code uit de brief.
    bring:
      - Uw paspoort of ID-kaart.
    refer: >-
      Lukt het niet, verwijs dan naar de DigiD helpdesk (088 123 6 555).
    links:
      - title: DigiD aanvragen
        url: https://www.digid.nl/aanvragen-en-activeren/digid-aanvragen
    themes: [digid]
    organisations: [logius]
    owner: logius
    keywords: [inloggen, inlogcode]
    source: https://www.digid.nl/aanvragen-en-activeren/digid-aanvragen
    """
)

HULP = dedent(
    """\
    slug: hulp-bij-formulieren
    title: Hulp bij formulieren
    question: Waar krijg ik hulp bij het invullen van formulieren?
    summary: Veel gemeenten hebben een formulierenbrigade die gratis helpt.
    steps: [Zoek op de website van de gemeente naar hulp bij formulieren.]
    bring: []
    refer: Verwijs naar de formulierenbrigade of het sociaal raadslieden.
    links: []
    themes: [geldzaken, gemeente]
    organisations: [gemeente]
    owner: programma
    keywords: [formulierenbrigade]
    source: https://www.rijksoverheid.nl
    """
)


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    (tmp_path / "digid-aanvragen.yaml").write_text(DIGID, encoding="utf-8")
    (tmp_path / "hulp-bij-formulieren.yaml").write_text(HULP, encoding="utf-8")
    return tmp_path


def load_command(*args: str) -> str:
    out = StringIO()
    call_command("knowledge", "load-seed", *args, stdout=out)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------------
def test_read_returns_every_article_with_every_field(seed_dir: Path) -> None:
    entries = seed.read(seed_dir)
    assert [e["slug"] for e in entries] == ["digid-aanvragen", "hulp-bij-formulieren"]
    for entry in entries:
        assert set(seed.REQUIRED) <= set(entry)
    assert entries[0]["links"][0]["url"].startswith("https://")


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (
            "kapot.yaml",
            HULP.replace("hulp-bij-formulieren", "kapot").replace(
                "links: []", "links: [{title: Gemeente, url: 'http://www.gemeente.nl'}]"
            ),
            "kapot.yaml: links.0.url:",
        ),
        (
            "kapot.yaml",
            HULP.replace("hulp-bij-formulieren", "kapot").replace("[geldzaken,", "[kapsalon,"),
            "kapot.yaml: themes.0:",
        ),
        (
            "kapot.yaml",
            HULP.replace("hulp-bij-formulieren", "kapot").replace(
                "Veel gemeenten", "Mail naar hulp@example.nl. Veel gemeenten"
            ),
            "kapot.yaml: summary:",
        ),
        (
            "kapot.yaml",
            HULP.replace("hulp-bij-formulieren", "kapot").replace(
                "source: https://www.rijksoverheid.nl\n", ""
            ),
            "kapot.yaml: missing source",
        ),
        ("kapot.yaml", HULP, "kapot.yaml: slug 'hulp-bij-formulieren' differs"),
        (
            "kapot.yaml",
            HULP.replace("hulp-bij-formulieren", "kapot").replace(
                "owner: programma", "owner: nasa"
            ),
            "kapot.yaml: unknown owner 'nasa'",
        ),
        ("kapot.yaml", "slug: [kapot\n", "kapot.yaml: not valid YAML"),
        ("kapot.yaml", "- alleen\n- een lijst\n", "kapot.yaml: expected a mapping"),
    ],
)
def test_one_bad_file_is_named_with_its_problem(
    seed_dir: Path, name: str, text: str, problem: str
) -> None:
    (seed_dir / name).write_text(text, encoding="utf-8")
    with pytest.raises(seed.SeedError) as info:
        seed.read(seed_dir)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(problem)


def test_every_problem_in_every_file_is_listed(seed_dir: Path) -> None:
    (seed_dir / "digid-aanvragen.yaml").write_text(
        DIGID.replace("[logius]", "[nasa]").replace("url: https", "url: http"), encoding="utf-8"
    )
    (seed_dir / "hulp-bij-formulieren.yaml").write_text(
        HULP.replace("owner: programma", "owner: nasa"), encoding="utf-8"
    )
    with pytest.raises(seed.SeedError) as info:
        seed.read(seed_dir)
    text = "\n".join(info.value.problems)
    assert "digid-aanvragen.yaml: organisations.0:" in text
    assert "digid-aanvragen.yaml: links.0.url:" in text
    assert "hulp-bij-formulieren.yaml: unknown owner 'nasa'" in text


def test_a_directory_without_articles_is_refused(tmp_path: Path) -> None:
    with pytest.raises(seed.SeedError, match="no articles"):
        seed.read(tmp_path)


# -- loading ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_load_publishes_every_article_under_its_owner(seed_dir: Path) -> None:
    result = seed.load(seed_dir)

    assert sorted(result.created) == ["digid-aanvragen", "hulp-bij-formulieren"]
    digid = Article.objects.get(slug="digid-aanvragen")
    assert digid.status == Status.PUBLISHED
    assert digid.version == 1
    assert digid.versions.count() == 1
    assert digid.review_by > timezone.localdate()
    assert digid.owner.kind == OrganisationKind.AGENCY
    assert digid.owner.code == "logius"
    hulp = Article.objects.get(slug="hulp-bij-formulieren")
    assert hulp.owner.kind == OrganisationKind.PROGRAMME
    hits = search.search("digid aanvragen", kinds=["article"])
    assert hits[0].key == "digid-aanvragen"


@pytest.mark.django_db
def test_load_uses_the_organisations_that_exist_already(seed_dir: Path) -> None:
    logius = Organisation.objects.create(
        kind=OrganisationKind.AGENCY, slug="logius-eigen", code="logius", name="Logius"
    )
    seed.load(seed_dir)
    assert Article.objects.get(slug="digid-aanvragen").owner == logius
    assert Organisation.objects.filter(code="logius").count() == 1


@pytest.mark.django_db
def test_load_is_all_or_nothing(seed_dir: Path) -> None:
    (seed_dir / "kapot.yaml").write_text(
        HULP.replace("hulp-bij-formulieren", "kapot").replace(
            "https://www.rijks", "http://www.rijks"
        ),
        encoding="utf-8",
    )
    with pytest.raises(seed.SeedError) as info:
        seed.load(seed_dir)
    assert info.value.problems[0].startswith("kapot.yaml: source:")
    assert Article.objects.count() == 0
    assert ArticleVersion.objects.count() == 0
    assert search.search("digid", kinds=["article"]) == []


@pytest.mark.django_db
def test_loading_again_changes_nothing(seed_dir: Path) -> None:
    seed.load(seed_dir)
    again = seed.load(seed_dir)
    assert again.created == [] and again.updated == []
    assert sorted(again.unchanged) == ["digid-aanvragen", "hulp-bij-formulieren"]
    assert Article.objects.count() == 2
    assert ArticleVersion.objects.count() == 2


@pytest.mark.django_db
def test_a_changed_file_is_applied_only_with_update_as_a_new_version(seed_dir: Path) -> None:
    assert "2 created, 0 updated, 0 unchanged" in load_command("--dir", str(seed_dir))
    path = seed_dir / "digid-aanvragen.yaml"
    path.write_text(DIGID.replace("U krijgt een brief", "U krijgt binnen 3 dagen een brief"))

    assert "0 created, 0 updated, 2 unchanged" in load_command("--dir", str(seed_dir))
    assert Article.objects.get(slug="digid-aanvragen").version == 1

    assert "0 created, 1 updated, 1 unchanged" in load_command("--dir", str(seed_dir), "--update")
    article = Article.objects.get(slug="digid-aanvragen")
    assert article.version == 2
    assert "binnen 3 dagen" in article.summary
    old = article.versions.get(number=1)
    assert "binnen 3 dagen" not in old.content["summary"]
    assert Article.objects.get(slug="hulp-bij-formulieren").version == 1


@pytest.mark.django_db
def test_the_command_stores_nothing_and_lists_the_problems(seed_dir: Path) -> None:
    (seed_dir / "kapot.yaml").write_text("- geen artikel\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        load_command("--dir", str(seed_dir))
    assert "Nothing loaded" in str(info.value)
    assert "kapot.yaml" in str(info.value)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_the_stale_command_lists_articles_past_their_review_date(seed_dir: Path) -> None:
    seed.load(seed_dir)
    Article.objects.filter(slug="digid-aanvragen").update(
        review_by=timezone.localdate() - timedelta(days=3)
    )
    out = StringIO()
    call_command("knowledge", "stale", stdout=out)
    assert "digid-aanvragen" in out.getvalue()
    assert "hulp-bij-formulieren" not in out.getvalue()


# -- the real seed ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_real_seed_loads_and_covers_every_theme_and_organisation() -> None:
    """The built-in articles (still being written): at least 80, loading without a problem,
    covering every theme and every Manifestgroep organisation, Logius and the municipality."""
    result = seed.load()
    assert len(result.created) >= 80
    articles = list(Article.objects.filter(status=Status.PUBLISHED))
    themes = {code for a in articles for code in a.themes}
    organisations = {code for a in articles for code in a.organisations}
    assert set(Theme.values) - themes == set()
    wanted = {code for code, _name, _site in MANIFESTGROEP} | {"logius", "gemeente"}
    assert wanted - organisations == set()
