"""Settings shared by every environment; every value that may differ is read from the environment.

Run ``wegwijs envdocs`` for the table of variables (kept in docs/operations.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from wegwijs.conf.env import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_REPO_ROOT = PACKAGE_DIR.parent.parent
_DEFAULT_VAR = (
    _REPO_ROOT / "var" if (_REPO_ROOT / "pyproject.toml").exists() else Path.cwd() / "var"
)
VAR_DIR = Path(
    env(
        "WEGWIJS_VAR_DIR",
        _DEFAULT_VAR,
        help="Folder for the SQLite database, the generated development secret key and uploads.",
        shown_default="var/ in the source tree, else ./var",
    )
)

DEBUG = env(
    "DEBUG",
    False,
    cast=bool,
    help="Django debug mode (on by default in the development settings). Never on in production.",
)
ALLOWED_HOSTS: list[str] = env(
    "ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]"],
    cast=list,
    help="Comma-separated host names this site answers to.",
)
CSRF_TRUSTED_ORIGINS: list[str] = env(
    "CSRF_TRUSTED_ORIGINS",
    [],
    cast=list,
    help="Comma-separated origins (https://host) trusted for unsafe requests behind a proxy.",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "corsheaders",
    "wegwijs.core",
    "wegwijs.network",
    "wegwijs.geo",
    "wegwijs.accounts",
    "wegwijs.privacy",
    "wegwijs.search",
    "wegwijs.knowledge",
    "wegwijs.triage",
    "wegwijs.socialmap",
    "wegwijs.desk",
    "wegwijs.monitor",
    "wegwijs.referrals",
    "wegwijs.public",
    "wegwijs.programme",
    "wegwijs.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS headers for the public API only (CORS_URLS_REGEX), also on its early answers.
    "corsheaders.middleware.CorsMiddleware",
    "wegwijs.core.middleware.RejectUnsafeInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wegwijs.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wegwijs.urls"
WSGI_APPLICATION = "wegwijs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wegwijs.core.context_processors.wegwijs",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'wegwijs.sqlite3'}",
    help="Database location, e.g. postgres://user:pass@127.0.0.1:5432/wegwijs. Default: SQLite.",
    shown_default="sqlite:///$WEGWIJS_VAR_DIR/wegwijs.sqlite3",
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env(
            "DB_CONN_MAX_AGE",
            60,
            cast=int,
            help="Seconds a PostgreSQL connection is kept open for reuse (0: close each request).",
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite_name = str(DATABASES["default"].get("NAME") or "")
    if _sqlite_name and _sqlite_name != ":memory:" and not _sqlite_name.startswith("file:"):
        # a fresh checkout has no var/ yet: SQLite creates the file, not its folder
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one request writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# --- Cache ----------------------------------------------------------------------------------
# Holds the public API's rate-limit counters: with more than one app process they must share
# it, so production uses the database cache (run `wegwijs createcachetable` once).
CACHE_BACKEND = env(
    "CACHE_BACKEND",
    "locmem",
    help="'locmem': a cache in each process (one app process, development); 'database': the "
    "table `wegwijs_cache` in the database, shared by every app process (run "
    "`wegwijs createcachetable` once). The public API's rate limits count in this cache.",
)
CACHE_MAX_ENTRIES = env(
    "CACHE_MAX_ENTRIES",
    5000,
    cast=int,
    help="Entries the cache keeps before it drops old ones (the monitor's word counts take "
    "about 24 per organisation and year).",
)
_CACHE_BACKENDS = {
    "locmem": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wegwijs_cache",
        "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
    },
}
if CACHE_BACKEND not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be one of {sorted(_CACHE_BACKENDS)}")
CACHES = {"default": _CACHE_BACKENDS[CACHE_BACKEND]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env(
    "SESSION_COOKIE_AGE", 60 * 60 * 10, cast=int, help="Seconds a login lasts (default 10 hours)."
)

# django-axes: lock an account+address out after repeated failed logins.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT", 5, cast=int, help="Failed logins before a lock-out.")
AXES_COOLOFF_TIME = env("AXES_COOLOFF_MINUTES", 15, cast=int, help="Minutes a lock-out lasts.") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
LOGIN_RECORDS_KEEP_DAYS = env(
    "LOGIN_RECORDS_KEEP_DAYS",
    90,
    cast=int,
    help="Days the records of logins and failed logins (user name, IP address) are kept.",
)
TRAINING_RECORDS_KEEP_DAYS = env(
    "TRAINING_RECORDS_KEEP_DAYS",
    365,
    cast=int,
    help="Days a trained person's record (name, training dates) is kept after they left.",
)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env(
    "AXES_PROXY_COUNT",
    0,
    cast=int,
    help="Number of reverse proxies in front of the app (to find the client address for "
    "lock-outs and the public API's rate limits).",
)

OTP_TOTP_ISSUER = "Wegwijs"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(
    env(
        "STATIC_ROOT",
        VAR_DIR / "static",
        help="Where collectstatic puts files for serving.",
        shown_default="$WEGWIJS_VAR_DIR/static",
    )
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend",
    help="Django e-mail backend; the development settings use the console backend.",
)
EMAIL_SMTP_OPTIONS = {
    "host": env("EMAIL_HOST", "localhost", help="SMTP server."),
    "port": env("EMAIL_PORT", 25, cast=int, help="SMTP port."),
    "username": env("EMAIL_HOST_USER", "", help="SMTP user name."),
    "password": env("EMAIL_HOST_PASSWORD", "", help="SMTP password."),
    "use_tls": env("EMAIL_USE_TLS", False, cast=bool, help="Use STARTTLS for SMTP."),
}


def mailers(backend: str) -> dict[str, dict[str, object]]:
    """Django 6.1's MAILERS setting for one default backend (SMTP options only for SMTP)."""
    options = EMAIL_SMTP_OPTIONS if backend.endswith("smtp.EmailBackend") else {}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers(EMAIL_BACKEND_PATH)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Wegwijs <noreply@localhost>", help="Sender of e-mail from Wegwijs."
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
TASKS_BACKEND = env(
    "TASKS_BACKEND",
    "database",
    help="Where background tasks (e-mail, reminders, retention, retraining) run: 'database' "
    "queues them for the worker process (`wegwijs worker`); 'immediate' runs them at once in "
    "the process that asks (tests, one-off scripts).",
)
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
TASK_RESULTS_KEEP_DAYS = env(
    "TASK_RESULTS_KEEP_DAYS",
    14,
    cast=int,
    help="Days the results of finished background tasks stay in the database.",
)

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
MAP_TILE_URL = env(
    "MAP_TILE_URL",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    help="Map tile URL template for Leaflet maps (an own tile server in production).",
)
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    "&copy; OpenStreetMap-bijdragers",
    help="Attribution shown on maps for the tiles.",
)


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", _origin(MAP_TILE_URL)],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wegwijs.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "wegwijs.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wegwijs.api.errors.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["wegwijs.api.parsers.SafeJSONParser"],
    "DEFAULT_VERSIONING_CLASS": None,
    # The client address for rate limits: behind N proxies, the Nth address from the right in
    # X-Forwarded-For (0: the connection's own address, never a header the client can forge).
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT,
}

# The public API (/api/v1/public/): open to every website (read-only, no cookies), rate-limited
# per client address.
CORS_URLS_REGEX = r"^/api/v1/public/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
PUBLIC_API_RATE = env(
    "PUBLIC_API_RATE",
    "60/minute",
    help="Requests one client address may make to the public API (/api/v1/public/), as "
    "N/second, N/minute, N/hour or N/day; more are answered with 429.",
)
if not re.fullmatch(r"[1-9][0-9]*/(s|m|h|d)[a-z]*", PUBLIC_API_RATE):
    raise ImproperlyConfigured(
        "PUBLIC_API_RATE must look like 60/minute (N/second|minute|hour|day)"
    )
PUBLIC_WIDGET_ANCESTORS: list[str] = env(
    "PUBLIC_WIDGET_ANCESTORS",
    ["*"],
    cast=list,
    help="Comma-separated origins (https://partner.example) that may show the widget page "
    "/hulp/widget/ in a frame; '*' allows every website. Every other page may not be framed.",
)
SPECTACULAR_SETTINGS = {
    "TITLE": "Wegwijs API",
    "DESCRIPTION": (
        "API of Wegwijs, the software of the Informatiepunten Digitale Overheid. "
        "Authenticate with a session (browser) or `Authorization: Token <key>`. "
        "Errors are `application/problem+json` with field paths."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI nests them inside its operation buttons (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wegwijs.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ThemeEnum": "wegwijs.desk.codes.Theme",
        "OrganisationCodeEnum": "wegwijs.desk.codes.OrganisationCode",
        "ServiceStatusEnum": "wegwijs.socialmap.models.ServiceStatus",
        "ReferralKindEnum": "wegwijs.referrals.models.Kind",
        "ReferralStatusEnum": "wegwijs.referrals.models.Status",
        "DeclineReasonEnum": "wegwijs.referrals.models.DeclineReason",
        "ReferralActionEnum": "wegwijs.referrals.models.ReferralEvent.Action",
    },
    "CONTACT": {"name": "Wegwijs"},
    "LICENSE": {"name": "EUPL-1.2"},
}

# --- Wegwijs --------------------------------------------------------------------------------
TRIAGE_RETRAIN_TIME = env(
    "TRIAGE_RETRAIN_TIME",
    "02:30",
    help="Time of day (Europe/Amsterdam, HH:MM) of the scheduled triage retrain.",
)
TRIAGE_RETRAIN_MIN_NEW = env(
    "TRIAGE_RETRAIN_MIN_NEW",
    20,
    cast=int,
    help="The scheduled retrain runs only when at least this many questions with text were "
    "registered since the last model.",
)

MONITOR_FOLD_ON_READ = env(
    "MONITOR_FOLD_ON_READ",
    True,
    cast=bool,
    help="Fold the monitor's pending counts before every read of the figures; false on "
    "processes that read the monitor from a read replica (the figures then lag by up to "
    "a minute).",
)
API_TOKEN_CACHE_SECONDS = env(
    "API_TOKEN_CACHE_SECONDS",
    5.0,
    cast=float,
    help="Seconds an app process keeps a successful API token lookup for registering "
    "visits (0: off); a deleted token or deactivated user stops within this time.",
)
MONITOR_WORDING_MIN_QUESTIONS = env(
    "MONITOR_WORDING_MIN_QUESTIONS",
    5,
    cast=int,
    help="Feedback to agencies: a word or phrase is shown only when at least this many "
    "questions use it (never below 5).",
)
MONITOR_WORDING_MIN_LIBRARIES = env(
    "MONITOR_WORDING_MIN_LIBRARIES",
    3,
    cast=int,
    help="Feedback to agencies: ... and questions of at least this many library "
    "organisations (never below 3).",
)
MONITOR_WORDING_CACHE_SECONDS = env(
    "MONITOR_WORDING_CACHE_SECONDS",
    21600,
    cast=int,
    help="Seconds the word counts of a recent month stay in the cache (months that can no "
    "longer change are kept 30 days).",
)
MONITOR_REPORT_TIME = env(
    "MONITOR_REPORT_TIME",
    "06:30",
    help="Time of day (Europe/Amsterdam, HH:MM) of the daily job that e-mails the monitor's "
    "quarterly report to its subscribers once the quarter's report day has come.",
)
MONITOR_REPORT_WORKING_DAY = env(
    "MONITOR_REPORT_WORKING_DAY",
    2,
    cast=int,
    help="The working day of a new quarter from which the previous quarter's report is "
    "e-mailed and its open data can be published (2: the second working day).",
)

GEO_PDOK_URL = env(
    "GEO_PDOK_URL",
    "",
    help="PDOK Locatieserver endpoint the geocoder asks for addresses and full postcodes; in "
    "production https://api.pdok.nl/bzk/locatieserver/search/v3_1/free. Empty: offline only "
    "(PC4 table and GeoNames places).",
)
GEO_PDOK_TIMEOUT = env(
    "GEO_PDOK_TIMEOUT",
    2.0,
    cast=float,
    help="Seconds the geocoder waits for the PDOK Locatieserver before it answers offline.",
)

SITE_URL = env(
    "SITE_URL",
    "http://127.0.0.1:8000",
    help="Public address of Wegwijs (https://wegwijs.example.nl), for links in e-mails.",
)
REFERRAL_KEYS: list[str] = env(
    "REFERRAL_KEYS",
    [],
    cast=list,
    help="Comma-separated Fernet keys that encrypt referral contact details at rest; the first "
    "encrypts, all decrypt (rotation: put a new key first, run `wegwijs referrals rotate-keys`, "
    "then drop the old one). Make one with `wegwijs referrals generate-key`. Empty: a key "
    "derived from SECRET_KEY (set your own in production).",
)
CONTACT_REQUESTS_KEEP_DAYS = env(
    "CONTACT_REQUESTS_KEEP_DAYS",
    30,
    cast=int,
    help="Days an unhandled 'Meer weten?' request keeps its contact details and question; "
    "handled requests are erased at once.",
)

WEGWIJS_DATA_DIR = env(
    "WEGWIJS_DATA_DIR",
    "",
    help="Folder with open data (nl_municipalities.csv, nl_pc4.csv); optional.",
)
_DEFAULT_HSDS_SCHEMA_DIR = _REPO_ROOT.parent / "shared" / "hsds" / "schema"
HSDS_SCHEMA_DIR = env(
    "HSDS_SCHEMA_DIR",
    str(_DEFAULT_HSDS_SCHEMA_DIR) if _DEFAULT_HSDS_SCHEMA_DIR.is_dir() else "",
    help="Folder with the official Open Referral HSDS 3 JSON Schemas (service.json...), used "
    "to validate social-map imports; empty skips that check.",
    shown_default="../shared/hsds/schema next to the project if it exists, else empty",
)
WEGWIJS_TWO_FACTOR_ROLES = ["coordinator", "poi_consultant", "programme_office", "admin"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Personal data found by the privacy guard's patterns is masked in every console line.
    "filters": {"mask_personal_data": {"()": "wegwijs.privacy.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env("LOG_LEVEL", "INFO", help="Log level (DEBUG, INFO, WARNING...)."),
    },
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO and every unknown CSS property.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # Django's own console handler would print each record a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
