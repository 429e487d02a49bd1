"""Reference data that every installation has: the provinces and the Manifestgroep."""

from __future__ import annotations

PROVINCES: list[tuple[str, str]] = [
    ("NL-GR", "Groningen"),
    ("NL-FR", "Fryslân"),
    ("NL-DR", "Drenthe"),
    ("NL-OV", "Overijssel"),
    ("NL-FL", "Flevoland"),
    ("NL-GE", "Gelderland"),
    ("NL-UT", "Utrecht"),
    ("NL-NH", "Noord-Holland"),
    ("NL-ZH", "Zuid-Holland"),
    ("NL-ZE", "Zeeland"),
    ("NL-NB", "Noord-Brabant"),
    ("NL-LI", "Limburg"),
]

#: Province names as other sources write them (CBS, GeoNames), mapped to our codes.
PROVINCE_ALIASES: dict[str, str] = {
    **{name.lower(): code for code, name in PROVINCES},
    "friesland": "NL-FR",
    "fryslan": "NL-FR",
}

#: The eight public service providers of the Manifestgroep: (code, name, website).
MANIFESTGROEP: list[tuple[str, str, str]] = [
    ("belastingdienst", "Belastingdienst", "https://www.belastingdienst.nl"),
    ("cak", "CAK", "https://www.hetcak.nl"),
    ("cbr", "CBR", "https://www.cbr.nl"),
    ("ciz", "CIZ", "https://www.ciz.nl"),
    ("cjib", "CJIB", "https://www.cjib.nl"),
    ("duo", "DUO", "https://duo.nl"),
    ("svb", "SVB", "https://www.svb.nl"),
    ("uwv", "UWV", "https://www.uwv.nl"),
]


def province_code(name: str) -> str | None:
    """Our province code for a province name in any common spelling."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip().lower()
    return PROVINCE_ALIASES.get(name.strip().lower()) or PROVINCE_ALIASES.get(plain)
