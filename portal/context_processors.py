"""Links of the site header in the active language and the footer's settings: computed only
when a template uses them, and kept until the content changes (``portal.cache.per_generation``)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Page

from localization.i18n import one_per_translation
from portal.cache import current_generation, per_generation, site_for_request
from portal.listings import listing_page_models
from portal.models import PortalSettings
from portal.visibility import public


def site_navigation(request):
    """{"home": url, and for each registered listing page (portal.listings) its name: url}.

    One query finds every listing page (the first of each kind, in the active language where
    translated), however many content apps register one."""
    site = site_for_request(request)
    home = site.root_page.localized if site else None
    links = {"home": home.url if home else "/"}
    models = listing_page_models()
    kinds = {ContentType.objects.get_for_model(model).pk: name for name, model in models.items()}
    listings = one_per_translation(public(Page.objects.live().filter(content_type__in=kinds)))
    for listing in listings.order_by("path"):
        links.setdefault(kinds[listing.content_type_id], listing.url)
    return dict.fromkeys(models, "") | links


def navigation(request):
    """``nav`` (header links), ``portal_settings`` (the footer's), whether "my city" is chosen,
    and what templates key their cached fragments on."""
    return {
        "nav": SimpleLazyObject(
            lambda: per_generation(
                f"nav:{get_language()}:{request.get_host()}", lambda: site_navigation(request)
            )
        ),
        "portal_settings": SimpleLazyObject(
            lambda: per_generation(
                f"settings:{request.get_host()}",
                lambda: PortalSettings.for_site(site_for_request(request)),
            )
        ),
        "content_generation": SimpleLazyObject(current_generation),
        # The footer's link to the chooser of "my city" (pages with the cookie are not cached).
        "my_city_chosen": settings.MY_CITY_COOKIE in request.COOKIES,
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
