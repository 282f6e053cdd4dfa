"""Settings for the SSCB plan tracker.

One module, configured from the environment. Every variable is listed, with its
default, in .env.example and in the README. A bad value fails loudly at start-up
rather than quietly falling back to something unsafe.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core.network import parse_proxies

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name, default):
    """Read a yes/no variable; refuse anything that is not clearly one or the other."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false, yes/no, on/off or 1/0; got {raw!r}.")


def envint(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def envlist(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Set DJANGO_SECRET_KEY to a long random string (see .env.example), "
            "or set DJANGO_DEBUG=true for local development."
        )
    # Local development only: a fixed, clearly marked key.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105 - DEBUG on only

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "plans",
    "indicators",
    "assurance",
    "papers",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sscb.middleware.PlanYearMiddleware",
    "core.datacache.versions_per_request",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sscb.middleware.SessionTimeoutMiddleware",
    "sscb.middleware.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sscb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "indicators.context_processors.demo_banner",
                "core.navigation.nav",
                "plans.context_processors.plan_years",
            ],
        },
    },
]

WSGI_APPLICATION = "sscb.wsgi.application"

# Database: SQLite file at the repository root unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts and wait for each other
    # (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out sign-in before any password is checked. Then Django's
# ModelBackend, refusing demonstration accounts (user names starting "demo-") while DEBUG is off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth.SiteBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"  # absolute: pages of a plan year live under /plans/<code>/
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Locally WhiteNoise serves straight from static/; in production from STATIC_ROOT after collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root (favicon.ico), served as they are to anyone.
WHITENOISE_ROOT = BASE_DIR / "static" / "site-root"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The seed plan and other fixtures live in fixtures/ at the repository root.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "sscb-plan-tracker@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# Sessions end after 30 minutes without a request, and after 12 hours in all (sscb.middleware).
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = envint("DJANGO_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Every response is `Cache-Control: no-store, private` (sscb.middleware.NoStoreMiddleware) except these
# public pages to an anonymous visitor; static files are WhiteNoise's, before the middleware.
CACHEABLE_PUBLIC_PATHS = ["/published/", "/accessibility/"]

# Response headers on every page (also Django's defaults, stated so a change is deliberate).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp): only this site's own files; no inline script or style anywhere.
# data: images are Bootstrap's SVG icons for form controls, written into its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Sign-in throttling (django-axes): 5 failed sign-ins for one user name from one address lock that
# pair out for 15 minutes (another address, or another user name, is not locked); a success resets.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Attempts (user names and addresses) stay out of the admin; `manage.py axes_reset_username NAME` lifts a lock.
AXES_ENABLE_ADMIN = False

# Behind a reverse proxy or load balancer: the addresses (or CIDR ranges) of the proxies in front of the site,
# comma-separated. The client's address is then read from X-Forwarded-For, but only past these proxies
# (core.network.client_ip); with none set the header is ignored. Used by the sign-in lockout and the password
# reset limits. django-ipware is not installed, so axes' AXES_IPWARE_* settings would have no effect.
TRUSTED_PROXIES = envlist("DJANGO_TRUSTED_PROXIES", [])
try:
    parse_proxies(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES must list IP addresses or networks: {error}.") from None
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"

# Password reset limits (core.views.accounts): at most this many emails to one address, and requests from one client
# address, in the window; a request over either gets the same neutral page. Counted in the database cache.
PASSWORD_RESET_PER_ADDRESS = envint("DJANGO_PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_IP = envint("DJANGO_PASSWORD_RESET_PER_IP", 10)
PASSWORD_RESET_WINDOW_SECONDS = envint("DJANGO_PASSWORD_RESET_WINDOW_SECONDS", 60 * 60)

# "throttle": counts that every process must share (the password reset limits), in a database table that
# `migrate` creates (core.apps). "versions": the scorecard's data version, which every process must read
# alike (core.datacache keeps what it computes under it), in a table of its own. "default": the rendered page
# fragments ({% cache %}), in this process's memory ("local") and then in a folder that every process on this
# machine shares ("shared", CACHE_DIR): a fragment one worker rendered, the others read (core.cache). The folder is
# private to the site's user and may be emptied at any time: each fragment is rendered again when next asked for.
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR") or BASE_DIR / "var" / "cache")

CACHES = {
    "default": {"BACKEND": "core.cache.TwoLevelCache", "OPTIONS": {"LOCAL": "local", "SHARED": "shared"}},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "core.cache.SharedFolderCache",
        "LOCATION": str(CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
    "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sscb_throttle_cache"},
    "versions": {"BACKEND": "core.cache.VersionTokenCache", "LOCATION": "sscb_version_cache"},
}

# Request bodies (2.5 MB each): a form's fields, files aside, are refused past this size in all; an
# uploaded file past it goes to a temporary file, not memory (the import refuses one over IMPORT_MAX_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SIMPLE_HISTORY_REVERT_DISABLED = True

# Import limits: the largest file accepted, and the most rows in it.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 50_000)

# Background tasks (board packs): Django's tasks API (the django-tasks backport) stored in the site's own
# database by django-tasks-db, and run by `manage.py db_worker` (started by `make run`; in production one or
# more worker processes on any machine that reaches the same database). DJANGO_TASKS_BACKEND may name another
# backend, such as django_tasks.backends.immediate.ImmediateBackend to run each task inside the request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
