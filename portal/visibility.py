"""What the public sees: pages outside private sections, the sections read once per generation.

Wagtail's ``PageQuerySet.public()`` reads the view restrictions each time it is called. A page
that lists several families called it once for each: the header links every listing page, and
a city's page lists its practices, events, news and documents. ``public(queryset)`` is the same
filter, with the restrictions read once per content generation (``portal.cache.per_generation``).
"""

from wagtail.models import Page, PageViewRestriction

from portal.cache import per_generation


def private_pages_q():
    """The pages in private sections, as ``PageQuerySet.private_q()``: read once while the
    content does not change (a view restriction's change makes a new content generation)."""
    return per_generation("private-pages", lambda: Page.objects.all().private_q())


def public(queryset):
    """``queryset.public()``, without reading the restrictions again in the same request."""
    return queryset.exclude(private_pages_q())


def view_restrictions():
    """Every page view restriction with its page: read once per content generation."""
    return per_generation(
        "view-restrictions", lambda: list(PageViewRestriction.objects.select_related("page"))
    )


def check_restrictions_once(page, ancestors):
    """Let Wagtail's view-restriction check of ``page`` (served below ``ancestors``, the pages
    its route read) use ``view_restrictions()`` rather than two queries. Aliases take their
    original's restrictions: for a path with an alias, Wagtail's own method stays."""
    if page.alias_of_id or any(ancestor.alias_of_id for ancestor in ancestors):
        return

    def get_view_restrictions():
        return [r for r in view_restrictions() if page.path.startswith(r.page.path)]

    page.get_view_restrictions = get_view_restrictions
