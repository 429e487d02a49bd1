"""Load the built-in articles (``seed/articles/*.yaml``, format in ``seed/FORMAT.md``).

All-or-nothing: every file is read and validated first; one bad file and nothing is stored,
with a message per file and field. Articles that exist already are left alone unless
``update=True`` (then their content becomes a new version)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from wegwijs.knowledge import services
from wegwijs.knowledge.models import CONTENT_FIELDS, Article, Status
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.network.reference import MANIFESTGROEP

SEED_DIR = Path(__file__).with_name("seed") / "articles"
PROGRAMME = "programma"
REQUIRED = ("slug", *CONTENT_FIELDS, "owner")
#: Owners that are not in the Manifestgroep reference list.
OTHER_OWNERS = {
    "logius": ("Logius (DigiD)", "https://www.logius.nl"),
    "toeslagen": ("Dienst Toeslagen", "https://www.belastingdienst.nl/toeslagen"),
    "rdw": ("RDW", "https://www.rdw.nl"),
    "ind": ("IND", "https://ind.nl"),
}


class SeedError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def owner(code: str) -> Organisation:
    """The organisation behind an owner code, created when this installation lacks it."""
    if code == PROGRAMME:
        found = Organisation.objects.filter(kind=OrganisationKind.PROGRAMME).order_by("pk").first()
        if found:
            return found
        return Organisation.objects.create(
            kind=OrganisationKind.PROGRAMME,
            slug="kb-programmabureau",
            name="KB – programmabureau Digitale Inclusie",
            website="https://www.kb.nl",
        )
    found = Organisation.objects.filter(kind=OrganisationKind.AGENCY, code=code).first()
    if found:
        return found
    names = {c: (n, w) for c, n, w in MANIFESTGROEP} | OTHER_OWNERS
    name, website = names[code]
    return Organisation.objects.create(
        kind=OrganisationKind.AGENCY, slug=code, code=code, name=name, website=website
    )


def read(directory: Path = SEED_DIR) -> list[dict[str, Any]]:
    """Parse and check every file; raises SeedError listing every problem found."""
    problems: list[str] = []
    entries: list[dict[str, Any]] = []
    owners = {PROGRAMME, *(c for c, _n, _w in MANIFESTGROEP), *OTHER_OWNERS}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise SeedError([f"{directory}: no articles (*.yaml) found"])
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: not valid YAML ({exc})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path.name}: expected a mapping of fields")
            continue
        missing = [name for name in REQUIRED if name not in data]
        if missing:
            problems.append(f"{path.name}: missing {', '.join(missing)}")
            continue
        if data["slug"] != path.stem:
            problems.append(f"{path.name}: slug {data['slug']!r} differs from the file name")
        if data["owner"] not in owners:
            problems.append(f"{path.name}: unknown owner {data['owner']!r}")
        try:
            services.validate(data)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                problems.extend(f"{path.name}: {key}: {m}" for m in messages)
        entries.append(data)
    if problems:
        raise SeedError(problems)
    return entries


def load(directory: Path = SEED_DIR, *, update: bool = False) -> SeedResult:
    entries = read(directory)
    result = SeedResult()
    with transaction.atomic():
        for data in entries:
            existing = Article.objects.filter(slug=data["slug"]).first()
            if existing is None:
                services.create(
                    None,
                    data,
                    owner=owner(data["owner"]),
                    slug=data["slug"],
                    status=Status.PUBLISHED,
                    check_permission=False,
                )
                result.created.append(data["slug"])
            elif update:
                changed = services.update(None, existing, data, note="Seed update")
                (
                    result.updated if changed.version != existing.version else result.unchanged
                ).append(data["slug"])
            else:
                result.unchanged.append(data["slug"])
    return result
