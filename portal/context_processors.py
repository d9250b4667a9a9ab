"""Links of the site header in the active language, computed only when a template uses them."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Site

from localization.i18n import one_per_translation
from portal.cache import cached_value, current_generation
from portal.listings import listing_page_models


def _localized(model):
    return one_per_translation(model.objects.live().public()).first()


def site_navigation(request):
    """{"home": url, and for each registered listing page (portal.listings) its name: url}."""
    site = Site.find_for_request(request)
    home = site.root_page.localized if site else None
    links = {"home": home.url if home else "/"}
    for name, model in listing_page_models().items():
        listing = _localized(model)
        links[name] = listing.url if listing else ""
    return links


def navigation(request):
    """``nav`` (header links), and what templates key their cached fragments on."""
    return {
        "nav": SimpleLazyObject(
            lambda: cached_value(
                "nav", lambda: site_navigation(request), get_language(), request.get_host()
            )
        ),
        "content_generation": SimpleLazyObject(current_generation),
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
