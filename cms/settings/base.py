"""Settings shared by every environment; each value can come from the environment.

See README.md ("Configuración") for the list of environment variables.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The instance's settings (board name, coordinating body, brand, licence) and roles.
    "instancia",
    "home",
    "planes",
    # The second factor (two-step verification) of the admin: see TABLERO_REQUIRE_2FA below.
    "cuentas",
    "opendata",
    "intercambio",
    "search",
    # Readers' e-mail notices of a plan or commitment (double opt-in): see AVISOS_* below.
    "avisos",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The database queue of background tasks (production's TASKS backend).
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Login throttling and lock-out (brute force): see AXES_* below.
    "axes",
    # Content-Security-Policy header on every response: see CONTENT_SECURITY_POLICY below.
    "csp",
    # One-time codes: an authenticator app (TOTP) and recovery codes (static tokens).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An over-long search in the API or the admin: a clear 400 (cms/middleware.py).
    "cms.middleware.SearchLimitMiddleware",
    # Anonymous responses from the cache, before sessions or views run (planes/page_cache.py).
    "planes.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Sends the admin's users who must, or chose to, use the second factor to it.
    "cuentas.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # CORS, Cache-Control and ETag / 304 for the public API, exports and feeds.
    "planes.middleware.PublicDataMiddleware",
    "csp.middleware.CSPMiddleware",
    "cms.middleware.AdminContentSecurityPolicyMiddleware",
    # Refuses logins once an account is locked out (django-axes); it must come last.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp) for the public site and the Wagtail admin alike:
# only this site's own scripts, no plugins, no framing by other sites, nothing loaded
# from elsewhere. Inline styles are allowed because Wagtail's admin sets some (style
# attributes); inline scripts only in the admin (cms/middleware.py), which writes some.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Brute force: after AXES_FAILURE_LIMIT wrong passwords for one account from one address,
# that login is locked for AXES_COOLOFF_MINUTES (Wagtail's and Django's admin logins
# alike). Administrators unlock in Configuración → Bloqueos de acceso, or with
# `manage.py axes_reset_username <usuario>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Behind a load balancer or proxy, how many proxies add themselves to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Two-step verification (cuentas/): superusers, Administradores and Aprobadores must
# add an authenticator app and enter its code after their password to use the admin
# (/admin/, /django-admin/); anyone else may choose to, and then must enter it too. Off in
# development and tests (cms/settings/dev.py, test.py): nothing is asked at all.
TABLERO_REQUIRE_2FA = env_bool("TABLERO_REQUIRE_2FA", True)

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A persistent connection is checked before reuse, so the first request after a
        # database restart gets a new connection instead of an error.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
#: PostgreSQL in production and CI; SQLite (the embedded default) otherwise.
USING_POSTGRESQL = DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis"))
if USING_POSTGRESQL:
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. The interface (public site, admin, e-mails, API messages, data
# dictionary) speaks one language, chosen by TABLERO_LANGUAGE: "es-mx" (the default; "es"
# too) or "en" (locale/en, README «Idioma de la interfaz»). Wagtail names the pages' one
# locale after LANGUAGE_CODE (WAGTAIL_I18N_ENABLED is off: a label, not a translation;
# home/apps.py renames it when the language changes). The content's real language, the
# one full-text search stems (search/, SEARCH_CONFIG below), is Spanish either way.
#: Interface languages: (LANGUAGE_CODE, name, the admin's language code, site name).
INTERFACE_LANGUAGES = {
    "es-mx": ("es-mx", "Español", "es", "Tablero de Gobierno Abierto"),
    "es": ("es-mx", "Español", "es", "Tablero de Gobierno Abierto"),
    "en": ("en", "English", "en", "Open Government Dashboard"),
}


def interface_language(code: str) -> dict:
    """The settings that make `code` the interface language (tests override with them)."""
    code = code.strip().lower() or "es-mx"
    if code not in INTERFACE_LANGUAGES:
        raise ImproperlyConfigured(
            f"TABLERO_LANGUAGE={code!r}: use one of {', '.join(INTERFACE_LANGUAGES)}."
        )
    language_code, name, admin_language, site_name = INTERFACE_LANGUAGES[code]
    return {
        "LANGUAGE_CODE": language_code,
        "LANGUAGES": [(language_code, name)],
        "WAGTAIL_CONTENT_LANGUAGES": [(language_code, name)],
        # The admin's language for users with no preference, and the only one offered.
        "WAGTAILADMIN_PERMITTED_LANGUAGES": [(admin_language, name)],
        "WAGTAIL_SITE_NAME": os.environ.get("SITE_NAME", site_name),
        # The admin's date fields: a format the language's DATE_INPUT_FORMATS reads back
        # (English reads 08/31/2021, not 31/08/2021: ISO dates, unambiguous, there).
        "WAGTAIL_DATE_FORMAT": "%Y-%m-%d" if language_code == "en" else "%d/%m/%Y",
        "WAGTAIL_DATETIME_FORMAT": "%Y-%m-%d %H:%M" if language_code == "en" else "%d/%m/%Y %H:%M",
    }


_interface = interface_language(os.environ.get("TABLERO_LANGUAGE", "es-mx"))
LANGUAGE_CODE = _interface["LANGUAGE_CODE"]
LANGUAGES = _interface["LANGUAGES"]
WAGTAIL_CONTENT_LANGUAGES = _interface["WAGTAIL_CONTENT_LANGUAGES"]
WAGTAILADMIN_PERMITTED_LANGUAGES = _interface["WAGTAILADMIN_PERMITTED_LANGUAGES"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The instance's time zone (an IANA name): dates "today", deadlines and delays use it.
TIME_ZONE = os.environ.get("TABLERO_TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: evidence files are documents; keep them to formats people can open.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "ods",
    "pdf",
    "pptx",
    "txt",
    "xlsx",
    "zip",
    "png",
    "jpg",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Uploads are checked by their content against their extension (planes/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "planes.uploads.EvidenceDocumentForm"
# Served in the browser: PDF and images; anything else downloads as an attachment.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "image/png", "image/jpeg"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Email. Every message the site sends (its own, and Wagtail's moderation e-mails, which
# Wagtail sends inside the approver's request) is queued as a background task
# (planes/mail.py); the task delivers it through EMAIL_DELIVERY_BACKEND: console in
# development, SMTP when EMAIL_HOST is set, or the backend named by EMAIL_BACKEND.
EMAIL_BACKEND = "planes.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
if os.environ.get("EMAIL_FILE_PATH"):  # the file-based backend's folder
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tablero <no-responder@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks, as Wagtail uses it: the reference index, and Tablero's
# e-mails): run at once in development and tests; in production queued in the database
# and run by `manage.py db_worker` (TASKS_BACKEND=immediate runs them in the request).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}

# Cache: local memory unless CACHE_URL / REDIS_URL points to Redis (several servers).
# Redis is an optimisation: while it is unreachable the site renders without it
# (cms/cache.py); short timeouts keep a stopped Redis from stalling requests.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
CACHES = {
    "default": (
        {
            "BACKEND": "cms.cache.FaultTolerantRedisCache",
            "LOCATION": _cache_url,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
#: Rendered fragments (planes/templatetags/fragments.py): keyed by their content, so any
#: cache is correct. In Redis with the rest when there is one (rendered once for every
#: server); otherwise in each process's memory, not on disk: thousands of small entries
#: would make a file cache cull (and drop the page cache's generation) on every write.
CACHES["fragments"] = (
    CACHES["default"]
    if _cache_url
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tablero-fragments",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FRAGMENT_CACHE_ENTRIES", "5000"))},
    }
)
FRAGMENT_CACHE_ALIAS = "fragments"

# Readers' e-mail notices (avisos/): how many subscription requests one IP address may
# make per hour and one e-mail address per day (counted in the cache; with the cache down
# the limits are not applied), and the days an unconfirmed subscription is kept.
AVISOS_IP_LIMIT_PER_HOUR = int(os.environ.get("AVISOS_IP_LIMIT_PER_HOUR", "5"))
AVISOS_ADDRESS_LIMIT_PER_DAY = int(os.environ.get("AVISOS_ADDRESS_LIMIT_PER_DAY", "3"))
AVISOS_PENDING_DAYS = int(os.environ.get("AVISOS_PENDING_DAYS", "7"))
#: Submissions the approvers' panel on the admin dashboard lists (the oldest first); the
#: follow-up desk (Reports → Mesa de seguimiento) lists them all, paginated.
APPROVERS_DESK_LIMIT = int(os.environ.get("APPROVERS_DESK_LIMIT", "25"))

#: Seconds an anonymous response stays in the app's page cache (0 turns it off). Publishing,
#: unpublishing, moving or deleting a page, or changing the directory, invalidates it at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_ALIAS = "default"
#: Cache-Control max-age of public HTML pages, for browsers and a CDN.
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "60"))

# CDN in front (optional): Wagtail's frontend-cache invalidation purges published pages and
# the pages that summarise them. FRONTEND_CACHE_PURGE_URL for Varnish/nginx-style HTTP
# PURGE, or CLOUDFLARE_API_TOKEN + CLOUDFLARE_ZONE_ID.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
        }
    }

# Wagtail.
# Nothing loaded from other sites in the admin (privacy, and the Content-Security-Policy):
# no Gravatar avatars, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_SITE_NAME = _interface["WAGTAIL_SITE_NAME"]


def _totp_issuer(device) -> str:
    """The name authenticator apps show beside the account (two-step verification): the
    board's name in Ajustes > Instancia, else SITE_NAME (read when the app is added)."""
    from instancia.models import admin_name

    return admin_name()


OTP_TOTP_ISSUER = _totp_issuer
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Slugs made from titles are ASCII ("Participación" → "participacion"), in the editor's
# JavaScript and on the server alike, so addresses read and paste without %C3%B3.
# Slugs already stored (Unicode ones included) keep working and stay editable.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Search: Wagtail's database backend (search/backend.py). On PostgreSQL, full-text search
# with the Spanish, accent-insensitive configuration that search/migrations/0001 creates,
# both to index and to query (after changing it: manage.py update_index). On SQLite, FTS5
# (accent- and case-insensitive, no stemming), where SEARCH_CONFIG does not apply.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backend",
        **({"SEARCH_CONFIG": "spanish_unaccent"} if USING_POSTGRESQL else {}),
    }
}
WAGTAIL_DATE_FORMAT = _interface["WAGTAIL_DATE_FORMAT"]
WAGTAIL_DATETIME_FORMAT = _interface["WAGTAIL_DATETIME_FORMAT"]
WAGTAILADMIN_COMMENTS_ENABLED = True

# Open data licence, shown on exports and the API description.
OPEN_DATA_LICENSE = os.environ.get("OPEN_DATA_LICENSE", "CC-BY-4.0")
OPEN_DATA_LICENSE_URL = os.environ.get(
    "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.es"
)

# Public API (Wagtail API v2 on Django REST framework) and open data.
#: Absolute URLs in API responses (detail_url) point here rather than at the Site record.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = int(os.environ.get("API_LIMIT_MAX", "100"))
WAGTAILAPI_SEARCH_ENABLED = True
REST_FRAMEWORK = {
    # Anonymous, read-only: no session or basic authentication on the public API.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "COERCE_DECIMAL_TO_STRING": False,
}
#: Seconds a CDN or client may reuse an API, export or feed response before revalidating.
PUBLIC_DATA_MAX_AGE = int(os.environ.get("PUBLIC_DATA_MAX_AGE", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail's background tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs every start and failed login at INFO; lock-outs are warnings.
        "axes": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
