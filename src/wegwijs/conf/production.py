"""Production settings: ``DJANGO_SETTINGS_MODULE=wegwijs.conf.production``.

SECRET_KEY must be set; HTTPS is assumed (behind a TLS-terminating proxy or not).
"""

from django.core.exceptions import ImproperlyConfigured

from wegwijs.conf.base import *  # noqa: F403
from wegwijs.conf.env import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", None, help="Secret key; required in production.")

SECURE_SSL_REDIRECT = env(
    "SECURE_SSL_REDIRECT", True, cast=bool, help="Redirect plain HTTP to HTTPS (production)."
)
if env(
    "SECURE_PROXY_SSL_HEADER",
    False,
    cast=bool,
    help="Trust X-Forwarded-Proto from the reverse proxy to detect HTTPS (production).",
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env(
    "SECURE_HSTS_SECONDS", 31536000, cast=int, help="HSTS max-age in seconds (production)."
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env(
    "SECURE_HSTS_PRELOAD", True, cast=bool, help="Send the HSTS preload flag (production)."
)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production (50+ random characters).")
