"""Demo data of the contact area: experts, news, materials and a few counted requests.

Safe to run again, and fast. Experts: the POI consultant of each POI that has one (the demo
account "poi" of Probiblio; ``loaddemo`` makes the accounts first; with ``--no-users`` there
are none, and the form then says the POI cannot receive requests yet); news items from the
seed texts; materials as links to where they live, plus one flyer generated
here (a PDF and its preview, drawn with Pillow; no binary file in the repository). Requests:
only handled or erased ones, which hold no contact details or question, so the counts page
shows figures and nothing personal exists.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Organisation
from wegwijs.programme.contact.models import (
    Audience,
    ContactExpert,
    ContactRequest,
    ContactRequestEvent,
    MaterialCategory,
    MaterialLanguage,
    NewsItem,
    NewsStatus,
    Outcome,
    PromoMaterial,
    RequestStatus,
)

FLYER_TITLE = "Flyer voor partners: Samen werken aan digitaal vaardige burgers"

NEWS: list[dict[str, Any]] = [
    {
        "title": "Nieuwe materialen rond het Informatiepunt Digitale Overheid",
        "summary": "Er is een blueprint-pagina over het Informatiepunt, een animatie over de "
        "sociaal-educatieve kaart en een onderzoek naar de maatschappelijke baten.",
        "body": "Er wordt landelijk en lokaal veel ontwikkeld rondom het Informatiepunt "
        "Digitale Overheid (IDO):\n\n"
        "- een blueprint-pagina over het Informatiepunt Digitale Overheid;\n"
        "- een animatie die duidelijk maakt wat de sociaal-educatieve kaart voor de "
        "bibliotheek, gemeente en andere lokale partners te bieden heeft;\n"
        "- een onderzoek naar de exploitatie en maatschappelijke baten van de "
        "informatiepunten, uitgevoerd door Ecorys in opdracht van de KB.\n\n"
        "Al deze initiatieven kunnen je als bibliotheek helpen het IDO zo goed mogelijk uit "
        "te rollen. Je vindt de materialen bij Materialen.",
        "days_ago": 3,
        "audience": Audience.ALL,
    },
    {
        "title": "Wat kun je nu al doen voor de opening van je Informatiepunt?",
        "summary": "De stappen die je als bibliotheek alvast kunt zetten, en een nieuwe flyer om "
        "partners te benaderen.",
        "body": "Ook nu draait het programma Digitale Inclusie op volle toeren. Dit kun je "
        "alvast doen ter voorbereiding op de opening van een Informatiepunt Digitale "
        "Overheid bij jouw bibliotheek:\n\n"
        "Volg de e-learning, plan je lokale bijeenkomst of breng je lokale netwerk in "
        "kaart.\n\n"
        "Nieuw is een flyer die handvatten biedt om partners te benaderen. Je vindt hem bij "
        "Materialen.",
        "days_ago": 20,
        "audience": Audience.LIBRARIES,
    },
    {
        "title": "De essentiële stappen voor het opzetten van een Informatiepunt",
        "summary": "Wat komt er kijken bij het opzetten van een Informatiepunt Digitale "
        "Overheid? Een overzicht van de belangrijkste stappen.",
        "body": "Volg de e-learning, plan de lokale bijeenkomst, breng het lokale netwerk in "
        "kaart, zet het aanbod in de sociale kaart, open het Informatiepunt en maak het "
        "bekend met de landelijke campagnematerialen.\n\n"
        "De stappen staan ook in de checklist van Wegwijs.",
        "days_ago": 45,
        "audience": Audience.ALL,
    },
    {
        "title": "Afstemming POI's over de ondersteuning in 2021",
        "summary": "Het programmabureau en de POI's stemmen de basisondersteuning en de "
        "planning van de intakegesprekken af.",
        "body": "In het overleg van de POI's bespreken we de intakegesprekken, de lokale "
        "bijeenkomsten en de privacy-sessies voor de bibliotheken van de tweede ronde.",
        "days_ago": 10,
        "audience": Audience.POIS,
    },
]

POI_NEWS: dict[str, Any] = {
    "title": "Bijeenkomst: marketing rondom het Informatiepunt",
    "summary": "Hoe zet je de landelijke campagnematerialen lokaal zo effectief mogelijk in? "
    "Een bijeenkomst voor de bibliotheken in Noord- en Zuid-Holland.",
    "body": "Probiblio organiseert een bijeenkomst over de marketing rondom de "
    "Informatiepunten. Hoe zet je de landelijke campagnematerialen lokaal zo effectief "
    "mogelijk in?\n\nAanmelden kan bij je accountmanager.",
    "days_ago": 7,
    "audience": Audience.LIBRARIES,
}

LINKS: list[dict[str, Any]] = [
    {
        "title": "Toolkit Informatiepunt Digitale Overheid",
        "description": "Promotiematerialen voor het Informatiepunt: posters, banners, "
        "vloerstickers en materialen voor partners. Te bestellen via de landelijke huisstijl.",
        "category": MaterialCategory.CAMPAIGN,
        "url": "https://www.landelijkehuisstijl.nl",
    },
    {
        "title": "Huisstijlhandboek Informatiepunt Digitale Overheid",
        "description": "Hoe je het Informatiepunt inricht en bekendmaakt in de landelijke "
        "huisstijl: logo, kleuren, teksten. Ontwikkeld in overleg met mensen uit de doelgroep.",
        "category": MaterialCategory.HOUSE_STYLE,
        "url": "https://www.landelijkehuisstijl.nl",
    },
    {
        "title": "Animatie over HetInformatiepunt.nl",
        "description": "Een korte animatie waarmee je partners warm maakt voor deelname.",
        "category": MaterialCategory.PRESENTATION,
        "url": "https://www.hetinformatiepunt.nl",
    },
]


def _experts() -> int:
    """Name the POI consultant of each demo POI as its expert when the account exists."""
    named = 0
    for poi in Organisation.objects.pois().filter(users__role=Role.POI_CONSULTANT).distinct():
        user = (
            User.objects.filter(organisation=poi, role=Role.POI_CONSULTANT, is_active=True)
            .order_by("pk")
            .first()
        )
        if user is not None:
            ContactExpert.objects.get_or_create(poi=poi, user=user)
            named += 1
    return named


def _news() -> int:
    today = timezone.localdate()
    count = 0
    for entry in NEWS:
        NewsItem.objects.get_or_create(
            title=entry["title"],
            defaults={
                "summary": entry["summary"],
                "body": entry["body"],
                "publish_on": today - timedelta(days=int(entry["days_ago"])),
                "audience": entry["audience"],
                "status": NewsStatus.PUBLISHED,
            },
        )
        count += 1
    probiblio = Organisation.objects.pois().filter(slug="probiblio").first()
    if probiblio is not None:
        NewsItem.objects.get_or_create(
            title=POI_NEWS["title"],
            defaults={
                "summary": POI_NEWS["summary"],
                "body": POI_NEWS["body"],
                "publish_on": today - timedelta(days=int(POI_NEWS["days_ago"])),
                "audience": POI_NEWS["audience"],
                "status": NewsStatus.PUBLISHED,
                "poi": probiblio,
            },
        )
        count += 1
    return count


def _flyer() -> tuple[bytes, bytes]:
    """A one-page flyer (A5 at 100 dpi) as a PDF, and its preview as a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("RGB", (583, 827), "#1a5aa6")
    draw = ImageDraw.Draw(page)
    big, small = ImageFont.load_default(size=44), ImageFont.load_default(size=24)
    draw.text((40, 80), "Samen werken\naan digitaal\nvaardige burgers", font=big, fill="white")
    draw.text(
        (40, 420),
        "Informatiepunt Digitale Overheid\nin de Bibliotheek\n\n"
        "Voor (potentiële) partners:\nverwijs mensen naar het Informatiepunt.",
        font=small,
        fill="white",
    )
    pdf, png = io.BytesIO(), io.BytesIO()
    page.save(pdf, "PDF", resolution=100)
    preview = page.copy()
    preview.thumbnail((480, 480))
    preview.save(png, "PNG")
    return pdf.getvalue(), png.getvalue()


def _materials() -> int:
    for entry in LINKS:
        PromoMaterial.objects.get_or_create(
            title=entry["title"],
            defaults={
                "description": entry["description"],
                "category": entry["category"],
                "language": MaterialLanguage.NL,
                "url": entry["url"],
            },
        )
    if not PromoMaterial.objects.filter(title=FLYER_TITLE).exists():
        pdf, png = _flyer()
        material = PromoMaterial(
            title=FLYER_TITLE,
            description="Een flyer die handvatten biedt om partners te benaderen. Deze pdf is "
            "bedoeld ter inzage; exemplaren bestel je via de landelijke huisstijl.",
            category=MaterialCategory.FLYER,
            language=MaterialLanguage.NL,
            file_name="flyer-samen-werken-aan-digitaal-vaardige-burgers.pdf",
            file_kind="pdf",
            file_size=len(pdf),
        )
        material.file.save("demo-flyer-partners.pdf", ContentFile(pdf), save=False)
        material.thumbnail.save("demo-flyer-partners.png", ContentFile(png), save=False)
        material.save()
    return PromoMaterial.objects.count()


def _requests() -> int:
    """A few handled and erased requests (nothing personal) for the counts, once."""
    if ContactRequest.objects.exists():
        return 0
    now = timezone.now()
    made = 0
    plan = [
        ("probiblio", 40, RequestStatus.HANDLED, Outcome.ANSWERED),
        ("probiblio", 25, RequestStatus.HANDLED, Outcome.APPOINTMENT),
        ("probiblio", 12, RequestStatus.HANDLED, Outcome.ANSWERED),
        ("probiblio", 33, RequestStatus.EXPIRED, ""),
        ("rijnbrink", 18, RequestStatus.HANDLED, Outcome.REFERRED),
        ("cubiss", 9, RequestStatus.HANDLED, Outcome.UNREACHABLE),
    ]
    for slug, days_ago, status, outcome in plan:
        poi = Organisation.objects.pois().filter(slug=slug).first()
        if poi is None:
            continue
        created = now - timedelta(days=days_ago)
        closed = created + timedelta(days=1 if status == RequestStatus.HANDLED else 30)
        request = ContactRequest.objects.create(
            poi=poi,
            province=poi.provinces.order_by("name").first(),
            status=status,
            created_at=created,
            handled_at=closed if status == RequestStatus.HANDLED else None,
            outcome=outcome,
            erased_at=closed,
        )
        ContactRequestEvent.objects.create(
            request=request, action=ContactRequestEvent.Action.CREATE, at=created
        )
        action = (
            ContactRequestEvent.Action.HANDLE
            if status == RequestStatus.HANDLED
            else ContactRequestEvent.Action.EXPIRE
        )
        ContactRequestEvent.objects.create(
            request=request, action=action, reason=outcome, at=closed
        )
        made += 1
    return made


def load() -> str:
    with transaction.atomic():
        experts = _experts()
        news = _news()
        materials = _materials()
        requests = _requests()
    return (
        f"Contact: {experts} POI experts named, {news} news items, {materials} materials, "
        f"{requests} handled requests (counts only)."
    )
