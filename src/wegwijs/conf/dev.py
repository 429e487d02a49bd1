"""Development settings: ``make run``. A secret key is generated once into the var folder."""

import secrets

from wegwijs.conf.base import *  # noqa: F403
from wegwijs.conf.base import VAR_DIR, mailers
from wegwijs.conf.env import env

DEBUG = env("DEBUG", True, cast=bool, help="Django debug mode. Never on in production.")
MAILERS = mailers(
    env(
        "EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend",
        help="Django e-mail backend (development uses the console backend).",
    )
)


def _dev_secret_key() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = (
    env("SECRET_KEY", None, help="Secret key; required in production.") or _dev_secret_key()
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
