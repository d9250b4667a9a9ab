"""Whole-page cache for anonymous visitors, emptied by any change to what the public sees.

A page is cached under a key holding the *content generation*: a counter in the database that
every publish, unpublish, move or deletion of a page and every change to the taxonomy, the
portal settings, a site or a locale increases (after the transaction commits). The next request
in any worker process reads the new counter and renders afresh, whatever the cache backend
(Redis, shared by the workers, or each process's local memory); old entries expire by themselves.

Only what is the same for every anonymous visitor is stored: GET requests without a session or
a pending message, answered 200 without setting a cookie. The contact form's CSRF token is the
one part that differs per visitor: it is stored as a placeholder and filled in, with the
visitor's own token, each time the page is served. When the database or the cache cannot be
read, pages are rendered uncached. Costly values and template fragments shared by many pages
are cached under the same generation (``cached_value``, and in templates
``{% cache fragment_cache_seconds name ... content_generation %}``).
"""

import hashlib
import logging
import re
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, set_response_etag

from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.listings import listing_page_models
from portal.models import ContentGeneration, HomePage

logger = logging.getLogger(__name__)

UNCACHED_PREFIXES = ("/documents/", "/healthz", "/static/", "/media/")
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"__portal_csrf_token__"
_request_reads = ContextVar("request_reads", default=None)  # what this request read once
_last_read = {}  # the generation this process read last: cached pages outlive a database outage
GENERATION_SQL = f"SELECT value FROM {ContentGeneration._meta.db_table} WHERE id = 1"  # noqa: S608


def read_generation():
    """One indexed row, read with plain SQL: on a cache hit the ORM's query building was a large
    share of the time spent (bench/results/measured-in-code.md)."""
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


def current_generation():
    """The content generation, read at most once per request."""
    known = _request_reads.get()
    if known is not None and "generation" in known:
        return known["generation"]
    generation = read_generation()
    _last_read["value"] = generation
    if known is not None:
        known["generation"] = generation
    return generation


def once_per_request(name, compute):
    """``compute()`` read once in a request and shared by every caller in it (as the content
    generation is); outside a request, computed at each call."""
    known = _request_reads.get()
    if known is None:
        return compute()
    if name not in known:
        known[name] = compute()
    return known[name]


def cached_value(name, compute, *parts):
    """``compute()``, kept in the cache until the content changes (as the pages are)."""
    if not settings.FRAGMENT_CACHE_SECONDS:
        return compute()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    digest = hashlib.sha256(":".join(map(str, parts)).encode("utf-8", "surrogateescape"))
    key = f"value:{current_generation()}:{name}:{digest.hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def bump_generation(**kwargs):
    """Make every cached page stale, once the change is committed."""

    def bump():
        if not ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1):
            ContentGeneration.objects.get_or_create(pk=1, defaults={"value": 1})

    transaction.on_commit(bump)


def purge_listings(instance, **kwargs):
    """Wagtail purges a published page from the CDN; the pages listing it change too."""
    if not settings.WAGTAILFRONTENDCACHE or not isinstance(instance, Page):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    listings = [
        *HomePage.objects.live(),
        *(page for model in listing_page_models().values() for page in model.objects.live()),
        instance.get_parent().specific,
    ]
    batch = PurgeBatch()
    batch.add_pages(listings)
    transaction.on_commit(batch.purge)


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generation()


page_published.connect(bump_generation, dispatch_uid="portal-cache-published")
page_unpublished.connect(bump_generation, dispatch_uid="portal-cache-unpublished")
page_published.connect(purge_listings, dispatch_uid="portal-cdn-published")
page_unpublished.connect(purge_listings, dispatch_uid="portal-cdn-unpublished")
post_page_move.connect(bump_generation, dispatch_uid="portal-cache-moved")
post_delete.connect(_page_deleted, dispatch_uid="portal-cache-page-deleted")


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def _site_changed(**kwargs):
    bump_generation()


def connect_model(model):
    """Pages show ``model`` (taxonomy, settings): a change to it empties the cache."""
    uid = f"portal-cache-{model._meta.label_lower}"
    post_save.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-delete")


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.PAGE_CACHE_SECONDS > 0
        and not request.path.startswith((f"/{settings.ADMIN_URL}", *UNCACHED_PREFIXES))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def _without_csrf_tokens(content):
    """``content`` with each form's CSRF token replaced by a placeholder; None when a token
    also appears elsewhere in the page (then it is not stored)."""
    tokens = {match.group(2) for match in CSRF_FIELD.finditer(content)}
    stored = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", content)
    if any(token in stored for token in tokens):
        return None
    return stored


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors from the page cache; fill it on a miss (header ``X-Cache``).

    It sits just inside CsrfViewMiddleware, which sets the CSRF cookie of the token that a
    cached page receives.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_reads.set({})
        try:
            if not _cacheable_request(request):
                return self.get_response(request)
            try:
                generation = current_generation()
            except DatabaseError:
                return self.serve_stale(request)
            return self.serve(request, self.key(request, generation))
        finally:
            _request_reads.reset(reset)

    def serve(self, request, key):
        cache = caches[settings.PAGE_CACHE_ALIAS]
        response = cache.get(key)
        if response is not None:
            if CSRF_PLACEHOLDER in response.content:
                response.content = response.content.replace(
                    CSRF_PLACEHOLDER, get_token(request).encode()
                )
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        content = response.content
        stored = _without_csrf_tokens(content)
        if stored is None:
            return response
        if stored != content:  # a form's token: each visitor gets their own copy
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if settings.CDN_CACHE_SECONDS:
                patch_cache_control(response, s_maxage=settings.CDN_CACHE_SECONDS)
            set_response_etag(response)  # once, rather than at every hit
        response.content = stored
        cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        response.content = content
        response["X-Cache"] = "miss"
        return response

    def serve_stale(self, request):
        """The database is down: the page as last cached, else whatever the view can do (503)."""
        logger.warning("Content generation unreadable (database down?): serving cached pages")
        if "value" in _last_read:
            cache = caches[settings.PAGE_CACHE_ALIAS]
            response = cache.get(self.key(request, _last_read["value"]))
            if response is not None and CSRF_PLACEHOLDER not in response.content:
                response["X-Cache"] = "stale"
                return response
        return self.get_response(request)

    @staticmethod
    def key(request, generation):
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{generation}:{digest}"
