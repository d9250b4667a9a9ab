"""Whole-page cache for anonymous visitors, emptied by any change to what the public sees.

A page is cached under a key holding the *content generation*: a counter in the database that
every publish, unpublish, move or deletion of a page and every change to the taxonomy, the
portal settings, a site or a locale increases (after the transaction commits). The next request
in any worker process reads the new counter and renders afresh, whatever the cache backend
(Redis, shared by the workers, or each process's local memory); old entries expire by themselves.

Only what is the same for every anonymous visitor is stored: GET requests without a session or
a pending message, answered 200 without setting a cookie and without a CSRF token (the contact
form on practice pages carries one, so those pages are rendered each time). When the database
or the cache cannot be read, pages are rendered uncached.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.models import ContentGeneration

logger = logging.getLogger(__name__)

UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/static/", "/media/")


def current_generation():
    return ContentGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


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

    from cities.models import CityIndexPage
    from portal.models import HomePage
    from practices.models import PracticeIndexPage

    listings = [
        *HomePage.objects.live(),
        *CityIndexPage.objects.live(),
        *PracticeIndexPage.objects.live(),
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
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors from the page cache; fill it on a miss (header ``X-Cache``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        try:
            key = self.key(request, current_generation())
        except DatabaseError:
            logger.warning("Page cache bypassed: the content generation cannot be read")
            return self.get_response(request)
        response = cache.get(key)
        if response is not None:
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if settings.CDN_CACHE_SECONDS:
                patch_cache_control(response, s_maxage=settings.CDN_CACHE_SECONDS)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def key(request, generation):
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{generation}:{digest}"
