"""Settings for the test suite (pytest). DATABASE_URL picks SQLite or PostgreSQL."""

from wegwijs.conf.base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production-0123456789-abcdefghijklmnop"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5

# Static files straight from the apps (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Background tasks run at once in the test process; tests of the worker switch to the
# database backend with override_settings.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# A fixed key for referral contact details (never used outside tests).
REFERRAL_KEYS = ["dGVzdC1rZXktZm9yLXJlZmVycmFscy0wMTIzNDU2Nzg="]

# The browser tests' live server shares the in-memory SQLite connection between its
# threads: requests take turns there (see wegwijs.testing.middleware).
MIDDLEWARE = ["wegwijs.testing.middleware.one_request_at_a_time", *MIDDLEWARE]  # noqa: F405

# On PostgreSQL the flush between transactional tests deletes rows instead of truncating every
# table: 17 ms instead of 1.7 s (see wegwijs.testing.postgresql).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "wegwijs.testing.postgresql"  # noqa: F405
