"""The consent texts the desk worker reads to the citizen, versioned.

A text never changes once it is in use: a new wording gets a new version, and the version the
citizen agreed to is stored with the referral. The Dutch text is the one that counts; the
English text is shown in the English interface for the worker only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class ConsentText:
    version: str
    nl: str
    en: str

    def text(self, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        return self.en if language == "en" else self.nl


TEXTS: dict[str, ConsentText] = {
    "2025-1": ConsentText(
        version="2025-1",
        nl=(
            "Ik vind het goed dat de bibliotheek mijn naam en mijn telefoonnummer of e-mailadres "
            "doorgeeft aan deze organisatie, met een korte beschrijving van mijn vraag. De "
            "organisatie neemt dan contact met mij op. Mijn gegevens worden versleuteld bewaard "
            "en gewist als de doorverwijzing klaar is, en uiterlijk na 30 dagen. Ik kan mijn "
            "toestemming altijd intrekken bij de bibliotheek."
        ),
        en=(
            "I agree that the library passes my name and my phone number or e-mail address on "
            "to this organisation, with a short description of my question. The organisation "
            "will then contact me. My details are stored encrypted and erased when the referral "
            "is done, and after 30 days at the latest. I can withdraw my consent at the library "
            "at any time."
        ),
    ),
}

CURRENT_VERSION = "2025-1"


def current() -> ConsentText:
    return TEXTS[CURRENT_VERSION]
