"""One settings module for every environment, driven by environment variables.

OCOP_ENV=development (default) works out of the box on SQLite under var/.
OCOP_ENV=production refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from ocop.lib.deployment import shared_cache_refusal

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


OCOP_ENV = env("OCOP_ENV", "development")
TESTING = OCOP_ENV == "test" or "pytest" in sys.modules
PRODUCTION = OCOP_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION and not TESTING)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY phải được đặt khi OCOP_ENV=production (SECRET_KEY is required).")
    SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS phải được đặt khi OCOP_ENV=production (ALLOWED_HOSTS is required).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "ocop.core.views.csrf_failure"

# Public base URL, used in QR codes and e-mails.
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
OCOP_DEFAULT_PROVINCE_CODE = env("OCOP_DEFAULT_PROVINCE_CODE", "75")  # Đồng Nai
# Registry: a document is "expiring" this many days before its expiry date; upload limits.
OCOP_DOCUMENT_EXPIRING_DAYS = env_int("OCOP_DOCUMENT_EXPIRING_DAYS", 60)
OCOP_DOCUMENT_MAX_BYTES = env_int("OCOP_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
OCOP_PHOTO_MAX_BYTES = env_int("OCOP_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
OCOP_IMPORT_MAX_BYTES = env_int("OCOP_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
OCOP_IMPORT_MAX_ROWS = env_int("OCOP_IMPORT_MAX_ROWS", 20_000)
# Before parsing (ocop/registry/xlsx_guard.py): the workbook's total size once unzipped.
OCOP_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("OCOP_IMPORT_MAX_UNCOMPRESSED_BYTES", 60 * 1024 * 1024)
# Certificates: validity (QĐ 26/2026 Art. 4.3) and the "expiring" window (re-rating opens 180 days before).
OCOP_CERTIFICATE_MONTHS = env_int("OCOP_CERTIFICATE_MONTHS", 36)
OCOP_CERTIFICATE_EXPIRING_DAYS = env_int("OCOP_CERTIFICATE_EXPIRING_DAYS", 180)

INSTALLED_APPS = [
    "ocop.inbox.unfold_app.UnfoldConfig",  # Unfold with our admin site (unit autocomplete)
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "ninja",
    "import_export",
    "ocop.core",
    "ocop.territory",
    "ocop.accounts",
    "ocop.criteria",
    "ocop.registry",
    "ocop.cycle",
    "ocop.portal",
    "ocop.rating",
    "ocop.certificates",
    "ocop.promotion",
    "ocop.catalog",
    "ocop.api",
    "ocop.program",
    "ocop.ops",  # the top layer: serve, backup/restore, proxy-config, seed-demo (docs/architecture.md)
]

# The synthetic data generator (`ocop synth`, ocop/ops/synth) is installed only where enabled:
# the tests, and `ocop synth` itself (the console script sets OCOP_SYNTH=1 for that command, so the
# bench's `ocop synth --scale N` runs it). Production never carries it.
OCOP_SYNTH = env_bool("OCOP_SYNTH", TESTING)
if OCOP_SYNTH and PRODUCTION:
    raise ImproperlyConfigured("OCOP_SYNTH: dữ liệu tổng hợp không dùng khi OCOP_ENV=production (no synthetic data in production).")
if OCOP_SYNTH:
    INSTALLED_APPS.append("ocop.ops.synth")

MIDDLEWARE = [
    "ocop.api.middleware.ApiGZipMiddleware",  # the API's JSON only (BREACH: never HTML pages with CSRF tokens)
    "ocop.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ocop.core.unavailable.DatabaseUnavailableMiddleware",  # 503 while the database is down
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.middleware.LanguageMiddleware",
    "ocop.api.middleware.ApiCommonMiddleware",  # Django's, without the APPEND_SLASH redirect under /api/
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ocop.api.middleware.ApiMiddleware",  # /api/: problem+json errors, HEAD/OPTIONS, CORS, rate limit
    "django.contrib.messages.middleware.MessageMiddleware",
    "ocop.core.middleware.AdminBadParametersMiddleware",  # 400, not 500, for garbage admin GET parameters
    "ocop.core.middleware.ImpossibleMoveMiddleware",  # 422 for a workflow move the record's status no longer has
    "ocop.accounts.middleware.SessionIdleMiddleware",
    "ocop.accounts.middleware.SecondFactorMiddleware",
    "ocop.accounts.middleware.DownloadAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "ocop.core.middleware.AdminCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ocop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Persistent connections in production (a new connection costs 3-8 ms per request on PostgreSQL),
# checked before reuse, so a connection the server dropped is replaced instead of failing a request.
DB_CONN_MAX_AGE_PRODUCTION = 600
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ocop.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", DB_CONN_MAX_AGE_PRODUCTION if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
# Public pages (ocop.catalog): their data and, for anonymous visitors, their HTML are cached for this
# long per public data version (0: off); the version itself is re-read every few seconds
# (ocop.core.public_version). The background worker loads the PDF fonts as it starts.
OCOP_CATALOG_CACHE_SECONDS = env_int("OCOP_CATALOG_CACHE_SECONDS", 60)
# The number of products a catalog search finds, per search and public data version (0: counted on
# every page; ocop.catalog.pages.catalog_total).
OCOP_CATALOG_COUNT_SECONDS = env_int("OCOP_CATALOG_COUNT_SECONDS", 300)
OCOP_PUBLIC_VERSION_SECONDS = env_int("OCOP_PUBLIC_VERSION_SECONDS", 2)
# The dashboard's source figures (ocop.program.figures_cache): kept until their records change, at most
# this long (a write that sends no signal: QuerySet.update, SQL, bulk loads); 0: off.
OCOP_FIGURES_CACHE_SECONDS = env_int("OCOP_FIGURES_CACHE_SECONDS", 300)
# The back-office badges (ocop.inbox.counts_cache): kept until a counted record changes, at most this
# long (a write that sends no signal); 0: off.
OCOP_INBOX_CACHE_SECONDS = env_int("OCOP_INBOX_CACHE_SECONDS", 60)
OCOP_WARM_PDF_FONTS = env_bool("OCOP_WARM_PDF_FONTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DB_JIT", False):
    # PostgreSQL's JIT compiles any query estimated above jit_above_cost: a dashboard or inbox count
    # over the national data paid 0.3-0.8 s of compiling for a query that runs in less (docs/performance.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while one writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write inside a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's validators with Vietnamese messages (ocop/accounts/passwords.py); new passwords only.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "ocop.accounts.passwords.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "full_name", "first_name", "last_name", "email"]},
    },
    {"NAME": "ocop.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "ocop.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "ocop.accounts.passwords.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Sessions: at most one working day, gone when the browser closes, signed out after 30 idle minutes.
# In the database, not in Redis: shared by every node as the data is, kept by `ocop backup`, and not
# lost when Redis restarts or its cache is cleared (a restore clears it); written at most once a
# minute per session (ocop.accounts.middleware.STAMP_EVERY); expired rows go nightly (ocop.core.tasks).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
OCOP_SESSION_IDLE_SECONDS = env_int("OCOP_SESSION_IDLE_SECONDS", 30 * 60)
# Login throttling (ocop/accounts/throttle.py): failures per username / per address in the window.
OCOP_LOGIN_MAX_FAILURES = env_int("OCOP_LOGIN_MAX_FAILURES", 5)
OCOP_LOGIN_MAX_FAILURES_PER_IP = env_int("OCOP_LOGIN_MAX_FAILURES_PER_IP", 20)
OCOP_LOGIN_WINDOW_SECONDS = env_int("OCOP_LOGIN_WINDOW_SECONDS", 15 * 60)
OCOP_LOGIN_COOLDOWN_SECONDS = env_int("OCOP_LOGIN_COOLDOWN_SECONDS", 15 * 60)
# Keys for secrets stored encrypted (TOTP; ocop/accounts/crypto.py): newest first; SECRET_KEY if unset.
OCOP_ENCRYPTION_KEYS = env_list("OCOP_ENCRYPTION_KEYS")
# Behind a reverse proxy: the META key holding the client address (e.g. HTTP_X_REAL_IP).
OCOP_CLIENT_IP_HEADER = env("OCOP_CLIENT_IP_HEADER", "") or ""

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ocop" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Dates and numbers per language (ocop/formats/<lang>/formats.py): 05/12/2026 and 7.000.000 đ in
# Vietnamese, 5 Dec 2026 and 7,000,000 đ in English. Templates use SHORT_DATE_FORMAT, never a pattern.
FORMAT_MODULE_PATH = ["ocop.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Outside production static files are served from the apps (WHITENOISE_USE_FINDERS), so there
# is no collected directory to point at.
STATIC_ROOT = env("STATIC_ROOT") or (BASE_DIR / "staticfiles" if PRODUCTION else None)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or VAR_DIR / "media")
# Uploaded files are served by ocop.core.media in every mode: each folder by its owner's rule.
OCOP_MEDIA_RULES = {
    "registry/photos/": "ocop.core.media.public",
    "registry/documents/": "ocop.registry.media.document_allowed",
    "certificates/pdf/": "ocop.certificates.media.certificate_pdf_allowed",
    "certificates/decisions/": "ocop.certificates.media.decision_scan_allowed",
    "program/reports/": "ocop.program.media.report_allowed",
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the apps: no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Several processes (README, "Several app nodes"): gunicorn workers per node (WEB_CONCURRENCY, which
# gunicorn reads and `ocop serve --workers` sets) and app nodes behind the proxy (OCOP_NODES). They
# share the database (data, sessions, the schedulers' claims: ocop.core.schedule), the media folder
# and, with REDIS_URL, the cache and the throttle counters. Without Redis the default cache lives in
# each process's memory: every process would keep its own catalog pages, unit lists and versions.
# Throttle counters are shared either way: in the database (ocop.accounts.models.ThrottleCounter),
# or in Redis under the "throttle" alias.
REDIS_URL = env("REDIS_URL") or ""
OCOP_WEB_WORKERS = env_int("WEB_CONCURRENCY", 1)
OCOP_NODES = env_int("OCOP_NODES", 1)


if refusal := shared_cache_refusal(workers=OCOP_WEB_WORKERS, nodes=OCOP_NODES, redis_url=REDIS_URL,
                                   production=PRODUCTION):
    raise ImproperlyConfigured(refusal)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "throttle": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                     "KEY_PREFIX": "ocop-throttle"},
    }
# API lists: how long an exact count of one query is reused from the shared cache (ocop.api.pagination).
OCOP_API_COUNT_SECONDS = env_int("OCOP_API_COUNT_SECONDS", 60)
# The API (ocop.api.middleware, docs/api.md): requests per window, per token or signed-in user and
# per address for anonymous callers; 0 switches a limit off.
OCOP_API_ROOT = "/api/v1/"
OCOP_API_RATE_WINDOW_SECONDS = env_int("OCOP_API_RATE_WINDOW_SECONDS", 60)
OCOP_API_RATE_PER_ADDRESS = env_int("OCOP_API_RATE_PER_ADDRESS", 120)
OCOP_API_RATE_PER_TOKEN = env_int("OCOP_API_RATE_PER_TOKEN", 600)
# Limits per client address: counterfeit reports and self-registrations in an hour.
OCOP_FAKE_REPORTS_PER_HOUR = env_int("OCOP_FAKE_REPORTS_PER_HOUR", 5)
OCOP_REGISTRATIONS_PER_HOUR = env_int("OCOP_REGISTRATIONS_PER_HOUR", 5)

MAILERS = {
    "default": {
        "BACKEND": env(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": (
            {
                "host": env("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            }
            if PRODUCTION
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ocop@localhost")

# --- Security ---------------------------------------------------------------
# Public pages: scripts only from ourselves with the per-request nonce. The admin gets a
# relaxed policy in ocop.core.middleware.AdminCSPMiddleware (Unfold's Alpine needs eval).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses (ocop.core.middleware.SecurityHeadersMiddleware).
OCOP_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    # Font subsetting (WeasyPrint without HarfBuzz-Subset) logs every glyph at INFO.
    # APScheduler (under `ocop crontask`) logs two INFO lines each time it extends its lock, every
    # 5 seconds; the jobs' own logging still reaches the console.
    "loggers": {"fontTools": {"level": "WARNING"}, "apscheduler": {"level": "WARNING"}},
}

from config.unfold import UNFOLD  # noqa: E402,F401  (kept apart: it is long and purely presentational)
