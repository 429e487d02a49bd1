"""The stable codes of a registration (see DOMAIN.md). Codes never change; labels are Dutch in
the UI through the translation catalogue. Other apps (triage, monitor, knowledge) import them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    OVERHEID = "overheid", _("Digital government")
    BIBLIOTHEEK = "bibliotheek", _("Library service")
    OVERIG = "overig", _("Other")


class Channel(models.TextChoices):
    BALIE = "balie", _("At the desk")
    TELEFOON = "telefoon", _("By phone")
    ONLINE = "online", _("Online (e-mail, chat, video)")


class Duration(models.TextChoices):
    LT10 = "lt10", _("Less than 10 minutes")
    M10_30 = "10-30", _("10 to 30 minutes")
    M30_60 = "30-60", _("30 to 60 minutes")
    GT60 = "gt60", _("More than an hour")


class HelpGiven(models.TextChoices):
    INFORMATIE = "informatie", _("Information, explained")
    SAMEN = "samen", _("Did it together")
    DOORVERWEZEN = "doorverwezen", _("Referred to a partner or agency")
    CURSUS = "cursus", _("Referred to a course")
    NIET = "niet", _("Could not help")


class Layer(models.TextChoices):
    RIJK = "rijk", _("National government")
    GEMEENTE = "gemeente", _("Municipality")
    OVERIG = "overig", _("Other")


class OrganisationCode(models.TextChoices):
    BELASTINGDIENST = "belastingdienst", "Belastingdienst"
    TOESLAGEN = "toeslagen", "Dienst Toeslagen"
    CAK = "cak", "CAK"
    CBR = "cbr", "CBR"
    CIZ = "ciz", "CIZ"
    CJIB = "cjib", "CJIB"
    DUO = "duo", "DUO"
    SVB = "svb", "SVB"
    UWV = "uwv", "UWV"
    LOGIUS = "logius", _("Logius (DigiD)")
    RDW = "rdw", "RDW"
    IND = "ind", "IND"
    GEMEENTE = "gemeente", _("Municipality")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Health insurer")
    PENSIOENFONDS = "pensioenfonds", _("Pension fund")
    OVERIG = "overig", _("Other")


#: The government layer follows from the organisation.
LAYER_OF: dict[str, str] = {
    **{
        code: Layer.RIJK
        for code in (
            "belastingdienst",
            "toeslagen",
            "cak",
            "cbr",
            "ciz",
            "cjib",
            "duo",
            "svb",
            "uwv",
            "logius",
            "rdw",
            "ind",
        )
    },
    "gemeente": Layer.GEMEENTE,
    "zorgverzekeraar": Layer.OVERIG,
    "pensioenfonds": Layer.OVERIG,
    "overig": Layer.OVERIG,
}

#: The Manifestgroep: the eight public service providers in the programme.
MANIFESTGROEP = ("belastingdienst", "cak", "cbr", "ciz", "cjib", "duo", "svb", "uwv")


class Theme(models.TextChoices):
    DIGID = "digid", _("DigiD")
    BELASTINGAANGIFTE = "belastingaangifte", _("Tax return and assessments")
    TOESLAGEN = "toeslagen", _("Allowances (toeslagen)")
    WERK_UITKERING = "werk-uitkering", _("Work and benefits")
    AOW_PENSIOEN = "aow-pensioen", _("State pension (AOW) and pension")
    KINDERBIJSLAG = "kinderbijslag", _("Child benefit")
    PGB = "pgb", _("Personal budget (pgb)")
    ZORG_EIGEN_BIJDRAGE = "zorg-eigen-bijdrage", _("Own contribution for care (CAK)")
    ZORG_INDICATIE = "zorg-indicatie", _("Care assessment (CIZ, Wlz)")
    ZORGVERZEKERING = "zorgverzekering", _("Health insurance")
    STUDIEFINANCIERING = "studiefinanciering", _("Student finance and DUO")
    BOETES = "boetes", _("Fines (CJIB)")
    RIJBEWIJS = "rijbewijs", _("Driving licence (CBR)")
    GEMEENTE = "gemeente", _("Municipal services")
    GELDZAKEN = "geldzaken", _("Money matters and debts")
    DIGITALE_VAARDIGHEDEN = "digitale-vaardigheden", _("Digital skills")
    OVERIG = "overig", _("Other")


#: The organisation a theme usually concerns: preselected when a worker picks the theme.
TYPICAL_ORGANISATION: dict[str, str] = {
    "digid": "logius",
    "belastingaangifte": "belastingdienst",
    "toeslagen": "toeslagen",
    "werk-uitkering": "uwv",
    "aow-pensioen": "svb",
    "kinderbijslag": "svb",
    "pgb": "svb",
    "zorg-eigen-bijdrage": "cak",
    "zorg-indicatie": "ciz",
    "zorgverzekering": "zorgverzekeraar",
    "studiefinanciering": "duo",
    "boetes": "cjib",
    "rijbewijs": "cbr",
    "gemeente": "gemeente",
    "geldzaken": "overig",
    "digitale-vaardigheden": "overig",
    "overig": "overig",
}


class ReferralTarget(models.TextChoices):
    """Where a question was referred to (help ``doorverwezen``); a social-map service can be
    linked later (issue 5)."""

    ORGANISATIE = "organisatie", _("The organisation itself")
    SOCIAAL_RAADSLIEDEN = "sociaal-raadslieden", _("Sociaal raadslieden")
    FORMULIERENBRIGADE = "formulierenbrigade", _("Formulierenbrigade")
    HUMANITAS = "humanitas", _("Humanitas")
    MEE = "mee", _("MEE")
    CLIENTONDERSTEUNING = "clientondersteuning", _("Client support of the municipality")
    ZORGKANTOOR = "zorgkantoor", _("Zorgkantoor")
    OUDERENBOND = "ouderenbond", _("Senior citizens' union")
    VAKBOND = "vakbond", _("Trade union")
    WELZIJN = "welzijn", _("Social welfare organisation")
    SCHULDHULP = "schuldhulp", _("Debt counselling")
    TAALHUIS = "taalhuis", _("Taalhuis")
    OVERIG = "overig", _("Other partner")


MAX_TEXT = 2000
EDIT_DAYS = 7
