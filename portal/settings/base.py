"""Every setting that depends on the environment is read here, and only here.

See the README's "Configuration" table for each variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from localization.languages import DEFAULT_LANGUAGE, register_language_info
from localization.languages import LANGUAGES as PORTAL_LANGUAGES
from portal.settings import ConfigurationError

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "portal"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "localization",  # before wagtail_localize: its admin URLs and templates win
    "cities",
    "practices",
    "challenges",
    "adoptions",
    "documents",
    "record",  # events and news (app label "events")
    "search",
    "ops",
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "wagtail.api.v2",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "rest_framework",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",  # django-csp's, its policy built once
    "portal.security.AdminContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.security.NullCharactersMiddleware",  # after the language: a translated 400
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",  # holds a session at the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.unsaved_edits.KeepUnsavedEditsMiddleware",  # after CSRF, sessions and messages
]

# Security: where the admin lives, response headers, login lock-out (README, "Security").
ADMIN_URL = os.environ.get("ADMIN_URL", "admin").strip().strip("/") + "/"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Public pages: no inline script or style, nothing from elsewhere but S3 media when configured.
MEDIA_ORIGINS = env_list("MEDIA_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [f"/{ADMIN_URL}"],  # the admin gets its own, looser policy
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an account is paused
    "django.contrib.auth.backends.ModelBackend",
    "accounts.permissions.SecretariatBackend",  # the secretariat edits Sign-in security
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# Failures pause the account they were for, from every address (so also the account at this
# address), never every account at an address: a city hall or ministry behind one shared address
# must not be locked out by one person's typos (README, "Sign-in lock-out"). The account+address
# pair adds nothing to the account's own count; it is listed because django-axes' system check
# (axes.W006) asks for the address to take part in a lock-out parameter.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
# Failures are forgotten when the whole sign-in succeeds, second factor included
# (accounts/signals.py): a right password alone must not restart the count of wrong codes.
AXES_RESET_ON_SUCCESS = False
# A pause lasts LOGIN_LOCKOUT_MINUTES from its start: trying again during it does not restart it
# (someone who checks every ten minutes would otherwise never get back in).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Second factors (accounts/, README "Second factor"): passkeys and authenticator apps, enforced by
# role in Settings › Sign-in security. django-axes limits wrong codes, so django-otp's own
# growing delays are off (they would refuse a right code typed just after a wrong one).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "ASCN Knowledge Portal"
# Passkeys belong to the host of WAGTAILADMIN_BASE_URL, read at each request (accounts/webauthn.py).
OTP_WEBAUTHN_HELPER_CLASS = "accounts.webauthn.PortalWebAuthnHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.webauthn.relying_party_id"
OTP_WEBAUTHN_RP_NAME = "ASCN Knowledge Portal"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor, after the password
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "accounts.webauthn"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "portal.context_processors.navigation",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


# Database: DATABASE_URL, or a SQLite file in the project.
def database_from_env():
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL this portal knows ({str(error).split('.')[0]})"
        ) from None
    if not config.get("NAME") and config["ENGINE"] != "django.db.backends.sqlite3":
        raise ConfigurationError("DATABASE_URL names no database (expected …/DATABASE_NAME)")
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_env()}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache: Redis through django-redis when REDIS_URL is set. IGNORE_EXCEPTIONS turns an outage into
# cache misses (logged), never a 500; sessions live in the database so editors stay logged in.
def redis_cache(url):
    """The CACHES setting for a Redis server at ``url`` (also used by the outage tests)."""
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigurationError("REDIS_URL must start with redis://, rediss:// or unix://")
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "ascn",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }


DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = redis_cache(REDIS_URL)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Anonymous page cache and cached fragments (portal/cache.py): 0 turns either off.
# CDN_CACHE_SECONDS adds s-maxage for a CDN whose copies Wagtail purges on publish (below).
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)
CDN_CACHE_SECONDS = env_int("CDN_CACHE_SECONDS", 0)


def frontend_caches_from_env():
    """A CDN or caching proxy that Wagtail purges when pages are published (frontend_cache)."""
    caches = {}
    if url := os.environ.get("FRONTEND_CACHE_PURGE_URL", "").strip():
        caches["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
    if zone := os.environ.get("CLOUDFLARE_ZONE_ID", "").strip():
        caches["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        }
    if distribution := os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip():
        caches["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return caches


WAGTAILFRONTENDCACHE = frontend_caches_from_env()


# Search: Wagtail's database backend, or Elasticsearch/OpenSearch when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()
# The backends segment Thai, Lao, Khmer and Burmese text and fold accents: search/backends/.
DATABASE_SEARCH_BACKEND = {"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}
ELASTICSEARCH_BACKENDS = {
    "elasticsearch8": "search.backends.elasticsearch8",
    "elasticsearch9": "search.backends.elasticsearch9",
    "opensearch2": "search.backends.opensearch2",
    "opensearch3": "search.backends.opensearch3",
}


def search_backends_from_env():
    if not ELASTICSEARCH_URL:
        return {"default": DATABASE_SEARCH_BACKEND}
    kind = os.environ.get("ELASTICSEARCH_BACKEND", "elasticsearch9")
    if kind not in ELASTICSEARCH_BACKENDS:
        raise ConfigurationError(
            f"ELASTICSEARCH_BACKEND must be one of {', '.join(ELASTICSEARCH_BACKENDS)}, "
            f"not {kind!r}"
        )
    parts = urlsplit(ELASTICSEARCH_URL)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError("ELASTICSEARCH_URL must look like https://user:pass@host:9200")
    return {
        "default": {
            "BACKEND": ELASTICSEARCH_BACKENDS[kind],
            "ALIAS": "default",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "ascn_"),
            "TIMEOUT": env_int("ELASTICSEARCH_TIMEOUT", 5),
            "OPTIONS": {},
            # One copy of each shard on another node (the engine's default), or none on one node.
            "INDEX_SETTINGS": {
                "settings": {"index": {"number_of_replicas": env_int("ELASTICSEARCH_REPLICAS", 1)}}
            },
        },
        # Kept up to date beside Elasticsearch, so search still works (degraded) when it is down.
        "database": DATABASE_SEARCH_BACKEND,
    }


WAGTAILSEARCH_BACKENDS = search_backends_from_env()

# Background tasks, such as search index updates (Wagtail's django-tasks). "database" queues them
# in the database for a worker (`manage.py db_worker`, `make worker`), so that a publish never waits
# on, or is lost to, an external search engine: the default when ELASTICSEARCH_URL is set.
# "immediate" runs them inside the request: the default with the database search backend.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database" if ELASTICSEARCH_URL else "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ConfigurationError(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# An index update the engine missed is tried again after 2, 4, 8 … seconds, at most this long.
SEARCH_RETRY_MAX_SECONDS = env_int("SEARCH_RETRY_MAX_SECONDS", 60)
# Page models replace Page's plain title SearchField/AutocompleteField by segmented ones
# (search.segmentation.page_search_fields); Wagtail's heuristic check cannot see that.
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]


# Media: local files, or S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


# E-mail: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "ASCN Knowledge Portal <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = DEFAULT_LANGUAGE
LANGUAGES = PORTAL_LANGUAGES
register_language_info()
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["localization.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Submitting a live page for translation must create drafts, not publish untranslated copies.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "ASCN Knowledge Portal"
# Wagtail's sign-in form with its password label translated (accounts/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"


def base_url(name, default):
    """The portal's public address: scheme, host and port only (no path), without a final "/".

    Wagtail's Site record holds a host and a port, and reads port 443 as https: an address it
    cannot hold (https on another port, http on 443, a path) is refused here.
    """
    url = os.environ.get(name, "") or default
    try:
        parts = urlsplit(url.rstrip("/"))
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or (parts.scheme == "https" and port not in {None, 443})
        or (parts.scheme == "http" and port == 443)
    ):
        raise ConfigurationError(
            f"{name} must be http://host[:port] or https://host (port 443), not {url!r}"
        )
    return url.rstrip("/")


# Every absolute link (e-mails, API, sitemap) starts with it; the default Site follows it.
WAGTAILADMIN_BASE_URL = base_url("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Read again at each request by accounts/webauthn.py; here for django-otp-webauthn's checks.
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WAGTAILADMIN_BASE_URL]
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://localhost")):
    # Browsers make passkeys only for https or http://localhost: at http://127.0.0.1 (make run's
    # default) authenticator apps work, passkeys do not (README, "Second factor").
    SILENCED_SYSTEM_CHECKS.append("otp_webauthn.E031")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]  # no SVG
# Decompression bombs: a small file can hold a huge picture. 40 MP is a 7,700 × 5,200 photo.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents are served by Django (privacy checks, Content-Disposition: attachment, CSP).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No Gravatar: editors' email hashes stay here, and the admin's CSP allows no foreign images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The rate limit of public forms (django-ratelimit) keys on the client address in the cache.
RATELIMIT_USE_CACHE = "default"
CONTACT_RATE_LIMIT = os.environ.get("CONTACT_RATE_LIMIT", "5/h")
QUESTION_RATE_LIMIT = os.environ.get("QUESTION_RATE_LIMIT", "5/h")  # public questions
# The visitor's "my city" (practices/fit.py): pages that show a fit are not served from the
# page cache to whoever has it.
MY_CITY_COOKIE = "ascn_my_city"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
