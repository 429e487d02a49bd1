"""Article content for tests: valid unless a test overrides a field."""

from __future__ import annotations

from datetime import date
from typing import Any

from wegwijs.knowledge import services
from wegwijs.knowledge.models import Article, Status
from wegwijs.network.models import Organisation


def article_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Huurtoeslag aanvragen",
        "question": "Hoe vraag ik huurtoeslag aan?",
        "summary": "U vraagt huurtoeslag aan bij Dienst Toeslagen. U logt in met DigiD.",
        "steps": [
            "Ga naar de website van Dienst Toeslagen.",
            "Log in met DigiD.",
            "Vul uw huur en uw inkomen in en verstuur de aanvraag.",
        ],
        "bring": ["DigiD", "Het huurcontract"],
        "refer": "Lukt het niet? Verwijs naar de BelastingTelefoon: 0800 0543.",
        "links": [{"title": "Huurtoeslag", "url": "https://www.belastingdienst.nl/toeslagen"}],
        "themes": ["toeslagen"],
        "organisations": ["toeslagen"],
        "keywords": ["huursubsidie"],
        "source": "https://www.belastingdienst.nl/toeslagen",
    }
    data.update(overrides)
    return data


def make_article(
    owner: Organisation,
    slug: str = "huurtoeslag-aanvragen",
    *,
    status: str = Status.PUBLISHED,
    review_by: date | None = None,
    **overrides: Any,
) -> Article:
    """An article written by the system (no permission check), published by default."""
    return services.create(
        None,
        article_data(**overrides),
        owner=owner,
        slug=slug,
        status=status,
        review_by=review_by,
        check_permission=False,
    )
