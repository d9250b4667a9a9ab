"""Test settings: fast hashing, local memory cache, plain static storage, mail kept in memory."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Static files come straight from the apps (no collectstatic in development or tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests render every page; tests/test_caching.py turns the caches on where they are the subject.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0

# Tests see each index update at once; the queue and its worker are tested where they are the
# subject (tests/test_search_lifecycle.py).
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}  # noqa: F405

# The OpenSearch pass of `make test`: every write refreshed at once, one index set per worker.
if ELASTICSEARCH_URL:  # noqa: F405
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"].update(  # noqa: F405
        BACKEND="tests.refreshing_search_backend", INDEX_PREFIX=f"test_{worker}_"
    )
