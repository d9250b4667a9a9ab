"""Links of the site header in the active language, computed only when a template uses them."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Site

from localization.i18n import one_per_translation
from portal.cache import cached_value, current_generation


def _localized(model):
    return one_per_translation(model.objects.live().public()).first()


def site_navigation(request):
    from cities.models import CityIndexPage
    from practices.models import PracticeIndexPage

    site = Site.find_for_request(request)
    home = site.root_page.localized if site else None
    cities, practices = _localized(CityIndexPage), _localized(PracticeIndexPage)
    return {
        "home": home.url if home else "/",
        "cities": cities.url if cities else "",
        "practices": practices.url if practices else "",
    }


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
