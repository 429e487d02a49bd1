"""Encryption at rest of a referral's contact details (Fernet, from the ``cryptography``
package).

Keys come from the setting ``REFERRAL_KEYS`` (the environment variable of the same name: one
or more Fernet keys, comma-separated). The first key encrypts; every key decrypts, so a key
is rotated by putting a new key first, running ``wegwijs referrals rotate-keys`` (re-encrypts
what is stored with the first key) and then dropping the old key. Without configured keys a
key is derived from ``SECRET_KEY`` (HKDF-SHA256); that derived key also stays readable after
keys are configured, so a switch loses nothing. Nothing here logs or returns ciphertext or
plaintext in errors.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = ["Contact", "InvalidToken", "decrypt_contact", "encrypt_contact", "generate_key"]


@dataclass(frozen=True)
class Contact:
    """The minimum contact details a citizen agreed to pass on."""

    name: str
    phone: str = ""
    email: str = ""


def generate_key() -> str:
    """A new random Fernet key (URL-safe base64, 32 bytes)."""
    return Fernet.generate_key().decode("ascii")


def derived_key(secret: str) -> bytes:
    """The Fernet key derived from the secret key, used when no REFERRAL_KEYS are set."""
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"wegwijs-referrals",
        info=b"referral-contact-details",
    )
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode("utf-8")))


def configured_keys() -> list[str]:
    keys = getattr(settings, "REFERRAL_KEYS", []) or []
    if isinstance(keys, str):
        keys = [k for k in keys.split(",") if k.strip()]
    return [str(k).strip() for k in keys if str(k).strip()]


def key_problems() -> list[str]:
    """Why the configured keys cannot be used (empty: they can). Never includes a key."""
    problems = []
    for index, key in enumerate(configured_keys(), start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            problems.append(
                f"REFERRAL_KEYS: key {index} is not a Fernet key (32 bytes, URL-safe base64)"
            )
    return problems


@cache
def _fernet() -> MultiFernet:
    problems = key_problems()
    if problems:
        raise ImproperlyConfigured("; ".join(problems))
    fernets = [Fernet(k.encode("ascii")) for k in configured_keys()]
    fernets.append(Fernet(derived_key(settings.SECRET_KEY)))
    return MultiFernet(fernets)


@receiver(setting_changed)
def _reset(setting: str, **kwargs: object) -> None:
    if setting in ("REFERRAL_KEYS", "SECRET_KEY"):
        _fernet.cache_clear()


def encrypt_contact(contact: Contact) -> str:
    payload = json.dumps(asdict(contact), ensure_ascii=False, separators=(",", ":"))
    return _fernet().encrypt(payload.encode("utf-8")).decode("ascii")


def decrypt_contact(token: str) -> Contact:
    """Raises InvalidToken when no configured key opens it."""
    data = json.loads(_fernet().decrypt(token.encode("ascii")))
    return Contact(
        name=str(data.get("name", "")),
        phone=str(data.get("phone", "")),
        email=str(data.get("email", "")),
    )


def rotate(token: str) -> str:
    """The same contents, encrypted with the first (newest) key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")
