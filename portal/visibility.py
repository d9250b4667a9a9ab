"""What the public sees: pages outside private sections, with the sections read once a request.

Wagtail's ``PageQuerySet.public()`` reads the view restrictions each time it is called. A page
that lists several families called it once for each: the header links every listing page, and
a city's page lists its practices, events, news and documents. ``public(queryset)`` is the same
filter, with the restrictions read once per request (``portal.cache.once_per_request``).
"""

from wagtail.models import Page

from portal.cache import once_per_request


def private_pages_q():
    """The pages in private sections, as ``PageQuerySet.private_q()``: read once a request."""
    return once_per_request("private-pages", lambda: Page.objects.all().private_q())


def public(queryset):
    """``queryset.public()``, without reading the restrictions again in the same request."""
    return queryset.exclude(private_pages_q())
