"""Demo data of the subsidy area: the 2019-2021 scheme and applications in every state.

DEMO DATA. The scheme's period, deadline (11 October 2019 at 24.00) and start years come from
the KB's announcement (``shared/seeds/001_*``); its funding schedule and every amount are
illustrative (the seeds do not give them), and the scheme is marked ``is_demo`` so the pages
and letters say so. The applications go through the services as the people involved would
(an unsaved user of the right role stands in where the demo has no account), at dates in 2019
and later, so states, reference numbers, audit trail and letters are what the software makes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.programme.subsidy import services
from wegwijs.programme.subsidy.formatting import DUTCH_TIME
from wegwijs.programme.subsidy.models import (
    SubsidyApplication,
    SubsidyBudgetYear,
    SubsidyScheme,
    SubsidyState,
)

SLUG = "digitale-inclusie-2019-2021"
#: Illustrative budgets per year (not the real funding schedule).
BUDGET = {2019: Decimal("50000"), 2020: Decimal("300000"), 2021: Decimal("350000")}


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=DUTCH_TIME)


def scheme() -> SubsidyScheme:
    item, _created = SubsidyScheme.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Subsidieregeling Informatiepunten Digitale Overheid 2019-2021",
            "reference_prefix": "DI",
            "start_year": 2019,
            "end_year": 2021,
            "deadline": datetime(2019, 10, 12, 0, 0, tzinfo=DUTCH_TIME),
            "allowed_start_years": [2020, 2021],
            "max_per_organisation": Decimal("60000"),
            "is_demo": True,
        },
    )
    for year, amount in BUDGET.items():
        SubsidyBudgetYear.objects.update_or_create(
            scheme=item, year=year, defaults={"amount": amount}
        )
    return item


def _acting(role: str, organisation: Organisation, username: str | None = None) -> User:
    """The demo account of this role and organisation, or an unsaved stand-in."""
    if username:
        user = User.objects.filter(username=username, role=role, organisation=organisation).first()
        if user is not None:
            return user
    return User(role=role, organisation=organisation, username=f"demo-{role}")


def _office() -> User:
    user = User.objects.filter(username="programma", role=Role.PROGRAMME_OFFICE).first()
    if user is not None:
        return user
    kb = Organisation.objects.filter(kind=OrganisationKind.PROGRAMME).first()
    return User(role=Role.PROGRAMME_OFFICE, organisation=kb, username="demo-programme")


def _line(library: Organisation, start: int, amounts: dict[int, int]) -> services.LineInput:
    return services.LineInput(
        library_id=library.pk,
        start_year=start,
        amounts={year: Decimal(value) for year, value in amounts.items()},
    )


#: (applicant slug, [(library slug, start year, {budget year: euros})], final state, extra)
APPLICATIONS: list[tuple[str, list[tuple[str, int, dict[int, int]]], str, dict[str, Any]]] = [
    (
        "probiblio",
        [
            ("oba", 2020, {2019: 5000, 2020: 30000, 2021: 20000}),
            ("bibliotheek-den-haag", 2020, {2019: 5000, 2020: 30000, 2021: 20000}),
            ("bibliotheek-haarlemmermeer", 2020, {2020: 25000, 2021: 15000}),
            ("bibliotheek-westland", 2021, {2021: 25000}),
            ("bibliotheek-hoorn", 2021, {2021: 25000}),
        ],
        SubsidyState.PAID,
        {"user": "poi"},
    ),
    (
        "bibliotheek-rotterdam",
        [("bibliotheek-rotterdam", 2020, {2020: 35000, 2021: 20000})],
        SubsidyState.GRANTED,
        {"user": "coordinator", "grant": {2020: 30000}, "reason": "lower"},
    ),
    (
        "bibliotheek-midden-brabant",
        [("bibliotheek-midden-brabant", 2020, {2020: 25000, 2021: 15000})],
        SubsidyState.SETTLED,
        {"settle": {2021: 12500}},
    ),
    (
        "bibliotheek-venlo",
        [("bibliotheek-venlo", 2021, {2021: 40000})],
        SubsidyState.REJECTED,
        {},
    ),
    (
        "bibliotheek-hengelo",
        [("bibliotheek-hengelo", 2020, {2020: 20000, 2021: 10000})],
        SubsidyState.SUBMITTED,
        {},
    ),
    (
        "bibliotheek-dalfsen-nieuwleusen",
        [("bibliotheek-dalfsen-nieuwleusen", 2021, {2021: 15000})],
        SubsidyState.ASSESSED,
        {},
    ),
    (
        "biblionet-groningen",
        [("biblionet-groningen", 2021, {2021: 30000})],
        SubsidyState.DRAFT,
        {},
    ),
    (
        "bibliotheek-katwijk",
        [("bibliotheek-katwijk", 2020, {2020: 20000})],
        SubsidyState.WITHDRAWN,
        {},
    ),
]

#: The order in which the services take an application to its final state.
_PATH: list[str] = [
    SubsidyState.SUBMITTED,
    SubsidyState.ASSESSED,
    SubsidyState.GRANTED,
    SubsidyState.PAID,
    SubsidyState.SETTLED,
]

LOWER_REASON = (
    "de begroting voor 2020 bevat kosten voor inrichting die al uit een andere regeling "
    "worden betaald."
)
REJECT_REASON = (
    "de aanvraag voldoet niet aan de voorwaarden: er is geen plan voor de samenwerking met "
    "lokale partners bijgevoegd."
)
ASSESS_NOTE = "begroting en planning gecontroleerd."


def _run(
    item: SubsidyScheme,
    applicant: Organisation,
    lines: list[services.LineInput],
    final: str,
    extra: dict[str, Any],
) -> SubsidyApplication:
    role = Role.POI_CONSULTANT if applicant.kind == OrganisationKind.POI else Role.COORDINATOR
    user = _acting(role, applicant, extra.get("user"))
    office = _office()
    application = services.create_application(
        user, item, services.ApplicationInput(lines=lines), at=_at(2019, 9, 16)
    )
    if final == SubsidyState.WITHDRAWN:
        return services.withdraw(user, application, at=_at(2019, 9, 30))
    if final == SubsidyState.DRAFT:
        return application
    services.submit(user, application, at=_at(2019, 10, 8))
    if final != SubsidyState.SUBMITTED:
        services.assess(office, application, ASSESS_NOTE, at=_at(2019, 11, 4))
    if final == SubsidyState.REJECTED:
        return services.reject(office, application, REJECT_REASON, at=_at(2019, 12, 2))
    if _PATH.index(final) >= _PATH.index(SubsidyState.GRANTED):
        granted = {}
        for row in services.amount_rows(application):
            if row.year in extra.get("grant", {}):
                granted[(row.line_id, row.year)] = Decimal(extra["grant"][row.year])
        services.grant(
            office,
            application,
            granted,
            LOWER_REASON if extra.get("reason") else "",
            at=_at(2019, 12, 2),
        )
    if _PATH.index(final) >= _PATH.index(SubsidyState.PAID):
        services.record_payment(office, application, date(2020, 1, 15), at=_at(2020, 1, 15))
    if final == SubsidyState.SETTLED:
        settled = {
            (row.line_id, row.year): Decimal(extra["settle"][row.year])
            for row in services.amount_rows(application)
            if row.year in extra.get("settle", {})
        }
        services.settle(office, application, date(2022, 6, 30), settled, at=_at(2022, 6, 30))
    application.refresh_from_db()
    return application


@transaction.atomic
def load() -> str:
    item = scheme()
    made = 0
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for applicant_slug, specs, final, extra in APPLICATIONS:
        applicant = organisations.get(applicant_slug)
        if applicant is None or item.applications.filter(applicant=applicant).exists():
            continue
        if any(slug not in organisations for slug, _start, _amounts in specs):
            continue
        lines = [_line(organisations[slug], start, amounts) for slug, start, amounts in specs]
        _run(item, applicant, lines, final, extra)
        made += 1
    total = item.applications.count()
    return (
        f"Subsidy: scheme {item.start_year}-{item.end_year} (illustrative budget), "
        f"{total} applications ({made} new)"
    )
