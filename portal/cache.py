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

What every page needs whatever its content (the Site, the header links, the footer's settings,
the private sections) is kept in each process while the generation does not change
(``per_generation``), caches on or off: an uncached page then costs the one read of the
generation for all of it. A change made in this process forgets those values at once, before
it commits (tests/test_query_budgets.py holds every page to its number of queries).
"""

import contextlib
import copy
import hashlib
import logging
import re
import time
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

from localization.i18n import forget_locales, keep_locales_between_requests
from portal.listings import listing_page_models
from portal.models import ContentGeneration, HomePage

logger = logging.getLogger(__name__)

UNCACHED_PREFIXES = ("/documents/", "/healthz", "/static/", "/media/")
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"__portal_csrf_token__"
# After a publish, the first request for a page renders it and the others asking for it
# meanwhile wait for that copy instead of rendering it too (a shared cache such as Redis makes
# this hold across worker processes). A render holding the lock longer than RENDER_LOCK_SECONDS
# (a worker killed mid-render) no longer blocks; a waiter gives up after RENDER_WAIT_SECONDS
# and renders the page itself.
RENDER_LOCK_SECONDS = 30
RENDER_WAIT_SECONDS = 5
RENDER_POLL_SECONDS = 0.01
_request_reads = ContextVar("request_reads", default=None)  # what this request read once
_last_read = {}  # the generation this process read last: cached pages outlive a database outage
_per_generation = {}  # name: value, what every page needs (per_generation)
_kept_for = {}  # the generation _per_generation holds
keep_locales_between_requests()  # forgotten with _per_generation
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


def _forget_when_the_generation_changes(generation):
    """What this process keeps belongs to one generation: a new one (a change committed by any
    process) empties it, the locales of ``localization.i18n`` included."""
    if _kept_for.get("generation") != generation:
        forget_per_generation()
        _kept_for["generation"] = generation


def per_generation(name, compute):
    """``compute()``, kept in this process until the content generation changes.

    For small values every page needs (the Site, the header links, settings): the generation is
    read once a request anyway. The value is shared by every request of the process: treat it
    as read-only (``site_for_request`` hands out copies of the Site)."""
    _forget_when_the_generation_changes(current_generation())
    if name not in _per_generation:
        _per_generation[name] = compute()
    return _per_generation[name]


def forget_per_generation():
    """Forget what ``per_generation`` kept: this process changed the content."""
    _per_generation.clear()
    forget_locales()


def site_for_request(request):
    """Wagtail's ``Site.find_for_request``, with the Site and its root page kept per generation:
    each request gets its own copy, as the root page keeps what it computed for the request."""
    if not hasattr(request, "_wagtail_site"):
        host = f"{request._get_raw_host()}:{request.get_port()}"
        site = per_generation(f"site:{host}", lambda: _site_with_specific_root(request))
        if site is not None:
            site = request_copy(site)
            site.root_page = request_copy(site.root_page)
        request._wagtail_site = site
    return request._wagtail_site


def request_copy(instance):
    """A model instance kept per generation, copied for one request: what the request caches on
    it (cached properties, related objects) stays its own; the field values are shared and
    never changed."""
    return copy.copy(instance)


def _site_with_specific_root(request):
    """The request's Site, its root page in its own class (Wagtail's routing asks for it)."""
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


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
    """Make every cached page stale, once the change is committed (in this process at once)."""
    forget_per_generation()

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


def _page_saved(sender, instance, **kwargs):
    """What this process keeps follows any page it saves at once (what the public sees changes
    with a publish, which makes a new generation for every process)."""
    if isinstance(instance, Page):
        forget_per_generation()


post_save.connect(_page_saved, dispatch_uid="portal-cache-page-saved")
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
        and settings.MY_CITY_COOKIE not in request.COOKIES
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
                return self.respond(request)
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
        lock = f"rendering:{key}"
        rendering = response is None and cache.add(lock, True, RENDER_LOCK_SECONDS)
        if response is None and not rendering:
            response = self.rendered_meanwhile(cache, key, lock)
        if response is not None:
            if CSRF_PLACEHOLDER in response.content:
                response.content = response.content.replace(
                    CSRF_PLACEHOLDER, get_token(request).encode()
                )
            response["X-Cache"] = "hit"
            return response
        try:
            return self.render(request, cache, key)
        finally:
            if rendering:
                cache.delete(lock)

    @staticmethod
    def rendered_meanwhile(cache, key, lock):
        """The page another request is rendering, once it is stored; None when that render
        stored nothing (an error page, say) or took longer than RENDER_WAIT_SECONDS."""
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL_SECONDS)
            found = cache.get_many([key, lock])
            if key in found or lock not in found:
                return found.get(key)
        return None

    def render(self, request, cache, key):
        """The view's response, stored for the next visitors when it is the same for all."""
        response = self.respond(request)
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

    def respond(self, request):
        """The view's response, the request's Site found as every page needs it."""
        with contextlib.suppress(DatabaseError):  # the view answers as it can
            site_for_request(request)
        return self.get_response(request)

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
