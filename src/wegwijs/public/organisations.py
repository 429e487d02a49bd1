"""Landing pages for referrers: ``/hulp/<organisation code>/``.

An agency prints such a link in its letters (``/hulp/uwv/?postcode=1541AB``). The page says in
B1 what the Informatiepunt can do with that organisation's questions, lists the questions the
knowledge base answers for it (published articles with its code), what to bring, and the
nearest Informatiepunten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegwijs.desk.codes import MANIFESTGROEP, OrganisationCode
from wegwijs.knowledge.models import Article, Status
from wegwijs.network.models import Organisation

#: Every organisation code has a landing page, except "other".
LANDING_CODES = tuple(code for code in OrganisationCode.values if code != OrganisationCode.OVERIG)

#: How the organisation is named inside a sentence, where that is not its label.
IN_A_SENTENCE: dict[str, Promise] = {
    "logius": _("DigiD"),
    "gemeente": _("your municipality"),
    "zorgverzekeraar": _("your health insurer"),
    "pensioenfonds": _("your pension fund"),
}

#: Examples of what people come with, when the knowledge base has no articles for the code.
EXAMPLES: dict[str, list[Promise]] = {
    "belastingdienst": [
        _("Filing your income tax return"),
        _("Understanding a letter from the Belastingdienst"),
        _("Asking for a payment arrangement"),
    ],
    "toeslagen": [
        _("Applying for rent or healthcare allowance"),
        _("Passing on a change, such as a new income"),
        _("Paying back an allowance"),
    ],
    "cak": [
        _("Understanding your own contribution for care"),
        _("Paying the CAK or asking for a payment arrangement"),
    ],
    "cbr": [
        _("Filling in the health declaration"),
        _("Booking a theory exam"),
    ],
    "ciz": [
        _("Applying for long-term care (Wlz)"),
        _("Understanding a decision of the CIZ"),
    ],
    "cjib": [
        _("Paying a fine"),
        _("Paying a fine in instalments"),
        _("Recognising fake messages about fines"),
    ],
    "duo": [
        _("Applying for student finance"),
        _("Paying back your student debt, or paying less"),
        _("Finding your diploma"),
    ],
    "svb": [
        _("Applying for your state pension (AOW)"),
        _("Applying for child benefit"),
        _("Passing on a change to the SVB"),
    ],
    "uwv": [
        _("Applying for unemployment benefit (WW)"),
        _("Passing on your income every month"),
        _("Using Mijn UWV and your werkmap"),
    ],
    "logius": [
        _("Applying for DigiD"),
        _("Activating DigiD or the DigiD app"),
        _("A new phone or a forgotten password"),
    ],
    "rdw": [_("Transferring a vehicle to a new owner")],
    "ind": [_("Extending your residence permit")],
    "gemeente": [
        _("Making an appointment for a passport or ID card"),
        _("Passing on that you move house"),
        _("Asking for help from the Wmo"),
    ],
    "zorgverzekeraar": [
        _("Sending in a bill"),
        _("Choosing or changing your health insurance"),
    ],
    "pensioenfonds": [_("Finding your pension overview")],
}

MAX_QUESTIONS = 8
MAX_BRING = 6


@dataclass
class Landing:
    code: str
    name: str
    in_sentence: str
    website: str
    questions: list[str] = field(default_factory=list)
    bring: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def landing(code: str) -> Landing | None:
    """What the landing page of an organisation code shows; None for an unknown code."""
    if code not in LANDING_CODES:
        return None
    label = str(OrganisationCode(code).label)
    website = ""
    if code in MANIFESTGROEP:
        organisation = Organisation.objects.filter(code=code).only("name", "website").first()
        if organisation is not None:
            label, website = organisation.name, organisation.website
    articles = list(
        Article.objects.filter(status=Status.PUBLISHED, codes__contains=f" {code} ")
        .only("question", "bring", "organisations")
        .order_by("title")
    )
    # Articles that are mainly about this organisation first.
    articles.sort(key=lambda a: a.main_organisation != code)
    bring: list[str] = []
    for article in articles:
        for item in article.bring or []:
            if isinstance(item, str) and item not in bring:
                bring.append(item)
    return Landing(
        code=code,
        name=label,
        in_sentence=str(IN_A_SENTENCE.get(code, label)),
        website=website,
        questions=[a.question for a in articles[:MAX_QUESTIONS]],
        bring=bring[:MAX_BRING],
        examples=[str(e) for e in EXAMPLES.get(code, [])],
    )


def manifestgroep() -> list[tuple[str, str]]:
    """(code, label) of the organisations with a landing page, the Manifestgroep first."""
    labels = dict(OrganisationCode.choices)
    first = [c for c in MANIFESTGROEP if c in LANDING_CODES]
    rest = [c for c in LANDING_CODES if c not in MANIFESTGROEP]
    return [(c, str(labels[c])) for c in [*first, *rest]]
